// The playground page: loads Pyodide and the library's wheel from this site, then asks
// playground.py (the real `autograd` package) for every number and drawing it shows.
// window.playground holds the last answers and the timings, for the browser tests and the
// speed measurements (docs/measure_playground.py).

const $ = (id) => document.getElementById(id);
const DEFAULT_VALUES = { a: 2.0, b: -3.0 };
const SLIDER_RANGE = 4; // sliders go from -4 to 4; the number box beside takes any number
const TRAIN_BUDGET_MS = 25; // training time per animation frame, the rest is for drawing
const GRID_BUDGET_MS = 12; // decision-boundary scoring per frame while training
const MAX_LAYERS = 6;
const MAX_NEURONS = 64;
const COLORS = { negative: [245, 147, 34], positive: [8, 119, 189] }; // orange, blue

const playground = {
  timings: { start: performance.now(), updates: [] },
  expression: null, // the last answer of expression mode
  network: null, // the last state of network mode
};
window.playground = playground;

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

function setStatus(message) {
  const status = $("status");
  status.textContent = message;
  status.hidden = !message;
}

// Inserting HTML with innerHTML does not run its scripts; the player needs its script run.
function insertWithScripts(container, html) {
  container.innerHTML = html;
  for (const old of container.querySelectorAll("script:not([type='application/json'])")) {
    const script = document.createElement("script");
    script.textContent = old.textContent;
    old.replaceWith(script);
  }
}

async function start() {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
    setStatus("");
    showError(
      "This browser has no WebAssembly, which the playground needs to run Python. " +
        "Use a current Chrome, Edge, Firefox or Safari (with WebAssembly enabled), or install " +
        "the library: pip install scalar-autograd.",
    );
    throw new Error("no WebAssembly");
  }
  const vizReady = Viz.instance().then((viz) => (globalThis.autogradViz = viz));
  const { loadPyodide } = await import("../pyodide/pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL: new URL("../pyodide/", location.href).href });
  playground.timings.pyodide = performance.now();
  setStatus("Installing scalar-autograd…");
  const source = fetch("playground.py").then((answer) => answer.text());
  await pyodide.loadPackage("scalar-autograd", { messageCallback: () => {} });
  pyodide.FS.writeFile("/home/pyodide/playground.py", await source);
  const py = pyodide.pyimport("playground");
  await vizReady;
  playground.timings.ready = performance.now();
  playground.pyodide = pyodide;
  playground.py = py;
  setStatus("");
  return py;
}

// ----- expression mode ---------------------------------------------------------------------

const values = { ...DEFAULT_VALUES };
let sliderNames = [];
let pendingFrame = null;

function buildSliders(names) {
  const box = $("sliders");
  box.innerHTML = "";
  for (const name of names) {
    if (!(name in values)) values[name] = 1.0;
    const row = document.createElement("label");
    row.className = "slider";
    row.innerHTML =
      `<span class="name"></span>` +
      `<input type="range" min="${-SLIDER_RANGE}" max="${SLIDER_RANGE}" step="0.01">` +
      `<input type="number" step="any">`;
    row.querySelector(".name").textContent = name;
    const range = row.querySelector("input[type=range]");
    const number = row.querySelector("input[type=number]");
    range.setAttribute("aria-label", `input ${name}`);
    range.dataset.name = name;
    number.setAttribute("aria-label", `input ${name}, exactly`);
    range.value = number.value = values[name];
    range.addEventListener("input", (event) => {
      values[name] = Number(range.value);
      number.value = range.value;
      scheduleUpdate(event.timeStamp);
    });
    number.addEventListener("change", (event) => {
      if (number.value === "" || !Number.isFinite(Number(number.value))) return;
      values[name] = Number(number.value);
      range.value = number.value;
      scheduleUpdate(event.timeStamp);
    });
    box.appendChild(row);
  }
  const select = $("explained");
  const chosen = select.value;
  select.innerHTML = "";
  for (const name of names) select.add(new Option(name, name, false, name === chosen));
  sliderNames = names;
}

function scheduleUpdate(eventTime) {
  if (pendingFrame !== null) return; // one update per frame: the latest values win
  pendingFrame = requestAnimationFrame(() => {
    pendingFrame = null;
    updateExpression(eventTime);
  });
}

