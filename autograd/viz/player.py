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
from autograd.viz.draw import draw_view, groups_in
from autograd.viz.explanation import UseTerm, through_neurons
from autograd.viz.graph_view import (
    DEFAULT_PRECISION,
    GraphView,
    format_number,
    parameter_set,
    refuse_big_graph,
    require_value,
)
from autograd.viz.render import render_svg
from autograd.viz.style import PLAYER_NODE_LIMIT, READABLE_ZOOM, DrawStyle, drawing_style

PLAY_INTERVAL_MILLISECONDS = 1200  # time between steps when Play is pressed
NOT_YET = "?"  # shown as a node's grad before backprop has reached it
FRAME_FILE_PATTERN = "step_{index:03d}.svg"
MAX_ZOOM = 1.5  # the player enlarges a small graph up to this zoom to fill its box
FORMULA_ARGUMENTS = ("x", "y")  # what every rule's formula calls its arguments, in order


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
) -> Iterator[BackpropStep]:
    """Backprop from `root`, one step per node, with each step's chain-rule arithmetic.

    The steps are recorded by watching ``chain_rule(root)``, the same function ``backward()``
    runs, cross each edge: no ``.grad`` is read or changed. Each step gives the node's final
    gradient ∂L/∂node = Σ over its uses of ∂L/∂child · ∂child/∂node, and what it passes on,
    ∂L/∂parent += ∂node/∂parent × ∂L/∂node. Where a node's routes to the loss run into one
    neuron (an activation of a weighted sum), the step also writes the lecture's terms, in
    its words where the root is an error computed from the neuron; `parameters` (e.g.
    ``model.parameters()``) lets it say "weight" only for weights and "input" for inputs.
    Nodes are named as `draw_dot` and `explain` name them.

    Raises:
        TypeError: root is not a Value, or a parameter is not.
        ValueError: precision is not an int >= 0.

    """
    require_value(
        "backprop_steps",
        "root",
        root,
        "pass the result of a computation, e.g. backprop_steps(loss)",
    )
    chosen = drawing_style("backprop_steps", None, {"precision": precision})
    known = parameter_set("backprop_steps", parameters)
    return steps_of(GraphView.of(root, chosen.precision), known)


