"""Drawing computation graphs with Graphviz: `draw_dot` builds a `graphviz.Digraph`.

It makes DOT text only; render.py lays it out. Drawing never changes a graph's values; names,
ids and numbers come from the graph's `GraphView`, op facts from each node's rule.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import graphviz  # type: ignore[import-untyped]  # graphviz ships no type hints

from autograd.engine.value import Value
from autograd.viz.graph_view import (
    GraphView,
    ordinal,
    parameter_set,
    refuse_big_graph,
    require_value,
)
from autograd.viz.render import (
    NoRendererError,
    explain_render_failure,
    no_renderer_message,
    use_pip_renderer,
)
from autograd.viz.style import (
    AUTO,
    DRAW_NODE_LIMIT,
    SIDEWAYS,
    Box,
    DrawStyle,
    Edge,
    choose_rankdir,
    drawing_style,
)

# Fill colours that tell node roles apart; the legend repeats them.
ROLE_COLOURS = {
    "input": "#dbeafe",  # light blue: data fed in
    "parameter": "#fde68a",  # amber: what training changes
    "leaf": "#dbeafe",  # an input or a parameter, when `parameters` was not given
    "intermediate": "#f3f4f6",  # light grey: computed on the way
    "output": "#bbf7d0",  # light green: the root (the loss)
}
ROLE_DESCRIPTIONS = {
    "input": "input",
    "parameter": "parameter",
    "leaf": "leaf (input or parameter)",
    "intermediate": "intermediate",
    "output": "output",
}
HIGHLIGHT_COLOUR = "#dc2626"  # red border for `highlight`ed nodes
HIGHLIGHT_PENWIDTH = "3"
CLUSTER_COLOUR = "#fafaf9"
FONT = "Helvetica"
EDGE_FONT_SIZE = "10"  # points; node text is Graphviz's 14
LEGEND_FONT_SIZE = 10.0  # points: the key is smaller than what it explains
LEGEND_SWATCH_WIDTH = 30  # points: the colour sample beside each entry
LEGEND_PADDING = 60.0  # points the legend is wider than its longest text (swatch, margins)
_PIPE_QUIET_POSITION = 4  # `quiet` is graphviz's Digraph.pipe's fifth positional argument
_RENDER_QUIET_POSITION = 8  # and Digraph.render's ninth


class GraphDrawing(graphviz.Digraph):  # type: ignore[misc]  # graphviz ships no type hints
    """The `graphviz.Digraph` that `draw_dot` returns; Jupyter shows it inline as SVG.

    It renders like a plain Digraph (``.render()``, ``.pipe()``, ``.view()``, Jupyter display),
    with three differences. It opts in to the pip-installed renderer when there is no system
    `dot` (see `use_pip_renderer`). The renderer's warnings on stderr (graphviz-pure's about
    non-ASCII characters, which Jupyter shows as a red box) are suppressed: pass
    ``quiet=False`` to ``render``/``pipe`` to see them. And its errors say what to do: no
    renderer raises `NoRendererError` (still a ``graphviz.ExecutableNotFound``) naming both
    fixes; a format graphviz-pure cannot write (pdf, ps) raises `RenderError` listing the ones
    it can.
    """

    def __repr__(self) -> str:
        return (
            f"<GraphDrawing {self.name or 'graph'!r}: shows inline in Jupyter; "
            f".render('graph', format='svg') saves it, .source is the DOT text>"
        )

    def pipe(self, *args: Any, **kwargs: Any) -> Any:
        """``graphviz.Digraph.pipe``: the rendered graph as bytes (or text, with `encoding`)."""
        if len(args) <= _PIPE_QUIET_POSITION:
            kwargs.setdefault("quiet", True)
        return _run_renderer("pipe", super().pipe, args, kwargs)

    def render(self, *args: Any, **kwargs: Any) -> Any:
        """``graphviz.Digraph.render``: write the rendered graph to a file; return its path."""
        if len(args) <= _RENDER_QUIET_POSITION:
            kwargs.setdefault("quiet", True)
        return _run_renderer("render", super().render, args, kwargs)

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None, **kw: Any
    ) -> dict[str, Any]:
        try:
            bundle: dict[str, Any] = super()._repr_mimebundle_(include, exclude, **kw)
        except NoRendererError as error:
            raise NoRendererError(no_renderer_message("display")) from error.__cause__
        return bundle


def _run_renderer(
    function: str, call: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    """``call(*args, **kwargs)`` with the pip renderer opted in, and the library's clear errors."""
    use_pip_renderer()
    try:
        return call(*args, **kwargs)
    except (graphviz.ExecutableNotFound, graphviz.CalledProcessError) as error:
        clear = explain_render_failure(function, error)
        if clear is None:
            raise
        raise clear from error


