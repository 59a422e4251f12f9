import { API_PREFIX, ASSET_CLASSES, RAW_WS_PREFIX, SHOCK_TYPES } from '@simstream/protocol';

const STYLE = `
body{font:14px system-ui,sans-serif;margin:0;background:#0f172a;color:#e2e8f0}
header{padding:12px 16px;background:#1e293b;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
h1{font-size:16px;margin:0 12px 0 0}
main{display:grid;grid-template-columns:minmax(280px,360px) 1fr;gap:16px;padding:16px}
section{background:#1e293b;border-radius:8px;padding:12px;margin-bottom:16px}
h2{font-size:13px;text-transform:uppercase;letter-spacing:.05em;color:#94a3b8;margin:0 0 8px}
label{display:block;margin:6px 0 2px;color:#94a3b8}
input,select,button{font:inherit;padding:4px 8px;border-radius:4px;border:1px solid #475569;background:#0f172a;color:inherit}
button{cursor:pointer;background:#334155}button:hover{background:#475569}
button:disabled{opacity:.5;cursor:default}
#status[data-state=open]{color:#4ade80}#status[data-state=closed]{color:#f87171}#status[data-state=connecting]{color:#facc15}
#log{height:70vh;overflow:auto;font:12px ui-monospace,monospace;background:#020617;border-radius:8px;padding:8px;margin:0}
#log div{white-space:pre-wrap;border-bottom:1px solid #1e293b;padding:2px 0}
.t-error{color:#f87171}.t-pong{color:#4ade80}.t-entity_default{color:#fb923c}.t-shock_applied{color:#facc15}
.t-pending_decision,.t-decision_resolved{color:#c084fc}.t-info{color:#94a3b8}
.decision{border:1px solid #475569;border-radius:6px;padding:8px;margin-top:8px}
.row{display:flex;gap:8px;align-items:center;flex-wrap:wrap}
`;

/** Browser script of the test page: plain DOM, no dependencies, text only (no innerHTML of data). */
const SCRIPT = `
const API = ${JSON.stringify(API_PREFIX)};
const RAW = ${JSON.stringify(RAW_WS_PREFIX)};
const $ = (id) => document.getElementById(id);
let ws = null;
let received = 0;
const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2));

function line(kind, text) {
  const div = document.createElement('div');
  div.className = 't-' + kind;
  div.textContent = new Date().toLocaleTimeString() + '  ' + text;
  const log = $('log');
  log.prepend(div);
  while (log.childElementCount > 300) log.lastElementChild.remove();
}
function setStatus(state, text) { $('status').dataset.state = state; $('status').textContent = text; }
function simId() { return $('sim').value; }
function headers() {
  const h = { 'content-type': 'application/json' };
  if ($('token').value) h.authorization = 'Bearer ' + $('token').value;
  return h;
}
async function api(method, path, body) {
  const res = await fetch(API + path, { method, headers: headers(), body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error((data && data.error && data.error.message) || res.status + ' ' + res.statusText);
  return data;
}
async function loadSimulations() {
  try {
    const sims = await api('GET', '/simulations');
    const select = $('sim');
    const previous = select.value;
    select.replaceChildren(...sims.map((s) => {
      const o = document.createElement('option');
      o.value = s.id;
      o.textContent = s.id + ' — ' + s.status + ', t=' + s.timestep + ', ' + s.viewers + ' viewers';
      return o;
    }));
    if (sims.some((s) => s.id === previous)) select.value = previous;
    line('info', 'Loaded ' + sims.length + ' simulation(s).');
    loadDecisions();
  } catch (err) { line('error', 'Could not list simulations: ' + err.message); }
}
function connect() {
  disconnect();
  if (!simId()) return line('error', 'Pick a simulation first.');
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = $('token').value ? '?token=' + encodeURIComponent($('token').value) : '';
  const url = proto + '//' + location.host + RAW + '/' + encodeURIComponent(simId()) + token;
  setStatus('connecting', 'connecting…');
  line('info', 'Connecting to ' + url);
  ws = new WebSocket(url);
  ws.onopen = () => { setStatus('open', 'connected'); $('ping').disabled = false; };
  ws.onclose = (e) => {
    setStatus('closed', 'closed (' + e.code + (e.reason ? ' ' + e.reason : '') + ')');
    $('ping').disabled = true;
    line('info', 'Closed: ' + e.code + ' ' + e.reason);
  };
  ws.onerror = () => line('error', 'WebSocket error (see the close code).');
  ws.onmessage = (e) => {
    received++;
    $('count').textContent = String(received);
    let msg;
    try { msg = JSON.parse(e.data); } catch { return line('error', 'Not JSON: ' + e.data); }
    if (msg.type === 'simulation_step' && $('quiet').checked) {
      line('simulation_step', 'simulation_step t=' + msg.data.timestep + ' health=' + msg.data.system_health + ' alive=' + msg.data.alive_agents);
    } else {
      // pong (and error-free control messages) carry no data: show their timestamp instead.
      line(msg.type, msg.type + ' ' + (msg.data === undefined ? 'at ' + msg.timestamp : JSON.stringify(msg.data)));
    }
    if (msg.type === 'pending_decision' || msg.type === 'decision_resolved') loadDecisions();
  };
}
function disconnect() { if (ws) { ws.onclose = null; ws.close(1000, 'bye'); ws = null; setStatus('closed', 'disconnected'); $('ping').disabled = true; } }
function ping() { if (ws && ws.readyState === 1) { ws.send(JSON.stringify({ type: 'ping' })); line('info', '→ {"type":"ping"}'); } }
async function shock(event) {
  event.preventDefault();
  const body = { shock_type: $('shockType').value, target: $('shockTarget').value, magnitude: Number($('shockMagnitude').value) };
  try { await api('POST', '/simulations/' + encodeURIComponent(simId()) + '/shocks', body); line('info', 'Shock queued: ' + JSON.stringify(body)); }
  catch (err) { line('error', 'Shock refused: ' + err.message); }
}
function syncShockTarget() {
  const crash = $('shockType').value === 'asset_price_crash';
  $('shockTarget').value = crash ? 'real_estate' : 'system';
  $('shockMagnitude').value = crash ? '-0.3' : '0.2';
}
async function answer(decisionId, choice) {
  try {
    const ack = await api('POST', '/simulations/' + encodeURIComponent(simId()) + '/decisions/' + encodeURIComponent(decisionId), { choice, idempotencyKey: newKey() });
    line('decision_resolved', 'Answer: ' + JSON.stringify(ack));
  } catch (err) { line('error', 'Answer refused: ' + err.message); }
  loadDecisions();
}
async function loadDecisions() {
  const box = $('decisions');
  if (!simId()) return box.replaceChildren();
  try {
    const decisions = (await api('GET', '/simulations/' + encodeURIComponent(simId()) + '/decisions')).filter((d) => d.status === 'pending');
    if (decisions.length === 0) { box.textContent = 'No pending decision.'; return; }
    box.replaceChildren(...decisions.map((d) => {
      const div = document.createElement('div');
      div.className = 'decision';
      const title = document.createElement('strong');
      title.textContent = d.title;
      const desc = document.createElement('p');
      desc.textContent = d.description + ' (deadline t=' + d.deadline_timestep + ')';
      const row = document.createElement('div');
      row.className = 'row';
      for (const [choice, action] of [['recommended', d.recommended_action], ['alternative', d.alternative_action]]) {
        const b = document.createElement('button');
        b.textContent = action.label + (choice === 'recommended' ? ' (recommended)' : '');
        b.onclick = () => answer(d.decision_id, choice);
        row.append(b);
      }
      div.append(title, desc, row);
      return div;
    }));
  } catch (err) { box.textContent = 'Could not load decisions: ' + err.message; }
}
$('refresh').onclick = loadSimulations;
$('connect').onclick = connect;
$('disconnect').onclick = disconnect;
$('ping').onclick = ping;
$('clear').onclick = () => { $('log').replaceChildren(); received = 0; $('count').textContent = '0'; };
$('shockForm').onsubmit = shock;
$('shockType').onchange = syncShockTarget;
$('sim').onchange = loadDecisions;
$('reloadDecisions').onclick = loadDecisions;
syncShockTarget();
loadSimulations();
`;

