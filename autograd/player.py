"""The backprop player: backprop as steps with their chain-rule arithmetic, played over the graph.

`backprop_steps` lists the steps (no drawing, no change to any ``.grad``); `backprop_player`
turns them into a self-contained HTML page (inline SVG, CSS and JS; no network) and SVG frames.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograd.explain import (
    DEFAULT_PRECISION,
    as_parameter_set,
    consumers,
    format_number,
    is_activation,
    neuron_term_words,
    node_names,
)
from autograd.graph import topological_order
from autograd.value import Value
from autograd.viz import draw_dot, render_svg

PLAY_INTERVAL_MILLISECONDS = 1200  # time between steps when Play is pressed
NOT_YET = "?"  # shown as a node's grad before backprop has reached it
FRAME_FILE_PATTERN = "step_{index:03d}.svg"


@dataclass(frozen=True)
class Contribution:
    """What one step adds to one parent: ∂L/∂parent += ∂node/∂parent × ∂L/∂node.

    Attributes:
        parent: the parent receiving gradient.
        parent_name: its name in the formulas.
        position: which argument of the node the parent is (``a * a`` contributes twice).
        local_grad: ∂node/∂parent, from the op's rule.
        upstream: ∂L/∂node, the node's final gradient.
        before: the parent's gradient before this contribution.
        after: the parent's gradient after it.

    """

    parent: Value
    parent_name: str
    position: int
    local_grad: float
    upstream: float
    before: float
    after: float


@dataclass(frozen=True)
class Use:
    """One use of a node by a child: the term ∂L/∂child · ∂child/∂node of the node's gradient."""

    child_name: str
    upstream: float
    local_grad: float


@dataclass(frozen=True)
class BackpropStep:
    """One node's turn in backprop (reverse topological order).

    Its gradient ∂L/∂node is complete (every use has contributed), so it is passed on: each
    parent gets ∂node/∂parent × ∂L/∂node added to its gradient.

    Attributes:
        index: 0 for the root, counting up.
        node: the node.
        name: its name in the formulas.
        title: a one-line heading, e.g. ``v5 = tanh(v4)``.
        grad: ∂L/∂node, final.
        uses: the terms that summed to `grad` (empty for the root, whose gradient is 1).
        contributions: what this step adds to each parent.
        arithmetic: the chain-rule arithmetic of this step, written out (several lines).

    """

    index: int
    node: Value
    name: str
    title: str
    grad: float
    uses: tuple[Use, ...]
    contributions: tuple[Contribution, ...]
    arithmetic: str

    def __str__(self) -> str:
        return f"step {self.index + 1}: {self.title}\n{self.arithmetic}"


def backprop_steps(
    root: Value,
    precision: int = DEFAULT_PRECISION,
    parameters: Iterable[Value] | None = None,
) -> Iterator[BackpropStep]:
    """Backprop from `root`, one step per node, with each step's chain-rule arithmetic.

    The same loop as ``root.backward()`` (seed ∂L/∂L = 1, then reverse topological order), run
    on its own numbers: no ``.grad`` is read or changed. Each step gives the node's final
    gradient ∂L/∂node = Σ over its uses of ∂L/∂child · ∂child/∂node, and what it passes on,
    ∂L/∂parent += ∂node/∂parent × ∂L/∂node. Local derivatives come from the rules table.
    Where a node's only route to the loss runs through a neuron's activation, the step also
    writes the lecture's three terms; `parameters` (e.g. ``model.parameters()``) lets it say
    "weight" only for weights.

    Raises:
        TypeError: root is not a Value.

    """
    if not isinstance(root, Value):
        raise TypeError(
            f"backprop_steps: root must be a Value, got {type(root).__name__} {root!r}; pass "
            f"the result of a computation, e.g. backprop_steps(loss)"
        )
    order = topological_order(root)
    names = node_names(root)
    uses_of = consumers(order)
    grads = {node: 0.0 for node in order}
    grads[root] = 1.0
    received: dict[Value, list[Use]] = {node: [] for node in order}
    writer = _Writer(names, names[root], precision, as_parameter_set(parameters))
    for index, node in enumerate(reversed(order)):
        upstream = grads[node]
        contributions = []
        for position, (parent, local_grad) in enumerate(
            zip(node.parents, node.local_grads, strict=True)
        ):
            before = grads[parent]
            grads[parent] = before + local_grad * upstream
            received[parent].append(Use(names[node], upstream, local_grad))
            contributions.append(
                Contribution(
                    parent, names[parent], position, local_grad, upstream, before, grads[parent]
                )
            )
        uses = tuple(received[node])
        lines = writer.gradient(node, upstream, uses, node is root)
        lines += [line for line in writer.chain(node, uses_of, grads, root) if line not in lines]
        lines += writer.passing_on(node, contributions)
        yield BackpropStep(
            index=index,
            node=node,
            name=names[node],
            title=writer.title(node),
            grad=upstream,
            uses=uses,
            contributions=tuple(contributions),
            arithmetic="\n".join(lines),
        )


