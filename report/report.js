/* blanko report page: renders the data object of <script id="blanko-data"> with ECharts.
 * No user-visible text lives here: every word comes from data.strings (report/i18n/<lang>.json),
 * every number and date goes through Intl. No network request of any kind. */
(function () {
  'use strict';

  var R = (window.blankoReport = { ready: false, charts: {}, mapRegions: 0, missingKeys: [] });

  var D, S, LOCALE, KIND, KIND_MC;
  var PRINT_WIDTH = 700; // px: the A4 text width (210 mm - 2 x 12 mm margins) at 96 dpi
  var PRINT_HALF = 340;  // px: one of two small charts side by side in print
  var FAN_PRINT_HEIGHT = 215, MAP_PRINT_HEIGHT = 380; // two groups of fan charts a page
  var EVENT_COLOURS = {
    election: '#7b3294', pilkada: '#e7298a', cpns: '#1b9e77', school_drive: '#e6ab02',
    pemekaran: '#66a61e', custom: '#8c8c8c', closure: '#525252', disruption: '#d95f02'
  };
  var SERIES_COLOURS = { on_hand: '#2b6cb0', backlog: '#b83227' };
  var MAP_COLOURS = ['#fbe3c4', '#fdbb84', '#fc8d59', '#d7301f', '#7f0000'];
  var NO_DATA = '#d4d4d4';
  // Compare: one colour per configuration (the first, the reference, has no marker).
  var CONFIG_COLOURS = ['#5c5c5c', '#2b6cb0', '#d95f02', '#7b3294', '#1b9e77', '#e7298a', '#66a61e', '#a6761d'];
  var BETTER_SIDE = 'rgba(56,161,105,0.10)', SMALL_ZONE = 'rgba(120,120,120,0.16)';
  // Sweep heatmaps: worse (orange) to better (blue); a figure without a direction: light to dark.
  var HEAT_BETTER = ['#ef8a62', '#fddbc7', '#f7f7f7', '#d1e5f0', '#67a9cf'];
  var HEAT_NONE = ['#f7fbff', '#c6dbef', '#6baed6'];
  // The page's font stack (report.css): ECharts measures text with it, so it must be a real name.
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif';
  var LINE_ICON = 'path://M0,0 L8,0 L8,1 L0,1 Z';
  var printSizes = []; // [chart, print height] of the charts resized for printing

  // ---------- text and numbers ----------

  function t(key, vars) {
    var s = S[key];
    if (typeof s !== 'string') {
      if (R.missingKeys.indexOf(key) < 0) R.missingKeys.push(key);
      console.warn('blanko report: no string for key ' + key);
      s = key;
    }
    if (vars) s = s.replace(/\{(\w+)\}/g, function (m, k) { return k in vars ? vars[k] : m; });
    return s;
  }
  // A code (policy name) shown translated when the catalogue knows it, as written otherwise.
  function code(prefix, value) {
    if (value == null || value === '') return none();
    return typeof S[prefix + value] === 'string' ? S[prefix + value] : String(value);
  }

  var fmtCache = {};
  function nf(opts) {
    var k = JSON.stringify(opts);
    return fmtCache[k] || (fmtCache[k] = new Intl.NumberFormat(LOCALE, opts));
  }
  function isNum(v) { return typeof v === 'number' && isFinite(v); }
  function none() { return t('value.none'); }
  function num(v, digits) {
    return isNum(v) ? nf({ maximumFractionDigits: digits == null ? 1 : digits }).format(v) : none();
  }
  function int(v) { return num(v, 0); }
  function pct(v, digits) {
    var d = digits == null ? 1 : digits;
    return isNum(v) ? nf({ style: 'percent', minimumFractionDigits: d, maximumFractionDigits: d }).format(v) : none();
  }
  function compact(v) { return isNum(v) ? nf({ notation: 'compact', maximumFractionDigits: 1 }).format(v) : ''; }
  function byUnit(v, unit) {
    if (unit === 'share') return pct(v);
    if (unit === 'Rp') return isNum(v) ? nf({ style: 'currency', currency: 'IDR', currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 }).format(v) : none();
    if (unit === 'days') return num(v, 1);
    if (unit === 'day') return isNum(v) ? fmtDay(Math.round(v)) : none(); // a day of the run: its date
    return num(v, Math.abs(v) >= 100 ? 0 : 1);
  }

  function parseDate(iso) {
    var p = String(iso).split('-');
    return new Date(Date.UTC(+p[0], +p[1] - 1, +p[2]));
  }
  function isoDate(d) { return d.toISOString().slice(0, 10); }
  function addDays(iso, n) { var d = parseDate(iso); d.setUTCDate(d.getUTCDate() + n); return isoDate(d); }
  var dateFmt, monthFmt, dateTimeFmt;
  function fmtDate(iso) { return iso ? dateFmt.format(parseDate(iso)) : none(); }
  function fmtDay(day) { return isNum(day) ? fmtDate(addDays(D.scenario.start, day)) : none(); }

  // ---------- DOM helpers ----------

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'cls') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function table(tableEl, columns, rows) {
    tableEl.textContent = '';
    var head = el('tr', null, columns.map(function (c) {
      return el('th', { scope: 'col', cls: (c.num ? 'num' : '') + (c.wrap ? ' wrap' : '') }, [c.label]);
    }));
    tableEl.appendChild(el('thead', null, [head]));
    var body = el('tbody');
    rows.forEach(function (r) {
      body.appendChild(el('tr', null, columns.map(function (c) {
        return el('td', { cls: (c.num ? 'num' : '') + (c.wrap ? ' wrap' : '') }, [c.text(r)]);
      })));
    });
    tableEl.appendChild(body);
    return body;
  }

  // ---------- data lookups ----------

  var nodeById = {}, officeById = {};
  function nodeName(id) { return nodeById[id] ? nodeById[id].name : id; }
  function covers(region, id) { return id === region || id.indexOf(region + '.') === 0; }
  // Events that touch a group: everywhere, or a region inside it or around it.
  function eventsFor(group) {
    return D.scenario.events.filter(function (e) {
      if (group.id === 'network' || !e.regions || !e.regions.length) return true;
      return e.regions.some(function (r) { return covers(r, group.id) || covers(group.id, r); });
    });
  }
  function lotsFor(group) {
    return D.scenario.lots.filter(function (l) {
      var n = nodeById[l.node];
      return group.id === 'network' || !n || n.level === 'centre' || covers(l.node, group.id) || covers(group.id, l.node);
    });
  }
  function officesIn(group) {
    return D.offices.filter(function (o) { return group.id === 'network' || covers(group.id, o.id); });
  }
  // A group's risk: the highest stockout probability of its offices, their expected stockout days,
  // then the chance that its own store runs dry.
  var runOutById = {};
  function risk(group) {
    var os = officesIn(group), p = 0, days = 0;
    os.forEach(function (o) { p = Math.max(p, o.stockout_probability || 0); days += o.stockout_days_mean || 0; });
    return [p, days, runOutById[group.id] ? runOutById[group.id].probability || 0 : 0];
  }
  function byRisk(a, b) { var ra = risk(a), rb = risk(b); return rb[0] - ra[0] || rb[1] - ra[1] || rb[2] - ra[2]; }
  // Offices by risk: chance of a stockout, stockout days, suket, then the lowest fill rate.
  function officeRisk(a, b) {
    var v = function (o, k) { return isNum(o[k]) ? o[k] : 0; };
    return v(b, 'stockout_probability') - v(a, 'stockout_probability') || v(b, 'stockout_days_mean') - v(a, 'stockout_days_mean') ||
      v(b, 'suket_mean') - v(a, 'suket_mean') || v(a, 'fill_rate_mean') - v(b, 'fill_rate_mean');
  }

  // ---------- charts ----------

  function chart(name, container, option, size) {
    var c = echarts.init(container, null, size ? { renderer: 'svg', width: size[0], height: size[1] } : { renderer: 'svg' });
    c.setOption(option);
    R.charts[name] = c;
    fitViewBox(c);
    return c;
  }
  // The SVG gets a viewBox so that the print stylesheet can scale it to the page width.
  function fitViewBox(c) {
    var svg = c.getDom().querySelector('svg');
    if (svg) svg.setAttribute('viewBox', '0 0 ' + c.getWidth() + ' ' + c.getHeight());
  }
  function base() {
    return {
      animation: false,
      textStyle: { fontFamily: FONT },
      tooltip: { className: 'blanko-tip', confine: true }
    };
  }
  function dayAxis(dates) {
    return {
      type: 'category', data: dates, boundaryGap: false,
      axisTick: { interval: function (i, v) { return v.slice(8) === '01'; } },
      axisLabel: {
        interval: function (i, v) { return v.slice(8) === '01'; },
        formatter: function (v) { return monthFmt.format(parseDate(v)); }
      }
    };
  }

  function rgba(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')';
  }
  function diff(hi, lo) {
    return hi.map(function (v, i) { return v == null || lo[i] == null ? null : Math.max(0, v - lo[i]); });
  }

  function fanOption(group, series) {
    var b = group[series], colour = SERIES_COLOURS[series];
    var dates = [];
    for (var i = 0; i < D.bands.days; i++) dates.push(addDays(D.bands.start, i));
    var first = dates[0], last = dates[dates.length - 1];
    var clip = function (d) { return d < first ? first : d > last ? last : d; };
    var line = { type: 'line', symbol: 'none', showSymbol: false, lineStyle: { width: 0 } };
    var out = [], legend = [];
    function add(s) { out.push(Object.assign({}, line, s)); }
    if (b.value) {
      add({ name: t('fan.value'), data: b.value, lineStyle: { width: 1.5, color: colour }, itemStyle: { color: colour } });
      legend.push({ name: t('fan.value'), icon: LINE_ICON });
    } else {
      var band90 = rgba(colour, 0.18), band50 = rgba(colour, 0.4);
      add({ name: 'p5', data: b.p5, stack: 'band', silent: true });
      add({ name: t('fan.band90'), data: diff(b.p25, b.p5), stack: 'band', areaStyle: { color: band90, opacity: 1 }, itemStyle: { color: band90 } });
      add({ name: t('fan.band50'), data: diff(b.p75, b.p25), stack: 'band', areaStyle: { color: band50, opacity: 1 }, itemStyle: { color: band50 } });
      add({ name: t('fan.band90'), data: diff(b.p95, b.p75), stack: 'band', areaStyle: { color: band90, opacity: 1 }, itemStyle: { color: band90 } });
      add({ name: t('fan.median'), data: b.p50, lineStyle: { width: 1.5, color: colour }, itemStyle: { color: colour } });
      legend.push({ name: t('fan.median'), icon: LINE_ICON }, { name: t('fan.band50'), icon: 'rect' }, { name: t('fan.band90'), icon: 'rect' });
    }
    // The calendar: one shaded series per event kind, so that the legend names the colours.
    var kinds = {};
    eventsFor(group).forEach(function (e) {
      if (e.end < first || e.start > last) return;
      (kinds[e.kind] = kinds[e.kind] || []).push([{ xAxis: clip(e.start), name: e.name }, { xAxis: clip(e.end) }]);
    });
    Object.keys(kinds).forEach(function (k) {
      var c = EVENT_COLOURS[k] || EVENT_COLOURS.custom, name = t('event.' + k);
      add({ name: name, data: [], itemStyle: { color: c }, markArea: { silent: true, itemStyle: { color: c, opacity: 0.14 }, label: { show: false }, data: kinds[k] } });
      legend.push({ name: name, icon: 'rect' });
    });
    var lots = lotsFor(group).filter(function (l) { return l.date >= first && l.date <= last; });
    if (lots.length) {
      var lotName = t('fan.lot');
      add({ name: lotName, data: [], itemStyle: { color: '#333' }, markLine: {
        silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#333', width: 1 },
        label: { position: 'insideEndTop', fontSize: 10, color: '#333', formatter: function (p) { return compact(p.value); } },
        data: lots.map(function (l) { return { xAxis: l.date, value: l.quantity }; })
      } });
      legend.push({ name: lotName, icon: 'path://M0,0 L1,0 L1,6 L0,6 Z' });
    }
    var o = base();
    o.grid = { left: 56, right: 16, top: 48, bottom: 28 };
    o.legend = { data: legend, top: 0, left: 0, itemWidth: 14, itemHeight: 9, textStyle: { fontSize: 11 } };
    o.xAxis = dayAxis(dates);
    o.yAxis = { type: 'value', min: 0, axisLabel: { formatter: compact }, splitLine: { lineStyle: { color: '#e6e6e6' } } };
    o.tooltip = Object.assign(o.tooltip, { trigger: 'axis', formatter: function (ps) {
      var i = ps[0].dataIndex, rows = [fmtDate(dates[i])];
      if (b.value) rows.push(t('fan.value') + ': ' + int(b.value[i]));
      else rows.push(t('fan.median') + ': ' + int(b.p50[i]),
        t('fan.band50') + ': ' + int(b.p25[i]) + ' – ' + int(b.p75[i]),
        t('fan.band90') + ': ' + int(b.p5[i]) + ' – ' + int(b.p95[i]));
      return rows.join('<br>');
    } });
    o.series = out;
    return o;
  }

  // One group's pair of fan charts into `box`; `prefix` names them in blankoReport.charts.
  function fanGroup(box, group, prefix, size) {
    box.textContent = '';
    var level = group.level === 'network' ? '' : ' (' + t('level.' + group.level) + ')';
    box.appendChild(el('h3', { text: (group.id === 'network' ? t('fan.network') : group.name) + level }));
    var row = el('div', { cls: 'fan-row' });
    box.appendChild(row);
    ['on_hand', 'backlog'].forEach(function (series) {
      var fig = el('figure', { cls: 'fan' });
      var div = el('div', { cls: 'chart chart-fan', role: 'img', 'aria-label': t('fan.' + series) + ' – ' + group.name });
      fig.appendChild(el('figcaption', { text: t('fan.' + series) }));
      fig.appendChild(div);
      row.appendChild(fig);
      var name = prefix + '_' + series;
      if (R.charts[name]) R.charts[name].dispose();
      var c = chart(name, div, fanOption(group, series), size);
      if (!size) printSizes.push([c, FAN_PRINT_HEIGHT]);
    });
  }

  function renderFans() {
    var groups = D.bands && D.bands.groups || [];
    $('fan-lead').textContent = t(KIND_MC ? 'fan.lead.mc' : 'fan.lead.run');
    var network = groups.filter(function (g) { return g.id === 'network'; })[0];
    if (network) fanGroup($('fan-network'), network, 'fan_network');
    var others = groups.filter(function (g) { return g.id !== 'network'; });
    if (!others.length) { $('fan-picker').hidden = true; return; }
    var ranked = others.slice().sort(byRisk);
    var select = $('fan-select');
    others.forEach(function (g) {
      select.appendChild(el('option', { value: g.id, text: g.name + ' (' + t('level.' + g.level) + ')' }));
    });
    var show = function () {
      var g = others.filter(function (x) { return x.id === select.value; })[0];
      fanGroup($('fan-selected'), g, 'fan_selected');
    };
    select.value = ranked[0].id;
    select.addEventListener('change', show);
    show();
    // Print: the five riskiest provinces (then other groups), drawn at the print width.
    var provinces = ranked.filter(function (g) { return g.level === 'province'; });
    var pick = provinces.concat(ranked.filter(function (g) { return g.level !== 'province'; })).slice(0, 5);
    var print = $('fan-print');
    print.appendChild(el('p', { cls: 'note', text: t(others.length > pick.length ? 'fan.print.some' : 'fan.print.all', { n: pick.length, total: others.length }) }));
    pick.forEach(function (g, i) {
      var box = el('div', { cls: 'fan-group' });
      print.appendChild(box);
      fanGroup(box, g, 'print_' + (i + 1), [PRINT_WIDTH, FAN_PRINT_HEIGHT]);
    });
  }

  function renderMap() {
    var features = D.map && D.map.features || [];
    var box = $('chart-map');
    if (!features.length) { $('map-section').hidden = true; return; }
    echarts.registerMap('blanko', D.map);
    var codes = {};
    features.forEach(function (f) { codes[f.properties.kode] = true; });
    var data = D.offices.filter(function (o) { return codes[o.id]; }).map(function (o) {
      return { name: o.id, value: isNum(o.stockout_probability) ? o.stockout_probability : NaN };
    });
    R.mapRegions = data.length;
    var few = features.length <= 15;
    var o = base();
    o.tooltip = Object.assign(o.tooltip, { trigger: 'item', formatter: function (p) {
      var f = officeById[p.name], name = nodeName(p.name);
      if (!f) return name + '<br>' + t('map.no_data');
      var prov = nodeById[p.name] && nodeById[p.name].province;
      return '<b>' + name + '</b>' + (prov ? ' – ' + nodeName(prov) : '') + '<br>' +
        t('map.tip.probability') + ': ' + pct(f.stockout_probability) + '<br>' +
        t('map.tip.days') + ': ' + num(f.stockout_days_mean) + '<br>' +
        t('map.tip.wait') + ': ' + num(f.p95_wait_days_mean);
    } });
    o.visualMap = {
      type: 'continuous', min: 0, max: 1, calculable: false, realtime: false, left: 0, bottom: 8,
      itemHeight: 120, itemWidth: 12, text: [t('map.scale.high'), t('map.scale.low')],
      textStyle: { fontSize: 11 }, formatter: function (v) { return pct(v, 0); },
      inRange: { color: MAP_COLOURS }, outOfRange: { color: NO_DATA }
    };
    o.series = [{
      type: 'map', map: 'blanko', nameProperty: 'kode', roam: true, selectedMode: false,
      // No box: ECharts centres the features and fits them at 80% keeping their shape.
      // Near the equator a degree of longitude is as long as one of latitude.
      aspectScale: 1, zoom: 1.15, data: data, labelLayout: { hideOverlap: true },
      itemStyle: { areaColor: NO_DATA, borderColor: '#8c8c8c', borderWidth: few ? 0.8 : 0.3 },
      // Labels drop the "Kabupaten " of the data's names (a kota keeps its "Kota"); tooltips keep it.
      label: { show: few, fontSize: 10, color: '#1a1a1a', formatter: function (p) { return nodeName(p.name).replace(/^Kabupaten /, ''); } },
      emphasis: { label: { show: few }, itemStyle: { areaColor: '#4a90d9', borderColor: '#1a1a1a', borderWidth: 1 } }
    }];
    var c = chart('map', box, o);
    printSizes.push([c, MAP_PRINT_HEIGHT]);
  }

  function renderTimeline() {
    var sc = D.scenario, rows = [], series = [], seenKinds = {};
    var lineBase = { type: 'line', symbol: 'none', lineStyle: { width: 12, cap: 'butt' } };
    sc.events.forEach(function (e) {
      var where = e.regions && e.regions.length ? ' – ' + e.regions.map(nodeName).join(', ') : '';
      rows.push(e.name + where + '\n' + fmtDate(e.start) + ' – ' + fmtDate(e.end));
      var c = EVENT_COLOURS[e.kind] || EVENT_COLOURS.custom, name = t('event.' + e.kind);
      seenKinds[name] = true;
      series.push(Object.assign({}, lineBase, {
        name: name, data: [[e.start, rows.length - 1], [addDays(e.end, 1), rows.length - 1]], silent: true,
        lineStyle: { width: 12, cap: 'butt', color: c }, itemStyle: { color: c }
      }));
    });
    var legend = Object.keys(seenKinds).map(function (n) { return { name: n, icon: 'rect' }; });
    function points(label, symbol, colour, items) {
      if (!items.length) return;
      rows.push(label);
      var y = rows.length - 1;
      series.push({
        name: label, type: 'scatter', symbol: symbol, symbolSize: 13, itemStyle: { color: colour },
        data: items.map(function (it) { return { value: [it.date, y], tip: it.tip, label: { formatter: it.label } }; }),
        label: { show: true, position: 'top', fontSize: 10, color: '#333' },
        labelLayout: { hideOverlap: true },
        tooltip: { formatter: function (p) { return p.data.tip; } }
      });
      legend.push({ name: label, icon: symbol });
    }
    points(t('timeline.tenders'), 'diamond', '#6a3d9a', (sc.tenders || []).map(function (x) {
      return { date: x.budget_date, label: x.name, tip: x.name + '<br>' + t('timeline.tender_tip', { date: fmtDate(x.budget_date), quantity: int(x.quantity), node: nodeName(x.node) }) };
    }));
    points(t('timeline.lots'), 'triangle', '#333333', (sc.lots || []).map(function (x) {
      return { date: x.date, label: compact(x.quantity), tip: t('timeline.lot_tip', { date: fmtDate(x.date), quantity: int(x.quantity), node: nodeName(x.node) }) };
    }));
    var box = $('chart-timeline');
    if (!rows.length) { box.hidden = true; return; }
    var height = 70 + rows.length * 34;
    box.style.height = height + 'px';
    var o = base();
    o.tooltip = Object.assign(o.tooltip, { trigger: 'item' });
    o.legend = { data: legend, top: 0, left: 0, itemWidth: 14, itemHeight: 9, textStyle: { fontSize: 11 } };
    o.grid = { left: 8, right: 24, top: 40, bottom: 24, containLabel: true };
    o.xAxis = { type: 'time', min: sc.start, max: addDays(sc.end, 1), splitNumber: 12,
      axisLabel: { formatter: function (v) { return monthFmt.format(new Date(v)); }, hideOverlap: true },
      splitLine: { show: true, lineStyle: { color: '#eeeeee' } } };
    o.yAxis = { type: 'category', data: rows, inverse: true, axisTick: { show: false },
      axisLabel: { fontSize: 11, lineHeight: 14, width: 300, overflow: 'truncate' } };
    o.series = series;
    var c = chart('timeline', box, o);
    printSizes.push([c, height]);
  }

  // ---------- sections ----------

  function renderHeader() {
    var m = D.meta, sc = D.scenario;
    $('title').textContent = sc.name;
    document.title = t('page.title', { name: sc.name });
    var parts = [t('header.period', { start: fmtDate(sc.start), end: fmtDate(sc.end), days: int(sc.horizon_days) })];
    if (KIND === 'compare') {
      var confs = D.configurations || [];
      parts.push(t('header.replications_per_configuration', { n: int(m.replications) }),
        t('header.configurations', { n: int(confs.length), list: confs.map(function (c, i) { return i ? c : t('header.reference_mark', { name: c }); }).join(', ') }));
    } else if (KIND === 'sweep') {
      parts.push(t('header.replications_per_cell', { n: int(m.replications) }),
        t('header.cells', { n: int((D.cells || []).length), axes: axesText() }));
    } else parts.push(KIND_MC ? t('header.replications', { n: int(m.replications) }) : t('header.single_run', { seed: m.seed }));
    parts.push(t('header.version', { version: m.blanko_version }));
    if (m.created) parts.push(t('header.created', { date: dateTimeFmt.format(new Date(m.created)) }));
    $('subtitle').textContent = parts.join(' · ');
  }

  function card(label, value, sub, note) {
    return el('div', { cls: 'card' }, [
      el('div', { cls: 'card-label', text: label }),
      el('div', { cls: 'card-value', text: value }),
      sub ? el('div', { cls: 'card-sub', text: sub }) : null,
      note ? el('div', { cls: 'card-note', text: note }) : null
    ]);
  }
  function interval(x, f) {
    return x && isNum(x.ci_low) && isNum(x.ci_high) ? t('cards.interval', { low: f(x.ci_low), high: f(x.ci_high) }) : '';
  }

  function renderAnswer() {
    var list = $('answer-list');
    (D.answer || []).forEach(function (s) { list.appendChild(el('li', { text: s })); });
    if (KIND === 'compare' || KIND === 'sweep') { $('cards').hidden = true; return; }
    var cards = $('cards'), net = D.network || {}, any = D.any_stockout;
    if (any) {
      cards.appendChild(KIND_MC
        ? card(t('cards.any.mc'), pct(any.probability), interval(any, pct), t('cards.any.note'))
        : card(t('cards.any.run'), t(any.probability > 0 ? 'value.yes' : 'value.no'), '', t('cards.any.note')));
    }
    var kinds = KIND_MC ? 'mc' : 'run', officeDays = 0;
    D.offices.forEach(function (o) { officeDays += o.stockout_days_mean || 0; });
    var oneDecimal = function (v) { return num(v, 1); };
    [['suket_issued', int], ['fill_rate', pct], ['stockout_days', oneDecimal], ['offices_with_stockout', oneDecimal]].forEach(function (k) {
      var x = net[k[0]];
      if (!x) return;
      var note = t('cards.' + k[0] + '.note', { n: int(D.offices.length), offices: num(officeDays) });
      cards.appendChild(card(t('cards.' + k[0] + '.' + kinds), k[1](x.mean), interval(x, k[1]), note));
    });
  }

  // A first dry day: its date, "not reached" (null) where the store ran dry in some replications.
  function day(r, d) { return isNum(d) ? fmtDay(d) : r.probability > 0 ? t('runout.not_reached') : none(); }
  function renderRunOut() {
    var rows = (D.run_out || []).slice().sort(function (a, b) {
      var ca = nodeById[a.id] && nodeById[a.id].level === 'centre' ? 1 : 0, cb = nodeById[b.id] && nodeById[b.id].level === 'centre' ? 1 : 0;
      return cb - ca || b.probability - a.probability;
    });
    if (!rows.length) { $('runout-table').hidden = true; return; }
    var shown = rows.filter(function (r, i) { return i < 11; }), rest = rows.slice(shown.length);
    if (rest.length) {
      var dry = rest.filter(function (r) { return r.probability > 0; }).length;
      $('runout-table').insertAdjacentElement('afterend', el('p', { cls: 'note', text: t('runout.more', { n: int(rest.length), dry: int(dry), never: int(rest.length - dry) }) }));
    }
    rows = shown;
    var cols = [
      { label: t('runout.col.store'), text: function (r) { return nodeName(r.id); } },
      { label: t('runout.col.level'), text: function (r) { return nodeById[r.id] ? t('level.' + nodeById[r.id].level) : none(); } },
      KIND_MC ? { label: t('runout.col.probability'), num: true, text: function (r) { return pct(r.probability); } }
              : { label: t('runout.col.ran_out'), text: function (r) { return t(r.probability > 0 ? 'value.yes' : 'value.no'); } },
      { label: t(KIND_MC ? 'runout.col.median_day' : 'runout.col.first_day'), num: true, text: function (r) { return day(r, r.median_day); } }
    ];
    if (KIND_MC) cols.push({ label: t('runout.col.range'), num: true, text: function (r) {
      return r.probability > 0 ? day(r, r.p5_day) + ' – ' + day(r, r.p95_day) : none();
    } });
    table($('runout-table'), cols, rows);
  }

  function renderRiskTable() {
    var offices = D.offices.slice().sort(officeRisk);
    var top = offices.slice(0, 20);
    $('risk-lead').textContent = t(KIND_MC ? 'risk.lead.mc' : 'risk.lead.run', { n: int(top.length), total: int(offices.length) });
    var prov = function (o) { var n = nodeById[o.id]; return n && n.province ? nodeName(n.province) : none(); };
    var cols = [
      { key: 'name', label: t('risk.col.office'), text: function (o) { return nodeName(o.id); }, sort: function (o) { return nodeName(o.id); } },
      { key: 'province', label: t('risk.col.province'), text: prov, sort: prov },
      KIND_MC ? { label: t('risk.col.probability'), num: true, text: function (o) { return pct(o.stockout_probability); }, sort: function (o) { return o.stockout_probability; } }
              : { label: t('risk.col.ran_out'), text: function (o) { return t(o.stockout_probability > 0 ? 'value.yes' : 'value.no'); }, sort: function (o) { return o.stockout_probability; } },
      { label: t(KIND_MC ? 'risk.col.days_mean' : 'risk.col.days'), num: true, text: function (o) { return num(o.stockout_days_mean); }, sort: function (o) { return o.stockout_days_mean; } },
      KIND_MC ? { label: t('risk.col.days_p95'), num: true, text: function (o) { return int(o.stockout_days_p95); }, sort: function (o) { return o.stockout_days_p95; } } : null,
      { label: t(KIND_MC ? 'risk.col.suket_mean' : 'risk.col.suket'), num: true, text: function (o) { return int(o.suket_mean); }, sort: function (o) { return o.suket_mean; } },
      { label: t('risk.col.fill_rate'), num: true, text: function (o) { return pct(o.fill_rate_mean); }, sort: function (o) { return o.fill_rate_mean; } },
      { label: t('risk.col.bottleneck'), text: function (o) { return t('bottleneck.' + o.bottleneck); }, sort: function (o) { return t('bottleneck.' + o.bottleneck); } }
    ].filter(Boolean);
    var tbl = $('risk-table'), body = table(tbl, cols, top);
    var rows = Array.prototype.slice.call(body.rows).map(function (tr, i) { return { tr: tr, o: top[i] }; });
    var state = { col: 2, dir: -1 };
    var ths = Array.prototype.slice.call(tbl.tHead.rows[0].cells);
    ths.forEach(function (th, ci) {
      // A span with the role of a button: a real <button> does not print in repeated table headers.
      var b = el('span', { role: 'button', tabindex: '0', cls: 'sort', title: t('risk.sort_hint') }, [th.textContent]);
      th.textContent = '';
      th.appendChild(b);
      var sort = function () {
        state = { col: ci, dir: state.col === ci ? -state.dir : (cols[ci].num ? -1 : 1) };
        apply();
      };
      b.addEventListener('click', sort);
      b.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); }
      });
    });
    var collator = new Intl.Collator(LOCALE);
    function apply() {
      var f = cols[state.col].sort;
      rows.sort(function (a, b) {
        var x = f(a.o), y = f(b.o);
        var c = typeof x === 'string' ? collator.compare(x, y) : (isNum(x) ? x : -Infinity) - (isNum(y) ? y : -Infinity);
        return c * state.dir;
      });
      rows.forEach(function (r) { body.appendChild(r.tr); });
      ths.forEach(function (th, ci) {
        th.setAttribute('aria-sort', ci === state.col ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
      });
    }
    apply();
  }

  function renderScenario() {
    var sc = D.scenario, m = D.meta;
    $('scenario-period').textContent = t('scenario.period', {
      start: fmtDate(sc.start), end: fmtDate(sc.end), days: int(sc.horizon_days),
      nodes: int(sc.nodes.length),
      offices: int(D.offices.length || sc.nodes.filter(function (n) { return n.office; }).length)
    });
    if (KIND === 'compare' || KIND === 'sweep') {
      var note = $('scenario-note');
      note.hidden = false;
      note.textContent = KIND === 'compare' ? t('scenario.note.compare', { name: (D.configurations || [])[0] || '' })
        : t('scenario.note.sweep', { axes: axesText() });
    }
    renderTimeline();
    table($('policy-table'), [
      { label: t('policies.col.level'), text: function (p) { return t('level.' + p.level); } },
      { label: t('policies.col.replenishment'), text: function (p) { return code('policy.', p.replenishment); } },
      { label: t('policies.col.review'), num: true, text: function (p) { return isNum(p.review_period_days) ? t('policies.every_days', { n: int(p.review_period_days) }) : none(); } },
      { label: t('policies.col.allocation'), text: function (p) { return code('allocation.', p.allocation); } },
      { label: t('policies.col.nodes'), num: true, text: function (p) { return int(p.nodes); } }
    ], sc.policies || []);

    var net = D.network || {};
    if (KIND === 'compare' || KIND === 'sweep') $('kpi-block').hidden = true; // their own tables show every figure
    var kcols = [
      { label: t('kpis.col.kpi'), text: function (k) {
        return el('span', null, [el('span', { cls: k.headline ? 'kpi-name headline' : 'kpi-name', text: t('kpi.' + k.name) }),
          el('span', { cls: 'kpi-desc', text: t('kpi_desc.' + k.name) })]);
      } },
      { label: t('kpis.col.unit'), text: function (k) { return t('unit.' + k.unit); } },
      { label: t(KIND_MC ? 'kpis.col.mean' : 'kpis.col.value'), num: true, text: function (k) { return byUnit((net[k.name] || {}).mean, k.unit); } }
    ];
    if (KIND_MC) kcols.push(
      { label: t('kpis.col.interval'), num: true, wrap: true, text: function (k) { var x = net[k.name] || {}; return isNum(x.ci_low) ? byUnit(x.ci_low, k.unit) + ' – ' + byUnit(x.ci_high, k.unit) : none(); } },
      { label: t('kpis.col.range'), num: true, wrap: true, text: function (k) { var x = net[k.name] || {}; return isNum(x.p5) ? byUnit(x.p5, k.unit) + ' – ' + byUnit(x.p95, k.unit) : none(); } });
    kcols.push({ label: t('kpis.col.better'), text: function (k) { return t('better.' + k.better); } });
    var kpis = (D.kpis || []).filter(function (k) { return net[k.name]; });
    var headline = kpis.filter(function (k) { return k.headline; }), rest = kpis.filter(function (k) { return !k.headline; });
    table($('kpi-table'), kcols, headline);
    if (rest.length) {
      $('kpi-more-summary').textContent = t('kpis.more', { n: int(rest.length) });
      table($('kpi-table-more'), kcols, rest);
    } else $('kpi-more').hidden = true;

    var dl = $('provenance');
    var sha = m.scenario_sha256 ? String(m.scenario_sha256).slice(0, 12) : '';
    [
      ['provenance.version', m.blanko_version],
      ['provenance.command', m.command, 'code'],
      ['provenance.scenario', m.scenario_file ? m.scenario_file + (sha ? ' (SHA-256 ' + sha + '…)' : '') : '', 'code'],
      ['provenance.overrides', (m.overrides || []).length ? m.overrides.join('  ') : t('provenance.no_overrides'), (m.overrides || []).length ? 'code' : ''],
      ['provenance.seed', m.seed == null ? '' : String(m.seed)],
      [KIND === 'compare' ? 'provenance.replications_per_configuration' : KIND === 'sweep' ? 'provenance.replications_per_cell' : 'provenance.replications', int(m.replications)]
    ].concat(KIND === 'compare' ? [
      ['provenance.configurations', (D.configurations || []).join(', ')],
      ['provenance.confidence', isNum(D.confidence) ? pct(D.confidence, 0) : ''],
      ['provenance.min_difference', isNum(D.min_difference) ? pct(D.min_difference) : '']
    ] : KIND === 'sweep' ? (D.axes || []).map(function (a) {
      return ['provenance.axis', a.key + ' = ' + (a.values || []).join(', '), 'code'];
    }).concat([
      ['provenance.cells', int((D.cells || []).length)],
      ['provenance.confidence', isNum(D.confidence) ? pct(D.confidence, 0) : '']
    ]) : []).concat([
      ['provenance.created', m.created ? dateTimeFmt.format(new Date(m.created)) : '']
    ]).forEach(function (r) {
      if (!r[1]) return;
      dl.appendChild(el('dt', { text: t(r[0]) }));
      dl.appendChild(el('dd', null, [r[2] ? el('code', { text: r[1] }) : r[1]]));
    });
  }

  function renderCredits() {
    var ul = $('credit-list');
    (D.credits || []).forEach(function (c) {
      // A whole licence text (several lines) folds away on screen and is not printed.
      var text = String(c.text || '').trim(), long = text.length > 400 || text.indexOf('\n') >= 0 && text.length > 200;
      ul.appendChild(el('li', null, [el('strong', { text: c.name }), ' (' + c.license + ')' + (text && !long ? '. ' + text : ''),
        long ? el('details', { cls: 'licence screen-only' }, [el('summary', { text: t('credits.licence_text') }), el('pre', { text: text })]) : null]));
    });
    ul.appendChild(el('li', { text: t('credits.generated', { version: D.meta.blanko_version }) }));
  }

  // ---------- compare and sweep ----------

  var kpiByName = {};
  function kpiLabel(name) { return t('kpi.' + name); }
  function confidenceText() { return pct(isNum(D.confidence) ? D.confidence : 0.95, 0); }
  function axesText() { return (D.axes || []).map(function (a) { return a.label; }).join(' × '); }
  function cellText(values) {
    return (D.axes || []).map(function (a, i) { return a.label + ' = ' + values[i]; }).join(', ');
  }

  // Digits for an amount: two significant below 1 (0,0071), one decimal below 100, none above.
  function digits(v) {
    var a = Math.abs(v);
    return a > 0 && a < 1 ? { maximumSignificantDigits: 2 } : { maximumFractionDigits: a >= 100 || a === 0 ? 0 : 1 };
  }
  var RP_SHORT = { style: 'currency', currency: 'IDR', currencyDisplay: 'narrowSymbol', notation: 'compact', maximumSignificantDigits: 3 };
  // Signed, with a real minus sign: "−33,8", "+0,2".
  function signed(v, opts) {
    return isNum(v) ? nf(Object.assign({ signDisplay: 'exceptZero' }, opts)).format(v).replace('-', '\u2212') : none();
  }
  // A difference in a KPI's unit: shares in percentage points, a day of the run in days.
  function diffByUnit(v, unit, short) {
    if (!isNum(v)) return none();
    if (unit === 'share') return signed(v * 100, digits(v * 100)) + ' ' + t('unit.pp');
    if (unit === 'Rp') return signed(v, short ? RP_SHORT : { style: 'currency', currency: 'IDR', currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 });
    return signed(v, digits(v));
  }
  function diffInterval(lo, hi, unit) {
    if (!isNum(lo) || !isNum(hi)) return none();
    if (unit === 'share') return signed(lo * 100, digits(lo * 100)) + ' – ' + signed(hi * 100, digits(hi * 100)) + ' ' + t('unit.pp');
    if (unit === 'Rp') return signed(lo, RP_SHORT) + ' – ' + signed(hi, RP_SHORT);
    return signed(lo, digits(lo)) + ' – ' + signed(hi, digits(hi));
  }
  // The labels of a difference axis that runs from -ext to ext: enough decimals for its ticks.
  function diffAxisLabel(v, unit, ext) {
    if (unit === 'Rp') return signed(v, { style: 'currency', currency: 'IDR', currencyDisplay: 'narrowSymbol', notation: 'compact', maximumFractionDigits: 1 });
    var scale = unit === 'share' ? 100 : 1, e = ext * scale;
    if (e >= 10000) return signed(v * scale, { notation: 'compact', maximumFractionDigits: 1 });
    // the ticks are at halves of ext (1, 2, 2.5 or 5 times a power of ten): digits to write them exactly
    var half = e / 2, d = 0;
    while (d < 6 && Math.abs(Math.round(half * Math.pow(10, d)) - half * Math.pow(10, d)) > 1e-6) d++;
    return signed(v * scale, { maximumFractionDigits: d });
  }
  // A formatter precise enough to tell apart values a `parts`-th of their range apart (the
  // cells of a sweep), short for large amounts: Rp 2,064 M, 87,8%, 1,55. `ticks`: for the
  // nice round values of an axis, with no more digits than needed (50%, 40 rb).
  function stepFormat(unit, values, parts, ticks) {
    var xs = values.filter(isNum);
    var lo = Math.min.apply(null, xs), hi = Math.max.apply(null, xs), big = Math.max(Math.abs(lo), Math.abs(hi));
    // all equal (or a date): the usual format; the axis ECharts makes around them has its own ticks
    if (!xs.length || unit === 'day' || hi === lo) return function (v) { return unit === 'Rp' ? shortRp(v) : byUnit(v, unit); };
    var step = (hi - lo) / (parts || 10);
    var dec = function (unitStep, min, max) { return unitStep > 0 ? Math.min(max, Math.max(min, Math.ceil(-Math.log10(unitStep)))) : min; };
    if (unit === 'share') {
      var d = dec(step * 100, ticks ? 0 : 1, 3);
      return function (v) { return pct(v, d); };
    }
    if (big >= 1e5 || (unit === 'Rp' || ticks) && big >= 1e4) {
      // compact: the scale of the largest value (thousands, millions, billions...)
      var scale = Math.pow(10, 3 * Math.floor(Math.log10(big) / 3));
      var dc = step > 0 ? dec(step / scale, ticks ? 0 : 1, 3) : 2;
      var opts = { notation: 'compact', maximumFractionDigits: dc, minimumFractionDigits: 0 };
      if (unit === 'Rp') opts = Object.assign({ style: 'currency', currency: 'IDR', currencyDisplay: 'narrowSymbol' }, opts);
      return function (v) { return isNum(v) ? nf(opts).format(v) : none(); };
    }
    var dd = dec(step, big >= 100 || ticks ? 0 : 1, 3); // never fewer digits than the page's usual
    if (unit === 'Rp') return function (v) { return isNum(v) ? nf({ style: 'currency', currency: 'IDR', currencyDisplay: 'narrowSymbol', maximumFractionDigits: dd }).format(v) : none(); };
    return function (v) { return num(v, dd); };
  }
  // Rp in a crowded place (sweep cells and tables): three digits (id: "Rp 2,05 M", en: "Rp 2.05B").
  function shortRp(v) {
    return isNum(v) ? nf(RP_SHORT).format(v) : none();
  }
  // A small positive amount: two significant digits below 1 (0,03), one decimal below 100.
  function small(v) {
    return v === 0 ? num(0) : Math.abs(v) < 1 ? nf({ maximumSignificantDigits: 2 }).format(v) : num(v, Math.abs(v) >= 100 ? 0 : 1);
  }
  // Half of an interval, in the unit of a difference (shares in percentage points).
  function halfWidth(x, unit) {
    if (!x || !isNum(x.ci_low) || !isNum(x.ci_high)) return '';
    var h = (x.ci_high - x.ci_low) / 2;
    if (unit === 'share') return small(h * 100) + ' ' + t('unit.pp');
    if (unit === 'Rp') return shortRp(h);
    return small(h);
  }
  // 1, 2, 2.5 or 5 times a power of ten, at least x.
  function niceCeil(x) {
    if (!(x > 0)) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(x))), m = x / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
  }
  function smallChart(box, name, option, height) {
    box.style.height = height + 'px';
    var c = chart(name, box, option);
    printSizes.push([c, height, PRINT_HALF]);
    return c;
  }
  function figure(parent, title, sub) {
    var fig = el('figure', { cls: 'multiple' }, [el('figcaption', null, [el('span', { cls: 'multiple-title', text: title }), sub])]);
    parent.appendChild(fig);
    return fig;
  }

  var VERDICT_KEYS = { 'winner': 'winner', 'no practical difference': 'no_difference', 'no direction': 'no_direction', 'n/a': 'na' };
  function verdictKey(v) { return VERDICT_KEYS[v] || ''; }
  function verdictTag(c) {
    var k = verdictKey(c.verdict);
    return el('span', { cls: 'verdict-tag verdict-' + (k || 'other'), text: k ? t('verdict.label.' + k) : String(c.verdict) });
  }
  // A confidence near 1 reads "> 99.9%", not "100%": nothing is certain.
  function confidencePct(v) { return isNum(v) && v >= 0.9995 ? '> ' + pct(0.999) : pct(v); }
  // The verdict written out.
  function verdictText(c) {
    var k = verdictKey(c.verdict), conf = confidencePct(c.winner_confidence), rel = pct(c.relative_difference);
    if (k === 'winner') return t(isNum(c.relative_difference) ? 'verdict.winner' : 'verdict.winner_no_relative',
      { name: c.winner, confidence: conf, relative: rel });
    if (k === 'no_difference') {
      if (c.relative_difference === 0) return t('verdict.no_difference_tie');
      if (c.best == null || !isNum(c.winner_confidence) || !isNum(c.relative_difference)) return t('verdict.no_difference_plain');
      // Which condition failed: the confidence, the size of the difference, or both.
      var sure = c.winner_confidence >= (isNum(D.confidence) ? D.confidence : 0.95);
      var large = isNum(D.min_difference) && c.relative_difference > D.min_difference;
      return t(sure ? 'verdict.no_difference.small' : large ? 'verdict.no_difference.unsure' : 'verdict.no_difference.both',
        { name: c.best, confidence: conf, relative: rel, need: confidenceText(), min: pct(D.min_difference) });
    }
    if (k === 'no_direction') return t('verdict.no_direction');
    if (k === 'na') return t('verdict.na');
    return String(c.verdict);
  }

  function compareOption(c, k) {
    var confs = c.configurations, ref = confs[0], rows = confs.slice(1), unit = k.unit;
    var zone = isNum(D.min_difference) && isNum(ref.mean) ? D.min_difference * Math.abs(ref.mean) : 0;
    var ext = zone;
    rows.forEach(function (r) { [r.diff, r.ci_low, r.ci_high].forEach(function (v) { if (isNum(v)) ext = Math.max(ext, Math.abs(v)); }); });
    ext = niceCeil(ext > 0 ? ext * 1.12 : Math.abs(ref.mean) * 0.05 || 1);
    var names = rows.map(function (r) { return r.name; });
    var o = base();
    o.grid = { left: 8, right: unit === 'Rp' ? 36 : 22, top: 20, bottom: 6, containLabel: true };
    o.xAxis = { type: 'value', min: -ext, max: ext, interval: ext / 2,
      axisLabel: { fontSize: 10, hideOverlap: true, formatter: function (v) { return diffAxisLabel(v, unit, ext); } },
      splitLine: { lineStyle: { color: '#eeeeee' } } };
    o.yAxis = { type: 'category', data: names, inverse: true, axisTick: { show: false },
      axisLine: { show: false }, axisLabel: { fontSize: 11, width: 110, overflow: 'truncate' } };
    var areas = [];
    if (k.better === 'higher' || k.better === 'lower') {
      var right = k.better === 'higher';
      areas.push([{ xAxis: right ? 0 : -ext, itemStyle: { color: BETTER_SIDE },
        label: { show: true, position: right ? 'insideTopRight' : 'insideTopLeft', distance: [4, -16], fontSize: 10, color: '#2f7a50',
          formatter: t(right ? 'compare.better_right' : 'compare.better_left') } }, { xAxis: right ? ext : 0 }]);
    }
    if (zone > 0 && zone < ext) areas.push([{ xAxis: -zone, itemStyle: { color: SMALL_ZONE }, label: { show: false } }, { xAxis: zone }]);
    var refName = ref.name;
    o.tooltip = Object.assign(o.tooltip, { trigger: 'item', formatter: function (p) {
      var r = rows[p.dataIndex];
      if (!r) return '';
      return '<b>' + kpiLabel(k.name) + '</b>: ' + r.name + '<br>' +
        t('compare.tip.diff', { ref: refName }) + ': ' + diffByUnit(r.diff, unit) + '<br>' +
        t('compare.tip.interval', { confidence: confidenceText() }) + ': ' + diffInterval(r.ci_low, r.ci_high, unit) + '<br>' +
        t('compare.tip.means', { ref: refName, a: compareMean(ref.mean, unit), name: r.name, b: compareMean(r.mean, unit) });
    } });
    o.series = [{
      type: 'custom', name: 'interval', silent: true,
      data: rows.map(function (r, i) { return isNum(r.ci_low) && isNum(r.ci_high) ? [r.ci_low, r.ci_high, i] : [NaN, NaN, i]; }),
      encode: { x: [0, 1], y: 2 },
      renderItem: function (params, api) {
        var lo = api.value(0), hi = api.value(1);
        if (!isNum(lo) || !isNum(hi)) return null;
        var a = api.coord([lo, api.value(2)]), b = api.coord([hi, api.value(2)]), h = 6;
        var st = { stroke: CONFIG_COLOURS[(params.dataIndex + 1) % CONFIG_COLOURS.length], lineWidth: 2 };
        return { type: 'group', children: [
          { type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style: st },
          { type: 'line', shape: { x1: a[0], y1: a[1] - h, x2: a[0], y2: a[1] + h }, style: st },
          { type: 'line', shape: { x1: b[0], y1: b[1] - h, x2: b[0], y2: b[1] + h }, style: st }
        ] };
      },
      markArea: areas.length ? { silent: true, data: areas } : undefined,
      markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: '#333', type: 'solid', width: 1 }, data: [{ xAxis: 0 }] }
    }, {
      type: 'scatter', name: 'difference', symbol: 'circle', symbolSize: 11, z: 3,
      data: rows.map(function (r, i) {
        return { value: [isNum(r.diff) ? r.diff : NaN, i], itemStyle: { color: CONFIG_COLOURS[(i + 1) % CONFIG_COLOURS.length], borderColor: '#fff', borderWidth: 1 } };
      }),
      label: { show: true, position: 'top', distance: 4, fontSize: 10, color: '#1a1a1a',
        formatter: function (p) { return diffByUnit(rows[p.dataIndex].diff, unit, true); } }
    }];
    return o;
  }

  // A mean next to small differences: two decimals below 100 (a mean wait of 1.55 days).
  function compareMean(v, unit) {
    return unit === 'share' || unit === 'Rp' || unit === 'day' || !isNum(v) || Math.abs(v) >= 100 ? byUnit(v, unit) : num(v, 2);
  }
  function compareRows(tableEl, list, refName) {
    tableEl.textContent = '';
    var heads = [t('compare.col.kpi'), t('compare.col.configuration'), t('compare.col.mean'),
      t('compare.col.diff', { ref: refName }), t('compare.col.interval', { confidence: confidenceText() }), t('compare.col.verdict')];
    tableEl.appendChild(el('thead', null, [el('tr', null, heads.map(function (h, i) {
      return el('th', { scope: 'col', cls: i >= 2 && i <= 4 ? 'num' : '' }, [h]);
    }))]));
    list.forEach(function (c) {
      var k = kpiByName[c.kpi] || { name: c.kpi, unit: '', headline: false };
      var body = el('tbody');
      c.configurations.forEach(function (r, i) {
        var tr = el('tr', { cls: r.name === c.winner ? 'winner' : '' });
        if (i === 0) tr.appendChild(el('td', { rowspan: String(c.configurations.length) }, [
          el('span', { cls: k.headline ? 'kpi-name headline' : 'kpi-name', text: kpiLabel(c.kpi) }),
          el('span', { cls: 'kpi-desc', text: (k.unit ? t('unit.' + k.unit) + ' · ' : '') + t('compare.better_is', { better: code('better.', c.better) }) })]));
        tr.appendChild(el('td', null, [r.name + (r.name === c.winner ? ' ★' : '')]));
        tr.appendChild(el('td', { cls: 'num' }, [compareMean(r.mean, k.unit)]));
        tr.appendChild(el('td', { cls: 'num' }, [i === 0 ? t('compare.reference') : diffByUnit(r.diff, k.unit)]));
        tr.appendChild(el('td', { cls: 'num wrap' }, [i === 0 ? '' : diffInterval(r.ci_low, r.ci_high, k.unit)]));
        if (i === 0) tr.appendChild(el('td', { rowspan: String(c.configurations.length), cls: 'verdict-cell' }, [verdictTag(c),
          c.verdict === 'winner' && c.winner ? el('span', { cls: 'verdict-name', text: c.winner }) : null]));
        body.appendChild(tr);
      });
      tableEl.appendChild(body);
    });
  }

  function renderCompare() {
    var confs = D.configurations || [], ref = confs[0] || '';
    var list = (D.comparison || []).filter(function (c) { return c.configurations && c.configurations.length; });
    // The configurations, with their policy sets when the data has them.
    var sets = {};
    (D.policy_sets || []).forEach(function (p) { sets[p.name] = p; });
    confs.forEach(function (name, i) {
      var p = sets[name], swatch = el('span', { cls: 'swatch', style: 'background:' + (i ? CONFIG_COLOURS[i % CONFIG_COLOURS.length] : 'transparent') });
      $('compare-configs').appendChild(el('li', null, [swatch, el('strong', { text: name }), i ? null : ' (' + t('compare.reference') + ')',
        p && p.description ? ' – ' + p.description : null,
        p && (p.overrides || []).length ? el('code', { cls: 'overrides', text: p.overrides.join('  ') }) : null]));
    });
    $('compare-lead').textContent = t('compare.lead', { ref: ref, confidence: confidenceText(), min: pct(D.min_difference) });
    var headline = list.filter(function (c) { return kpiByName[c.kpi] && kpiByName[c.kpi].headline; });
    var rest = list.filter(function (c) { return !(kpiByName[c.kpi] && kpiByName[c.kpi].headline); });
    var box = $('compare-charts');
    headline.forEach(function (c) {
      var k = kpiByName[c.kpi];
      // The unit of the difference axis: percentage points for a share, days for a date.
      var du = k.unit === 'share' ? 'pp' : k.unit === 'day' ? 'days' : k.unit;
      var fig = figure(box, kpiLabel(c.kpi), el('span', { cls: 'multiple-sub', text: t('unit.' + du) + ' · ' + t('compare.better_is', { better: t('better.' + c.better) }) }));
      fig.appendChild(el('p', { cls: 'verdict' }, [verdictTag(c), ' ', verdictText(c)]));
      if (c.configurations.length < 2) return;
      var div = el('div', { cls: 'chart chart-small', role: 'img', 'aria-label': kpiLabel(c.kpi) + ': ' + t('compare.title') });
      fig.appendChild(div);
      smallChart(div, 'compare_' + c.kpi, compareOption(c, k), 46 + (c.configurations.length - 1) * 34);
    });
    $('compare-table-lead').textContent = t('compare.table.lead', { n: int(D.meta.replications), ref: ref, confidence: confidenceText() });
    compareRows($('compare-table'), headline, ref);
    if (rest.length) {
      $('compare-more-summary').textContent = t('compare.more', { n: int(rest.length) });
      compareRows($('compare-table-more'), rest, ref);
      $('compare-more-note').textContent = t('compare.more_print', { n: int(rest.length) });
    } else { $('compare-more').hidden = true; $('compare-more-note').hidden = true; }
  }

  function sweepTooltip(k, cell) {
    var x = cell.kpis[k.name] || {};
    return '<b>' + kpiLabel(k.name) + '</b><br>' + cellText(cell.values) + '<br>' +
      t('sweep.tip.mean') + ': ' + byUnit(x.mean, k.unit) + '<br>' +
      t('sweep.tip.interval', { confidence: confidenceText() }) + ': ' + (isNum(x.ci_low) ? byUnit(x.ci_low, k.unit) + ' – ' + byUnit(x.ci_high, k.unit) : none()) + '<br>' +
      t('sweep.tip.range') + ': ' + (isNum(x.p5) ? byUnit(x.p5, k.unit) + ' – ' + byUnit(x.p95, k.unit) : none());
  }
  function axisName(a) { return { name: a.label, nameLocation: 'middle', nameTextStyle: { fontSize: 11, color: '#5c5c5c' } }; }

  function sweepLineOption(k, axis, cells) {
    var v = function (c, f) { var x = c.kpis[k.name]; return x && isNum(x[f]) ? x[f] : null; };
    var lo = cells.map(function (c) { return v(c, 'ci_low'); });
    var band = cells.map(function (c) { var a = v(c, 'ci_low'), b = v(c, 'ci_high'); return a == null || b == null ? null : Math.max(0, b - a); });
    var colour = SERIES_COLOURS.on_hand;
    var means = cells.map(function (c) { return v(c, 'mean'); });
    var all = means.concat(cells.map(function (c) { return v(c, 'ci_low'); }), cells.map(function (c) { return v(c, 'ci_high'); }));
    var tick = stepFormat(k.unit, all, 5, true), point = stepFormat(k.unit, means, 10);
    var o = base();
    o.grid = { left: 8, right: 16, top: 22, bottom: 28, containLabel: true };
    o.xAxis = Object.assign(axisName(axis), { type: 'category', data: axis.values, nameGap: 24,
      axisLabel: { fontSize: 10, hideOverlap: true, width: 90, overflow: 'truncate' } });
    o.yAxis = { type: 'value', scale: true, splitNumber: 4,
      axisLabel: { fontSize: 10, formatter: function (x) { return k.unit === 'day' ? fmtDay(Math.round(x)) : tick(x); } }, splitLine: { lineStyle: { color: '#eeeeee' } } };
    o.tooltip = Object.assign(o.tooltip, { trigger: 'axis', formatter: function (ps) { return sweepTooltip(k, cells[ps[0].dataIndex]); } });
    var line = { type: 'line', symbol: 'none', showSymbol: false, lineStyle: { width: 0 }, stackStrategy: 'all' };
    o.series = [
      Object.assign({}, line, { name: 'low', data: lo, stack: 'ci', silent: true }),
      Object.assign({}, line, { name: 'interval', data: band, stack: 'ci', silent: true, areaStyle: { color: rgba(colour, 0.22), opacity: 1 } }),
      { type: 'line', name: 'mean', data: means, symbol: 'circle', symbolSize: 7, showSymbol: true,
        lineStyle: { width: 2, color: colour }, itemStyle: { color: colour },
        label: { show: true, position: 'top', fontSize: 10, color: '#1a1a1a', formatter: function (p) { return point(p.value); } },
        labelLayout: { hideOverlap: true } }
    ];
    return o;
  }

  function sweepHeatOption(k, ax, ay, cells) {
    var data = [], min = Infinity, max = -Infinity;
    cells.forEach(function (c) {
      var x = c.kpis[k.name], m = x && isNum(x.mean) ? x.mean : null;
      var i = ax.values.indexOf(c.values[0]), j = ay.values.indexOf(c.values[1]);
      if (i < 0 || j < 0) return;
      data.push({ value: [i, j, m == null ? '-' : m], cell: c });
      if (m != null) { min = Math.min(min, m); max = Math.max(max, m); }
    });
    if (!isFinite(min)) { min = 0; max = 1; }
    if (max === min) { var pad = Math.abs(min) * 0.01 || 1; min -= pad; max += pad; }
    var cellFmt = stepFormat(k.unit, data.map(function (d) { return d.value[2]; }), 10);
    var colours = k.better === 'higher' ? HEAT_BETTER : k.better === 'lower' ? HEAT_BETTER.slice().reverse() : HEAT_NONE;
    var hiText = t(k.better === 'higher' ? 'sweep.scale.better' : k.better === 'lower' ? 'sweep.scale.worse' : 'sweep.scale.higher');
    var loText = t(k.better === 'higher' ? 'sweep.scale.worse' : k.better === 'lower' ? 'sweep.scale.better' : 'sweep.scale.lower');
    var o = base();
    o.grid = { left: 8, right: 66, top: 22, bottom: 28, containLabel: true };
    o.xAxis = Object.assign(axisName(ax), { type: 'category', data: ax.values, nameGap: 24, splitArea: { show: false },
      axisTick: { show: false }, axisLabel: { fontSize: 10, hideOverlap: true, width: 90, overflow: 'truncate' } });
    // The second axis reads down, like the rows of a table; its name stands above it.
    o.yAxis = { type: 'category', data: ay.values, inverse: true, name: ay.label, nameLocation: 'start', nameGap: 8,
      nameTextStyle: { fontSize: 11, color: '#5c5c5c', align: 'left' }, axisTick: { show: false },
      axisLabel: { fontSize: 10, width: 70, overflow: 'truncate' } };
    o.visualMap = { type: 'continuous', min: min, max: max, calculable: false, realtime: false, orient: 'vertical',
      right: 0, top: 'middle', itemWidth: 10, itemHeight: 80, text: [hiText, loText], textGap: 6,
      textStyle: { fontSize: 10 }, formatter: function (x) { return cellFmt(x); }, inRange: { color: colours } };
    o.tooltip = Object.assign(o.tooltip, { trigger: 'item', formatter: function (p) { return p.data && p.data.cell ? sweepTooltip(k, p.data.cell) : ''; } });
    o.series = [{ type: 'heatmap', data: data, itemStyle: { borderColor: '#fff', borderWidth: 2 },
      label: { show: true, fontSize: 11, color: '#1a1a1a', formatter: function (p) { return isNum(p.value[2]) ? cellFmt(p.value[2]) : none(); } },
      emphasis: { itemStyle: { borderColor: '#1a1a1a', borderWidth: 1 } } }];
    return o;
  }

  // Every cell x headline KPI: KPIs as rows when the cells fit across the page, cells as rows
  // (in tables of a few KPIs) otherwise.
  function sweepTables(kpis, cells) {
    var box = $('sweep-tables'), axes = D.axes || [];
    var fmts = {};
    kpis.forEach(function (k) { fmts[k.name] = stepFormat(k.unit, cells.map(function (c) { return (c.kpis[k.name] || {}).mean; }), 10); });
    var value = function (k, c) {
      var x = c.kpis[k.name] || {}, h = halfWidth(x, k.unit);
      return el('span', null, [el('span', { cls: 'mean', text: fmts[k.name](x.mean) }), h ? el('span', { cls: 'pm', text: ' ± ' + h }) : null]);
    };
    if (cells.length <= 6) {
      // One heading row per axis (a pivot table): its name, then its value in each cell, a
      // run of equal values merged; the figures below.
      var tb = el('table', { cls: 'data sweep-table' }), head = el('thead');
      axes.forEach(function (a, i) {
        var tr = el('tr', null, [el('th', { scope: 'row', cls: 'axis-name', text: a.label })]);
        for (var j = 0; j < cells.length;) {
          var n = 1;
          // merge only inside the runs of the axes above, so that the blocks nest
          while (j + n < cells.length && cells.slice(j, j + n + 1).every(function (c) {
            return c.values.slice(0, i + 1).join('\u0000') === cells[j].values.slice(0, i + 1).join('\u0000');
          })) n++;
          tr.appendChild(el('th', { scope: 'col', cls: 'num', colspan: String(n), text: cells[j].values[i] }));
          j += n;
        }
        head.appendChild(tr);
      });
      tb.appendChild(head);
      var body = el('tbody');
      kpis.forEach(function (k) {
        body.appendChild(el('tr', null, [el('td', null, [el('span', { cls: 'kpi-name', text: kpiLabel(k.name) }), el('span', { cls: 'kpi-desc', text: t('unit.' + k.unit) })])]
          .concat(cells.map(function (c) { return el('td', { cls: 'num wrap' }, [value(k, c)]); }))));
      });
      tb.appendChild(body);
      box.appendChild(tb);
      return;
    }
    var per = Math.max(1, 5 - Math.min(axes.length, 3));
    for (var i = 0; i < kpis.length; i += per) {
      var part = kpis.slice(i, i + per);
      var cols2 = axes.map(function (a, j) { return { label: a.label, text: function (c) { return c.values[j]; } }; })
        .concat(part.map(function (k) { return { label: kpiLabel(k.name), num: true, wrap: true, text: function (c) { return value(k, c); } }; }));
      var tb2 = el('table', { cls: 'data sweep-table cells' });
      box.appendChild(tb2);
      table(tb2, cols2, cells);
    }
  }

  function renderSweep() {
    var axes = D.axes || [], cells = (D.cells || []).filter(function (c) { return c.values && c.kpis; });
    // One axis: the cells in the order of its values, as written.
    if (axes.length === 1) cells = cells.slice().sort(function (a, b) { return axes[0].values.indexOf(a.values[0]) - axes[0].values.indexOf(b.values[0]); });
    $('sweep-title').textContent = t('sweep.title', { axes: axesText() });
    var kpis = (D.kpis || []).filter(function (k) { return k.headline && cells.some(function (c) { return c.kpis && c.kpis[k.name]; }); });
    var lead = axes.length === 1 ? 'sweep.lead.one' : axes.length === 2 ? 'sweep.lead.two' : 'sweep.lead.many';
    $('sweep-lead').textContent = t(lead, { n: int(D.meta.replications), confidence: confidenceText(), k: int(axes.length),
      axis: axes[0] ? axes[0].label : '', x: axes[0] ? axes[0].label : '', y: axes[1] ? axes[1].label : '' });
    var box = $('sweep-charts');
    if (axes.length === 1 || axes.length === 2) {
      kpis.forEach(function (k) {
        var fig = figure(box, kpiLabel(k.name), el('span', { cls: 'multiple-sub', text: t('unit.' + k.unit) + ' · ' + t('compare.better_is', { better: t('better.' + k.better) }) }));
        var div = el('div', { cls: 'chart chart-small', role: 'img', 'aria-label': kpiLabel(k.name) + ' – ' + axesText() });
        fig.appendChild(div);
        if (axes.length === 1) smallChart(div, 'sweep_' + k.name, sweepLineOption(k, axes[0], cells), 220);
        else smallChart(div, 'sweep_' + k.name, sweepHeatOption(k, axes[0], axes[1], cells), Math.max(150, 62 + axes[1].values.length * 38));
      });
    } else box.hidden = true;
    $('sweep-table-lead').textContent = t('sweep.table.lead', { confidence: confidenceText(), n: int(cells.length) });
    sweepTables(kpis, cells);
  }

  function renderHowto() {
    var terms = {
      compare: ['paired', 'verdict', 'interval', 'stockout_day', 'suket', 'fill_rate'],
      sweep: ['cell', 'interval'].concat((D.axes || []).length === 2 ? ['heatmap'] : []).concat(['stockout_day', 'suket', 'fill_rate'])
    }[KIND] || ['band', 'interval', 'probability', 'stockout_day', 'suket', 'fill_rate'];
    var vars = { confidence: confidenceText(), need: confidenceText(), min: pct(isNum(D.min_difference) ? D.min_difference : 0.01), n: int(D.meta.replications) };
    var dl = $('howto-list');
    terms.forEach(function (k) {
      // The interval of a compare or a sweep is read against differences and cells, not bands.
      var text = k === 'interval' && (KIND === 'compare' || KIND === 'sweep') ? 'howto.interval.text_' + KIND : 'howto.' + k + '.text';
      dl.appendChild(el('dt', { text: t('howto.' + k + '.term', vars) }));
      dl.appendChild(el('dd', { text: t(text, vars) }));
    });
  }

  // ---------- print and resize ----------

  function resizeAll(print) {
    printSizes.forEach(function (p) {
      if (print) p[0].resize({ width: p[2] || PRINT_WIDTH, height: p[1] });
      else p[0].resize();
      p[0].getZr().flush(); // draw now: printing lays out the page before the next frame
      fitViewBox(p[0]);
    });
  }
  function listen() {
    var timer;
    window.addEventListener('resize', function () { clearTimeout(timer); timer = setTimeout(function () { resizeAll(false); }, 120); });
    window.addEventListener('beforeprint', function () { resizeAll(true); });
    window.addEventListener('afterprint', function () { resizeAll(false); });
  }

  // ---------- main ----------

  function main() {
    R.startMs = Math.round(performance.now());
    D = JSON.parse($('blanko-data').textContent);
    S = D.strings || {};
    var lang = D.lang === 'en' ? 'en' : 'id';
    document.documentElement.lang = lang;
    LOCALE = lang === 'id' ? 'id-ID' : 'en-GB';
    KIND = D.kind || 'monte_carlo';
    KIND_MC = KIND !== 'run';
    dateFmt = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    monthFmt = new Intl.DateTimeFormat(LOCALE, { month: 'short', timeZone: 'UTC' });
    dateTimeFmt = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    D.scenario.nodes.forEach(function (n) { nodeById[n.id] = n; });
    D.offices = D.offices || [];
    D.offices.forEach(function (o) { officeById[o.id] = o; });
    (D.run_out || []).forEach(function (r) { runOutById[r.id] = r; });
    (D.kpis || []).forEach(function (k) { kpiByName[k.name] = k; });
    // Two swept keys that end alike (…kabkota…review_period_days, …province…review_period_days)
    // are named by their whole keys.
    (D.axes || []).forEach(function (a, i, all) {
      if (!a.label || all.some(function (b, j) { return j !== i && b.label === a.label; })) a.label = a.key;
    });

    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (e) {
      e.textContent = t(e.getAttribute('data-i18n'));
    });
    $('chart-map').setAttribute('aria-label', t('map.title'));
    $('map-lead').textContent = t(KIND_MC ? 'map.lead.mc' : 'map.lead.run');
    $('runout-lead').textContent = t(KIND_MC ? 'runout.lead.mc' : 'runout.lead.run');
    $('chart-timeline').setAttribute('aria-label', t('timeline.aria'));

    R.timings = {};
    var steps;
    if (KIND === 'compare' || KIND === 'sweep') {
      // No map, no fans, no offices: the differences or the grid instead.
      ['map-section', 'fan-section', 'risk-section'].forEach(function (id) { $(id).hidden = true; });
      $(KIND + '-section').hidden = false;
      steps = [['header', renderHeader], ['answer', renderAnswer], [KIND, KIND === 'compare' ? renderCompare : renderSweep],
               ['scenario', renderScenario], ['howto', renderHowto], ['credits', renderCredits]];
    } else {
      steps = [['header', renderHeader], ['answer', renderAnswer], ['map', renderMap], ['fans', renderFans],
               ['run_out', renderRunOut], ['risk', renderRiskTable], ['scenario', renderScenario],
               ['howto', renderHowto], ['credits', renderCredits]];
    }
    steps.forEach(function (step) {
      var t0 = performance.now();
      step[1]();
      R.timings[step[0]] = Math.round(performance.now() - t0);
    });
    listen();
  }

  try {
    main();
  } catch (e) {
    console.error('blanko report: rendering failed:', e);
    R.error = String(e && e.stack || e);
  }
  document.getElementById('report').removeAttribute('aria-busy');
  R.readyMs = Math.round(performance.now()); // since navigation start
  R.ready = true;
})();
