// The backprop player: Prev / Next / Play / a slider over the steps that player.py wrote.
// player.py replaces __PLAYER_ID__ and __INTERVAL__ before inlining this file in the page.
(function () {
  const player = document.getElementById("__PLAYER_ID__");
  const data = JSON.parse(player.querySelector("script.bp-data").textContent);
  const svg = player.querySelector(".bp-graph svg");
  const slider = player.querySelector(".bp-slider");
  const playButton = player.querySelector(".bp-play");
  const byId = (id) => svg.querySelector('[id="' + id + '"]');
  const gradText = {};
  svg.querySelectorAll("g.node").forEach((g) => {
    g.querySelectorAll("text").forEach((t) => {
      if (t.textContent.startsWith("grad ")) gradText[g.id] = t;
    });
  });
  let current = 0;
  let timer = null;
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
  }
  function stop() { clearInterval(timer); timer = null; playButton.textContent = "Play"; }
  player.querySelector(".bp-prev").addEventListener("click", () => { stop(); show(current - 1); });
  player.querySelector(".bp-next").addEventListener("click", () => { stop(); show(current + 1); });
  player.querySelector(".bp-zoom").addEventListener("click", () =>
    player.querySelector(".bp-graph").classList.toggle("bp-actual-size"));
  slider.addEventListener("input", () => { stop(); show(Number(slider.value)); });
  playButton.addEventListener("click", () => {
    if (timer !== null) { stop(); return; }
    if (current === data.steps.length - 1) show(0);
    playButton.textContent = "Pause";
    timer = setInterval(() => {
      if (current >= data.steps.length - 1) { stop(); return; }
      show(current + 1);
    }, __INTERVAL__);
  });
  show(0);
})();
