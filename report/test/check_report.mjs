#!/usr/bin/env node
// Opens a blanko report page in Debian's Chromium and fails unless it renders offline, whole
// and printable. Usage:
//   node check_report.mjs REPORT.html --kind monte_carlo|run|compare|sweep --lang id|en --map-regions N
//        [--screenshot out.png] [--pdf out.pdf]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const KINDS = ['monte_carlo', 'run', 'compare', 'sweep'];
const USAGE = 'usage: node check_report.mjs REPORT.html --kind monte_carlo|run|compare|sweep --lang id|en --map-regions N [--screenshot out.png] [--pdf out.pdf]';

function parseArgs(argv) {
  const a = { file: null, kind: null, lang: null, mapRegions: null, screenshot: null, pdf: null };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    const next = () => { if (i + 1 >= argv.length) die(`${v} needs a value\n${USAGE}`); return argv[++i]; };
    if (v === '--kind') a.kind = next();
    else if (v === '--lang') a.lang = next();
    else if (v === '--map-regions') a.mapRegions = Number(next());
    else if (v === '--screenshot') a.screenshot = next();
    else if (v === '--pdf') a.pdf = next();
    else if (v.startsWith('--')) die(`unknown option ${v}\n${USAGE}`);
    else if (a.file) die(`one report file only\n${USAGE}`);
    else a.file = v;
  }
  if (!a.file || !KINDS.includes(a.kind) || !['id', 'en'].includes(a.lang) ||
      !Number.isInteger(a.mapRegions) || a.mapRegions < 0) die(USAGE);
  return a;
}
function die(msg) { console.error(msg); process.exit(2); }

const args = parseArgs(process.argv.slice(2));
const file = path.resolve(args.file);
if (!fs.existsSync(file)) die(`no such file: ${file}`);
const fileUrl = pathToFileURL(file).href;
const failures = [];
const fail = (m) => failures.push(m);

