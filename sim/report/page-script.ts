/**
 * The page's only script (inline, after chart-helpers and scatter-layout): tooltips on
 * anything carrying `data-i` (a sweep point), `data-pub` (a published result) or `data-tip`
 * (literal text); linked highlighting of one point across every chart; re-laying out the
 * Pareto scatter when the user picks other axes, colours or scales (the same
 * `scatterLayout` the server drew it with, applied to the same elements); sortable tables;
 * copy-as-YAML. It makes no request of any kind.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var SVGNS = 'http://www.w3.org/2000/svg';
  var dataEl = document.getElementById('report-data');
  var data = dataEl ? JSON.parse(dataEl.textContent) : {};
  var tip = document.getElementById('tip');

  // ---------------------------------------------------------------- tooltips
  function metricLine(key, v) {
    var m = (data.model && data.model.metrics[key]) || null;
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    if (typeof v !== 'number') return '—';
    return m ? fmtNumber(v * m.scale, 4) + (m.unit ? ' ' + m.unit : '') : fmtNumber(v, 4);
  }
  function rows(obj, fmt) {
    return Object.keys(obj).map(function (k) { return '<tr><td>' + escapeHtml(k) + '</td><td>' + fmt(k, obj[k]) + '</td></tr>'; }).join('');
  }
  function pointTip(i) {
    var p = data.model.points[i];
    var h = '<div class="h">point ' + i + ' · ' + escapeHtml(p.status) + (p.front ? ' · on pareto.json\'s front' : '') + '</div>';
    h += '<table>' + rows(p.params, function (k, v) { return escapeHtml(String(v)); }) + '</table>';
    var shown = {};
    (data.tipMetrics || []).forEach(function (k) { if (p.raw[k] !== undefined && p.raw[k] !== null) shown[k] = p.raw[k]; });
    if (Object.keys(shown).length) h += '<hr><table>' + rows(shown, metricLine) + '</table>';
    if (p.bounds && p.status === 'pruned') h += '<hr>optimistic bounds: ' + Object.keys(p.bounds).map(function (k) { return escapeHtml(k) + ' ' + metricLine(k, p.bounds[k]); }).join(', ');
    if (p.error) h += '<hr>' + escapeHtml(p.error);
    if (p.dominated_by) h += '<br>dominated by ' + escapeHtml(p.dominated_by.slice(0, 12)) + '…';
    if (p.confirms) h += '<hr>exact (timing mode): confirms the estimate ' + escapeHtml(p.confirms.slice(0, 12)) + '…';
    h += '<div class="note">' + escapeHtml(p.hash.slice(0, 16)) + '…</div>';
    return h;
  }
  function pubTip(id) {
    var q = (data.published || []).filter(function (x) { return x.id === id; })[0];
    if (!q) return '';
    return '<div class="h">' + escapeHtml(q.system) + ' <span class="pill ' + q.kind + '">' + q.kind + '</span></div>' +
      '<div>' + escapeHtml(q.model) + ' on ' + escapeHtml(q.board) + '</div><table>' + rows(q.metrics, metricLine) + '</table>' +
      '<div class="note">' + escapeHtml(q.caveat) + '</div><div class="note">' + escapeHtml(q.source.title) + ', arXiv ' + escapeHtml(q.source.arxiv) + ' — ' + escapeHtml(q.source.where) + '</div>';
  }
  function tipFor(el) {
    if (el.hasAttribute('data-i') && data.model) return pointTip(Number(el.getAttribute('data-i')));
    if (el.hasAttribute('data-pub')) return pubTip(el.getAttribute('data-pub'));
    if (el.hasAttribute('data-tip')) return escapeHtml(el.getAttribute('data-tip')).replace(/\n/g, '<br>');
    return '';
  }
  var hot = [];
  function setHot(i) {
    hot.forEach(function (e) { e.classList.remove('hot'); });
    hot = i === null ? [] : Array.prototype.slice.call(document.querySelectorAll('[data-i="' + i + '"]'));
    hot.forEach(function (e) { e.classList.add('hot'); });
  }
  function place(e) {
    var pad = 14, w = tip.offsetWidth, h = tip.offsetHeight;
    var x = e.clientX + pad, y = e.clientY + pad;
    if (x + w > window.innerWidth - 4) x = Math.max(4, e.clientX - pad - w);
    if (y + h > window.innerHeight - 4) y = Math.max(4, e.clientY - pad - h);
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }
  document.addEventListener('mouseover', function (e) {
    var el = e.target.closest && e.target.closest('[data-i],[data-pub],[data-tip]');
    if (!el) return;
    var html = tipFor(el);
    if (!html) return;
    tip.innerHTML = html;
    tip.hidden = false;
    place(e);
    if (el.hasAttribute('data-i')) setHot(el.getAttribute('data-i'));
  });
  document.addEventListener('mousemove', function (e) { if (!tip.hidden) place(e); });
  document.addEventListener('mouseout', function (e) {
    var el = e.target.closest && e.target.closest('[data-i],[data-pub],[data-tip]');
    if (!el || (e.relatedTarget && el.contains(e.relatedTarget))) return;
    tip.hidden = true;
    setHot(null);
  });

  // ---------------------------------------------------------------- sortable tables
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var heads = table.querySelectorAll('thead th');
    Array.prototype.forEach.call(heads, function (th, col) {
      var b = th.querySelector('button.sort');
      if (!b) return;
      b.addEventListener('click', function () {
        var dir = th.getAttribute('aria-sort') === 'descending' ? 'ascending' : 'descending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir);
        var body = table.tBodies[0];
        var rs = Array.prototype.slice.call(body.rows);
        function key(r) {
          var c = r.cells[col];
          var v = c.getAttribute('data-v');
          var n = Number(v);
          return v !== null && v !== '' && isFinite(n) ? n : (v !== null ? v : c.textContent);
        }
        rs.sort(function (a, b) {
          var x = key(a), y = key(b);
          var c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
          return dir === 'ascending' ? c : -c;
        });
        rs.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  // ---------------------------------------------------------------- copy as YAML
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('button.copy');
    if (!b) return;
    var src = document.getElementById(b.getAttribute('data-yaml'));
    if (!src) return;
    var text = src.value !== undefined ? src.value : src.textContent;
    function done(ok) { b.textContent = ok ? 'copied' : 'select the YAML below'; setTimeout(function () { b.textContent = 'copy YAML'; }, 1500); }
    function fallback() {
      var ta = document.createElement('textarea');
      ta.value = text; ta.style.position = 'fixed'; ta.style.opacity = '0';
      document.body.appendChild(ta); ta.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (err) { ok = false; }
      document.body.removeChild(ta);
      done(ok);
    }
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    else fallback();
  });

  // ---------------------------------------------------------------- the Pareto scatter
  var svg = document.getElementById('pareto');
  if (!svg || !data.model) return;
  var state = data.state;
  var geom = data.geom;
  function el(name, attrs, parent) {
    var n = document.createElementNS(SVGNS, name);
    for (var k in attrs) n.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(n);
    return n;
  }
  function clear(g) { while (g.firstChild) g.removeChild(g.firstChild); }
  function apply(layout) {
    var gx = svg.querySelector('.grid-x'), gy = svg.querySelector('.grid-y');
    clear(gx); clear(gy);
    layout.x.ticks.forEach(function (t) { el('line', { x1: t.px, x2: t.px, y1: geom.top, y2: geom.bottom }, gx); });
    layout.y.ticks.forEach(function (t) { el('line', { y1: t.px, y2: t.px, x1: geom.left, x2: geom.right }, gy); });
    var ax = svg.querySelector('.x-axis'), ay = svg.querySelector('.y-axis');
    clear(ax); clear(ay);
    layout.x.ticks.forEach(function (t) {
      var g = el('g', { 'class': 'tick', transform: 'translate(' + t.px + ',0)' }, ax);
      el('line', { y2: 6, stroke: 'currentColor' }, g);
      el('text', { y: 9, dy: '0.71em', fill: 'currentColor' }, g).textContent = t.label;
    });
    layout.y.ticks.forEach(function (t) {
      var g = el('g', { 'class': 'tick', transform: 'translate(0,' + t.px + ')' }, ay);
      el('line', { x2: -6, stroke: 'currentColor' }, g);
      el('text', { x: -9, dy: '0.32em', fill: 'currentColor' }, g).textContent = t.label;
    });
    svg.querySelector('.x-title').textContent = layout.x.title;
    svg.querySelector('.y-title').textContent = layout.y.title;
    svg.querySelector('.front-line').setAttribute('d', layout.step.length ? 'M' + layout.step.map(function (c) { return c.px.toFixed(2) + ',' + c.py.toFixed(2); }).join('L') : '');
    var cons = svg.querySelector('.constraints');
    clear(cons);
    layout.constraints.forEach(function (c) {
      var g = el('g', { 'class': 'constraint' }, cons);
      if (c.axis === 'x') {
        el('line', { x1: c.at, x2: c.at, y1: geom.top, y2: geom.bottom }, g);
        el('text', { x: c.at + 4, y: geom.bottom - 6, 'text-anchor': 'start', 'font-size': 11 }, g).textContent = c.text;
      } else {
        el('line', { y1: c.at, y2: c.at, x1: geom.left, x2: geom.right }, g);
        el('text', { x: geom.right - 4, y: c.at - 4, 'text-anchor': 'end', 'font-size': 11 }, g).textContent = c.text;
      }
    });
    var marks = svg.querySelector('.marks');
    var front = [];
    layout.marks.forEach(function (m) {
      var n = marks.querySelector('[data-i="' + m.i + '"]');
      n.setAttribute('transform', 'translate(' + m.px + ',' + m.py + ')');
      n.setAttribute('style', '--c:' + m.colour);
      n.classList.toggle('front', m.front);
      n.classList.toggle('unplaced', !m.placed);
      if (m.front) front.push(n);
    });
    front.forEach(function (n) { marks.appendChild(n); });
    // A published point's or a prediction's marker group, moved to its place (null: not drawn).
    function placeMarker(attr, p) {
      var g = svg.querySelector('[' + attr + '="' + p.id + '"]');
      if (!g) return null;
      g.setAttribute('display', p.visible ? 'inline' : 'none');
      g.setAttribute('transform', 'translate(' + p.px + ',' + p.py + ')');
      g.classList.toggle('clamped', p.clamped);
      return g;
    }
    layout.published.forEach(function (p) {
      var g = placeMarker('data-pub', p);
      if (!g) return;
      var t = g.querySelector('text');
      t.textContent = p.text;
      t.setAttribute('y', 4 + p.dy);
      t.setAttribute('x', p.anchorEnd ? -9 : 9);
      t.setAttribute('text-anchor', p.anchorEnd ? 'end' : 'start');
    });
    (layout.predicted || []).forEach(function (p) {
      var g = placeMarker('data-pred', p);
      if (!g) return;
      var l = g.querySelector('line');
      l.setAttribute('x2', p.toX);
      l.setAttribute('y2', p.toY);
      l.setAttribute('display', p.joined ? 'inline' : 'none');
    });
    svg.querySelector('.strip-label').textContent = layout.unplaced ? layout.unplaced + ' point' + (layout.unplaced === 1 ? '' : 's') + ' these axes cannot place (failed, or no value for an axis):' : '';
    var fc = svg.querySelector('.legend-front-count');
    if (fc) fc.textContent = 'on the front (' + layout.frontCount + ')';
    var cg = svg.querySelector('.legend-colour');
    clear(cg);
    if (layout.legend.length) {
      el('text', { 'class': 'legend-title', x: -7, y: 0, 'font-weight': 600 }, cg).textContent = state.colour;
      layout.legend.forEach(function (e, k) {
        var g = el('g', { 'class': 'legend-item', transform: 'translate(0,' + (18 + k * 18) + ')' }, cg);
        el('rect', { x: -6, y: -6, width: 12, height: 12, rx: 2, fill: e.colour }, g);
        el('text', { x: 16, y: 4 }, g).textContent = e.label;
      });
    }
    var note = document.getElementById('front-note');
    if (note) note.textContent = layout.frontSource === 'pareto.json'
      ? 'Front: the ' + layout.frontCount + ' points of pareto.json (the sweep\'s objectives and constraints).'
      : 'Front: the ' + layout.frontCount + ' feasible points no other beats on both of these axes (' + (data.model.metrics[state.x] || {}).direction + ' x, ' + (data.model.metrics[state.y] || {}).direction + ' y), computed in the page.';
  }
  function read() {
    state = {
      x: document.getElementById('x-axis').value,
      y: document.getElementById('y-axis').value,
      colour: document.getElementById('colour-by').value || null,
      logX: document.getElementById('log-x').checked,
      logY: document.getElementById('log-y').checked,
      showPublished: document.getElementById('show-published').checked,
      fitPublished: document.getElementById('fit-published').checked
    };
    apply(scatterLayout(data.model, state, geom));
  }
  ['x-axis', 'y-axis', 'colour-by', 'log-x', 'log-y', 'show-published', 'fit-published'].forEach(function (id) {
    var c = document.getElementById(id);
    if (!c) return;
    c.addEventListener('change', function () {
      // A new metric on an axis starts on the scale that suits its values (log when they span decades).
      if (id === 'x-axis' || id === 'y-axis') {
        var box = document.getElementById(id === 'x-axis' ? 'log-x' : 'log-y');
        box.checked = !!(data.logDefault && data.logDefault[c.value]);
      }
      // Fitting the literature in usually spans decades: switch an axis to log when it does.
      if (id === 'fit-published') {
        ['x', 'y'].forEach(function (a) {
          var key = document.getElementById(a + '-axis').value;
          var vals = data.model.points.map(function (p) { return p.metrics[key]; });
          if (c.checked) data.model.published.forEach(function (q) { vals.push(q.metrics[key]); });
          vals = vals.filter(function (v) { return typeof v === 'number' && isFinite(v); });
          var pos = vals.every(function (v) { return v > 0; });
          var span = vals.length > 1 && pos ? Math.max.apply(null, vals) / Math.min.apply(null, vals) : 1;
          document.getElementById('log-' + a).checked = span > 30 || !!(data.logDefault && data.logDefault[key]);
        });
      }
      read();
    });
  });
})();
`;
