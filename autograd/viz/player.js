// The backprop player: Prev / Next / Play / a slider / zoom / keys over the steps player.py wrote.
// player.py replaces __PLAYER_ID__, __INTERVAL__, __READABLE_ZOOM__ and __MAX_ZOOM__ before
// inlining this file in the page.
(function () {
  const player = document.getElementById("__PLAYER_ID__");
  const data = JSON.parse(player.querySelector("script.bp-data").textContent);
  const box = player.querySelector(".bp-graph");
  const svg = box.querySelector("svg");
  const slider = player.querySelector(".bp-slider");
  const playButton = player.querySelector(".bp-play");
  const zoomLevel = player.querySelector(".bp-zoom-level");
  const byId = (id) => svg.querySelector('[id="' + id + '"]');
  const gradText = {};
  svg.querySelectorAll("g.node").forEach((g) => {
    g.querySelectorAll("text").forEach((t) => {
      if (t.textContent.startsWith("grad ")) gradText[g.id] = t;
    });
  });
  // the drawing's own size, in CSS pixels (Graphviz writes it in points)
  const naturalWidth = svg.width.baseVal.value;
  const naturalHeight = svg.height.baseVal.value;
  const readable = __READABLE_ZOOM__;
  const largest = __MAX_ZOOM__;
  const zoomStep = 1.25;
  let zoom = 1;
  let current = 0;
  let timer = null;

  function setZoom(z) {
    zoom = Math.max(0.1, Math.min(4, z));
    svg.style.width = naturalWidth * zoom + "px";
    svg.style.height = naturalHeight * zoom + "px";
    zoomLevel.textContent = Math.round(zoom * 100) + "%";
  }
  // The whole graph at once when that is readable (enlarged up to `largest` to fill the
  // box); otherwise the readable zoom, scrolled to follow the current step.
  function fitWhole() {
    const width = box.clientWidth || naturalWidth;
    const height = parseFloat(getComputedStyle(box).maxHeight) || naturalHeight;
    return Math.min(largest, width / naturalWidth, height / naturalHeight);
  }
  function follow(id) {
    const node = byId(id);
    if (!node) return;
    const target = node.getBoundingClientRect();
    const view = box.getBoundingClientRect();
    // scroll the graph's box only (never the page), when the node is out of sight
    if (target.left < view.left || target.right > view.right) {
      box.scrollLeft += target.left - view.left - (view.width - target.width) / 2;
    }
    if (target.top < view.top || target.bottom > view.bottom) {
      box.scrollTop += target.top - view.top - (view.height - target.height) / 2;
    }
  }
  function show(k) {
    current = Math.max(0, Math.min(data.steps.length - 1, k));
    const grads = Object.assign({}, data.initial);
    const done = new Set();
    for (let i = 0; i <= current; i++) {
      Object.assign(grads, data.steps[i].grads);
      done.add(data.steps[i].node);
    }
    svg.querySelectorAll("g.node, g.edge").forEach((g) =>
      g.classList.remove("current", "receiving", "active", "pending"));
    for (const id in gradText) {
      gradText[id].textContent = "grad " + grads[id];
      if (!done.has(id)) byId(id).classList.add("pending");
    }
    const step = data.steps[current];
    step.current.forEach((id) => byId(id) && byId(id).classList.add("current"));
    step.edges.forEach((id) => byId(id) && byId(id).classList.add("active"));
    step.parents.forEach((id) => byId(id) && byId(id).classList.add("receiving"));
    player.querySelector(".bp-title").textContent = step.title;
    player.querySelector(".bp-text").textContent = step.text;
    player.querySelector(".bp-counter").textContent =
      "step " + (current + 1) + " of " + data.steps.length;
    slider.value = current;
    follow(step.node);
  }
  function stop() { clearInterval(timer); timer = null; playButton.textContent = "Play"; }
  function play() {
    if (timer !== null) { stop(); return; }
    if (current === data.steps.length - 1) show(0);
    playButton.textContent = "Pause";
    timer = setInterval(() => {
      if (current >= data.steps.length - 1) { stop(); return; }
      show(current + 1);
    }, __INTERVAL__);
  }
  function zoomBy(factor) { setZoom(zoom * factor); follow(data.steps[current].node); }
  // after a click the player keeps the keyboard focus, so the keys below work at once
  function on(selector, action) {
    player.querySelector(selector).addEventListener("click", () => {
      action();
      player.focus({ preventScroll: true });
    });
  }
  on(".bp-prev", () => { stop(); show(current - 1); });
  on(".bp-next", () => { stop(); show(current + 1); });
  on(".bp-play", play);
  on(".bp-zoom-in", () => zoomBy(zoomStep));
  on(".bp-zoom-out", () => zoomBy(1 / zoomStep));
  on(".bp-fit", () => { setZoom(fitWhole()); follow(data.steps[current].node); });
  slider.addEventListener("input", () => { stop(); show(Number(slider.value)); });
  const keys = {
    ArrowRight: () => { stop(); show(current + 1); },
    ArrowDown: () => { stop(); show(current + 1); },
    ArrowLeft: () => { stop(); show(current - 1); },
    ArrowUp: () => { stop(); show(current - 1); },
    " ": play,
    Home: () => { stop(); show(0); },
    End: () => { stop(); show(data.steps.length - 1); },
    "+": () => zoomBy(zoomStep),
    "=": () => zoomBy(zoomStep),
    "-": () => zoomBy(1 / zoomStep),
  };
  player.addEventListener("keydown", (event) => {
    const action = keys[event.key];
    // the slider moves itself with the arrow keys; modifiers belong to the browser
    if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target === slider && event.key.startsWith("Arrow")) return;
    event.preventDefault(); // no page scroll on space or arrows, no button press on space
    event.stopPropagation();
    action();
  });
  setZoom(Math.max(readable, fitWhole()));
  show(0);
})();