class _Writer:
    """Writes a step's arithmetic in the notation ∂L/∂x, with numbers."""

    def __init__(
        self,
        names: dict[Value, str],
        root_name: str,
        precision: int,
        parameters: frozenset[Value] | None,
    ) -> None:
        self.names, self.root_name, self.precision = names, root_name, precision
        self.parameters = parameters

    def n(self, x: float) -> str:
        return format_number(x, self.precision)

    def d(self, top: str, bottom: str) -> str:
        return f"∂{top}/∂{bottom}"

    def title(self, node: Value) -> str:
        name = self.names[node]
        if node.is_leaf:
            return f"{name} (a leaf)"
        arguments = ", ".join(self.names[parent] for parent in node.parents)
        return f"{name} = {node.op}({arguments})"

    def gradient(self, node: Value, grad: float, uses: tuple[Use, ...], is_root: bool) -> list[str]:
        """How the node's gradient was summed from its uses."""
        loss, name = self.root_name, self.names[node]
        if is_root:
            return [f"{self.d(loss, loss)} = 1  (the seed: {loss} changes one-for-one with itself)"]
        symbols = " + ".join(
            f"{self.d(loss, u.child_name)} · {self.d(u.child_name, name)}" for u in uses
        )
        numbers = " + ".join(f"{self.n(u.upstream)} × {self.n(u.local_grad)}" for u in uses)
        return [f"{self.d(loss, name)} = {symbols} = {numbers} = {self.n(grad)}"]

    def chain(
        self,
        node: Value,
        uses_of: dict[Value, list[tuple[Value, int]]],
        grads: dict[Value, float],
        root: Value,
    ) -> list[str]:
        """The chain rule along the node's only route up to a neuron's output or a branch.

        Through an activation out = f(net) it is the lecture's three terms,
        ∂L/∂w = ∂L/∂out · ∂out/∂net · ∂net/∂w; otherwise a product of local derivatives ending
        at the first node used more than once. Empty when that is just the line above.
        """
        route, factors = [node], []
        while route[-1] is not root and len(uses_of[route[-1]]) == 1:
            child, position = uses_of[route[-1]][0]
            route.append(child)
            factors.append(child.local_grads[position])
            if is_activation(child):
                break
        if len(route) < 3:
            return []
        loss, names = self.root_name, self.names
        top = route[-1]
        name = names[node]
        if is_activation(top):
            out, net = names[top], names[route[-2]]
            terms = (grads[top], factors[-1], math.prod(factors[:-1]))
            symbols = f"{self.d(loss, out)} · {self.d(out, net)} · {self.d(net, name)}"
            numbers = " × ".join(self.n(t) for t in terms)
            words = neuron_term_words(node, self.parameters, name, route[1])
            return [
                f"{self.d(loss, name)} = {symbols} = {numbers} = {self.n(math.prod(terms))}",
                "  " + " · ".join(f"({w})" for w in words),
            ]
        # a product of local derivatives only; at the root the last one is ∂L/∂(root's parent)
        symbols_list = [] if top is root else [self.d(loss, names[top])]
        numbers_list = [] if top is root else [grads[top]]
        for i in reversed(range(len(factors))):
            symbols_list.append(self.d(names[route[i + 1]], names[route[i]]))
            numbers_list.append(factors[i])
        return [
            f"{self.d(loss, name)} = {' · '.join(symbols_list)} = "
            f"{' × '.join(self.n(x) for x in numbers_list)} = {self.n(math.prod(numbers_list))}"
        ]

    def passing_on(self, node: Value, contributions: list[Contribution]) -> list[str]:
        """What the node adds to each parent's gradient."""
        loss, name = self.root_name, self.names[node]
        if node.is_leaf:
            return [f"{name} is a leaf: nothing to pass back; its gradient is final"]
        formula = node._rule.formula  # package-internal: the rule that made this node
        lines = [f"local derivatives of {node.op}: {formula}"]
        for c in contributions:
            lines.append(
                f"{self.d(loss, c.parent_name)} += {self.d(name, c.parent_name)} × "
                f"{self.d(loss, name)} = {self.n(c.local_grad)} × {self.n(c.upstream)}"
                f" = {self.n(c.local_grad * c.upstream)}"
                f"  ({c.parent_name}.grad {self.n(c.before)} → {self.n(c.after)})"
            )
        return lines


