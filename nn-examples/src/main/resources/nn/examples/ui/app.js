// The dashboard page: everything arrives by server-sent events from /events; drawings go to POST /predict.
// Charts are drawn on canvases by hand: a few lines need no library, and the page stays one small file that works
// with no internet.
'use strict';

// What the browser tests read: each history the curves drew (its length and the points in the DOM), the time
// from the end of each stroke to its answer on the page, and each sweep table drawn (trials done, rows shown).
window.nn = { historyRenders: [], strokeLatencies: [], sweepRenders: [] };

const $ = (id) => document.getElementById(id);

let run = null;
let history = [];
let plannedEpochs = 0;

function connect() {
  const events = new EventSource('/events');
  events.addEventListener('run', (e) => showRun(JSON.parse(e.data)));
  events.addEventListener('progress', (e) => showProgress(JSON.parse(e.data)));
  events.addEventListener('history', (e) => showHistory(JSON.parse(e.data)));
  events.addEventListener('mistakes', (e) => showMistakes(JSON.parse(e.data)));
  events.addEventListener('weights', (e) => showWeights(JSON.parse(e.data)));
  events.addEventListener('confusion', (e) => showConfusion(JSON.parse(e.data)));
  events.addEventListener('sweep', (e) => showSweep(JSON.parse(e.data)));
  events.addEventListener('open', () => { if (run) setState(run.state); });
  // EventSource reconnects by itself; until then say that the trainer is gone.
  events.addEventListener('error', () => setState('disconnected'));
}

function setState(state) {
  const el = $('state');
  el.className = 'state ' + state;
  el.textContent = {
    training: 'training', done: 'training done', stopped: 'stopped', serving: 'saved model',
    sweeping: 'sweeping', sweep_done: 'sweep done',
    disconnected: 'disconnected (the trainer has ended?)'
  }[state] || state;
}

function showRun(r) {
  run = r;
  $('title').textContent = 'nn — ' + r.title;
  document.title = 'nn — ' + r.title;
  setState(r.state);
  const dl = $('settings');
  dl.replaceChildren();
  for (const [k, v] of Object.entries(r.settings)) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    dl.append(dt, dd);
  }
  $('draw-section').hidden = !r.draw;
  const training = r.state === 'training' || r.state === 'done';
  const sweep = r.state === 'sweeping' || r.state === 'sweep_done';
  $('progress-section').hidden = !training || r.state === 'done';
  $('curves-section').hidden = r.state === 'serving' || sweep;
  $('sweep-section').hidden = !sweep;
  $('sweep-curves-section').hidden = !sweep;
  // A sweep trains many networks and keeps none: no canvas, weights, mistakes or confusion matrix.
  if (sweep) {
    for (const id of ['draw-section', 'mistakes-section', 'weights-section', 'confusion-section']) $(id).hidden = true;
  }
}

// Whole epochs come with the history; the server sends progress inside an epoch only for epochs that run longer
// than a second, since every update is a frame drawn on a CPU that is training. Progress of an epoch the history
// already has (an update that crossed it, or an old one replayed to a page that opens late) is ignored.
function showProgress(p) {
  if (history.length > 0 && p.epoch <= history[history.length - 1].epoch) return;
  const fraction = p.total > 0 ? p.done / p.total : 0;
  showBar((p.epoch - 1 + fraction) / p.epochs, `epoch ${p.epoch} of ${p.epochs}: ${p.done} of ${p.total} mini-batches`);
}

function showBar(fraction, text) {
  $('progress-bar').style.width = (100 * fraction).toFixed(2) + '%';
  $('progress-text').textContent = text;
}

