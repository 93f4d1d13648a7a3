// SER Streams dashboard: the call list (from the calls API), the domain profiles (the domains API), and per call the agent's and the
// customer's timelines (emotion probabilities, arousal, valence per segment), updated live from
// the Server-Sent Events stream. Alerts are shaded on the timeline where they happened.

const COLOURS = { neutral: '#59606e', happy: '#1f8a4c', angry: '#b3261e', sad: '#3465a4', arousal: '#e08a00', valence: '#7b3fa0' };
const state = { calls: new Map(), selected: null, timeline: [[], []], alerts: [], charts: [null, null], lastEventId: 0 };

function seconds(ms) { return Math.round(ms / 100) / 10; }

async function api(path) {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (response.status === 401) { location.href = '/dashboard/login.html'; throw new Error('unauthorised'); }
  if (!response.ok) { throw new Error(path + ': ' + response.status); }
  return response.json();
}

async function refreshCalls() {
  try {
    const channels = await api('/v1/calls');
    const calls = new Map();
    for (const c of channels) {
      const call = calls.get(c.callId) || { callId: c.callId, channels: {}, alerts: 0, ended: true, updatedAt: 0 };
      call.channels[c.role] = c;
      call.alerts += c.alerts;
      call.ended = call.ended && c.ended;
      call.updatedAt = Math.max(call.updatedAt, c.updatedAt);
      calls.set(c.callId, call);
    }
    state.calls = calls;
    renderCalls();
  } catch (e) { console.warn(e); }
}

function cell(text, cls) { const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; return td; }

function renderCalls() {
  const body = document.querySelector('#calls tbody');
  body.replaceChildren();
  const calls = [...state.calls.values()].sort((a, b) => (a.ended - b.ended) || (b.updatedAt - a.updatedAt));
  document.getElementById('no-calls').hidden = calls.length > 0;
  for (const call of calls) {
    const row = document.createElement('tr');
    row.dataset.call = call.callId;
    if (call.callId === state.selected) row.className = 'selected';
    const agent = call.channels.AGENT, customer = call.channels.CUSTOMER || call.channels.UNKNOWN;
    row.append(cell(call.callId), cell(agent ? agent.latestEmotion : '-', agent ? 'emotion-' + agent.latestEmotion : ''),
      cell(customer ? customer.latestEmotion : '-', customer ? 'emotion-' + customer.latestEmotion : ''),
      cell(call.alerts, call.alerts ? 'alert-count' : ''), cell(call.ended ? 'ended' : 'live', call.ended ? 'state-ended' : 'state-live'));
    row.addEventListener('click', () => select(call.callId));
    body.append(row);
  }
}

// Each declared domain's profile: collecting (its calls still read by the training pool's statistics,
// with the speech it has of the speech it needs) or active.
async function refreshDomains() {
  let domains;
  try { domains = await api('/v1/domains'); } catch (e) { return; } // 503: no profiles on this instance
  const body = document.querySelector('#domains tbody');
  body.replaceChildren(...domains.map(d => {
    const row = document.createElement('tr');
    row.dataset.domain = d.domain;
    const speech = d.state === 'active' ? `${Math.round(d.speechSeconds)} s`
      : `${Math.round(d.speechSeconds)} of ${Math.round(d.minSpeechSeconds)} s`;
    row.append(cell(d.domain), cell(d.state, 'profile-' + d.state), cell(d.segments), cell(speech));
    return row;
  }));
  document.getElementById('no-domains').hidden = domains.length > 0;
}

// Shades each alert's evidence span on the chart of its channel.
const alertShading = {
  id: 'alertShading',
  beforeDatasetsDraw(chart) {
    const { ctx, chartArea, scales } = chart;
    for (const alert of state.alerts.filter(a => a.channel === chart.$channel)) {
      const x0 = scales.x.getPixelForValue(seconds(alert.startMs)), x1 = scales.x.getPixelForValue(seconds(alert.endMs));
      ctx.save();
      ctx.fillStyle = alert.severity === 'INFO' ? 'rgba(224,138,0,0.12)' : 'rgba(179,38,30,0.14)';
      ctx.fillRect(Math.max(x0, chartArea.left), chartArea.top, Math.max(2, Math.min(x1, chartArea.right) - Math.max(x0, chartArea.left)), chartArea.bottom - chartArea.top);
      ctx.restore();
    }
  }
};

