// eventwatch page: map, timeline, filters, table and the evidence panel over /api.
// Plain browser JavaScript, no build step; Leaflet and topojson-client are vendored.
'use strict';

(function () {
  const TYPE_COLOURS = {
    'Battles': '#d62728',
    'Explosions/Remote violence': '#ff7f0e',
    'Violence against civilians': '#9467bd',
    'Protests': '#1f77b4',
    'Riots': '#e377c2',
    'Strategic developments': '#7f7f7f',
  };
  const SUB_TYPES = {
    'Battles': ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'],
    'Explosions/Remote violence': ['Chemical weapon', 'Air/drone strike', 'Suicide bomb',
      'Shelling/artillery/missile attack', 'Remote explosive/landmine/IED', 'Grenade'],
    'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
    'Protests': ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'],
    'Riots': ['Violent demonstration', 'Mob violence'],
    'Strategic developments': ['Agreement', 'Arrests', 'Change to group/activity', 'Disrupted weapons use',
      'Headquarters or base established', 'Looting/property destruction',
      'Non-violent transfer of territory', 'Other'],
  };
  const FIELDS = ['event_type', 'actor1', 'actor2', 'location', 'date', 'fatalities', 'injuries', 'means'];
  const PAGE = 1000;
  const DAY_MS = 86400000;

  const state = { filters: {}, brush: null, selected: null, markers: new Map() };
  let loadSeq = 0;

  const $ = (sel) => document.querySelector(sel);
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === 'class') node.className = v;
      else if (k.startsWith('data-')) node.setAttribute(k, v);
      else node[k] = v;
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : String(c));
    }
    return node;
  }
  const svgEl = (tag, attrs) => {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  };

  async function getJSON(url) {
    const r = await fetch(url);
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.error || `${url}: HTTP ${r.status}`);
    return body;
  }

  function setStatus(text, kind) {
    const s = $('#status');
    s.textContent = text;
    s.className = kind === 'error' ? 'error' : '';
    s.dataset.state = kind || 'ready';
  }

  // The query string of the current filters; `withBrush` adds the brushed dates.
  function params(withBrush) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(state.filters)) if (v !== '') p.set(k, v);
    if (withBrush && state.brush) {
      p.set('from', state.brush[0]);
      p.set('to', state.brush[1]);
    }
    return p;
  }

  // ---- map -----------------------------------------------------------------------------

  const map = L.map('map', { worldCopyJump: false, minZoom: 1, maxZoom: 12, zoomSnap: 0.5 })
    .setView([20, 20], 2);
  map.attributionControl.addAttribution('countries: Natural Earth (public domain)');
  const eventLayer = L.featureGroup().addTo(map);

  // Polygons whose rings jump across ±180° draw a line across the whole map in Leaflet:
  // drop those parts (at 1:110m that is Fiji's and Russia's eastern tips and Antarctica).
  function crossesAntimeridian(ring) {
    for (let i = 1; i < ring.length; i++) {
      if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) return true;
    }
    return false;
  }
  function splitAtAntimeridian(feature) {
    const g = feature.geometry;
    if (!g) return null;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    const kept = polygons.filter((poly) => !poly.some(crossesAntimeridian));
    if (kept.length === 0) return null;
    return { type: 'Feature', properties: feature.properties, geometry: { type: 'MultiPolygon', coordinates: kept } };
  }

  async function loadBasemap() {
    const topo = await getJSON('/vendor/countries-110m.json');
    const countries = topojson.feature(topo, topo.objects.countries).features
      .map(splitAtAntimeridian).filter(Boolean);
    L.geoJSON(countries, {
      interactive: false,
      style: { color: '#8a8a8a', weight: 0.6, fillColor: '#f4f1ea', fillOpacity: 1 },
    }).addTo(map);
    eventLayer.bringToFront();
  }

  function radius(e) {
    return Math.min(30, 4 + 2.2 * Math.sqrt(e.event.fatalities));
  }

  function drawMarkers(events) {
    eventLayer.clearLayers();
    state.markers.clear();
    // Largest first, so small events stay clickable on top.
    const located = events.filter((e) => e.event.location)
      .sort((a, b) => b.event.fatalities - a.event.fatalities);
    for (const e of located) {
      const colour = TYPE_COLOURS[e.event.event_type] || '#333';
      const m = L.circleMarker([e.event.location.lat, e.event.location.lon], {
        radius: radius(e), color: colour, weight: 1, fillColor: colour,
        fillOpacity: e.event.aggregate ? 0.15 : 0.55,
        dashArray: e.event.aggregate ? '3 3' : null,
        className: `ev-marker ev-${e.id}`,
      });
      m.bindTooltip(`${e.event.sub_event_type} — ${e.event.location.name}` +
        `${e.event.date ? ', ' + e.event.date : ''}: ${e.event.fatalities} killed` +
        `${e.event.aggregate ? ' (total of other events)' : ''}`);
      m.on('click', () => select(e.id));
      m.addTo(eventLayer);
      state.markers.set(e.id, m);
    }
    if (located.length > 0) {
      map.fitBounds(eventLayer.getBounds(), { padding: [20, 20], maxZoom: 6 });
    }
  }

  // ---- timeline ------------------------------------------------------------------------

  const dayNumber = (d) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / DAY_MS;
  const dayString = (n) => new Date(n * DAY_MS).toISOString().slice(0, 10);
  const timeline = { first: 0, last: 0, width: 0 };

  function drawTimeline(agg) {
    const svg = $('#timeline');
    svg.replaceChildren();
    const buckets = agg.buckets;
    const width = svg.clientWidth || 800;
    const height = svg.clientHeight || 90;
    const axis = 14;
    if (buckets.length === 0) {
      svg.append(svgEl('text', { x: 8, y: 20, class: 'axis' }));
      svg.lastChild.textContent = 'no dated events';
      return;
    }
    const first = dayNumber(buckets[0].key);
    const last = dayNumber(buckets[buckets.length - 1].key) + 1;
    Object.assign(timeline, { first, last, width });
    // Long ranges are binned so that each bar is at least 3 pixels wide.
    const days = last - first;
    const perBin = Math.max(1, Math.ceil(days / Math.max(1, Math.floor(width / 3))));
    const bins = new Map();
    for (const b of buckets) {
      const bin = Math.floor((dayNumber(b.key) - first) / perBin);
      const cur = bins.get(bin) || { fatalities: 0, events: 0 };
      cur.fatalities += b.fatalities;
      cur.events += b.events;
      bins.set(bin, cur);
    }
    const maxF = Math.max(1, ...[...bins.values()].map((b) => b.fatalities));
    const x = (day) => ((day - first) / days) * width;
    const barW = Math.max(1, (width / days) * perBin - 1);
    for (const [bin, b] of bins) {
      const day = first + bin * perBin;
      const h = (b.fatalities / maxF) * (height - axis - 4);
      const title = svgEl('title');
      const span = perBin > 1 ? `${dayString(day)} to ${dayString(Math.min(last - 1, day + perBin - 1))}` : dayString(day);
      title.textContent = `${span}: ${b.fatalities} killed in ${b.events} events`;
      const shape = b.fatalities > 0
        ? svgEl('rect', { class: 'bar', x: x(day), y: height - axis - h, width: barW, height: h })
        : svgEl('rect', { class: 'dot', x: x(day), y: height - axis - 2, width: barW, height: 2 });
      shape.append(title);
      svg.append(shape);
    }
    for (const [day, anchor] of [[first, 'start'], [last - 1, 'end']]) {
      const t = svgEl('text', { x: anchor === 'start' ? 0 : width, y: height - 2, 'text-anchor': anchor, class: 'axis' });
      t.textContent = dayString(day);
      svg.append(t);
    }
    const mid = svgEl('text', { x: width / 2, y: height - 2, 'text-anchor': 'middle', class: 'axis' });
    mid.textContent = `max ${maxF} killed per ${perBin > 1 ? perBin + ' days' : 'day'}`;
    svg.append(mid);
    drawBrush();
  }

  function drawBrush() {
    const svg = $('#timeline');
    svg.querySelectorAll('.brush').forEach((n) => n.remove());
    $('#clear-brush').hidden = !state.brush;
    $('#brush-label').textContent = state.brush ? `${state.brush[0]} to ${state.brush[1]}` : '';
    if (!state.brush || timeline.last <= timeline.first) return;
    const x = (day) => ((day - timeline.first) / (timeline.last - timeline.first)) * timeline.width;
    const a = x(dayNumber(state.brush[0]));
    const b = x(dayNumber(state.brush[1]) + 1);
    svg.append(svgEl('rect', { class: 'brush', x: a, y: 0, width: Math.max(1, b - a), height: svg.clientHeight - 14 }));
  }

  function setupBrush() {
    const svg = $('#timeline');
    let start = null;
    const dayAt = (evt) => {
      const r = svg.getBoundingClientRect();
      const f = Math.min(1, Math.max(0, (evt.clientX - r.left) / r.width));
      return Math.min(timeline.last - 1, Math.floor(timeline.first + f * (timeline.last - timeline.first)));
    };
    svg.addEventListener('pointerdown', (evt) => {
      if (timeline.last <= timeline.first) return;
      start = dayAt(evt);
      svg.setPointerCapture(evt.pointerId);
    });
    svg.addEventListener('pointermove', (evt) => {
      if (start === null) return;
      const d = dayAt(evt);
      state.brush = [dayString(Math.min(start, d)), dayString(Math.max(start, d))];
      drawBrush();
    });
    svg.addEventListener('pointerup', (evt) => {
      if (start === null) return;
      const d = dayAt(evt);
      const from = Math.min(start, d);
      const to = Math.max(start, d);
      start = null;
      state.brush = [dayString(from), dayString(to)];
      drawBrush();
      loadEvents();
    });
    $('#clear-brush').addEventListener('click', () => {
      state.brush = null;
      drawBrush();
      loadEvents();
    });
  }

  // ---- table ---------------------------------------------------------------------------

  function drawTable(events) {
    const body = $('#events-table tbody');
    body.replaceChildren(...events.map((e) => {
      const ev = e.event;
      const loc = ev.location;
      const row = el('tr', { 'data-id': e.id },
        el('td', {}, ev.date || '–'),
        el('td', {}, el('span', { class: 'swatch' }), ev.sub_event_type),
        el('td', {}, loc ? `${loc.name}${loc.country ? ' (' + loc.country + ')' : ''}` : '–'),
        el('td', { class: 'num' }, ev.aggregate ? `(${ev.fatalities})` : ev.fatalities),
        el('td', {}, ev.actor1 ? ev.actor1.name : '–'),
        el('td', {}, ev.actor2 ? ev.actor2.name : '–'),
        el('td', { title: e.doc_id }, e.doc_id));
      row.querySelector('.swatch').style.background = TYPE_COLOURS[ev.event_type] || '#333';
      row.addEventListener('click', () => select(e.id));
      if (e.id === state.selected) row.classList.add('selected');
      return row;
    }));
  }

  // ---- event panel ---------------------------------------------------------------------

  // The sentence with every evidence span wrapped in <mark data-field=...>. Offsets are
  // code points into the document; Array.from splits by code point, as the API counts.
  function highlighted(sentence) {
    const chars = Array.from(sentence.text);
    const spans = sentence.evidence.map((ev) => ({
      ev,
      a: Math.max(0, Math.min(chars.length, ev.start - sentence.start)),
      b: Math.max(0, Math.min(chars.length, ev.end - sentence.start)),
    })).filter((s) => s.b > s.a);
    const cuts = new Set([0, chars.length]);
    for (const s of spans) { cuts.add(s.a); cuts.add(s.b); }
    const points = [...cuts].sort((x, y) => x - y);
    const out = el('p', { class: 'sentence' });
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const text = chars.slice(a, b).join('');
      // The innermost (shortest) span covering this piece names its colour; among spans of
      // one length, the field first in FIELDS (a default actor's evidence points at the
      // event's own words, which are first the event type's).
      const rank = (s) => { const i = FIELDS.indexOf(s.ev.field); return i < 0 ? FIELDS.length : i; };
      const covering = spans.filter((s) => s.a <= a && s.b >= b)
        .sort((x, y) => (x.b - x.a) - (y.b - y.a) || rank(x) - rank(y));
      if (covering.length === 0) {
        out.append(text);
      } else {
        const fields = [...new Set(covering.map((s) => s.ev.field))];
        out.append(el('mark', {
          'data-field': covering[0].ev.field,
          title: covering.map((s) => `${s.ev.field} (${s.ev.rule})`).join('; '),
          'data-fields': fields.join(' '),
        }, text));
      }
    }
    return out;
  }

  function actorText(a) {
    // A default actor (ACLED's "Civilians", "Unidentified Armed Group") has no words.
    const words = a && a.text ? ` — “${a.text}”` : ' — (not named in the text)';
    return a ? `${a.name}${words}${a.country ? ' (' + a.country + ')' : ''}` : '–';
  }

  async function select(id) {
    state.selected = id;
    document.querySelectorAll('#events-table tr.selected').forEach((r) => r.classList.remove('selected'));
    const row = document.querySelector(`#events-table tr[data-id="${id}"]`);
    if (row) row.classList.add('selected');
    const marker = state.markers.get(id);
    if (marker) marker.setStyle({ weight: 3 });
    const panel = $('#panel');
    panel.dataset.state = 'loading';
    try {
      const d = await getJSON(`/api/events/${id}`);
      if (state.selected !== id) return;
      const ev = d.event;
      const loc = ev.location;
      const doc = d.document;
      const title = doc && doc.url
        ? el('a', { href: doc.url, target: '_blank', rel: 'noopener noreferrer' }, doc.title || d.doc_id)
        : (doc && doc.title) || d.doc_id;
      const legend = el('p', { class: 'legend' }, ...FIELDS.map((f) => el('mark', { 'data-field': f }, f)));
      const count = (n, min, max) => `${n}${min !== null && max !== null && min !== max ? ` (${min}–${max})` : ''}`;
      panel.replaceChildren(
        el('h2', {}, `${ev.sub_event_type}`),
        el('dl', {},
          el('dt', {}, 'type'), el('dd', {}, `${ev.event_type} / PLOVER ${ev.plover_type}`),
          el('dt', {}, 'date'), el('dd', {}, ev.date ? `${ev.date} (${ev.date_precision})` : 'unknown'),
          el('dt', {}, 'place'), el('dd', {}, loc ? `${loc.name}${loc.admin1 ? ', ' + loc.admin1 : ''}${loc.country ? ', ' + loc.country : ''} (${loc.precision})` : 'unknown'),
          el('dt', {}, 'killed'), el('dd', {}, count(ev.fatalities, ev.fatalities_min, ev.fatalities_max) +
            (ev.aggregate ? ' — a total over other events of the report' : '') + (ev.hedged ? ' — unconfirmed' : '')),
          el('dt', {}, 'injured'), el('dd', {}, ev.injuries),
          el('dt', {}, 'actor 1'), el('dd', {}, actorText(ev.actor1)),
          el('dt', {}, 'actor 2'), el('dd', {}, actorText(ev.actor2)),
          el('dt', {}, 'report'), el('dd', {}, title, doc && doc.published ? ` (${doc.published})` : '')),
        legend,
        ...d.sentences.map(highlighted),
        ...(d.unplaced.length ? [el('p', { class: 'hint' }, `${d.unplaced.length} evidence spans outside the text`)] : []),
      );
      panel.dataset.state = 'ready';
      panel.dataset.event = String(id);
    } catch (err) {
      panel.replaceChildren(el('p', { class: 'error' }, err.message));
      panel.dataset.state = 'error';
    }
  }

  // ---- loading -------------------------------------------------------------------------

  function updateExports() {
    const q = params(true).toString();
    for (const fmt of ['csv', 'geojson', 'jsonl']) {
      $(`#x-${fmt}`).href = `/api/export.${fmt}${q ? '?' + q : ''}`;
    }
  }

  async function loadEvents() {
    const seq = ++loadSeq;
    setStatus('loading…', 'loading');
    updateExports();
    try {
      const p = params(true);
      p.set('limit', PAGE);
      const list = await getJSON(`/api/events?${p}`);
      if (seq !== loadSeq) return;
      drawMarkers(list.events);
      drawTable(list.events);
      const more = list.next_offset !== null ? ` (the newest ${PAGE}; narrow the filters to see the rest)` : '';
      setStatus(`${list.events.length} events${more}`, 'ready');
    } catch (err) {
      if (seq === loadSeq) setStatus(err.message, 'error');
    }
  }

  async function loadTimeline() {
    const p = params(false);
    p.set('by', 'day');
    try {
      drawTimeline(await getJSON(`/api/aggregates?${p}`));
    } catch (err) {
      setStatus(err.message, 'error');
    }
  }

  function readFilters() {
    const f = new FormData($('#filters'));
    state.filters = {};
    for (const [k, v] of f.entries()) state.filters[k] = String(v).trim();
  }

  function setupFilters() {
    const select = $('#f-type');
    for (const [type, subs] of Object.entries(SUB_TYPES)) {
      select.append(el('option', { value: type }, type));
      const group = el('optgroup', { label: `${type}: sub-types` });
      for (const s of subs) group.append(el('option', { value: s }, `  ${s}`));
      select.append(group);
    }
    $('#filters').addEventListener('submit', (evt) => {
      evt.preventDefault();
      readFilters();
      state.brush = null;
      loadTimeline();
      loadEvents();
    });
    $('#reset-filters').addEventListener('click', () => {
      $('#filters').reset();
      readFilters();
      state.brush = null;
      loadTimeline();
      loadEvents();
    });
  }

  async function loadStats() {
    try {
      const s = await getJSON('/api/stats');
      $('#stats').textContent = `${s.events} events from ${s.documents} reports, ${s.fatalities} killed`;
    } catch (err) {
      setStatus(err.message, 'error');
    }
  }

  setupFilters();
  setupBrush();
  readFilters();
  loadStats();
  loadBasemap().catch((err) => setStatus(`basemap: ${err.message}`, 'error'));
  loadTimeline();
  loadEvents();
})();