# ----- the player ------------------------------------------------------------------------------

_FRAME_CSS = """
g.node.current polygon, g.node.current ellipse { stroke: #dc2626; stroke-width: 3px; }
g.node.receiving polygon, g.node.receiving ellipse { stroke: #ea580c; stroke-width: 2px; }
g.node.pending { opacity: 0.5; }
g.edge.active path, g.edge.active polygon { stroke: #dc2626; stroke-width: 2.5px; }
"""

_PLAYER_CSS = """
.bp-controls { display: flex; gap: 0.5em; align-items: center; margin: 0.5em 0; }
.bp-controls button { font: inherit; padding: 0.2em 0.8em; }
.bp-controls input[type=range] { flex: 1; }
.bp-graph { overflow: auto; max-height: 70vh; border: 1px solid #e5e7eb; }
.bp-graph svg { max-width: 100%; height: auto; }
.bp-graph.bp-actual-size svg { max-width: none; }
.bp-title { font-weight: bold; margin-top: 0.5em; }
.bp-text { background: #f9fafb; padding: 0.6em; white-space: pre-wrap; line-height: 1.5; }
"""

_PLAYER_JS = """
(function () {
  const player = document.getElementById("%(player_id)s");
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
    }, %(interval)d);
  });
  show(0);
})();
"""

_SVG_START = re.compile(r"<svg\b")
# what a frame changes in the SVG: the opening tag of each node or edge group (to add a class)
# and the text of each value's "grad …" field
_FRAME_SLOTS = re.compile(r'<g id="([^"]+)" class="(node|edge)">|>grad ([^<]*)<')


class _FrameTemplate:
    """The player's SVG cut once into fixed text and slots, so each frame is one join."""

    def __init__(self, svg: str) -> None:
        opening_end = svg.index(">", svg.index("<svg")) + 1
        svg = svg[:opening_end] + f"<style>{_FRAME_CSS}</style>" + svg[opening_end:]
        self.parts: list[str | tuple[str, str, str]] = []  # text, or (slot kind, id, default)
        grad_slot: dict[str, tuple[int, str]] = {}  # group id -> (index in parts, its text)
        last, group = 0, ""
        for match in _FRAME_SLOTS.finditer(svg):
            self.parts.append(svg[last : match.start()])
            if match[1] is not None:
                group = match[1]
                self.parts.append(("class", group, match[2]))
            else:
                if group in grad_slot:  # a label that reads "grad …": the last field wins
                    index, text = grad_slot[group]
                    self.parts[index] = f">grad {text}<"
                grad_slot[group] = (len(self.parts), match[3])
                self.parts.append(("grad", group, match[3]))
            last = match.end()
        self.parts.append(svg[last:])

    def fill(self, grads: dict[str, str], classes: dict[str, str]) -> str:
        """The SVG with these gradient texts and these extra classes on groups, by id."""
        pieces = []
        for part in self.parts:
            if isinstance(part, str):
                pieces.append(part)
            elif part[0] == "class":
                extra = f" {classes[part[1]]}" if part[1] in classes else ""
                pieces.append(f'<g id="{part[1]}" class="{part[2]}{extra}">')
            else:
                pieces.append(f">grad {grads.get(part[1], part[2])}<")
        return "".join(pieces)


