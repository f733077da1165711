import { createHash } from 'node:crypto';

// The whole dashboard: plain DOM, text only (never innerHTML), SVG charts drawn by hand. It must stay
// free of HTML-significant text so it can be inlined as is, and is admitted by the CSP through its hash.
const script = `
const $ = (id) => document.getElementById(id);
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = String(text); if (cls) e.className = cls; return e; };
const row = (cells) => { const tr = el('tr'); for (const c of cells) tr.append(el('td', c ?? '')); return tr; };
const ago = (iso) => iso ? Math.round((Date.now() - Date.parse(iso)) / 1000) + ' s ago' : 'never';
const inSecs = (iso) => iso ? Math.round((Date.parse(iso) - Date.now()) / 1000) + ' s' : '';
const getJson = async (url, init) => { const r = await fetch(url, init); if (!r.ok) throw new Error(url + ': ' + r.status); return r.status === 204 ? null : r.json(); };

async function loadSources() {
  const items = [];
  let next = null;
  do {
    const page = await getJson('/v1/sources?limit=100' + (next ? '&cursor=' + encodeURIComponent(next) : ''));
    items.push(...page.items);
    next = page.next;
  } while (next);
  const body = $('sources');
  body.replaceChildren(...items.map((s) => {
    const st = s.status;
    const health = s.paused ? 'paused' : st.ended ? 'ended' : st.consecutiveFailures > 0 ? 'failing' : st.lastFetchedAt ? 'ok' : 'pending';
    const tr = row([s.name || s.url, health, ago(st.lastFetchedAt), st.lastHttpStatus, st.consecutiveFailures, st.lastError, st.currentIntervalSeconds ?? s.intervalSeconds, st.rhythmSeconds, st.pollsLastHour, inSecs(st.nextDueAt)]);
    tr.className = 'source ' + health;
    tr.dataset.sourceId = s.id;
    return tr;
  }));
}

// One bar per minute over the last six hours, so that a single busy minute is visible too.
function chart(svg, series, color, unit) {
  const w = 600, h = 120, span = 6 * 3600 * 1000, now = Date.now(), max = Math.max(1, ...series.map((p) => p.y));
  const ns = 'http://www.w3.org/2000/svg';
  const bars = series.map((p) => {
    const bar = document.createElementNS(ns, 'rect');
    const height = (p.y / max) * (h - 16);
    bar.setAttribute('x', Math.max(0, w - ((now - p.x) / span) * w - 2).toFixed(1));
    bar.setAttribute('y', (h - height).toFixed(1));
    bar.setAttribute('width', '2');
    bar.setAttribute('height', height.toFixed(1));
    bar.setAttribute('fill', color);
    return bar;
  });
  const label = document.createElementNS(ns, 'text');
  label.setAttribute('x', '4'); label.setAttribute('y', '12'); label.setAttribute('font-size', '11');
  label.textContent = 'last 6 h, max ' + max.toFixed(1) + ' ' + unit;
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
    const cell = el('td'); cell.append(button);
    const tr = row([f.queue, f.id, f.failedReason, f.attemptsMade, ago(f.failedAt)]);
    tr.append(cell);
    return tr;
  }));
  const pts = stats.series;
  chart($('rate'), pts.map((m) => ({ x: m.at, y: m.events['entry.created'] + m.events['entry.updated'] })), '#2563eb', 'entries/min');
  chart($('freshness'), pts.filter((m) => m.freshness.count > 0).map((m) => ({ x: m.at, y: m.freshness.sum / m.freshness.count })), '#16a34a', 's');
  chart($('lag'), pts.filter((m) => m.lag.count > 0).map((m) => ({ x: m.at, y: m.lag.sum / m.lag.count })), '#dc2626', 's');
}

async function refresh() {
  try { await Promise.all([loadSources(), loadStats()]); $('error').textContent = ''; $('updated').textContent = new Date().toLocaleTimeString(); }
  catch (e) { $('error').textContent = String(e.message); }
}

function live() {
  const list = $('entries');
  const stream = new EventSource('/v1/stream');
  const show = async (msg) => {
    const ev = JSON.parse(msg.data);
    const li = el('li', ev.type + ' ' + ev.key + ' ');
    li.dataset.entryId = ev.entryId;
    list.prepend(li);
    while (list.children.length > 50) list.lastChild.remove();
    try { const entry = await getJson('/v1/entries/' + encodeURIComponent(ev.entryId)); li.append(el('b', entry.headline || entry.text.slice(0, 120))); } catch (e) { li.append(el('i', 'not readable: ' + e.message)); }
  };
  for (const type of ['entry.created', 'entry.updated', 'entry.deleted', 'entry.restored']) stream.addEventListener(type, show);
  stream.onopen = () => { $('live').textContent = 'live'; };
  stream.onerror = () => { $('live').textContent = 'reconnecting'; };
}

refresh();
setInterval(refresh, 5000);
live();
`;

/** For the Content-Security-Policy: this exact script may run, nothing else inline. */
export const dashboardScriptHash = `'sha256-${createHash('sha256').update(script).digest('base64')}'`;

export const dashboardPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>liveblog-ingest dashboard</title><link rel="icon" href="data:,">
<style>
body{font:14px system-ui,sans-serif;margin:1rem;color:#111}table{border-collapse:collapse;margin-bottom:1rem}
td,th{border-bottom:1px solid #ddd;padding:2px 8px;text-align:left;max-width:32rem;overflow:hidden;text-overflow:ellipsis}
tr.failing td{background:#fee}tr.paused td,tr.ended td{color:#888}svg{border:1px solid #ddd;background:#fafafa}
#error{color:#b91c1c}section{margin-bottom:1.5rem}
</style></head>
<body>
<h1>liveblog-ingest</h1>
<p>Updated <span id="updated">never</span> <span id="error"></span> · <a href="/admin/queues">queues board</a> · stream: <span id="live">connecting</span></p>
<section><h2>Sources</h2><table><thead><tr><th>source</th><th>health</th><th>last fetch</th><th>HTTP</th><th>failures</th><th>last error</th><th>interval s</th><th>rhythm s</th><th>polls/h</th><th>next due</th></tr></thead><tbody id="sources"></tbody></table></section>
<section><h2>Queues</h2><table><thead><tr><th>queue</th><th>waiting</th><th>active</th><th>failed</th><th>delayed</th></tr></thead><tbody id="queues"></tbody></table></section>
<section><h2>Recent failures</h2><table><thead><tr><th>queue</th><th>job</th><th>reason</th><th>attempts</th><th>when</th><th></th></tr></thead><tbody id="failures"></tbody></table></section>
<section><h2>Entries created or updated per minute</h2><svg id="rate" width="600" height="120"></svg>
<h2>Stage: seconds from fetch to queryable (mean per minute)</h2><svg id="freshness" width="600" height="120"></svg>
<h2>Lag: seconds from the page to queryable, creates, edits and deletions (mean per minute)</h2><svg id="lag" width="600" height="120"></svg></section>
<section><h2>Newest entries</h2><ul id="entries"></ul></section>
<script>${script}</script>
</body>
</html>
`;