# ----- neurons: which nodes belong to which neuron ---------------------------------------------


@dataclass(frozen=True)
class NeuronGroup:
    """The nodes one neuron computed: its parameters, w·x + b, and its activation.

    Attributes:
        name: where it sits in the model, e.g. ``layers[1].neurons[3]``.
        nodes: its nodes, in topological order.
        net_input: the first node that depends on all of its parameters (w·x + b).
        output: the neuron's output: `net_input`, followed through any one-input ops it alone
            feeds (the activation).

    """

    name: str
    nodes: tuple[Value, ...]
    net_input: Value
    output: Value


def _neuron_parameters(neuron: Any) -> list[Value]:
    weights = getattr(neuron, "w", None)
    if weights is not None:
        bias = getattr(neuron, "b", None)
        return [*weights, *([bias] if isinstance(bias, Value) else [])]
    return list(neuron.parameters())


def _named_neurons(model: Any) -> list[tuple[str, list[Value]]]:
    """``(name, parameters)`` per neuron, found by duck typing (`layers` → `neurons` → `w`, `b`)."""
    layers = getattr(model, "layers", None)
    if layers is not None:
        return [
            (f"layers[{i}].neurons[{j}]", _neuron_parameters(neuron))
            for i, layer in enumerate(layers)
            for j, neuron in enumerate(getattr(layer, "neurons", ()))
        ]
    neurons = getattr(model, "neurons", None)
    if neurons is not None:
        return [(f"neurons[{j}]", _neuron_parameters(n)) for j, n in enumerate(neurons)]
    if getattr(model, "w", None) is not None:
        return [("neuron", _neuron_parameters(model))]
    return []


def neuron_groups(root: Value, model: Any) -> list[NeuronGroup]:
    """Group the nodes of `root`'s graph by the neuron of `model` that computed them.

    A neuron's net input is the first node that depends on all of its parameters; its group is
    every node on the way from its parameters to that node (nodes depending on one of its
    parameters and leading to the net input), plus the one-input ops (the activation) that
    follow while nothing else uses the value. Inputs and earlier neurons' outputs stay outside,
    so each group is exactly what the neuron did. Neurons that `root` does not use are left out;
    a node claimed by two neurons (shared weights) stays in the first.
    """
    return groups_in(GraphView.of(root), model)


def groups_in(view: GraphView, model: Any) -> list[NeuronGroup]:
    """`neuron_groups` on a view already built."""
    order = view.order
    index = {node: k for k, node in enumerate(order)}
    uses = view.consumers
    neurons = [(name, [p for p in params if p in index]) for name, params in _named_neurons(model)]
    # One bit per parameter; depends[v] has the bits of every parameter v was computed from, so
    # a single pass over the graph answers "depends on any / all of this neuron's parameters".
    bit = {parameter: 1 << k for k, parameter in enumerate(p for _, ps in neurons for p in ps)}
    depends: dict[Value, int] = {}
    for node in order:
        mask = bit.get(node, 0)
        for parent in node.parents:
            mask |= depends[parent]
        depends[node] = mask
    groups: list[NeuronGroup] = []
    claimed: set[Value] = set()
    for name, params in neurons:
        if not params:
            continue
        own = 0
        for parameter in params:
            own |= bit[parameter]
        # the net input: the first operation that depends on every one of the neuron's parameters
        net = next((n for n in order if n.parents and depends[n] & own == own), None)
        if net is None:
            continue
        members = {net}
        stack = [net]
        while stack:
            for parent in stack.pop().parents:
                if depends[parent] & own and parent not in members:
                    members.add(parent)
                    stack.append(parent)
        output = net
        while len(uses[output]) == 1 and len(uses[output][0].child.parents) == 1:
            output = uses[output][0].child
            members.add(output)
        nodes = tuple(sorted(members - claimed, key=index.__getitem__))
        claimed.update(nodes)
        groups.append(NeuronGroup(name, nodes, net, output))
    return groups


# ----- draw_dot --------------------------------------------------------------------------------

#: What to do about a graph too big to draw (see `refuse_big_graph`).
DRAW_ADVICE = (
    "Draw one example instead (the loss of model(X[0]), not of the whole batch), a smaller "
    "model (e.g. MLP(2, [4, 1])), or each neuron as one box (group_by=model, collapse=True)"
)
EDGE_LEGEND = "on an edge: its local derivative"


def _record_escape(text: str) -> str:
    """Text safe inside a Graphviz record field (where { } | < > and quotes are syntax)."""
    for char in '\\{}|<>"':
        text = text.replace(char, "\\" + char)
    return text


