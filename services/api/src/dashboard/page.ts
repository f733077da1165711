import { createHash } from 'node:crypto';

// The whole dashboard: plain DOM, text only (never innerHTML), SVG charts drawn by hand. It must stay
// free of HTML-significant text so it can be inlined as is, and is admitted by the CSP through its hash.
// Two views on one page: the source list with queues and charts, and one source (#source/<id>).
const script = `
const $ = (id) => document.getElementById(id);
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; };
const cellOf = (node) => { const td = el('td'); td.append(node); return td; };
const row = (cells) => { const tr = el('tr'); for (const c of cells) tr.append(c instanceof Node ? cellOf(c) : el('td', c ?? '')); return tr; };
const span = (s) => { const a = Math.abs(Math.round(s)); return a >= 172800 ? Math.round(a / 86400) + ' d' : a >= 7200 ? Math.round(a / 3600) + ' h' : a >= 120 ? Math.round(a / 60) + ' min' : a + ' s'; };
const ago = (iso) => iso ? span((Date.now() - Date.parse(iso)) / 1000) + ' ago' : 'never';
const inSecs = (iso) => iso ? (Date.parse(iso) >= Date.now() ? 'in ' + span((Date.parse(iso) - Date.now()) / 1000) : 'overdue') : '';
const csrf = document.querySelector('meta[name=csrf-token]').content;
// Every call carries the page's CSRF token: the server refuses cookie-authenticated changes without it.
const getJson = async (url, init = {}) => {
  const r = await fetch(url, { ...init, headers: { 'x-csrf-token': csrf, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers || {}) } });
  if (!r.ok) { let m = url + ': ' + r.status; try { m = (await r.json()).error.message; } catch {} throw new Error(m); }
  return r.status === 204 ? null : r.json();
};
const HEALTHS = ['failing', 'stale', 'ended', 'pending', 'ok', 'paused'];
const list = { health: '', kind: '', outlet: '', sort: 'problems', page: 1, pageSize: 50, total: 0 };

function options(select, values, counts, all) {
  const current = select.value;
  select.replaceChildren(el('option', all), ...values.map((v) => { const o = el('option', v + (counts && counts[v] !== undefined ? ' (' + counts[v] + ')' : '')); o.value = v; return o; }));
  select.firstChild.value = '';
  select.value = values.includes(current) ? current : '';
}

async function loadSources() {
  const q = new URLSearchParams({ sort: list.sort, page: String(list.page), pageSize: String(list.pageSize) });
  for (const k of ['health', 'kind', 'outlet']) if (list[k]) q.set(k, list[k]);
  const page = await getJson('/admin/sources?' + q);
  list.total = page.total;
  options($('f-health'), HEALTHS.filter((h) => page.facets.health[h]), page.facets.health, 'any health');
  options($('f-kind'), Object.keys(page.facets.kind).sort(), page.facets.kind, 'any kind');
  options($('f-outlet'), Object.keys(page.facets.outlet).sort(), page.facets.outlet, 'any outlet');
  $('summary').replaceChildren(...HEALTHS.filter((h) => page.facets.health[h]).map((h) => el('span', h + ' ' + page.facets.health[h], 'badge ' + h)));
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  $('pageinfo').textContent = 'page ' + page.page + ' of ' + pages + ' · ' + page.total + ' sources';
  $('prev').disabled = page.page <= 1;
  $('next').disabled = page.page >= pages;
  $('sources').replaceChildren(...page.items.map((s) => {
    const st = s.status;
    const link = el('a', s.name || s.url);
    link.href = '#source/' + s.id;
    const tr = row([link, s.outlet || '', s.kind, el('span', s.health, 'badge ' + s.health), ago(st.lastFetchedAt), st.lastHttpStatus, st.consecutiveFailures, st.lastError, st.hint, st.currentIntervalSeconds ?? s.intervalSeconds, st.rhythmSeconds === null ? '' : Math.round(st.rhythmSeconds), st.pollsLastHour, inSecs(st.nextDueAt)]);
    tr.className = 'source ' + s.health;
    tr.dataset.sourceId = s.id;
    return tr;
  }));
}

// Bars over a time span ending now: one per minute for the ingestion charts, one per hour for a source.
function chart(svg, series, color, unit, spanMs, barWidth) {
  const w = 600, h = 120, now = Date.now(), max = Math.max(1, ...series.map((p) => p.y));
  const ns = 'http://www.w3.org/2000/svg';
  const bars = series.map((p) => {
    const bar = document.createElementNS(ns, 'rect');
    const height = (p.y / max) * (h - 16);
    bar.setAttribute('x', Math.max(0, w - ((now - p.x) / spanMs) * w - barWidth).toFixed(1));
    bar.setAttribute('y', (h - height).toFixed(1));
    bar.setAttribute('width', String(barWidth));
    bar.setAttribute('height', height.toFixed(1));
    bar.setAttribute('fill', color);
    return bar;
  });
  const label = document.createElementNS(ns, 'text');
  label.setAttribute('x', '4'); label.setAttribute('y', '12'); label.setAttribute('font-size', '11');
  label.textContent = 'last ' + Math.round(spanMs / 3600000) + ' h, ' + (series.some((p) => p.y > 0) ? 'max ' + max.toFixed(1) + ' ' + unit : 'none');
  svg.replaceChildren(label, ...bars);
}

async function loadStats() {
  const stats = await getJson('/admin/stats');
  $('queues').replaceChildren(...Object.entries(stats.queues).map(([q, c]) => {
    const tr = row([q, c.waiting, c.active, c.failed, c.delayed]);
    tr.dataset.queue = q;
    return tr;
  }));
  $('failures').replaceChildren(...stats.failures.map((f) => {
    const button = el('button', 'retry');
    button.onclick = async () => { button.disabled = true; try { await getJson('/admin/jobs/' + encodeURIComponent(f.queue) + '/' + encodeURIComponent(f.id) + '/retry', { method: 'POST' }); button.textContent = 'queued'; } catch (e) { button.textContent = String(e.message); } };
    const tr = row([f.queue, f.id, f.failedReason, f.attemptsMade, ago(f.failedAt)]);
    tr.append(cellOf(button));
    return tr;
  }));
  const dead = await getJson('/v1/webhooks/dead-letters');
  $('dead-letters').replaceChildren(...dead.items.map((d) => {
    const button = el('button', 'redeliver');
    button.onclick = async () => { button.disabled = true; try { await getJson('/v1/webhooks/dead-letters/' + encodeURIComponent(d.id) + '/redeliver', { method: 'POST' }); button.textContent = 'queued'; } catch (e) { button.textContent = String(e.message); } };
    const tr = row([d.subscriptionId, d.type + ' ' + d.entryId, d.eventId, d.failedReason, d.attemptsMade, ago(d.failedAt)]);
    tr.dataset.deadLetter = d.id;
    tr.append(cellOf(button));
    return tr;
  }));
  const pts = stats.series;
  chart($('rate'), pts.map((m) => ({ x: m.at, y: m.events['entry.created'] + m.events['entry.updated'] })), '#2563eb', 'entries/min', 6 * 3600000, 2);
  chart($('freshness'), pts.filter((m) => m.freshness.count > 0).map((m) => ({ x: m.at, y: m.freshness.sum / m.freshness.count })), '#16a34a', 's', 6 * 3600000, 2);
  chart($('lag'), pts.filter((m) => m.lag.count > 0).map((m) => ({ x: m.at, y: m.lag.sum / m.lag.count })), '#dc2626', 's', 6 * 3600000, 2);
}

// Autodiscovery: the head links the feeds of the liveblogs shown (browsers and feed extensions read them),
// and the page lists them. Leaving the source's page takes its links away.
const FEED_TYPES = [['atom', 'application/atom+xml', 'Atom'], ['json', 'application/feed+json', 'JSON Feed']];
function feeds(liveblogs) {
  for (const link of document.querySelectorAll('link[data-liveblog]')) link.remove();
  const items = liveblogs.map((lb) => {
    const li = el('li', lb.title + ': ');
    for (const [ext, type, name] of FEED_TYPES) {
      const href = '/v1/liveblogs/' + lb.id + '/feed.' + ext;
      const link = document.createElement('link');
      Object.assign(link, { rel: 'alternate', type, title: lb.title + ' (' + name + ')', href });
      link.dataset.liveblog = lb.id;
      document.head.append(link);
      const a = el('a', name);
      a.href = href;
      li.append(a, ' ');
    }
    return li;
  });
  $('d-feeds').replaceChildren(...items);
}

const shownSource = () => (/^#source\\/(src_[0-9a-f]{16})$/.exec(location.hash) || [])[1];

async function loadDetail(id) {
  const d = await getJson('/admin/sources/' + id);
  const s = d.source, st = s.status;
  $('d-name').textContent = s.name || s.url;
  $('d-health').replaceChildren(el('span', d.health, 'badge ' + d.health));
  $('d-pause').hidden = s.paused;
  $('d-resume').hidden = !s.paused;
  const facts = [['id', s.id], ['url', s.url], ['kind', s.kind], ['outlet', d.outlet || ''], ['interval', s.intervalSeconds + ' s declared' + (st.currentIntervalSeconds ? ', ' + st.currentIntervalSeconds + ' s in force' : '') + (st.rhythmSeconds ? ', the page changes every ' + span(st.rhythmSeconds) : '')],
    ['last fetch', ago(st.lastFetchedAt) + (st.lastHttpStatus ? ', HTTP ' + st.lastHttpStatus : '') + (st.lastBytes !== null ? ', ' + st.lastBytes + ' bytes' : '')],
    ['next due', inSecs(st.nextDueAt)], ['polls in the last hour', st.pollsLastHour], ['failures in a row', st.consecutiveFailures], ['last error', st.lastError ? st.lastError + ' (' + ago(st.lastErrorAt) + ')' : 'none'],
    ['last change', ago(st.lastChangedAt)], ['extraction hint', st.hint || 'none'], ['extract rules', s.extract ? JSON.stringify(s.extract) : 'none (generic extraction)']];
  $('d-facts').replaceChildren(...facts.map(([k, v]) => { const tr = el('tr'); tr.append(el('th', k), el('td', v)); tr.dataset.fact = k; return tr; }));
  chart($('d-hours'), d.entriesPerHour.map((p) => ({ x: Date.parse(p.hour) + 3600000, y: p.count })), '#7c3aed', 'entries/h', 25 * 3600000, 20);
  $('d-snapshots').replaceChildren(...d.snapshots.map((n) => row([n.snapshotId, ago(n.fetchedAt), n.entryCount])));
  feeds(d.liveblogs);
  try {
    const log = await getJson('/v1/sources/' + id + '/fetches?hours=24');
    $('d-fetches').replaceChildren(...log.items.slice(0, 50).map((f) => { const tr = row([ago(f.at), f.result, f.httpStatus, f.bytes, f.snapshotId, f.error]); tr.className = 'fetch ' + f.result; return tr; }));
  } catch (e) {
    $('d-fetches').replaceChildren(row(['fetch log not available: ' + e.message]));
  }
}

async function change(method, body) {
  const id = shownSource();
  try { await getJson('/v1/sources/' + id, { method, body: body && JSON.stringify(body) }); $('d-error').textContent = ''; }
  catch (e) { $('d-error').textContent = e.message; return; }
  if (method === 'DELETE') location.hash = '';
  else await loadDetail(id);
}

async function refresh() {
  const id = shownSource();
  $('list-view').hidden = !!id;
  $('detail-view').hidden = !id;
  if (!id) feeds([]);
  try { await (id ? loadDetail(id) : Promise.all([loadSources(), loadStats()])); $('error').textContent = ''; $('updated').textContent = new Date().toLocaleTimeString(); }
  catch (e) { $('error').textContent = String(e.message); }
}

function controls() {
  for (const k of ['health', 'kind', 'outlet', 'sort']) $('f-' + k).onchange = (e) => { list[k] = e.target.value; list.page = 1; refresh(); };
  $('prev').onclick = () => { list.page -= 1; refresh(); };
  $('next').onclick = () => { list.page += 1; refresh(); };
  $('add').onsubmit = async (e) => {
    e.preventDefault();
    const f = e.target.elements;
    const body = { url: f.url.value.trim(), kind: f.kind.value };
    if (f.name.value.trim()) body.name = f.name.value.trim();
    if (f.interval.value) body.intervalSeconds = Number(f.interval.value);
    try { const s = await getJson('/v1/sources', { method: 'POST', body: JSON.stringify(body) }); $('add-result').textContent = 'added ' + s.id; e.target.reset(); location.hash = '#source/' + s.id; }
    catch (err) { $('add-result').textContent = err.message; }
  };
  $('d-pause').onclick = () => change('PATCH', { paused: true });
  $('d-resume').onclick = () => change('PATCH', { paused: false });
  $('d-delete').onclick = () => { if (confirm('Delete this source? Its liveblogs and entries stay.')) change('DELETE'); };
  window.onhashchange = refresh;
}

function live() {
  const entries = $('entries');
  const stream = new EventSource('/v1/stream');
  const show = async (msg) => {
    const ev = JSON.parse(msg.data);
    const li = el('li', ev.type + ' ' + ev.key + ' ');
    li.dataset.entryId = ev.entryId;
    entries.prepend(li);
    while (entries.children.length > 50) entries.lastChild.remove();
    try { const entry = await getJson('/v1/entries/' + encodeURIComponent(ev.entryId)); li.append(el('b', entry.headline || entry.text.slice(0, 120))); } catch (e) { li.append(el('i', 'not readable: ' + e.message)); }
  };
  for (const type of ['entry.created', 'entry.updated', 'entry.deleted', 'entry.restored']) stream.addEventListener(type, show);
  stream.onopen = () => { $('live').textContent = 'live'; };
  stream.onerror = () => { $('live').textContent = 'reconnecting'; };
}

controls();
refresh();
setInterval(refresh, 5000);
live();
`;