function showHistory(h) {
  history = h.history;
  plannedEpochs = h.epochs;
  const series = (key, cls) => ({
    cls, label: '', points: history.filter((r) => r[key] !== null).map((r) => ({ epoch: r.epoch, value: r[key] }))
  });
  drawChart($('accuracy-chart'), [series('trainingAccuracy', 'training'), series('validationAccuracy', 'validation')],
    plannedEpochs, percent);
  drawChart($('cost-chart'), [series('trainingCost', 'training'), series('validationCost', 'validation')],
    plannedEpochs, (v) => v.toPrecision(3));
  const last = history[history.length - 1];
  if (last && plannedEpochs > 0) {
    showBar(Math.min(1, last.epoch / plannedEpochs), `epoch ${last.epoch} of ${plannedEpochs} done`);
  }
  $('epoch-text').textContent = last
    ? `after epoch ${last.epoch}: validation accuracy ${(100 * last.validationAccuracy).toFixed(2)}%,`
      + ` training cost ${last.trainingCost === null ? '–' : last.trainingCost.toFixed(4)}`
      + ` (${last.seconds.toFixed(1)} s of mini-batches)`
    : 'no epoch done yet';
  window.nn.historyRenders.push({
    epochs: history.length,
    points: Number($('accuracy-chart').dataset.pointsValidation)
  });
}

const percent = (v) => (100 * v).toFixed(1) + '%';

// A chart's own coordinates; the canvas has these times the device's pixel ratio, and CSS scales it to its column.
const CHART_W = 480, CHART_H = 260;
// The colours of the series' classes come from the style sheet's custom properties, the legend's source too.
const colours = new Map();
function colour(cls) {
  if (!colours.has(cls)) {
    colours.set(cls, getComputedStyle(document.documentElement).getPropertyValue('--' + cls).trim() || '#555');
  }
  return colours.get(cls);
}

// Draws line charts of a value per epoch on a canvas: each series is { cls, label, points: [{ epoch, value }] },
// drawn as a line with a dot per point in the colour --CLS; the epochs axis runs to at least plannedEpochs.
// A canvas, not SVG: the page's DOM stays the same size however many epochs the run has, where SVG needed an element
// per point, rebuilt on every history.
// Hovering shows the nearest point's value as the canvas's title; data-points-CLS holds each series' points drawn.
function drawChart(canvas, series, plannedEpochs, format) {
  const W = CHART_W, H = CHART_H, left = 56, right = 12, top = 10, bottom = 30;
  const ratio = Math.max(1, Math.round(window.devicePixelRatio || 1));
  if (canvas.width !== W * ratio) canvas.width = W * ratio;
  if (canvas.height !== H * ratio) canvas.height = H * ratio;
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, W, H);
  const values = series.flatMap((s) => s.points.map((p) => p.value));
  const epochs = Math.max(plannedEpochs, ...series.flatMap((s) => s.points.map((p) => p.epoch)), 2);
  let lo = values.length ? Math.min(...values) : 0;
  let hi = values.length ? Math.max(...values) : 1;
  if (hi - lo < 1e-9) { lo -= 0.5 * Math.abs(lo || 1) * 0.01; hi += 0.5 * Math.abs(hi || 1) * 0.01; }
  const pad = (hi - lo) * 0.08;
  lo -= pad; hi += pad;
  const x = (epoch) => left + (W - left - right) * (epoch - 1) / (epochs - 1);
  const y = (v) => top + (H - top - bottom) * (1 - (v - lo) / (hi - lo));
  const line = (x1, y1, x2, y2, stroke) => {
    ctx.strokeStyle = stroke;
    ctx.beginPath();
    // Half a pixel off the grid, so a one-pixel line covers one row of pixels, not two half-grey ones.
    ctx.moveTo(Math.round(x1) + 0.5, Math.round(y1) + 0.5);
    ctx.lineTo(Math.round(x2) + 0.5, Math.round(y2) + 0.5);
    ctx.stroke();
  };
  ctx.lineWidth = 1;
  ctx.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  ctx.fillStyle = '#666';
  ctx.textAlign = 'right';
  for (let i = 0; i <= 4; i++) {
    const v = lo + (hi - lo) * i / 4;
    line(left, y(v), W - right, y(v), '#eee');
    ctx.fillText(format(v), left - 6, y(v) + 4);
  }
  ctx.textAlign = 'center';
  const step = Math.max(1, Math.ceil(epochs / 10));
  for (let e = 1; e <= epochs; e += step) ctx.fillText(String(e), x(e), H - 10);
  line(left, H - bottom, W - right, H - bottom, '#bbb');
  line(left, top, left, H - bottom, '#bbb');
  const shown = [];
  for (const s of series) {
    ctx.strokeStyle = ctx.fillStyle = colour(s.cls);
    ctx.lineWidth = 2;
    ctx.lineJoin = 'round';
    ctx.beginPath();
    s.points.forEach((p, i) => (i === 0 ? ctx.moveTo : ctx.lineTo).call(ctx, x(p.epoch), y(p.value)));
    ctx.stroke();
    for (const p of s.points) {
      ctx.beginPath();
      ctx.arc(x(p.epoch), y(p.value), 3, 0, 2 * Math.PI);
      ctx.fill();
      shown.push({ x: x(p.epoch), y: y(p.value),
        text: `${s.label ? s.label + ', ' : s.cls + ', '}epoch ${p.epoch}: ${format(p.value)}` });
    }
    canvas.dataset['points' + s.cls[0].toUpperCase() + s.cls.slice(1)] = s.points.length;
  }
  canvas.dataset.lines = series.length;
  canvas.shown = shown;
  if (!canvas.hasHoverReadout) {
    canvas.hasHoverReadout = true;
    canvas.addEventListener('pointermove', (e) => {
      const box = canvas.getBoundingClientRect();
      const px = (e.clientX - box.left) * W / box.width, py = (e.clientY - box.top) * H / box.height;
      let best = null, bestDistance = 15 * 15;
      for (const p of canvas.shown) {
        const d = (p.x - px) ** 2 + (p.y - py) ** 2;
        if (d < bestDistance) { best = p; bestDistance = d; }
      }
      canvas.title = best ? best.text : '';
    });
  }
  const last = series.map((s) => s.points.length
    ? `${s.label || s.cls} ${format(s.points[s.points.length - 1].value)} at epoch ${s.points[s.points.length - 1].epoch}`
    : `${s.label || s.cls}: no points`);
  canvas.setAttribute('aria-label', last.join('; '));
}