function updateExpression(eventTime = null) {
  const started = performance.now();
  const text = $("expr").value;
  const answer = JSON.parse(
    playground.py.expression(text, JSON.stringify(values), $("explained").value),
  );
  const section = $("expression");
  if (answer.error) {
    showError(answer.error);
    section.classList.add("stale");
    playground.expression = answer;
    return;
  }
  showError("");
  section.classList.remove("stale");
  if (answer.inputs.join() !== sliderNames.join()) buildSliders(answer.inputs);
  if ($("explained").value !== answer.explained) $("explained").value = answer.explained;
  const grads = $("grads");
  grads.innerHTML = `<tr><th>value</th><th>data</th><th>grad = ∂${answer.output.label}/∂value</th></tr>`;
  const row = (name, data, grad) => {
    const tr = grads.insertRow();
    for (const text of [name, String(data), grad]) tr.insertCell().textContent = text;
  };
  row(answer.output.label, answer.output.data, "1");
  for (const name of answer.inputs) row(name, values[name], String(answer.grads[name].grad));
  $("explain").textContent = answer.explain;
  $("graph").innerHTML = answer.svg;
  insertWithScripts($("player"), answer.player);
  playground.expression = answer;
  const drawn = performance.now();
  if (playground.timings.firstGraph === undefined) playground.timings.firstGraph = drawn;
  // the update as a person sees it: from the slider event to the next painted frame
  if (eventTime === null) return;
  requestAnimationFrame(() =>
    setTimeout(() => {
      playground.timings.updates.push({
        python: answer.milliseconds,
        drawn: drawn - started,
        painted: performance.now() - eventTime,
      });
    }, 0),
  );
}

// ----- network mode ------------------------------------------------------------------------

let trainer = null;
let playing = false;
let selected = null; // the index of the clicked training point

function networkSettings() {
  const text = $("layers").value.trim();
  const layers = text === "" ? [] : text.split(/[\s,]+/).map(Number);
  if (layers.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_NEURONS) || layers.length > MAX_LAYERS) {
    throw new Error(
      `Hidden layers "${text}": write up to ${MAX_LAYERS} numbers of neurons from 1 to ${MAX_NEURONS}, ` +
        `separated by commas (e.g. 8, 8), or leave it empty for none.`,
    );
  }
  const points = Number($("points").value);
  const noise = Number($("noise").value);
  const seed = Number($("seed").value);
  if (!Number.isInteger(points) || points < 8 || points > 400) throw new Error("Points: a whole number from 8 to 400.");
  if (!(noise >= 0 && noise <= 2)) throw new Error("Noise: a number from 0 to 2.");
  if (!Number.isInteger(seed) || seed < 0) throw new Error("Seed: a whole number, 0 or more.");
  return {
    dataset: $("dataset").value,
    n: points,
    noise,
    layers,
    activation: $("activation").value,
    loss: $("loss").value,
    learning_rate: Number($("learning-rate").value),
    l2: Number($("l2").value),
    batch_size: $("batch-size").value === "" ? null : Number($("batch-size").value),
    seed,
  };
}

function resetNetwork() {
  pause();
  selected = null;
  $("point-card").hidden = true;
  if (trainer) trainer.destroy();
  trainer = null;
  try {
    trainer = playground.py.Trainer(JSON.stringify(networkSettings()));
  } catch (error) {
    showError(String(error.message).split("\n").filter(Boolean).pop());
    return;
  }
  showError("");
  trainer.refresh_grid();
  drawNetwork(JSON.parse(trainer.state()));
}

function frame() {
  if (!playing || !trainer) return;
  const state = JSON.parse(trainer.run(TRAIN_BUDGET_MS, GRID_BUDGET_MS));
  drawNetwork(state);
  if (state.diverged) {
    pause();
    showError(state.diverged);
    return;
  }
  requestAnimationFrame(frame);
}

function play() {
  if (!trainer) resetNetwork();
  if (!trainer || trainer.diverged) return;
  playing = true;
  $("play").textContent = "❚❚ Pause";
  $("point-card").hidden = true;
  requestAnimationFrame(frame);
}