def draw_dot(
    root: Value,
    format: str = "svg",
    rankdir: str | None = None,
    *,
    parameters: Iterable[Value] | None = None,
    group_by: Any = None,
    collapse: bool = False,
    highlight: Iterable[Value] = (),
    grads: Mapping[Value, float] | None = None,
    style: DrawStyle | None = None,
    **options: object,
) -> GraphDrawing:
    """Draw the computation graph that produced `root`, as a `graphviz.Digraph`.

    One record per `Value` (its name, ``data``, ``grad``) and one small node per operation
    (``+``, ``*``, ``tanh``, ``**2``…), with edges in argument order (``a * a`` has two edges).
    Each edge into an operation is labelled with its local derivative, ``∂v3/∂b = 2.0000``:
    the factor the chain rule multiplies by there. The names are the ones `explain`, the
    backprop player and `gradcheck_nodes` print (see `GraphView.of`), so text and picture
    match. Node ids come from the topological order, so the same graph always gives the same
    DOT text. Graphs of more than `DRAW_NODE_LIMIT` values are refused at once, with what to
    do instead.

    Args:
        root: the value to draw (usually the loss); everything it depends on is drawn.
        format: the output format of ``.render()`` (``"svg"``, ``"png"``, …).
        rankdir: the direction, as `DrawStyle.rankdir` (here for micrograd's
            ``draw_dot(root, format, rankdir)``); default ``"auto"``.
        parameters: values to colour as parameters (e.g. ``model.parameters()``); other leaves
            are coloured as inputs. Without it, leaves are one colour.
        group_by: a model: its parameters are coloured, and the nodes of each neuron (found
            through ``model.layers[i].neurons[j]`` with ``.w`` and ``.b``) drawn in a labelled
            box.
        collapse: with `group_by`, draw each neuron as a single box instead.
        highlight: values to outline in red.
        grads: gradients to show instead of each node's ``.grad`` (e.g.
            ``autograd.engine.backprop.chain_rule(root)``, without calling ``backward()``).
        style: the drawing options as one `DrawStyle`.
        **options: any `DrawStyle` field by name, applied over `style`: ``show_grad=False``,
            ``show_local_grads``, ``show_names``, ``precision``, ``legend``, ``max_nodes``.

    Raises:
        TypeError: root is not a Value, an option is unknown or of the wrong type, or
            `parameters`/`group_by` are not what is described.
        ValueError: an option is out of range (rankdir, precision), collapse without
            group_by, or the graph has more values than ``max_nodes``.

    """
    require_value("draw_dot", "root", root, "pass the result of a computation, e.g. draw_dot(loss)")
    if rankdir is not None:
        options = {**options, "rankdir": rankdir}
    chosen = drawing_style("draw_dot", style, options)
    known = parameter_set("draw_dot", parameters, group_by)
    if collapse and group_by is None:
        raise ValueError("draw_dot: collapse=True needs group_by=model to know the neurons")
    view = GraphView.of(root, chosen.precision)
    limit = chosen.max_nodes or DRAW_NODE_LIMIT
    if not collapse:  # refused before the neurons are looked for, which takes a while
        refuse_big_graph("draw_dot", len(view.order), limit, DRAW_ADVICE)
    groups = groups_in(view, group_by) if group_by is not None else []
    if collapse:  # a collapsed neuron is one box
        hidden = sum(len(group.nodes) - 1 for group in groups)
        refuse_big_graph("draw_dot", len(view.order) - hidden, limit, DRAW_ADVICE)
    return draw_view(view, chosen, known, groups, collapse, highlight, grads, format)


def draw_view(
    view: GraphView,
    style: DrawStyle,
    parameters: frozenset[Value] | None = None,
    groups: Sequence[NeuronGroup] = (),
    collapse: bool = False,
    highlight: Iterable[Value] = (),
    grads: Mapping[Value, float] | None = None,
    format: str = "svg",
) -> GraphDrawing:
    """`draw_dot` of a graph already viewed (arguments checked): what the player draws too."""
    plan = DrawingPlan(view, style, parameters, groups, collapse, set(highlight), grads)
    rankdir = style.rankdir
    if rankdir == AUTO:
        rankdir = choose_rankdir(plan.boxes, plan.edges, plan.legend_box, plan.root_id)
    return plan.emit(rankdir, format)


