"""The backprop player: backprop as steps with their chain-rule arithmetic, played over the graph.

`backprop_steps` records the steps by observing the one chain rule (`chain_rule`); it changes
no ``.grad``. `backprop_player` turns them into a self-contained HTML page (inline SVG, and the
CSS and JavaScript shipped beside this file; no network) and SVG frames.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from autograd.engine.backprop import chain_rule
from autograd.engine.value import Value
from autograd.viz.draw import draw_dot
from autograd.viz.explanation import UseTerm, neuron_term_words
from autograd.viz.graph_view import (
    DEFAULT_PRECISION,
    GraphView,
    format_number,
    parameter_set,
    require_value,
    view_of,
)
from autograd.viz.render import render_svg

PLAY_INTERVAL_MILLISECONDS = 1200  # time between steps when Play is pressed
NOT_YET = "?"  # shown as a node's grad before backprop has reached it
FRAME_FILE_PATTERN = "step_{index:03d}.svg"


def _package_text(name: str) -> str:
    """A text file shipped beside this module (the player's CSS and JavaScript)."""
    return resources.files("autograd.viz").joinpath(name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Contribution:
    """What one step adds to one parent: ∂L/∂parent += ∂node/∂parent × ∂L/∂node.

    Attributes:
        parent: the parent receiving gradient.
        position: which argument of the node the parent is (``a * a`` contributes twice).
        local_grad: ∂node/∂parent, from the op's rule.
        upstream: ∂L/∂node, the node's final gradient.
        before: the parent's gradient before this contribution.
        after: the parent's gradient after it.

    """

    parent: Value
    position: int
    local_grad: float
    upstream: float
    before: float
    after: float


@dataclass(frozen=True)
class BackpropStep:
    """One node's turn in backprop (reverse topological order).

    Its gradient ∂L/∂node is complete (every use has contributed), so it is passed on: each
    parent gets ∂node/∂parent × ∂L/∂node added to its gradient.

    Attributes:
        index: 0 for the root, counting up.
        node: the node.
        title: a one-line heading: the node as a formula (``v5 = tanh(v4)``, see
            `GraphView.formula`), or ``w1 (a leaf)``.
        grad: ∂L/∂node, final.
        uses: the terms ∂L/∂child · ∂child/∂node that summed to `grad`, one per use of the node
            (empty for the root, whose gradient is 1).
        contributions: what this step adds to each parent.
        arithmetic: the chain-rule arithmetic of this step, written out (several lines).

    """

    index: int
    node: Value
    title: str
    grad: float
    uses: tuple[UseTerm, ...]
    contributions: tuple[Contribution, ...]
    arithmetic: str

    def __str__(self) -> str:
        return f"step {self.index + 1}: {self.title}\n{self.arithmetic}"


def backprop_steps(
    root: Value,
    precision: int = DEFAULT_PRECISION,
    parameters: Iterable[Value] | None = None,
    *,
    view: GraphView | None = None,
) -> Iterator[BackpropStep]:
    """Backprop from `root`, one step per node, with each step's chain-rule arithmetic.

    The steps are recorded by watching ``chain_rule(root)``, the same function ``backward()``
    runs, cross each edge: no ``.grad`` is read or changed. Each step gives the node's final
    gradient ∂L/∂node = Σ over its uses of ∂L/∂child · ∂child/∂node, and what it passes on,
    ∂L/∂parent += ∂node/∂parent × ∂L/∂node. Where a node's only route to the loss runs into a
    neuron (an activation of a weighted sum), the step also writes the lecture's three terms;
    `parameters` (e.g. ``model.parameters()``) lets it say "weight" only for weights. `view`
    is `root`'s `GraphView`, if the caller has built it already (the graph is then not sorted
    again; ignored if it is another graph's).

    Raises:
        TypeError: root is not a Value, or a parameter is not.

    """
    require_value(
        "backprop_steps",
        "root",
        root,
        "pass the result of a computation, e.g. backprop_steps(loss)",
    )
    known = parameter_set("backprop_steps", parameters)
    view = view_of(root, precision, view)
    contributions: dict[Value, list[Contribution]] = {node: [] for node in view.order}
    received: dict[Value, list[UseTerm]] = {node: [] for node in view.order}
    latest: dict[Value, float] = {}  # each parent's gradient so far, as the chain rule adds to it

    def observe(node: Value, parent: Value, local: float, upstream: float, total: float) -> None:
        before, latest[parent] = latest.get(parent, 0.0), total
        position = len(contributions[node])  # edges are crossed in argument order
        contributions[node].append(Contribution(parent, position, local, upstream, before, total))
        received[parent].append(UseTerm(node, position, upstream, local))

    grads = chain_rule(root, observe=observe)
    writer = _Writer(view, known, grads)
    for index, node in enumerate(reversed(view.order)):
        uses = tuple(received[node])
        lines = writer.gradient(node, grads[node], uses)
        lines += writer.chain(node)
        lines += writer.passing_on(node, contributions[node])
        yield BackpropStep(
            index=index,
            node=node,
            title=writer.title(node),
            grad=grads[node],
            uses=uses,
            contributions=tuple(contributions[node]),
            arithmetic="\n".join(lines),
        )


class _Writer:
    """Writes a step's arithmetic in the notation ∂L/∂x, with numbers."""

    def __init__(
        self, view: GraphView, parameters: frozenset[Value] | None, grads: dict[Value, float]
    ) -> None:
        self.view, self.parameters, self.grads = view, parameters, grads
        self.loss = view.names[view.root]

    def title(self, node: Value) -> str:
        """``c = a * b``, or ``a (a leaf)``."""
        if node.is_leaf:
            return f"{self.view.names[node]} (a leaf)"
        return self.view.formula(node)

    def gradient(self, node: Value, grad: float, uses: tuple[UseTerm, ...]) -> list[str]:
        """How the node's gradient was summed from its uses."""
        view, loss = self.view, self.loss
        if node is view.root:
            return [f"∂{loss}/∂{loss} = 1  (the seed: {loss} changes one-for-one with itself)"]
        name = view.names[node]
        symbols = " + ".join(
            f"∂{loss}/∂{loss} · ({self.root_local_derivative(u.position)})"
            if u.child is view.root
            else f"∂{loss}/∂{view.names[u.child]} · {view.d(u.child, node)}"
            for u in uses
        )
        numbers = " + ".join(
            f"{view.number(u.upstream)} × {view.number(u.local_grad)}" for u in uses
        )
        return [f"∂{loss}/∂{name} = {symbols} = {numbers} = {view.number(grad)}"]

    def root_local_derivative(self, position: int) -> str:
        """The root's local derivative in words, e.g. "the local derivative of tanh".

        At the root, ∂L/∂v names both the gradient being computed and the root's local
        derivative; written as a symbol, ∂L/∂v = ∂L/∂L · ∂L/∂v would read as circular.
        """
        root = self.view.root
        argument = self.view.argument(root, position)
        argument = f" with respect to {argument}" if len(root.parents) > 1 else ""
        return f"the local derivative of {root.op}{argument}"

    def chain(self, node: Value) -> list[str]:
        """The chain rule along the node's only route up to a neuron's output or a branch.

        Through a neuron out = f(net) it is the lecture's three terms,
        ∂L/∂w = ∂L/∂out · ∂out/∂net · ∂net/∂w; otherwise a product of local derivatives ending
        at the first node used more than once. Empty when that is just the line above: a route
        of one step (node → child), or of two ending at the root (node → child → root).
        """
        view, root = self.view, self.view.root
        route, factors = [node], []
        while route[-1] is not root and len(view.consumers[route[-1]]) == 1:
            child, position = view.consumers[route[-1]][0]
            route.append(child)
            factors.append(child.local_grads[position])
            if view.net_input_of(child) is route[-2]:
                break  # reached a neuron's output
        top = route[-1]
        through_neuron = len(route) >= 3 and view.net_input_of(top) is route[-2]
        if len(route) < 3 or (len(route) == 3 and top is root and not through_neuron):
            return []
        loss, names, n = self.loss, view.names, view.number
        name = names[node]
        if through_neuron:
            out, net = names[top], names[route[-2]]
            terms = (self.grads[top], factors[-1], math.prod(factors[:-1]))
            symbols = f"∂{loss}/∂{out} · ∂{out}/∂{net} · ∂{net}/∂{name}"
            words = neuron_term_words(node, self.parameters, name, route[1])
            return [
                f"∂{loss}/∂{name} = {symbols} = {' × '.join(n(t) for t in terms)} = "
                f"{n(math.prod(terms))}",
                "  " + " · ".join(f"({w})" for w in words),
            ]
        # a product of local derivatives only; at the root the last one is ∂L/∂(root's parent)
        symbols_list = [] if top is root else [f"∂{loss}/∂{names[top]}"]
        numbers_list = [] if top is root else [self.grads[top]]
        for i in reversed(range(len(factors))):
            symbols_list.append(view.d(route[i + 1], route[i]))
            numbers_list.append(factors[i])
        return [
            f"∂{loss}/∂{name} = {' · '.join(symbols_list)} = "
            f"{' × '.join(n(x) for x in numbers_list)} = {n(math.prod(numbers_list))}"
        ]

    def passing_on(self, node: Value, contributions: list[Contribution]) -> list[str]:
        """What the node adds to each parent's gradient."""
        view, loss, n = self.view, self.loss, self.view.number
        name = view.names[node]
        if node.is_leaf:
            return [f"{name} is a leaf: nothing to pass back; its gradient is final"]
        lines = [f"local derivatives of {node.op}: {node.rule.formula}"]
        for c in contributions:
            # at the root, ∂L/∂parent and the local derivative share a name; say which is which
            parent = view.names[c.parent]
            local = (
                f"({self.root_local_derivative(c.position)})"
                if node is view.root
                else view.d(node, c.parent)
            )
            lines.append(
                f"∂{loss}/∂{parent} += {local} × ∂{loss}/∂{name} = {n(c.local_grad)} × "
                f"{n(c.upstream)} = {n(c.local_grad * c.upstream)}"
                f"  ({parent}.grad {n(c.before)} → {n(c.after)})"
            )
        return lines


# ----- the player ------------------------------------------------------------------------------

_COMMENT = re.compile(r"/\*.*?\*/|^//[^\n]*", re.DOTALL | re.MULTILINE)  # /* … */ and // …
# The CSS and JavaScript shipped beside this file, read once, comments dropped.
_FRAME_CSS = _COMMENT.sub("", _package_text("frame.css")).strip()
_PLAYER_CSS = _COMMENT.sub("", _package_text("player.css")).strip()
_PLAYER_JS = _COMMENT.sub("", _package_text("player.js")).strip()

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
        self,
        root: Value,
        steps: list[BackpropStep],
        svg: str,
        precision: int = DEFAULT_PRECISION,
        *,
        view: GraphView | None = None,
    ) -> None:
        """The player of `steps` (from `backprop_steps`) over `svg` (root's drawing, rendered).

        `view` is `root`'s `GraphView`, if the caller has built it already (the graph is then
        not sorted again; ignored if it is another graph's).
        """
        self.root = root
        self.steps = steps
        start = _SVG_START.search(svg)
        if start is None:
            raise ValueError(
                f"BackpropPlayer: svg must be SVG text from render_svg, got {svg[:40]!r}…; "
                f"build the player with backprop_player(root)"
            )
        self.svg = svg[start.start() :]  # drop the XML prolog and DOCTYPE to inline it in HTML
        ids = view_of(root, precision, view).ids
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
        rules = [line for css in (_FRAME_CSS, _PLAYER_CSS) for line in css.splitlines() if line]
        scoped_css = "".join(f"#{self.player_id} {line}\n" for line in rules)
        last = len(self.steps) - 1
        script = _PLAYER_JS.replace("__PLAYER_ID__", self.player_id)
        script = script.replace("__INTERVAL__", str(PLAY_INTERVAL_MILLISECONDS))
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
        TypeError: root is not a Value, or `parameters`/`group_by` are not what is described.
        viz.RenderError: no Graphviz renderer is installed.

    """
    require_value(
        "backprop_player",
        "root",
        root,
        "pass the result of a computation, e.g. backprop_player(loss)",
    )
    known = parameter_set("backprop_player", parameters, group_by)
    view = GraphView.of(root, precision)  # sorted once, for the steps, the drawing and the player
    steps = list(backprop_steps(root, precision=precision, parameters=known, view=view))
    final = {step.node: step.grad for step in steps}
    dot = draw_dot(
        root,
        rankdir=rankdir,
        show_names=True,
        precision=precision,
        parameters=known,
        group_by=group_by,
        grads=final,
        view=view,
    )
    return BackpropPlayer(root, steps, render_svg(dot), precision, view=view)


animate_backward = backprop_player
"""Another name for `backprop_player`."""