/** For the Content-Security-Policy: this exact script may run, nothing else inline. */
export const dashboardScriptHash = `'sha256-${createHash('sha256').update(script).digest('base64')}'`;

/** The page, with the CSRF token its script sends on every call (base64url: nothing to escape). */
export const dashboardPage = (csrfToken: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>liveblog-ingest dashboard</title><link rel="icon" href="data:,">
<link rel="alternate" type="application/atom+xml" title="All entries (Atom)" href="/v1/entries/feed.atom">
<link rel="alternate" type="application/feed+json" title="All entries (JSON Feed)" href="/v1/entries/feed.json">
<meta name="csrf-token" content="${csrfToken}">
<style>
body{font:14px system-ui,sans-serif;margin:1rem;color:#111}table{border-collapse:collapse;margin-bottom:1rem}
td,th{border-bottom:1px solid #ddd;padding:2px 8px;text-align:left;max-width:32rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
tr.failing td{background:#fee}tr.stale td{background:#fff7e0}tr.paused td,tr.ended td{color:#888}svg{border:1px solid #ddd;background:#fafafa}
.badge{display:inline-block;padding:0 6px;border-radius:8px;background:#eee;margin-right:4px}.badge.failing{background:#fca5a5}.badge.stale{background:#fde68a}
.badge.ended{background:#ddd}.badge.ok{background:#bbf7d0}.badge.pending{background:#bfdbfe}.badge.paused{background:#e5e7eb}
#error,#d-error{color:#b91c1c}section{margin-bottom:1.5rem}form,.controls{margin:.5rem 0}input,select,button{font:inherit;margin-right:4px}
#d-facts th{width:10rem;color:#555}#d-facts td{white-space:normal}
</style></head>
<body>
<h1>liveblog-ingest</h1>
<p>Updated <span id="updated">never</span> <span id="error"></span> · <a href="#">sources</a> · <a href="/admin/queues">queues board</a> · stream: <span id="live">connecting</span></p>
<div id="list-view">
<section><h2>Sources</h2>
<p id="summary"></p>
<div class="controls">
<select id="f-health" aria-label="health"></select><select id="f-kind" aria-label="kind"></select><select id="f-outlet" aria-label="outlet"></select>
<select id="f-sort" aria-label="sort"><option value="problems">problems first</option><option value="name">by name</option><option value="outlet">by outlet</option><option value="lastFetch">oldest fetch first</option></select>
<button id="prev">previous</button><span id="pageinfo"></span> <button id="next">next</button>
</div>
<table><thead><tr><th>source</th><th>outlet</th><th>kind</th><th>health</th><th>last fetch</th><th>HTTP</th><th>failures</th><th>last error</th><th>hint</th><th>interval s</th><th>rhythm s</th><th>polls/h</th><th>next due</th></tr></thead><tbody id="sources"></tbody></table>
<form id="add"><b>Add a source</b> <input name="url" type="url" required placeholder="https://…" size="40" aria-label="url"><input name="name" placeholder="name" aria-label="name">
<select name="kind" aria-label="new source kind"><option>liveblog</option><option>index</option></select><input name="interval" type="number" min="5" max="86400" placeholder="interval s" aria-label="interval">
<button type="submit">add</button> <span id="add-result"></span></form>
</section>
<section><h2>Queues</h2><table><thead><tr><th>queue</th><th>waiting</th><th>active</th><th>failed</th><th>delayed</th></tr></thead><tbody id="queues"></tbody></table></section>
<section><h2>Recent failures</h2><table><thead><tr><th>queue</th><th>job</th><th>reason</th><th>attempts</th><th>when</th><th></th></tr></thead><tbody id="failures"></tbody></table></section>
<section><h2>Webhook dead letters</h2><p>Deliveries whose last attempt failed. A redelivered one is out of order: later events of its liveblog have gone out meanwhile.</p><table><thead><tr><th>subscription</th><th>event</th><th>stream id</th><th>reason</th><th>attempts</th><th>when</th><th></th></tr></thead><tbody id="dead-letters"></tbody></table></section>
<section><h2>Entries created or updated per minute</h2><svg id="rate" width="600" height="120"></svg>
<h2>Stage: seconds from fetch to queryable (mean per minute)</h2><svg id="freshness" width="600" height="120"></svg>
<h2>Lag: seconds from the page to queryable, creates, edits and deletions (mean per minute)</h2><svg id="lag" width="600" height="120"></svg></section>
<section><h2>Newest entries</h2><ul id="entries"></ul></section>
</div>
<div id="detail-view" hidden>
<section><h2><span id="d-name"></span> <span id="d-health"></span></h2>
<p><button id="d-pause">pause</button><button id="d-resume">resume</button><button id="d-delete">delete</button> <span id="d-error"></span></p>
<table id="d-facts"></table>
<h3>Entries per hour, last day</h3><svg id="d-hours" width="600" height="120"></svg>
<h3>Recent fetches</h3><table><thead><tr><th>when</th><th>result</th><th>HTTP</th><th>bytes</th><th>snapshot</th><th>error</th></tr></thead><tbody id="d-fetches"></tbody></table>
<h3>Feeds of its liveblogs</h3><ul id="d-feeds"></ul>
<h3>Recent snapshots</h3><table><thead><tr><th>snapshot</th><th>fetched</th><th>entries extracted</th></tr></thead><tbody id="d-snapshots"></tbody></table>
</section>
</div>
<script>${script}</script>
</body>
</html>
`;