class BackpropPlayer:
    """A step-by-step backprop player: the graph with each step's node, edges and arithmetic.

    Shows inline in Jupyter; `save` writes one self-contained ``.html`` file (works offline in
    any browser); `save_frames` writes one SVG per step. Build it with `backprop_player`.

    Attributes:
        steps: the steps, as `backprop_steps` gives them.
        svg: the graph, laid out once; each step restyles it.

    """

    def __init__(
        self, root: Value, steps: list[BackpropStep], svg: str, precision: int = DEFAULT_PRECISION
    ) -> None:
        self.root = root
        self.steps = steps
        start = _SVG_START.search(svg)
        if start is None:
            raise ValueError(
                f"BackpropPlayer: svg must be SVG text from render_svg, got {svg[:40]!r}…; "
                f"build the player with backprop_player(root)"
            )
        self.svg = svg[start.start() :]  # drop the XML prolog and DOCTYPE to inline it in HTML
        ids = {node: f"n{k}" for k, node in enumerate(topological_order(root))}
        self._initial = {ids[node]: NOT_YET for node in ids}
        self._frames: list[dict[str, Any]] = [
            {
                "node": ids[step.node],
                "current": [ids[step.node], ids[step.node] + "op"],
                "edges": [f"e{ids[step.node][1:]}_{c.position}" for c in step.contributions]
                + ([f"e{ids[step.node][1:]}_out"] if step.contributions else []),
                "parents": sorted({ids[c.parent] for c in step.contributions}),
                "grads": {
                    ids[step.node]: format_number(step.grad, precision),
                    **{
                        ids[c.parent]: format_number(c.after, precision) for c in step.contributions
                    },
                },
                "title": step.title,
                "text": step.arithmetic,
            }
            for step in steps
        ]
        digest = hashlib.sha1(
            (self.svg + json.dumps(self._frames, sort_keys=True)).encode("utf-8")
        ).hexdigest()
        self.player_id = f"backprop-player-{digest[:12]}"

    def __len__(self) -> int:
        return len(self.steps)

    def __repr__(self) -> str:
        return (
            f"<BackpropPlayer: {len(self.steps)} steps; shows inline in Jupyter, "
            f"or .save('backprop.html') to open it in a browser>"
        )

    def _repr_html_(self) -> str:
        """The player as an HTML fragment (Jupyter shows it inline)."""
        data = json.dumps({"initial": self._initial, "steps": self._frames}, ensure_ascii=False)
        data = data.replace("</", "<\\/")  # keep "</script>" in a label from closing the tag
        scoped_css = "".join(
            f"#{self.player_id} {line}\n" for line in _FRAME_CSS.strip().splitlines()
        )
        scoped_css += "".join(
            f"#{self.player_id} {line}\n" for line in _PLAYER_CSS.strip().splitlines()
        )
        last = len(self.steps) - 1
        script = _PLAYER_JS % {"player_id": self.player_id, "interval": PLAY_INTERVAL_MILLISECONDS}
        return (
            f'<div id="{self.player_id}" class="backprop-player" '
            f'style="font-family: sans-serif">\n<style>{scoped_css}</style>\n'
            f'<div class="bp-controls"><button class="bp-prev">Prev</button>'
            f'<button class="bp-next">Next</button><button class="bp-play">Play</button>'
            f'<button class="bp-zoom" title="fit the page or show actual size">Zoom</button>'
            f'<input class="bp-slider" type="range" min="0" max="{last}" value="0" '
            f'aria-label="step"><span class="bp-counter"></span></div>\n'
            f'<div class="bp-graph">{self.svg}</div>\n'
            f'<div class="bp-title"></div>\n<pre class="bp-text"></pre>\n'
            f'<script type="application/json" class="bp-data">{data}</script>\n'
            f"<script>{script}</script>\n</div>"
        )

    def to_html(self) -> str:
        """A complete HTML page holding the player; no external files or network needed."""
        title = html.escape(f"Backprop, step by step ({len(self.steps)} steps)")
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>\n"
            f"{self._repr_html_()}\n</body>\n</html>\n"
        )

    def save(self, path: str | Path) -> Path:
        """Write the player to one ``.html`` file and return its path."""
        target = Path(path)
        target.write_text(self.to_html(), encoding="utf-8")
        return target

    def frames(self) -> Iterator[str]:
        """One standalone SVG per step: the graph with that step's highlights and gradients.

        A generator: each frame is as large as the whole graph's SVG, so big graphs are best
        written one at a time (`save_frames` does).
        """
        template = _FrameTemplate(self.svg)
        grads = dict(self._initial)
        done: set[str] = set()
        for frame in self._frames:
            grads.update(frame["grads"])
            done.add(frame["node"])
            classes = {node_id: "pending" for node_id in grads if node_id not in done}
            classes.update(dict.fromkeys(frame["parents"], "receiving"))
            classes.update(dict.fromkeys(frame["current"], "current"))
            classes.update(dict.fromkeys(frame["edges"], "active"))
            yield template.fill(grads, classes)

    def save_frames(self, directory: str | Path) -> list[Path]:
        """Write `frames` as ``step_000.svg``, ``step_001.svg``… into `directory` (created)."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for index, svg in enumerate(self.frames()):
            path = folder / FRAME_FILE_PATTERN.format(index=index)
            path.write_text(svg, encoding="utf-8")
            paths.append(path)
        return paths


def backprop_player(
    root: Value,
    *,
    parameters: Iterable[Value] | None = None,
    group_by: Any = None,
    rankdir: str = "LR",
    precision: int = DEFAULT_PRECISION,
) -> BackpropPlayer:
    """Play backprop on `root`'s graph one node at a time: Prev / Next / Play / a slider.

    Each step highlights the node whose gradient is now complete and the edges it sends
    gradient along, fills in every gradient known so far (partial sums included; ``?`` = not
    reached yet), and writes out the step's chain-rule arithmetic (see `backprop_steps`). The
    graph is laid out once (needs a Graphviz renderer, see `viz.render_svg`); nothing in the
    graph is changed.

    Args:
        root: the value to backprop from (usually the loss).
        parameters: values to colour as parameters, as in `viz.draw_dot`.
        group_by: a model whose neurons are boxed, as in `viz.draw_dot`.
        rankdir: ``"LR"`` or ``"TB"``.
        precision: decimals shown.

    Raises:
        TypeError: root is not a Value.
        viz.RenderError: no Graphviz renderer is installed.

    """
    known = as_parameter_set(parameters)
    if group_by is not None and callable(getattr(group_by, "parameters", None)):
        known = (known or frozenset()) | frozenset(group_by.parameters())
    steps = list(backprop_steps(root, precision=precision, parameters=known))
    final = {step.node: step.grad for step in steps}
    dot = draw_dot(
        root,
        rankdir=rankdir,
        show_names=True,
        precision=precision,
        parameters=parameters,
        group_by=group_by,
        grads=final,
    )
    return BackpropPlayer(root, steps, render_svg(dot), precision)


animate_backward = backprop_player
"""Another name for `backprop_player`."""