class DrawingPlan:
    """What a drawing holds, worked out before its direction is chosen and its DOT written.

    Records are written differently by direction (Graphviz stacks a record's fields across the
    ranks' direction), so the texts are kept as lists until `emit`.
    """

    def __init__(
        self,
        view: GraphView,
        style: DrawStyle,
        parameters: frozenset[Value] | None,
        groups: Sequence[NeuronGroup],
        collapse: bool,
        marked: set[Value],
        grads: Mapping[Value, float] | None,
    ) -> None:
        self.view, self.style, self.marked = view, style, marked
        self.groups, self.collapse = list(groups), collapse and bool(groups)
        self.group_of = {node: group for group in groups for node in group.nodes}
        self.roles = {node: view.role(node, parameters) for node in view.order}
        self.grads = grads
        self.boxes: list[Box] = []  # every drawn node, for the layout estimate
        self.edges: list[Edge] = []  # likewise; the player finds edges by their ids
        self.plain: set[tuple[str, str]] = set()  # edges of collapsed neurons, drawn once
        for node in view.order:
            self._plan_node(node)
        self.legend_box: Box | None = None  # the key, for the layout estimate
        if style.legend:
            texts = tuple(text for _, _, text in self.legend())
            self.legend_box = Box(
                "legend", texts, font_size=LEGEND_FONT_SIZE, padding=LEGEND_PADDING
            )

    def grad_of(self, node: Value) -> float:
        """The gradient shown for `node`: from `grads` when given, else its ``.grad``."""
        return node.grad if self.grads is None else self.grads.get(node, 0.0)

    def value_fields(self, node: Value) -> list[str]:
        """The lines of a value's record: its name (or label), data, grad."""
        view, style = self.view, self.style
        title = view.names[node] if style.show_names else node.label
        fields = [title] if title else []
        fields.append(f"data {view.number(node.data)}")
        if style.show_grad:
            fields.append(f"grad {view.number(self.grad_of(node))}")
        return fields

    def group_fields(self, group: NeuronGroup) -> list[str]:
        """The lines of a collapsed neuron's box."""
        view = self.view
        fields = [group.name, f"{len(group.nodes)} nodes, output {group.output.op}"]
        fields.append(f"data {view.number(group.output.data)}")
        if self.style.show_grad:
            fields.append(f"grad {view.number(self.grad_of(group.output))}")
        return fields

    def drawn_id(self, node: Value) -> str:
        """The id of the box `node` is drawn in: its own, or its collapsed neuron's."""
        if self.collapse and node in self.group_of:
            return _box_id(self.group_of[node], self.view.ids)
        return self.view.ids[node]

    def edge_label(self, node: Value, position: int) -> str:
        """``∂v3/∂b`` over ``= 2.0000`` (``local 2.0000`` without names; ``2nd`` without numbers).

        Two short lines, not one long one: a label is as wide as its longest line, and the
        labels side by side decide a drawing's width.
        """
        view, style = self.view, self.style
        if not style.show_local_grads:
            return ordinal(position) if len(node.parents) > 1 else ""
        number = view.number(node.local_grads[position])
        if not style.show_names:
            return f"local {number}"
        return f"{view.local(node, position)}\\n= {number}"

    def _plan_node(self, node: Value) -> None:
        ids, group = self.view.ids, self.group_of.get(node)
        if self.collapse and group is not None:
            box = _box_id(group, ids)
            if node is group.output:
                self.boxes.append(Box(box, tuple(self.group_fields(group))))
            for parent in node.parents:
                self._plain_edge(self.drawn_id(parent), box)
            return
        if node.parents:
            self.boxes.append(Box(ids[node] + "op", (node.op,), ellipse=True))
        self.boxes.append(Box(ids[node], tuple(self.value_fields(node))))
        for position, parent in enumerate(node.parents):
            tail = self.drawn_id(parent)
            if tail != ids[parent]:  # from a collapsed neuron: one plain edge
                self._plain_edge(tail, ids[node] + "op")
                continue
            label = self.edge_label(node, position)
            self.edges.append(Edge(tail, ids[node] + "op", label, f"e{ids[node][1:]}_{position}"))
        if node.parents:
            self.edges.append(Edge(ids[node] + "op", ids[node], "", f"e{ids[node][1:]}_out"))

    def _plain_edge(self, tail: str, head: str) -> None:
        """An unlabelled edge to or from a collapsed neuron, drawn once however often used."""
        if tail != head and (tail, head) not in self.plain:
            self.plain.add((tail, head))
            self.edges.append(Edge(tail, head))

    def legend(self) -> list[tuple[str, str, str]]:
        """``(entry id, swatch cell, text)`` for each kind of thing drawn, as HTML-label parts."""
        drawn = {
            role for node, role in self.roles.items() if self.drawn_id(node) == self.view.ids[node]
        }
        entries = [
            (role, f'BGCOLOR="{ROLE_COLOURS[role]}" BORDER="1"> ', ROLE_DESCRIPTIONS[role])
            for role in ROLE_COLOURS
            if role in drawn
        ]
        ellipse = '<TABLE BORDER="1" STYLE="rounded" CELLBORDER="0"><TR><TD>+</TD></TR></TABLE>'
        entries.append(("op", f'BORDER="0">{ellipse}', "operation"))
        if self.collapse:
            entries.append(("neuron", f'BGCOLOR="{CLUSTER_COLOUR}" BORDER="1"> ', "a neuron"))
        if self.marked:
            highlighted = f'BORDER="{HIGHLIGHT_PENWIDTH}" COLOR="{HIGHLIGHT_COLOUR}"> '
            entries.append(("highlight", highlighted, "highlighted"))
        if self.style.show_local_grads and any(edge.label for edge in self.edges):
            entries.append(("edge", 'BORDER="0">∂out/∂in', EDGE_LEGEND))
        return entries

    def emit(self, rankdir: str, format: str) -> GraphDrawing:
        """The DOT drawing, laid out in direction `rankdir`."""
        view, ids = self.view, self.view.ids
        sideways = rankdir in SIDEWAYS
        # a record's top-level fields run across the ranks; braces turn them to stack along
        stacked = "{}" if sideways else "{{ {} }}"

        def record(fields: list[str]) -> str:
            return stacked.format(" | ".join(_record_escape(field) for field in fields))

        dot = GraphDrawing(format=format, graph_attr={"rankdir": rankdir})
        dot.attr("graph", fontname=FONT)
        dot.attr("node", fontname=FONT)
        dot.attr("edge", fontname=FONT, fontsize=EDGE_FONT_SIZE)

        def add_value(graph: Any, node: Value) -> None:
            role = self.roles[node]
            attrs = {"style": "filled", "fillcolor": ROLE_COLOURS[role]}
            if node in self.marked:
                attrs.update(color=HIGHLIGHT_COLOUR, penwidth=HIGHLIGHT_PENWIDTH)
            graph.node(
                ids[node], record(self.value_fields(node)), id=ids[node], shape="record", **attrs
            )
            if node.parents:
                graph.node(ids[node] + "op", node.op, id=ids[node] + "op", shape="ellipse")

        for group in self.groups:
            if self.collapse:
                box = _box_id(group, ids)
                dot.node(
                    box,
                    record(self.group_fields(group)),
                    id=box,
                    shape="record",
                    style="filled,rounded",
                    fillcolor=CLUSTER_COLOUR,
                )
                continue
            with dot.subgraph(name=f"cluster_{_box_id(group, ids)}") as cluster:
                cluster.attr(label=group.name, style="rounded,filled", fillcolor=CLUSTER_COLOUR)
                for node in group.nodes:
                    add_value(cluster, node)
        for node in view.order:
            if node not in self.group_of:
                add_value(dot, node)
        for edge in self.edges:
            attrs = {"label": edge.label} if edge.label else {}
            if edge.id is not None:
                attrs["id"] = edge.id
            dot.edge(edge.tail, edge.head, **attrs)
        if self.style.legend:
            self._emit_legend(dot, sideways)
        return dot

    @property
    def root_id(self) -> str:
        """The id of the box the root is drawn in."""
        return self.drawn_id(self.view.root)

    def _emit_legend(self, dot: Any, sideways: bool) -> None:
        """The key of the colours: one small table, placed where it widens the drawing least.

        Top to bottom it goes below the root (the bottom rank holds the root alone), left to
        right in the first rank (a column, like the leaves).
        """
        rows = "".join(
            f'<TR><TD ID="legend_{name}" WIDTH="{LEGEND_SWATCH_WIDTH}" {swatch}</TD>'
            f'<TD ALIGN="LEFT">{html.escape(text)}</TD></TR>'
            for name, swatch, text in self.legend()
        )
        table = (
            '<<TABLE BORDER="1" STYLE="dashed" CELLBORDER="0" CELLSPACING="3" CELLPADDING="2">'
            f'<TR><TD COLSPAN="2"><B>legend</B></TD></TR>{rows}</TABLE>>'
        )
        dot.node("legend", table, id="legend", shape="plaintext", fontsize=f"{LEGEND_FONT_SIZE:g}")
        if not sideways:
            dot.edge(self.root_id, "legend", style="invis")


def _box_id(group: NeuronGroup, ids: dict[Value, str]) -> str:
    return f"{ids[group.output]}box"


draw_graph = draw_dot
"""Another name for `draw_dot` (micrograd calls it draw_dot)."""