def steps_of(view: GraphView, parameters: frozenset[Value] | None) -> Iterator[BackpropStep]:
    """`backprop_steps` of a graph already viewed (arguments checked); the player's too."""
    contributions: dict[Value, list[Contribution]] = {node: [] for node in view.order}
    received: dict[Value, list[UseTerm]] = {node: [] for node in view.order}
    latest: dict[Value, float] = {}  # each parent's gradient so far, as the chain rule adds to it

    def observe(node: Value, parent: Value, local: float, upstream: float, total: float) -> None:
        before, latest[parent] = latest.get(parent, 0.0), total
        position = len(contributions[node])  # edges are crossed in argument order
        contributions[node].append(Contribution(parent, position, local, upstream, before, total))
        received[parent].append(UseTerm(node, position, upstream, local))

    grads = chain_rule(view.root, observe=observe)
    writer = _Writer(view, parameters, grads)
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
            else f"∂{loss}/∂{view.names[u.child]} · {view.local(u.child, u.position)}"
            for u in uses
        )
        numbers = " + ".join(view.product_text([u.upstream, u.local_grad]) for u in uses)
        return [f"∂{loss}/∂{name} = {symbols} = {numbers} = {view.number(grad)}"]

    def root_local_derivative(self, position: int) -> str:
        """The root's local derivative in words, e.g. "the local derivative of tanh".

        At the root, ∂L/∂v names both the gradient being computed and the root's local
        derivative; written as a symbol, ∂L/∂v = ∂L/∂L · ∂L/∂v would read as circular. For an
        op of several arguments it says which: "the local derivative of * in b".
        """
        root, view = self.view.root, self.view
        if len(root.parents) == 1:
            return f"the local derivative of {root.op}"
        which = view.repeated_argument(root, position)
        parent = view.names[root.parents[position]] + (f" ({which})" if which else "")
        return f"the local derivative of {root.op} in {parent}"

    def chain(self, node: Value) -> list[str]:
        """The chain rule from the node up to a neuron's output, or along its only route.

        Where every route from the node runs into one neuron out = f(net), it is the lecture's
        terms ∂L/∂w = ∂L/∂out · ∂out/∂net · ∂net/∂w (see `through_neurons`); otherwise a
        product of local derivatives along the node's only route, up to the first node used
        more than once. Empty when that is just the line above: a route of one step (node →
        child), or of two ending at the root (node → child → root).
        """
        view, root, loss, name = self.view, self.view.root, self.loss, self.view.names[node]
        neurons = through_neurons(view, node, self.grads, self.parameters)
        if len(neurons) == 1:
            (neuron,) = neurons
            symbols = " · ".join(term.symbol for term in neuron.terms)
            numbers = view.product_text([term.number for term in neuron.terms])
            return [
                f"∂{loss}/∂{name} = {symbols} = {numbers} = {view.number(neuron.product)}",
                "  " + " · ".join(f"({term.words})" for term in neuron.terms),
            ]
        route, positions = [node], []
        while route[-1] is not root and len(view.consumers[route[-1]]) == 1:
            child, position = view.consumers[route[-1]][0]
            route.append(child)
            positions.append(position)
        top = route[-1]
        if len(route) < 3 or (len(route) == 3 and top is root):
            return []
        # a product of local derivatives; at the root the last one is ∂L/∂(root's parent)
        along = [] if top is root else [f"∂{loss}/∂{view.names[top]}"]
        factors = [] if top is root else [self.grads[top]]
        for i in reversed(range(len(positions))):
            along.append(view.local(route[i + 1], positions[i]))
            factors.append(route[i + 1].local_grads[positions[i]])
        return [
            f"∂{loss}/∂{name} = {' · '.join(along)} = {view.product_text(factors)} = "
            f"{view.number(math.prod(factors))}"
        ]

    def passing_on(self, node: Value, contributions: list[Contribution]) -> list[str]:
        """What the node adds to each parent's gradient."""
        view, loss = self.view, self.loss
        name = view.names[node]
        if node.is_leaf:
            return [f"{name} is a leaf: nothing to pass back; its gradient is final"]
        lines = [f"local derivatives of {node.op}: {node.rule.formula}{self.where(node)}"]
        for c in contributions:
            # at the root, ∂L/∂parent and the local derivative share a name; say which is which
            parent = view.names[c.parent]
            local = (
                f"({self.root_local_derivative(c.position)})"
                if node is view.root
                else view.local(node, c.position)
            )
            lines.append(
                f"∂{loss}/∂{parent} += {local} × ∂{loss}/∂{name} = "
                f"{view.product_text([c.local_grad, c.upstream])} = "
                f"{view.number(c.local_grad * c.upstream)}"
                f"  ({parent}.grad {view.number(c.before)} → {view.number(c.after)})"
            )
        return lines

    def where(self, node: Value) -> str:
        """``"  (x is a, y is b)"``: which node each of the rule's formula letters stands for.

        Every rule's formula calls its arguments x, then y; said only when the formula does.
        """
        letters = FORMULA_ARGUMENTS[: len(node.parents)]
        if len(letters) < len(node.parents) or any(
            f"∂{letter}" not in node.rule.formula for letter in letters
        ):
            return ""
        names = [self.view.names[parent] for parent in node.parents]
        return "  (" + ", ".join(f"{x} is {n}" for x, n in zip(letters, names, strict=True)) + ")"


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
_VALUE_NODE = re.compile(r'<g id="(n\d+)" class="node">')  # a value's record, not its op
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")  # selectors { declarations }


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
    any browser); `save_frames` writes one SVG per step. Build it with `backprop_player`. In
    the page: Prev / Next / Play, a slider, zoom (− / + / Fit), and the keys ← → (step),
    space (play or pause), Home / End, + and − (zoom) once the player has the focus (click it).
    The graph opens at the zoom that shows it whole, but never below `READABLE_ZOOM`; a graph
    bigger than that scrolls, and follows the current step.

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
    ) -> None:
        """The player of `steps` (all of `backprop_steps(root)`) over `svg` (root's drawing).

        Raises:
            ValueError: `svg` is not SVG, or its nodes are not the steps' nodes (the steps
                must be the whole list, in order, and the drawing of the same graph).

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
        ids = _node_ids(steps, self.svg)
        self._initial = dict.fromkeys(ids.values(), NOT_YET)
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
        scoped_css = scope_css(f"{_FRAME_CSS}\n{_PLAYER_CSS}", f"#{self.player_id}")
        last = len(self.steps) - 1
        script = _PLAYER_JS.replace("__PLAYER_ID__", self.player_id)
        script = script.replace("__INTERVAL__", str(PLAY_INTERVAL_MILLISECONDS))
        script = script.replace("__READABLE_ZOOM__", str(READABLE_ZOOM))
        script = script.replace("__MAX_ZOOM__", str(MAX_ZOOM))
        # data-lm-suppress-shortcuts: JupyterLab leaves the player's keys to the player
        return (
            f'<div id="{self.player_id}" class="backprop-player" tabindex="0" '
            f'data-lm-suppress-shortcuts="true" aria-label="backprop player: arrow keys step, '
            f'space plays" style="font-family: sans-serif">\n<style>\n{scoped_css}\n</style>\n'
            f'<div class="bp-controls"><button class="bp-prev" title="previous step (←)">Prev'
            f'</button><button class="bp-next" title="next step (→)">Next</button>'
            f'<button class="bp-play" title="play or pause (space)">Play</button>'
            f'<input class="bp-slider" type="range" min="0" max="{last}" value="0" '
            f'aria-label="step"><span class="bp-counter"></span>'
            f'<button class="bp-zoom-out" title="zoom out (−)">−</button>'
            f'<button class="bp-fit" title="fit the whole graph">Fit</button>'
            f'<button class="bp-zoom-in" title="zoom in (+)">+</button>'
            f'<span class="bp-zoom-level"></span></div>\n'
            f'<div class="bp-graph">{self.svg}</div>\n'
            f'<div class="bp-title"></div>\n<pre class="bp-text"></pre>\n'
            f'<div class="bp-keys">keys: ← → step, space play/pause, Home/End first/last, '
            f"+ − zoom (click the player first)</div>\n"
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


def _node_ids(steps: list[BackpropStep], svg: str) -> dict[Value, str]:
    """Each step's node's id in the drawing: ``n{k}``, k its place in topological order.

    The steps run in reverse topological order, so step i's node is ``n{len(steps) - 1 - i}``;
    the drawing must hold exactly those value nodes (as `draw_dot` of the same root does).
    """
    ids = {step.node: f"n{len(steps) - 1 - step.index}" for step in steps}
    drawn = set(_VALUE_NODE.findall(svg))
    in_order = all(step.index == i for i, step in enumerate(steps))
    if not in_order or drawn != set(ids.values()) or len(ids) != len(steps):
        raise ValueError(
            f"BackpropPlayer: the svg and the steps are not of one graph (the steps name "
            f"{len(steps)} nodes, the drawing {len(drawn)}); pass all of "
            f"backprop_steps(root), in order, with render_svg(draw_dot(root)), or build the "
            f"player with backprop_player(root)"
        )
    return ids


def scope_css(css: str, scope: str) -> str:
    """`css` with every selector limited to the element `scope`, e.g. ``#player-1``.

    Each selector of a comma-separated list is prefixed (``a, b {…}`` becomes ``#p a, #p b
    {…}``), so no rule reaches outside the player. The CSS must be plain rules (no @-rules,
    no commas inside a selector's brackets), as the files shipped beside this module are.

    Raises:
        ValueError: `css` holds something other than plain rules.

    """
    scoped, position = [], 0
    for rule in _CSS_RULE.finditer(css):
        if css[position : rule.start()].strip():
            raise ValueError(f"scope_css: not a plain CSS rule: {css[position : rule.start()]!r}")
        selectors = ", ".join(f"{scope} {selector.strip()}" for selector in rule[1].split(","))
        scoped.append(f"{selectors} {{ {rule[2].strip()} }}")
        position = rule.end()
    if css[position:].strip():
        raise ValueError(f"scope_css: not a plain CSS rule: {css[position:]!r}")
    return "\n".join(scoped)


#: What to do about a graph too big to play (see `refuse_big_graph`).
PLAYER_ADVICE = (
    "Play one example instead (the loss of model(X[0]), not of the whole batch) or a smaller "
    "model (e.g. MLP(2, [2, 1])); draw_dot(loss, group_by=model, collapse=True) draws a "
    "bigger one"
)


def backprop_player(
    root: Value,
    *,
    parameters: Iterable[Value] | None = None,
    group_by: Any = None,
    style: DrawStyle | None = None,
    **options: object,
) -> BackpropPlayer:
    """Play backprop on `root`'s graph one node at a time: Prev / Next / Play / a slider / keys.

    Each step highlights the node whose gradient is now complete and the edges it sends
    gradient along, fills in every gradient known so far (partial sums included; ``?`` = not
    reached yet), and writes out the step's chain-rule arithmetic (see `backprop_steps`), with
    the names the drawing shows. The graph is laid out once (needs a Graphviz renderer, see
    `viz.render_svg`); nothing in the graph is changed. Graphs of more than
    `PLAYER_NODE_LIMIT` values are refused at once, with what to do instead.

    Args:
        root: the value to backprop from (usually the loss).
        parameters: values to colour as parameters, as in `viz.draw_dot`.
        group_by: a model whose neurons are boxed, as in `viz.draw_dot`.
        style: the drawing options, as in `viz.draw_dot` (names and gradients are always
            shown: the steps' text refers to them).
        **options: any `DrawStyle` field by name (``rankdir="TB"``, ``precision=3``,
            ``max_nodes``…), applied over `style`.

    Raises:
        TypeError: root is not a Value, an option is unknown, or `parameters`/`group_by` are
            not what is described.
        ValueError: an option is out of range or hides names or gradients, or the graph has
            more values than ``max_nodes``.
        viz.RenderError: no Graphviz renderer is installed.

    """
    require_value(
        "backprop_player",
        "root",
        root,
        "pass the result of a computation, e.g. backprop_player(loss)",
    )
    chosen = drawing_style("backprop_player", style, options)
    if not (chosen.show_names and chosen.show_grad):
        raise ValueError(
            "backprop_player: the player always shows names and gradients (its steps refer to "
            "them); drop show_names=False / show_grad=False, or use draw_dot for such a picture"
        )
    known = parameter_set("backprop_player", parameters, group_by)
    view = GraphView.of(root, chosen.precision)  # sorted once, for the steps, drawing and player
    limit = chosen.max_nodes or PLAYER_NODE_LIMIT
    refuse_big_graph("backprop_player", len(view.order), limit, PLAYER_ADVICE)
    steps = list(steps_of(view, known))
    final = {step.node: step.grad for step in steps}
    groups = groups_in(view, group_by) if group_by is not None else []
    drawing = draw_view(view, chosen, known, groups, grads=final)
    return BackpropPlayer(root, steps, render_svg(drawing), chosen.precision)


animate_backward = backprop_player
"""Another name for `backprop_player`."""
