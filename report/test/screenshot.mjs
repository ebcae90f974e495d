// The screenshots of the README (docs/report-*.jpg): the top of a written report, once it
// has drawn, in headless Chromium. Usage:
//   node report/test/screenshot.mjs REPORT.html OUT.jpg [WIDTH HEIGHT]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [file, out, width = '1100', height = '820'] = process.argv.slice(2);
if (!file || !out) {
  console.error('usage: node screenshot.mjs REPORT.html OUT.jpg [WIDTH HEIGHT]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
  await page.goto(pathToFileURL(path.resolve(file)).href);
  await page.waitForFunction(() => window.blankoReport && window.blankoReport.ready, null, { timeout: 15000 });
  await page.screenshot({ path: out, type: 'jpeg', quality: 72 });
} finally {
  await browser.close();
}