function pause() {
  if (!playing) return;
  playing = false;
  $("play").textContent = "▶ Play";
  if (trainer) {
    trainer.refresh_grid();
    drawNetwork(JSON.parse(trainer.state()));
  }
}

function stepOnce() {
  if (!trainer) resetNetwork();
  if (!trainer) return;
  pause();
  const state = JSON.parse(trainer.run(0, 0));
  trainer.refresh_grid();
  drawNetwork(JSON.parse(trainer.state()));
  if (state.diverged) showError(state.diverged);
}

function toPixel(state, canvas, x, y) {
  const [x0, x1, y0, y1] = state.bounds;
  return [((x - x0) / (x1 - x0)) * canvas.width, ((y1 - y) / (y1 - y0)) * canvas.height];
}

function mix(score, threshold) {
  if (score === null) return [255, 0, 0];
  const t = Math.tanh(score - threshold); // -1 … 1: how sure, and which side
  const color = t > 0 ? COLORS.positive : COLORS.negative;
  const strength = 0.15 + 0.55 * Math.abs(t);
  return color.map((c) => Math.round(255 + (c - 255) * strength));
}

function drawBoundary(state) {
  const canvas = $("boundary");
  const context = canvas.getContext("2d");
  // the grid's scores as an n × n image, stretched smoothly over the canvas
  const n = state.grid_size;
  const small = new OffscreenCanvas(n, n);
  const image = small.getContext("2d").createImageData(n, n);
  for (let k = 0; k < n * n; k++) {
    image.data.set([...mix(state.grid[k], state.threshold), 255], 4 * k);
  }
  small.getContext("2d").putImageData(image, 0, 0);
  const half = canvas.width / (n - 1) / 2; // grid points sit on the canvas's edges
  context.imageSmoothingEnabled = true;
  context.drawImage(small, -half, -half, canvas.width + 2 * half, canvas.height + 2 * half);
  state.rows.forEach(([x, y], i) => {
    const [px, py] = toPixel(state, canvas, x, y);
    const positive = state.targets[i] > state.threshold;
    context.beginPath();
    context.arc(px, py, i === selected ? 7 : 4.5, 0, 2 * Math.PI);
    context.fillStyle = `rgb(${(positive ? COLORS.positive : COLORS.negative).join(",")})`;
    context.fill();
    context.lineWidth = i === selected ? 3 : 1.2;
    context.strokeStyle = i === selected ? "#000" : "#fff";
    context.stroke();
  });
}

function drawLossCurve(state) {
  const svg = $("loss-curve");
  const losses = state.losses.filter((x) => x !== null);
  const width = 400;
  const height = 260;
  const pad = 36;
  if (losses.length === 0) {
    svg.innerHTML = `<text x="${width / 2}" y="${height / 2}" text-anchor="middle">press Play</text>`;
    return;
  }
  const top = Math.max(...losses) || 1;
  const every = Math.max(1, Math.ceil(losses.length / 400));
  const points = [];
  for (let i = 0; i < losses.length; i += every) {
    const x = pad + ((width - pad - 8) * i) / Math.max(1, losses.length - 1);
    const y = height - pad - ((height - pad - 10) * losses[i]) / top;
    points.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  }
  svg.innerHTML =
    `<line x1="${pad}" y1="${height - pad}" x2="${width - 8}" y2="${height - pad}" class="axis"/>` +
    `<line x1="${pad}" y1="10" x2="${pad}" y2="${height - pad}" class="axis"/>` +
    `<text x="${pad - 4}" y="16" text-anchor="end">${top.toPrecision(2)}</text>` +
    `<text x="${pad - 4}" y="${height - pad}" text-anchor="end">0</text>` +
    `<text x="${width - 8}" y="${height - pad + 16}" text-anchor="end">epoch ${state.epoch}</text>` +
    `<polyline points="${points.join(" ")}" class="curve"/>`;
}