// The two catalogues have the same keys, and the page embeds the one of its language.
const i18nDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'i18n');
const catalogue = (lang) => JSON.parse(fs.readFileSync(path.join(i18nDir, `${lang}.json`), 'utf8'));
const keyDiff = (a, b) => Object.keys(a).filter((k) => !(k in b));
{
  const id = catalogue('id'), en = catalogue('en');
  const onlyId = keyDiff(id, en), onlyEn = keyDiff(en, id);
  if (onlyId.length || onlyEn.length) fail(`i18n/id.json and i18n/en.json differ: only in id: [${onlyId.join(', ')}], only in en: [${onlyEn.join(', ')}]`);
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  // A new context is a fresh, empty profile.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();

  const consoleErrors = [], requests = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  let routed = 0;
  const blocked = [];
  await page.route('**/*', (route) => {
    routed++;
    const url = route.request().url();
    if (url === fileUrl) return route.continue();
    blocked.push(url);
    return route.abort();
  });

  // ---- load and wait for ready ----
  const t0 = Date.now();
  await page.goto(fileUrl, { waitUntil: 'load' });
  let ready = true;
  try {
    await page.waitForFunction(() => window.blankoReport && window.blankoReport.ready === true, null, { timeout: 10000, polling: 20 });
  } catch {
    ready = false;
    fail('window.blankoReport.ready was not true within 10 s');
  }
  const wallMs = Date.now() - t0;
  const state = await page.evaluate(() => {
    const r = window.blankoReport || {};
    // Charts in a hidden section (the map and fans of a compare) do not count.
    const charts = [...document.querySelectorAll('.chart')].filter((e) => !e.closest('[hidden]')).map((e) => {
      const paths = [...e.querySelectorAll('svg path')].filter((p) => (p.getAttribute('d') || '').trim().length > 2);
      return { id: e.id || e.getAttribute('aria-label') || '?', svg: !!e.querySelector('svg'), paths: paths.length };
    });
    const named = Object.keys(r.charts || {}).map((k) => {
      const dom = r.charts[k] && r.charts[k].getDom && r.charts[k].getDom();
      return { name: k, paths: dom ? dom.querySelectorAll('svg path').length : 0 };
    });
    let data = {};
    try { data = JSON.parse(document.getElementById('blanko-data').textContent); } catch { /* reported below */ }
    const rows = (id) => { const t = document.getElementById(id); return t && !t.closest('[hidden]') ? t.querySelectorAll('tbody tr').length : 0; };
    const sectionShown = (id) => { const e = document.getElementById(id); return !!e && !e.closest('[hidden]'); };
    // What the data says the page must show (compare and sweep).
    const headline = new Set((data.kpis || []).filter((k) => k.headline).map((k) => k.name));
    const expect = {
      kind: data.kind,
      compareHeadline: (data.comparison || []).filter((c) => headline.has(c.kpi) && (c.configurations || []).length >= 2).map((c) => c.kpi),
      compareRows: (data.comparison || []).filter((c) => headline.has(c.kpi)).reduce((n, c) => n + (c.configurations || []).length, 0),
      sweepHeadline: [...headline].filter((k) => (data.cells || []).some((c) => c.kpis && c.kpis[k])),
      axes: (data.axes || []).length, cells: (data.cells || []).length,
    };
    const sweepRows = [...document.querySelectorAll('#sweep-tables table')].reduce((n, t) => n + t.querySelectorAll('tbody tr').length, 0);
    return {
      expect, sweepRows, compareTableRows: rows('compare-table'),
      sections: Object.fromEntries(['map-section', 'fan-section', 'risk-section', 'compare-section', 'sweep-section', 'answer', 'scenario-section', 'howto', 'credits'].map((id) => [id, sectionShown(id)])),
      answerItems: document.querySelectorAll('#answer-list li').length,
      ready: r.ready, error: r.error || null, mapRegions: r.mapRegions, readyMs: r.readyMs, startMs: r.startMs, timings: r.timings || {},
      missingKeys: r.missingKeys || [], lang: document.documentElement.lang, charts, named,
      title: document.title, bodyText: document.body.innerText.length,
      strings: (() => { try { return JSON.parse(document.getElementById('blanko-data').textContent).strings || {}; } catch { return {}; } })(),
    };
  });
  if (state.error) fail(`window.blankoReport.error: ${state.error}`);
  if (state.missingKeys.length) fail(`strings missing from the catalogue: ${state.missingKeys.join(', ')}`);
  {
    const want = catalogue(args.lang), missing = keyDiff(want, state.strings), extra = keyDiff(state.strings, want);
    if (missing.length || extra.length) fail(`data.strings is not i18n/${args.lang}.json: missing [${missing.join(', ')}], extra [${extra.join(', ')}]`);
  }
  if (state.lang !== args.lang) fail(`<html lang> is "${state.lang}", expected "${args.lang}"`);
  if (state.mapRegions !== args.mapRegions) fail(`map regions: ${state.mapRegions}, expected ${args.mapRegions}`);
  if (!state.charts.length) fail('no chart element on the page');
  for (const c of state.charts) if (!c.svg || c.paths === 0) fail(`chart ${c.id} has not drawn (svg: ${c.svg}, paths: ${c.paths})`);
  for (const c of state.named) if (c.paths === 0) fail(`blankoReport.charts.${c.name} has no SVG path`);
  if (!state.named.some((c) => c.name === 'map') && args.mapRegions > 0) fail('no map chart in blankoReport.charts');
  const fanCharts = state.named.filter((c) => c.name.startsWith('fan_'));
  if (state.expect.kind !== args.kind) fail(`data.kind is "${state.expect.kind}", expected "${args.kind}"`);
  if (!state.answerItems) fail('the answer box has no sentence');
  for (const id of ['answer', 'scenario-section', 'howto', 'credits']) if (!state.sections[id]) fail(`section ${id} is not shown`);
  if (args.kind === 'run' || args.kind === 'monte_carlo') {
    if (!fanCharts.length) fail('no fan chart in blankoReport.charts');
  } else {
    // No map, no fans, no offices: the kind's own section and charts instead.
    for (const id of ['map-section', 'fan-section', 'risk-section']) if (state.sections[id]) fail(`section ${id} is shown in a ${args.kind} report`);
    if (fanCharts.length || state.named.some((c) => c.name === 'map')) fail(`a ${args.kind} report has a map or fan chart`);
    if (!state.sections[`${args.kind}-section`]) fail(`section ${args.kind}-section is not shown`);
  }
  if (args.kind === 'compare') {
    // One difference chart per headline KPI (with two configurations or more).
    const want = state.expect.compareHeadline;
    const missing = want.filter((k) => !state.named.some((c) => c.name === `compare_${k}`));
    if (!want.length) fail('the data has no headline KPI to compare');
    if (missing.length) fail(`no difference chart for headline KPIs: ${missing.join(', ')}`);
    if (state.compareTableRows !== state.expect.compareRows) fail(`the comparison table has ${state.compareTableRows} rows, expected ${state.expect.compareRows} (headline KPIs x configurations)`);
  }
  if (args.kind === 'sweep') {
    // One chart per headline KPI with one or two axes; with more, the table alone.
    const want = state.expect.axes >= 1 && state.expect.axes <= 2 ? state.expect.sweepHeadline : [];
    const got = state.named.filter((c) => c.name.startsWith('sweep_')).map((c) => c.name.slice(6));
    const missing = want.filter((k) => !got.includes(k)), extra = got.filter((k) => !want.includes(k));
    if (!state.expect.sweepHeadline.length) fail('the data has no headline KPI in its cells');
    if (missing.length || extra.length) fail(`sweep charts: missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`);
    const perTable = state.expect.cells <= 6 ? state.expect.sweepHeadline.length
      : state.expect.cells * Math.ceil(state.expect.sweepHeadline.length / Math.max(1, 5 - Math.min(state.expect.axes, 3)));
    if (state.sweepRows !== perTable) fail(`the cell tables have ${state.sweepRows} rows, expected ${perTable}`);
  }

  // ---- the screen: a screenshot that is not blank ----
  const shot = await page.screenshot({ fullPage: true, type: 'png' });
  if (args.screenshot) fs.writeFileSync(args.screenshot, shot);

  // ---- print: no interactive parts, every chart visible ----
  // Laid out at the A4 text width (210 mm - 2 x 12 mm margins = 703 px), nothing may stick out.
  await page.setViewportSize({ width: 703, height: 1000 });
  // The page redraws its charts 120 ms after a resize: let that happen before looking.
  await page.waitForTimeout(400);
  await page.emulateMedia({ media: 'print' });
  const printState = await page.evaluate(() => {
    const visible = (e) => { const r = e.getBoundingClientRect(); return getComputedStyle(e).display !== 'none' && r.width > 0 && r.height > 0 && e.offsetParent !== null; };
    const shown = [...document.querySelectorAll('select, .screen-only, .blanko-tip')].filter(visible).map((e) => e.id || e.className || e.tagName);
    const charts = [...document.querySelectorAll('.chart')].filter((e) => !e.closest('[hidden]') && !e.closest('.screen-only'));
    const svgOf = (e) => e.querySelector('svg');
    const hidden = charts.filter((e) => !svgOf(e) || !visible(svgOf(e))).map((e) => e.id || e.getAttribute('aria-label'));
    const tooWide = charts.filter((e) => svgOf(e) && svgOf(e).getBoundingClientRect().width > document.documentElement.clientWidth + 1).map((e) => e.id || e.getAttribute('aria-label'));
    const W = document.documentElement.clientWidth;
    const overflow = [...document.querySelectorAll('main > *')].filter((e) => e.getBoundingClientRect().right > W + 1 || e.scrollWidth > e.clientWidth + 1)
      .map((e) => `${e.id || e.tagName} (${Math.round(Math.max(e.getBoundingClientRect().right, e.scrollWidth))} px)`);
    return { shown, printed: charts.length, hidden, tooWide, overflow, pageWidth: document.documentElement.scrollWidth, W };
  });
  if (printState.shown.length) fail(`interactive parts visible in print: ${printState.shown.join(', ')}`);
  if (printState.hidden.length) fail(`charts not visible in print: ${printState.hidden.join(', ')}`);
  if (printState.tooWide.length) fail(`charts wider than the printed page: ${printState.tooWide.join(', ')}`);
  if (printState.pageWidth > printState.W + 1 || printState.overflow.length) {
    fail(`the printed page is ${printState.pageWidth} px wide, more than A4's ${printState.W} px: ${printState.overflow.join(', ')}`);
  }
  // page.pdf fires beforeprint and afterprint, as a browser's print command does.
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 900 });
  if (args.pdf) fs.writeFileSync(args.pdf, pdf);
  const pdfText = pdf.toString('latin1');
  const pdfPages = (pdfText.match(/\/Type\s*\/Page(?![s\w])/g) || []).length;

  // ---- requests: the file itself and nothing else ----
  const others = [...new Set(requests.filter((u) => u !== fileUrl))];
  if (others.length || blocked.length) fail(`requests other than the file: ${[...new Set(others.concat(blocked))].join(', ')}`);
  if (routed !== 1) fail(`intercepted ${routed} requests, expected exactly 1 (the file)`);
  if (consoleErrors.length) fail(`console errors:\n  ${consoleErrors.join('\n  ')}`);

  // ---- blank checks, in a page of their own (about:blank, nothing loaded) ----
  const probe = await context.newPage();
  const stats = await probe.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0, sum = 0, sq = 0, ink = 0;
    const colours = new Set();
    for (let i = 0; i < d.length; i += 4 * 7) { // every 7th pixel is plenty
      const y = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
      n++; sum += y; sq += y * y;
      if (y < 200) ink++;
      if (colours.size < 5000) colours.add((d[i] >> 3) << 10 | (d[i + 1] >> 3) << 5 | (d[i + 2] >> 3));
    }
    const mean = sum / n;
    return { width: canvas.width, height: canvas.height, variance: sq / n - mean * mean, ink: ink / n, colours: colours.size };
  }, shot.toString('base64'));
  if (stats.variance < 100 || stats.ink < 0.01 || stats.colours < 20) {
    fail(`the screenshot looks blank (variance ${stats.variance.toFixed(1)}, ink ${(stats.ink * 100).toFixed(2)}%, ${stats.colours} colours)`);
  }
  await probe.setContent('<!DOCTYPE html><html><body></body></html>');
  const emptyPdf = await probe.pdf({ format: 'A4' });
  if (pdfPages < 1) fail('the PDF has no page');
  if (pdf.length < emptyPdf.length * 20 || !/\/Font/.test(pdfText)) {
    fail(`the PDF looks blank: ${pdf.length} bytes (an empty page: ${emptyPdf.length} bytes), fonts: ${/\/Font/.test(pdfText)}`);
  }

  const size = fs.statSync(file).size;
  console.log(`report: ${file}`);
  console.log(`  kind ${args.kind}, lang ${state.lang}, title "${state.title}"`);
  if (args.kind === 'compare') console.log(`  compare: ${state.expect.compareHeadline.length} headline KPIs charted, table rows ${state.compareTableRows}`);
  if (args.kind === 'sweep') console.log(`  sweep: ${state.expect.axes} axes, ${state.expect.cells} cells, ${state.expect.sweepHeadline.length} headline KPIs, table rows ${state.sweepRows}`);
  console.log(`  file size: ${size} bytes (${(size / 1048576).toFixed(2)} MiB)`);
  console.log(`  ready: ${ready ? `${state.readyMs} ms after navigation start (${wallMs} ms wall from goto)` : 'no'}`);
  console.log(`  script start ${state.startMs} ms; render steps (ms): ${Object.entries(state.timings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`  charts: ${state.named.length} (${state.charts.length} chart elements), map regions: ${state.mapRegions}`);
  console.log(`  screenshot: ${stats.width}x${stats.height}, luminance variance ${stats.variance.toFixed(0)}, ink ${(stats.ink * 100).toFixed(1)}%, ${stats.colours} colours`);
  console.log(`  pdf: ${pdfPages} A4 pages, ${pdf.length} bytes (empty page: ${emptyPdf.length}); charts in print: ${printState.printed}`);
} catch (e) {
  fail(`the check itself failed: ${e.message.split('\n')[0]}`);
} finally {
  await browser.close();
}

if (failures.length) {
  console.error(`FAIL (${failures.length}):\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('OK');
