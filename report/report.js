/* blanko report page: renders the data object of <script id="blanko-data"> with ECharts.
 * No user-visible text lives here: every word comes from data.strings (report/i18n/<lang>.json),
 * every number and date goes through Intl. No network request of any kind. */
(function () {
  'use strict';

  var R = (window.blankoReport = { ready: false, charts: {}, mapRegions: 0, missingKeys: [] });

  var D, S, LOCALE, KIND_MC;
  var PRINT_WIDTH = 700; // px: the A4 text width (210 mm - 2 x 12 mm margins) at 96 dpi
  var FAN_PRINT_HEIGHT = 215, MAP_PRINT_HEIGHT = 380; // two groups of fan charts a page
  var EVENT_COLOURS = {
    election: '#7b3294', pilkada: '#e7298a', cpns: '#1b9e77', school_drive: '#e6ab02',
    pemekaran: '#66a61e', custom: '#8c8c8c', closure: '#525252', disruption: '#d95f02'
  };
  var SERIES_COLOURS = { on_hand: '#2b6cb0', backlog: '#b83227' };
  var MAP_COLOURS = ['#fbe3c4', '#fdbb84', '#fc8d59', '#d7301f', '#7f0000'];
  var NO_DATA = '#d4d4d4';
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
    var parts = [
      t('header.period', { start: fmtDate(sc.start), end: fmtDate(sc.end), days: int(sc.horizon_days) }),
      KIND_MC ? t('header.replications', { n: int(m.replications) }) : t('header.single_run', { seed: m.seed }),
      t('header.version', { version: m.blanko_version })
    ];
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
      nodes: int(sc.nodes.length), offices: int(D.offices.length)
    });
    renderTimeline();
    table($('policy-table'), [
      { label: t('policies.col.level'), text: function (p) { return t('level.' + p.level); } },
      { label: t('policies.col.replenishment'), text: function (p) { return code('policy.', p.replenishment); } },
      { label: t('policies.col.review'), num: true, text: function (p) { return isNum(p.review_period_days) ? t('policies.every_days', { n: int(p.review_period_days) }) : none(); } },
      { label: t('policies.col.allocation'), text: function (p) { return code('allocation.', p.allocation); } },
      { label: t('policies.col.nodes'), num: true, text: function (p) { return int(p.nodes); } }
    ], sc.policies || []);

    var net = D.network || {};
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
      ['provenance.replications', int(m.replications)],
      ['provenance.created', m.created ? dateTimeFmt.format(new Date(m.created)) : '']
    ].forEach(function (r) {
      if (!r[1]) return;
      dl.appendChild(el('dt', { text: t(r[0]) }));
      dl.appendChild(el('dd', null, [r[2] ? el('code', { text: r[1] }) : r[1]]));
    });
  }

  function renderCredits() {
    var ul = $('credit-list');
    (D.credits || []).forEach(function (c) {
      ul.appendChild(el('li', null, [el('strong', { text: c.name }), ' (' + c.license + '). ', c.text || '']));
    });
    ul.appendChild(el('li', { text: t('credits.generated', { version: D.meta.blanko_version }) }));
  }

  // ---------- print and resize ----------

  function resizeAll(print) {
    printSizes.forEach(function (p) {
      if (print) p[0].resize({ width: PRINT_WIDTH, height: p[1] });
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
    KIND_MC = D.kind !== 'run';
    dateFmt = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    monthFmt = new Intl.DateTimeFormat(LOCALE, { month: 'short', timeZone: 'UTC' });
    dateTimeFmt = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    D.scenario.nodes.forEach(function (n) { nodeById[n.id] = n; });
    D.offices = D.offices || [];
    D.offices.forEach(function (o) { officeById[o.id] = o; });
    (D.run_out || []).forEach(function (r) { runOutById[r.id] = r; });

    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (e) {
      e.textContent = t(e.getAttribute('data-i18n'));
    });
    $('chart-map').setAttribute('aria-label', t('map.title'));
    $('map-lead').textContent = t(KIND_MC ? 'map.lead.mc' : 'map.lead.run');
    $('runout-lead').textContent = t(KIND_MC ? 'runout.lead.mc' : 'runout.lead.run');
    $('chart-timeline').setAttribute('aria-label', t('timeline.aria'));

    R.timings = {};
    [['header', renderHeader], ['answer', renderAnswer], ['map', renderMap], ['fans', renderFans],
     ['run_out', renderRunOut], ['risk', renderRiskTable], ['scenario', renderScenario],
     ['credits', renderCredits]].forEach(function (step) {
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