// A sweep: its progress, the table by validation accuracy (the server's order: best first) and the curves of the
// best trials. Each event is the whole state.
function showSweep(w) {
  $('sweep-bar').style.width = (w.total > 0 ? 100 * w.finished / w.total : 0).toFixed(2) + '%';
  let progress = `${w.finished} of ${w.total} trials done`;
  if (w.finished < w.total) {
    progress += w.running >= 0 ? `, ${w.running} running on ${w.runner}` : `; the others run on ${w.runner}`;
  }
  if (w.testing) progress += '; training the chosen configuration again to measure it on the test set…';
  $('sweep-progress').textContent = progress;
  $('sweep-fixed').textContent = w.fixed ? 'every configuration: ' + w.fixed : '';
  const table = $('sweep-table');
  table.replaceChildren();
  const head = table.insertRow();
  for (const h of ['rank', ...w.columns, 'validation accuracy (mean ± sd)', 'seeds', 'seconds']) {
    head.append(Object.assign(document.createElement('th'), { textContent: h }));
  }
  w.rows.forEach((r, i) => {
    const tr = table.insertRow();
    tr.className = i === 0 ? 'row chosen' : 'row';
    const cell = (text, cls) => Object.assign(tr.insertCell(), { textContent: text, className: cls || '' });
    cell(i + 1);
    r.values.forEach((v) => cell(v, 'text value'));
    cell(r.mean === null ? '–' : `${(100 * r.mean).toFixed(2)}% ± ${(100 * r.spread).toFixed(2)}`
      + (r.diverged > 0 ? ` (${r.diverged} diverged)` : ''), 'mean');
    cell(r.seeds);
    cell(r.seconds === null ? '–' : r.seconds.toFixed(1));
  });
  const test = $('sweep-test');
  test.hidden = !w.test;
  if (w.test) {
    test.textContent = `test accuracy of the chosen configuration (rank 1, seed ${w.test.seed}), measured once after`
      + ` the choice: ${w.test.correct} / ${w.test.size} (${(100 * w.test.correct / w.test.size).toFixed(2)}%)`;
  }
  $('sweep-curves-title').textContent = `Learning curves of the best ${w.curves.length} trials`;
  const series = w.curves.map((c, i) => ({
    cls: 'c' + (i % 8), label: c.label,
    points: c.validationAccuracy.map((v, e) => ({ epoch: e + 1, value: v })).filter((p) => p.value !== null)
  }));
  drawChart($('sweep-chart'), series, 1, percent);
  const legend = $('sweep-legend');
  legend.replaceChildren();
  series.forEach((s) => {
    const li = document.createElement('li');
    li.append(Object.assign(document.createElement('span'), { className: 'key ' + s.cls }), ' ' + s.label);
    legend.append(li);
  });
  window.nn.sweepRenders.push({
    finished: w.finished, rows: table.querySelectorAll('tr.row').length,
    curves: Number($('sweep-chart').dataset.lines), test: !!w.test
  });
}