function drawNetwork(state) {
  playground.network = state;
  drawBoundary(state);
  drawLossCurve(state);
  const accuracy = state.accuracy === null ? "—" : `${(100 * state.accuracy).toFixed(1)}%`;
  const rate = state.new_steps && state.seconds ? `${Math.round(state.new_steps / state.seconds)} steps/s` : "";
  $("stats").innerHTML = "";
  const items = [
    ["epoch", state.epoch],
    ["steps", state.steps],
    ["loss", state.loss === null ? state.loss_text || "—" : state.loss.toPrecision(4)],
    ["accuracy", accuracy],
    ["parameters", state.parameters],
  ];
  if (rate) items.push(["speed", rate]);
  for (const [name, value] of items) {
    const span = document.createElement("span");
    span.innerHTML = `<b></b> <span></span>`;
    span.firstChild.textContent = name;
    span.lastChild.textContent = value;
    span.dataset.stat = name;
    $("stats").appendChild(span);
  }
}

function showPoint(withPlayer) {
  if (selected === null || !trainer) return;
  const answer = JSON.parse(trainer.point_graph(selected, withPlayer));
  const [x, y] = answer.point;
  $("point-title").textContent =
    `Training point ${selected}: (${x.toFixed(3)}, ${y.toFixed(3)}), target ${answer.target}, ` +
    `loss ${answer.loss.toPrecision(4)} (without the L2 term)`;
  $("point-card").hidden = false;
  if (withPlayer) insertWithScripts($("point-view"), answer.player);
  else $("point-view").innerHTML = answer.svg;
  playground.point = answer;
}

function clickBoundary(event) {
  const state = playground.network;
  if (!state) return;
  if (playing) pause();
  const canvas = $("boundary");
  const box = canvas.getBoundingClientRect();
  const cx = ((event.clientX - box.left) / box.width) * canvas.width;
  const cy = ((event.clientY - box.top) / box.height) * canvas.height;
  let best = null;
  let bestDistance = Infinity;
  state.rows.forEach(([x, y], i) => {
    const [px, py] = toPixel(state, canvas, x, y);
    const distance = Math.hypot(px - cx, py - cy);
    if (distance < bestDistance) [best, bestDistance] = [i, distance];
  });
  if (bestDistance > 14) return;
  selected = best;
  drawBoundary(state);
  showPoint(false);
}

// ----- the page ----------------------------------------------------------------------------

function showMode(mode) {
  for (const name of ["expression", "network"]) {
    $(name).hidden = name !== mode;
    $(`tab-${name}`).setAttribute("aria-selected", String(name === mode));
  }
  if (mode !== "network") pause();
  if (history.replaceState) history.replaceState(null, "", `#${mode}`);
  if (playground.py && mode === "network" && !trainer) resetNetwork();
}

function copyAsPython(text) {
  $("copy-text").value = text;
  $("copy-dialog").showModal();
  $("copy-text").select();
  if (navigator.clipboard) navigator.clipboard.writeText(text).catch(() => {});
}

function wire() {
  for (const tab of document.querySelectorAll(".modes button")) {
    tab.addEventListener("click", () => showMode(tab.dataset.mode));
  }
  let typing = null;
  $("expr").addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => updateExpression(), 250);
  });
  $("explained").addEventListener("change", () => updateExpression());
  $("copy-expression").addEventListener("click", () => {
    if (playground.expression && playground.expression.python) copyAsPython(playground.expression.python);
  });
  $("play").addEventListener("click", () => (playing ? pause() : play()));
  $("step").addEventListener("click", stepOnce);
  $("reset").addEventListener("click", resetNetwork);
  for (const id of ["dataset", "points", "noise", "layers", "activation", "loss", "learning-rate", "l2", "batch-size", "seed"]) {
    $(id).addEventListener("change", resetNetwork);
  }
  $("boundary").addEventListener("click", clickBoundary);
  $("show-graph").addEventListener("click", () => showPoint(false));
  $("show-player").addEventListener("click", () => showPoint(true));
  $("copy-network").addEventListener("click", () => {
    if (trainer) copyAsPython(JSON.parse(trainer.state()).python);
  });
}

wire();
const mode = location.hash === "#network" ? "network" : "expression";
showMode(mode);
// playground.ready: true once everything is drawn, false if the page could not start
playground.ready = start().then(
  () => {
    buildSliders(["a", "b"]);
    updateExpression();
    if (mode === "network") resetNetwork();
    return true;
  },
  (error) => {
    if (String(error.message) !== "no WebAssembly") {
      setStatus("");
      showError(`The playground could not start: ${error.message}`);
    }
    return false;
  },
);
