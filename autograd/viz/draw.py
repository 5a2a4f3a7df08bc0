"""Drawing computation graphs with Graphviz: `draw_dot` builds a `graphviz.Digraph`.

It makes DOT text only; render.py lays it out. Drawing never changes a graph's values; names,
ids and numbers come from the graph's `GraphView`, op facts from each node's rule.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import graphviz  # type: ignore[import-untyped]  # graphviz ships no type hints

from autograd.engine.value import Value
from autograd.viz.graph_view import (
    DEFAULT_PRECISION,
    GraphView,
    format_number,
    parameter_set,
    require_value,
    view_of,
)
from autograd.viz.render import (
    NoRendererError,
    explain_render_failure,
    no_renderer_message,
    use_pip_renderer,
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
EDGE_FONT_SIZE = "10"
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
    return _groups(GraphView.of(root), model)


def _groups(view: GraphView, model: Any) -> list[NeuronGroup]:
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


def _record_escape(text: str) -> str:
    """Text safe inside a Graphviz record field (where { } | < > and quotes are syntax)."""
    for char in '\\{}|<>"':
        text = text.replace(char, "\\" + char)
    return text


def draw_dot(
    root: Value,
    format: str = "svg",
    rankdir: str = "LR",
    *,
    show_grad: bool = True,
    show_local_grads: bool = True,
    show_names: bool = False,
    highlight: Iterable[Value] = (),
    precision: int = DEFAULT_PRECISION,
    parameters: Iterable[Value] | None = None,
    group_by: Any = None,
    collapse: bool = False,
    legend: bool = True,
    grads: Mapping[Value, float] | None = None,
    view: GraphView | None = None,
) -> Any:
    """Draw the computation graph that produced `root`, as a `graphviz.Digraph`.

    One record per `Value` (its label or name, ``data``, ``grad``) and one small node per
    operation (``+``, ``*``, ``tanh``, ``**2``…), with edges in argument order (``a * a`` has two
    edges). Each edge into an operation is labelled with its argument (x or y) and the local
    derivative ∂out/∂in: the factor the chain rule multiplies by there. Node ids come from the
    topological order, so the same graph always gives the same DOT text.

    Args:
        root: the value to draw (usually the loss); everything it depends on is drawn.
        format: the output format of ``.render()`` (``"svg"``, ``"png"``, …).
        rankdir: ``"LR"`` (left to right) or ``"TB"`` (top to bottom).
        show_grad: show each value's ``grad``.
        show_local_grads: label each edge with ∂out/∂in.
        show_names: name every node (``v7`` when unlabelled; the root is ``L``), as `explain`
            and the backprop player do; otherwise only labels are shown.
        highlight: values to outline in red.
        precision: decimals shown.
        parameters: values to colour as parameters (e.g. ``model.parameters()``); other leaves
            are coloured as inputs. Without it, leaves are one colour.
        group_by: a model: its parameters are coloured, and the nodes of each neuron (found
            through ``model.layers[i].neurons[j]`` with ``.w`` and ``.b``) drawn in a labelled
            box.
        collapse: with `group_by`, draw each neuron as a single box instead.
        legend: add a legend of the node colours.
        grads: gradients to show instead of each node's ``.grad`` (e.g.
            ``autograd.engine.backprop.chain_rule(root)``, without calling ``backward()``).
        view: `root`'s `GraphView`, if the caller has built it already (the graph is then not
            sorted again); ignored if it is another graph's.

    Raises:
        TypeError: root is not a Value, or `parameters`/`group_by` are not what is described.
        ValueError: rankdir is not one of Graphviz's directions, or precision is negative.

    """
    require_value("draw_dot", "root", root, "pass the result of a computation, e.g. draw_dot(loss)")
    if rankdir not in ("LR", "RL", "TB", "BT"):
        raise ValueError(f"draw_dot: rankdir must be 'LR', 'RL', 'TB' or 'BT', got {rankdir!r}")
    if isinstance(precision, bool) or not isinstance(precision, int) or precision < 0:
        raise ValueError(f"draw_dot: precision must be an int >= 0, got {precision!r}; e.g. 4")
    params = parameter_set("draw_dot", parameters, group_by) or frozenset()
    if collapse and group_by is None:
        raise ValueError("draw_dot: collapse=True needs group_by=model to know the neurons")

    view = view_of(root, precision, view)
    order, ids, names = view.order, view.ids, view.names
    marked = set(highlight)
    groups = _groups(view, group_by) if group_by is not None else []
    group_of = {node: g for g in groups for node in g.nodes}

    def grad_of(node: Value) -> float:
        return node.grad if grads is None else grads.get(node, 0.0)

    dot = GraphDrawing(format=format, graph_attr={"rankdir": rankdir})
    dot.attr("graph", fontname=FONT)
    dot.attr("node", fontname=FONT)
    dot.attr("edge", fontname=FONT, fontsize=EDGE_FONT_SIZE)
    roles: set[str] = set()

    def role_of(node: Value) -> str:
        if node is root:
            return "output"
        if not node.is_leaf:
            return "intermediate"
        if node in params:
            return "parameter"
        return "input" if params else "leaf"

    def add_value(graph: Any, node: Value) -> None:
        role = role_of(node)
        roles.add(role)
        fields = []
        title = names[node] if show_names else node.label
        if title:
            fields.append(_record_escape(title))
        fields.append(f"data {format_number(node.data, precision)}")
        if show_grad:
            fields.append(f"grad {format_number(grad_of(node), precision)}")
        attrs = {"style": "filled", "fillcolor": ROLE_COLOURS[role]}
        if node in marked:
            attrs.update(color=HIGHLIGHT_COLOUR, penwidth=HIGHLIGHT_PENWIDTH)
        graph.node(
            ids[node], "{ " + " | ".join(fields) + " }", id=ids[node], shape="record", **attrs
        )
        if not node.is_leaf:
            graph.node(ids[node] + "op", node.op, id=ids[node] + "op", shape="ellipse")
            graph.edge(ids[node] + "op", ids[node], id=f"e{ids[node][1:]}_out")

    # values and their op nodes, inside their neuron's box when grouping
    for group in groups:
        if collapse:
            dot.node(
                _box_id(group, ids),
                "{ "
                + " | ".join(
                    [
                        _record_escape(group.name),
                        f"{len(group.nodes)} nodes, output {_record_escape(group.output.op)}",
                        f"data {format_number(group.output.data, precision)}",
                        *([f"grad {format_number(grad_of(group.output), precision)}"] * show_grad),
                    ]
                )
                + " }",
                id=_box_id(group, ids),
                shape="record",
                style="filled,rounded",
                fillcolor=CLUSTER_COLOUR,
            )
            continue
        with dot.subgraph(name=f"cluster_{_box_id(group, ids)}") as box:
            box.attr(label=group.name, style="rounded,filled", fillcolor=CLUSTER_COLOUR)
            for node in group.nodes:
                add_value(box, node)
    for node in order:
        if node not in group_of:
            add_value(dot, node)

    # edges from each parent to its child's op node, in argument order
    drawn: set[tuple[str, str]] = set()
    for node in order:
        local_grads = node.local_grads if show_local_grads and node.parents else ()
        for position, parent in enumerate(node.parents):
            head, tail = ids[node] + "op", ids[parent]
            if collapse and node in group_of:
                head = _box_id(group_of[node], ids)
            if collapse and parent in group_of:
                tail = _box_id(group_of[parent], ids)
            if collapse and (node in group_of or parent in group_of):
                if tail != head and (tail, head) not in drawn:
                    drawn.add((tail, head))
                    dot.edge(tail, head)
                continue
            argument = view.argument(node, position)
            label = argument if len(node.parents) > 1 else ""
            if local_grads:
                derivative = f"d/d{argument}"
                label = f"{derivative} {format_number(local_grads[position], precision)}"
            dot.edge(tail, head, label=label, id=f"e{ids[node][1:]}_{position}")
    if legend:
        _add_legend(
            dot, sorted(roles, key=list(ROLE_COLOURS).index), marked, bool(collapse and groups)
        )
    return dot


def _box_id(group: NeuronGroup, ids: dict[Value, str]) -> str:
    return f"{ids[group.output]}box"


def _add_legend(dot: Any, roles: list[str], marked: set[Value], boxes: bool) -> None:
    """A boxed key of the colours, one entry per kind of node drawn, in a row."""
    entries: list[tuple[str, str, dict[str, str]]] = [
        (role, ROLE_DESCRIPTIONS[role], {"style": "filled", "fillcolor": ROLE_COLOURS[role]})
        for role in roles
    ]
    entries.append(("op", "operation", {"shape": "ellipse"}))
    if boxes:
        neuron_style = {"style": "filled,rounded", "fillcolor": CLUSTER_COLOUR}
        entries.append(("neuron", "a neuron, collapsed", neuron_style))
    if marked:
        marked_style = {"color": HIGHLIGHT_COLOUR, "penwidth": HIGHLIGHT_PENWIDTH}
        entries.append(("highlight", "highlighted", marked_style))
    with dot.subgraph(name="cluster_legend") as key:
        key.attr(label="legend", style="dashed")
        for name, text, style in entries:
            key.node(f"legend_{name}", text, id=f"legend_{name}", **{"shape": "box", **style})
        # invisible edges put the entries one rank apart: a row in a left-to-right drawing
        for (first, _, _), (second, _, _) in itertools.pairwise(entries):
            key.edge(f"legend_{first}", f"legend_{second}", style="invis")


draw_graph = draw_dot
"""Another name for `draw_dot` (micrograd calls it draw_dot)."""