function makeChart(channel) {
  const series = ['neutral', 'happy', 'angry', 'sad'].map(label => ({ label, data: [], borderColor: COLOURS[label], backgroundColor: COLOURS[label], tension: 0.25, pointRadius: 2 }));
  series.push({ label: 'arousal', data: [], borderColor: COLOURS.arousal, borderDash: [6, 4], yAxisID: 'dim', pointRadius: 0, tension: 0.25 });
  series.push({ label: 'valence', data: [], borderColor: COLOURS.valence, borderDash: [2, 3], yAxisID: 'dim', pointRadius: 0, tension: 0.25 });
  const chart = new Chart(document.getElementById('chart-' + channel), {
    type: 'line',
    data: { datasets: series },
    options: {
      animation: false, parsing: false, responsive: true,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'seconds into the call' } },
        y: { min: 0, max: 1, title: { display: true, text: 'probability' } },
        dim: { position: 'right', min: -1, max: 1, grid: { drawOnChartArea: false }, title: { display: true, text: 'arousal / valence' } }
      },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } }
    },
    plugins: [alertShading]
  });
  chart.$channel = channel;
  return chart;
}

function draw() {
  for (const channel of [0, 1]) {
    const chart = state.charts[channel];
    const points = state.timeline[channel];
    chart.data.datasets.forEach((ds, i) => {
      const key = ['neutral', 'happy', 'angry', 'sad', 'arousal', 'valence'][i];
      ds.data = points.map(p => ({ x: seconds((p.startMs + p.endMs) / 2), y: i < 4 ? (p.probabilities[key] || 0) : p[key] }));
    });
    chart.update();
    chart.canvas.dataset.points = points.length;
  }
  const list = document.getElementById('alerts');
  list.replaceChildren(...state.alerts.map(a => {
    const li = document.createElement('li');
    li.className = a.severity;
    li.textContent = `${seconds(a.startMs)}-${seconds(a.endMs)} s  ${a.role.toLowerCase()}  ${a.rule}: ${a.message}`;
    return li;
  }));
}

function accept(item) {
  if (item.callId !== state.selected) return;
  if (item.type === 'alert') {
    if (!state.alerts.some(a => a.alertId === item.alertId)) state.alerts.push(item);
  } else if (item.channel === 0 || item.channel === 1) {
    const points = state.timeline[item.channel];
    if (!points.some(p => p.segment === item.segment)) { points.push(item); points.sort((a, b) => a.segment - b.segment); }
  }
}

async function select(callId) {
  state.selected = callId;
  state.timeline = [[], []];
  state.alerts = [];
  document.getElementById('call-view').hidden = false;
  document.getElementById('call-title').textContent = callId;
  if (!state.charts[0]) { state.charts = [makeChart(0), makeChart(1)]; }
  try { (await api('/v1/calls/' + encodeURIComponent(callId) + '/timeline')).forEach(accept); } catch (e) { console.warn(e); }
  draw();
  renderCalls();
}

function connect() {
  const badge = document.getElementById('connection');
  // EventSource reconnects by itself, sending Last-Event-ID so nothing is missed.
  const source = new EventSource('/v1/stream');
  source.onopen = () => { badge.textContent = 'live'; badge.className = 'badge live'; };
  source.onerror = () => { badge.textContent = 'reconnecting...'; badge.className = 'badge'; };
  const handle = message => {
    const item = JSON.parse(message.data);
    accept(item);
    if (item.callId === state.selected) draw();
    if (!state.calls.has(item.callId)) refreshCalls();
  };
  source.addEventListener('emotion', handle);
  source.addEventListener('alert', handle);
}

refreshCalls();
setInterval(refreshCalls, 2000);
refreshDomains();
setInterval(refreshDomains, 5000);
connect();