function bytes(base64) {
  const s = atob(base64);
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

// Paints side × side bytes on a canvas; colour(v) gives [r, g, b] for a byte.
function paint(canvas, side, values, colour) {
  if (canvas.width !== side) canvas.width = side;
  if (canvas.height !== side) canvas.height = side;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(side, side);
  for (let i = 0; i < side * side; i++) {
    const [r, g, b] = colour(values[i]);
    image.data.set([r, g, b, 255], 4 * i);
  }
  ctx.putImageData(image, 0, 0);
}

const ink = (v) => [255 - v, 255 - v, 255 - v];
// Weights: blue for positive, red for negative, white for zero (128 is zero).
const diverging = (v) => {
  const t = (v - 128) / 127;
  return t >= 0 ? [255 * (1 - t), 255 * (1 - t), 255] : [255, 255 * (1 + t), 255 * (1 + t)];
};

// Each grid of pictures is one canvas, painted with one putImageData: a page of 140 small canvases made every
// frame the browser drew (even a moved progress bar) about 4 ms of CPU dearer in headless Chromium (frame-cost.sh
// progress: 12.0 against 8.0 ms), and frames are CPU taken from training on a small machine. A picture i of count sits at column i % columns, row i / columns, each
// cell `scale` device pixels per picture pixel with a gap of `gap` and `below` pixels under it for a caption.
function paintGrid(canvas, count, side, scale, columns, gap, below, picture, colour) {
  const cell = side * scale + gap;
  const rows = Math.ceil(count / columns);
  const width = Math.max(1, Math.min(count, columns) * cell - gap);
  const height = Math.max(1, rows * (cell + below) - gap);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(width, height);
  const data = image.data;
  data.fill(255);
  const rgb = new Uint8ClampedArray(3 * 256);
  for (let v = 0; v < 256; v++) rgb.set(colour(v), 3 * v);
  for (let i = 0; i < count; i++) {
    const values = picture(i);
    const x0 = (i % columns) * cell, y0 = Math.floor(i / columns) * (cell + below);
    for (let r = 0; r < side * scale; r++) {
      let o = 4 * ((y0 + r) * width + x0);
      const row = Math.floor(r / scale) * side;
      for (let c = 0; c < side * scale; c++, o += 4) {
        const v = 3 * values[row + Math.floor(c / scale)];
        data[o] = rgb[v]; data[o + 1] = rgb[v + 1]; data[o + 2] = rgb[v + 2];
      }
    }
  }
  ctx.putImageData(image, 0, 0);
  return { ctx, cell, below };
}

const MISTAKE_COLUMNS = 10, MISTAKE_SCALE = 2, MISTAKE_LABEL = 14;
function showMistakes(m) {
  $('mistakes-section').hidden = false;
  $('mistakes-caption').textContent = m.total === 0 ? `epoch ${m.epoch}: none`
    : `epoch ${m.epoch}: the first ${m.digits.length} of ${m.total}, labelled predicted / true`;
  const canvas = $('mistakes');
  const side = m.digits.length ? m.digits[0].side : 28;
  const grid = paintGrid(canvas, m.digits.length, side, MISTAKE_SCALE, MISTAKE_COLUMNS, 6, MISTAKE_LABEL,
    (i) => bytes(m.digits[i].pixels), ink);
  grid.ctx.fillStyle = '#8a1c1c';
  grid.ctx.font = '11px system-ui, sans-serif';
  grid.ctx.textAlign = 'center';
  m.digits.forEach((d, i) => {
    const x = (i % MISTAKE_COLUMNS) * grid.cell + side * MISTAKE_SCALE / 2;
    const y = Math.floor(i / MISTAKE_COLUMNS) * (grid.cell + grid.below) + side * MISTAKE_SCALE + 11;
    grid.ctx.fillText(`${d.predicted} / ${d.actual}`, x, y);
  });
  canvas.dataset.count = m.digits.length;
  canvas.setAttribute('aria-label', m.digits.map((d) => `${d.actual} taken for ${d.predicted}`).join(', '));
}

function showWeights(w) {
  $('weights-section').hidden = false;
  $('weights-caption').textContent = (w.units.length < w.total ? `the first ${w.units.length} of ${w.total}`
    : `all ${w.total}`) + ' hidden units: the weights from each input pixel, blue positive, red negative'
    + (w.epoch > 0 ? ` (after epoch ${w.epoch})` : '');
  const canvas = $('weights');
  paintGrid(canvas, w.units.length, w.side, 2, 10, 2, 0, (i) => bytes(w.units[i]), diverging);
  canvas.dataset.count = w.units.length;
}

function showConfusion(c) {
  $('confusion-section').hidden = false;
  const n = c.counts.length;
  let correct = 0, total = 0;
  c.counts.forEach((row, a) => row.forEach((v, p) => { total += v; if (a === p) correct += v; }));
  $('confusion-caption').textContent = `${c.of}: ${correct} of ${total} right (${(100 * correct / total).toFixed(2)}%);`
    + ' rows are the true digit, columns what the network said';
  const table = $('confusion');
  table.replaceChildren();
  const head = table.insertRow();
  head.append(Object.assign(document.createElement('th'), { textContent: 'true \\ said' }));
  for (let p = 0; p < n; p++) head.append(Object.assign(document.createElement('th'), { textContent: p }));
  c.counts.forEach((row, a) => {
    const tr = table.insertRow();
    tr.append(Object.assign(document.createElement('th'), { textContent: a }));
    const rowTotal = row.reduce((s, v) => s + v, 0) || 1;
    row.forEach((v, p) => {
      const td = tr.insertCell();
      td.textContent = v;
      const alpha = a === p ? 0.15 + 0.6 * v / rowTotal : Math.min(0.8, 8 * v / rowTotal);
      td.style.background = a === p ? `rgba(47, 158, 68, ${alpha})` : `rgba(224, 49, 49, ${alpha})`;
    });
  });
}

// The drawing pad. While the pen moves, at most one prediction is in flight, and a drawing that changed meanwhile
// is sent when it returns, so the bars follow the pen without queueing requests. The end of a stroke is sent at
// once, even with a request in flight, and an answer older than the one shown is ignored.
const pad = $('pad');
const pen = pad.getContext('2d', { willReadFrequently: true });
let drawing = false;
let version = 0;
let shown = 0;
let inFlight = false;
let again = false;
let blank = true;
let strokeEnd = null;

function clearPad() {
  pen.fillStyle = '#fff';
  pen.fillRect(0, 0, pad.width, pad.height);
  version++;
  shown = version;
  blank = true;
  strokeEnd = null;
  $('predicted').textContent = '–';
  $('latency').textContent = '';
  showBars(null, -1);
  paint($('seen'), 28, new Uint8Array(28 * 28), ink);
}

function position(e) {
  const box = pad.getBoundingClientRect();
  return [(e.clientX - box.left) * pad.width / box.width, (e.clientY - box.top) * pad.height / box.height];
}

pad.addEventListener('pointerdown', (e) => {
  drawing = true;
  pad.setPointerCapture(e.pointerId);
  const [x, y] = position(e);
  pen.lineWidth = pad.width / 13;
  pen.lineCap = 'round';
  pen.lineJoin = 'round';
  pen.strokeStyle = '#000';
  pen.beginPath();
  pen.moveTo(x, y);
  pen.lineTo(x + 0.01, y);
  pen.stroke();
  version++;
  blank = false;
  whileDrawing();
});

pad.addEventListener('pointermove', (e) => {
  if (!drawing) return;
  const [x, y] = position(e);
  pen.lineTo(x, y);
  pen.stroke();
  version++;
  whileDrawing();
});

function endStroke() {
  if (!drawing) return;
  drawing = false;
  strokeEnd = { time: performance.now(), version };
  send();
}
pad.addEventListener('pointerup', endStroke);
pad.addEventListener('pointercancel', endStroke);
$('clear').addEventListener('click', clearPad);

function whileDrawing() {
  if (inFlight) { again = true; return; }
  inFlight = true;
  again = false;
  send().finally(() => { inFlight = false; if (again && drawing) whileDrawing(); });
}

// Sends the drawing as it is now: one grey byte per pixel (the red channel; ink is black on white).
function send() {
  if (blank) return Promise.resolve();
  const sent = version;
  const rgba = pen.getImageData(0, 0, pad.width, pad.height).data;
  const grey = new Uint8Array(pad.width * pad.height);
  for (let i = 0; i < grey.length; i++) grey[i] = rgba[4 * i];
  return fetch(`/predict?w=${pad.width}&h=${pad.height}`, {
    method: 'POST', body: grey, headers: { 'Content-Type': 'application/octet-stream' }
  })
    .then((r) => r.json().then((answer) => ({ ok: r.ok, answer })))
    .then(({ ok, answer }) => {
      if (!ok) throw new Error(answer.error);
      if (!blank && sent >= shown) showAnswer(answer, sent);
    })
    .catch((e) => { $('latency').textContent = 'error: ' + e.message; });
}

function showAnswer(answer, sent) {
  shown = sent;
  $('predicted').textContent = answer.predicted;
  showBars(answer.probabilities, answer.predicted);
  paint($('seen'), answer.side, bytes(answer.input), ink);
  if (strokeEnd && sent >= strokeEnd.version) {
    const ms = performance.now() - strokeEnd.time;
    window.nn.strokeLatencies.push(ms);
    $('latency').textContent = `· answered ${ms.toFixed(0)} ms after the stroke`;
    strokeEnd = null;
  }
}

function showBars(probabilities, best) {
  const box = $('bars');
  if (box.children.length === 0) {
    for (let k = 0; k < 10; k++) {
      const row = document.createElement('div');
      row.className = 'bar';
      row.innerHTML = `<span>${k}</span><span class="track"><span class="fill"></span></span>`
        + '<span class="value"></span>';
      box.append(row);
    }
  }
  [...box.children].forEach((row, k) => {
    const p = probabilities ? probabilities[k] : 0;
    row.classList.toggle('best', k === best);
    row.querySelector('.fill').style.width = (100 * p).toFixed(1) + '%';
    row.querySelector('.value').textContent = probabilities ? (100 * p).toFixed(1) + '%' : '';
  });
}

clearPad();
connect();