/**
 * The browser test page of the seed-compatible endpoint: pick a simulation, connect over a
 * raw WebSocket, watch messages live, send ping, apply a shock and answer a decision over
 * REST. Self-contained: no external scripts, styles or fonts.
 *
 * @example
 * app.get('/api/v1/ws/test', (_req, reply) => reply.type('text/html').send(renderTestPage()));
 */
export function renderTestPage(): string {
  const shockOptions = SHOCK_TYPES.map((t) => `<option value="${t}">${t}</option>`).join('');
  const assetHint = ASSET_CLASSES.join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>simstream — WebSocket test</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>simstream WebSocket test</h1>
  <label for="sim" style="margin:0">Simulation</label>
  <select id="sim" aria-label="Simulation"></select>
  <button id="refresh" type="button">Refresh</button>
  <button id="connect" type="button">Connect</button>
  <button id="disconnect" type="button">Disconnect</button>
  <button id="ping" type="button" disabled>Send ping</button>
  <span id="status" role="status" data-state="closed">disconnected</span>
  <span>messages: <span id="count">0</span></span>
</header>
<main>
  <div>
    <section aria-labelledby="shock-h">
      <h2 id="shock-h">Apply a shock</h2>
      <form id="shockForm">
        <label for="shockType">Type</label>
        <select id="shockType">${shockOptions}</select>
        <label for="shockTarget">Target (asset class: ${assetHint}; or an entity id / "system")</label>
        <input id="shockTarget" required>
        <label for="shockMagnitude">Magnitude</label>
        <input id="shockMagnitude" type="number" step="0.01" min="-1" max="1" required>
        <div class="row" style="margin-top:8px"><button type="submit">Apply shock</button></div>
      </form>
    </section>
    <section aria-labelledby="dec-h">
      <h2 id="dec-h">Pending decisions</h2>
      <button id="reloadDecisions" type="button">Reload</button>
      <div id="decisions" aria-live="polite">No pending decision.</div>
    </section>
    <section aria-labelledby="opt-h">
      <h2 id="opt-h">Options</h2>
      <label><input id="quiet" type="checkbox" checked> Summarise simulation_step messages</label>
      <label for="token">Token (only when the server requires auth)</label>
      <input id="token" type="password" autocomplete="off">
      <div class="row" style="margin-top:8px"><button id="clear" type="button">Clear log</button></div>
    </section>
  </div>
  <div>
    <h2>Messages (newest first)</h2>
    <div id="log" role="log" aria-live="off"></div>
  </div>
</main>
<script type="module">${SCRIPT}</script>
</body>
</html>`;
}
