"""draw_dot: the DOT text it writes (nodes, names, edges, labels, order, colours, neuron boxes,
layout, size limits, errors)."""

from __future__ import annotations

import inspect
import random
import re
from pathlib import Path

import pytest

from autograd import Value
from autograd.engine.backprop import topological_order
from autograd.viz import GraphView, draw_dot, draw_graph, neuron_groups
from autograd.viz.draw import HIGHLIGHT_COLOUR, ROLE_COLOURS, DrawingPlan, groups_in
from autograd.viz.graph_view import parameter_set, require_value
from autograd.viz.style import DRAW_NODE_LIMIT, DrawStyle, estimated_widths


class TinyNeuron:
    """A hand-made neuron with the duck-typed shape viz reads: w (list of Values), b (a Value)."""

    def __init__(self, n_inputs: int, rng: random.Random, activate: bool = True) -> None:
        self.w = [Value(rng.uniform(-1, 1), label=f"w{i}") for i in range(n_inputs)]
        self.b = Value(0.1, label="b")
        self.activate = activate

    def __call__(self, x: list[Value]) -> Value:
        net = sum((wi * xi for wi, xi in zip(self.w, x, strict=True)), self.b)
        return net.tanh() if self.activate else net

    def parameters(self) -> list[Value]:
        return [*self.w, self.b]


class TinyLayer:
    def __init__(self, n_in: int, n_out: int, rng: random.Random, activate: bool) -> None:
        self.neurons = [TinyNeuron(n_in, rng, activate) for _ in range(n_out)]

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]


class TinyMLP:
    def __init__(self, sizes: list[int], seed: int = 0) -> None:
        rng = random.Random(seed)
        self.layers = [
            TinyLayer(sizes[i], sizes[i + 1], rng, activate=i < len(sizes) - 2)
            for i in range(len(sizes) - 1)
        ]

    def __call__(self, x: list[Value]) -> list[Value]:
        for layer in self.layers:
            x = [neuron(x) for neuron in layer.neurons]
        return x

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]


def tiny_loss(seed: int = 0) -> tuple[TinyMLP, list[Value], Value]:
    model = TinyMLP([2, 2, 1], seed)
    x = [Value(0.5, label="x0"), Value(-1.0, label="x1")]
    (out,) = model(x)
    loss = (out - 1.0) ** 2
    loss.backward()
    return model, x, loss


def record_lines(source: str) -> list[str]:
    return [line for line in source.splitlines() if "shape=record" in line]


def op_lines(source: str) -> list[str]:
    return [line for line in source.splitlines() if "shape=ellipse" in line]


def edge_lines(source: str) -> list[str]:
    return [line for line in source.splitlines() if "->" in line]


def test_one_record_per_value_one_node_per_op_and_edges() -> None:
    a, b, c = Value(2.0, label="a"), Value(-3.0, label="b"), Value(10.0, label="c")
    out = a * b + c
    source = draw_dot(out, legend=False).source
    assert len(record_lines(source)) == 5  # a, b, c, a*b, out
    assert [re.search(r'label="?([^ "\]]+)', line)[1] for line in op_lines(source)] == ["*", "+"]
    # four argument edges into the two op nodes, and one edge from each op to its value
    assert len(edge_lines(source)) == 4 + 2


def test_labels_carry_label_data_and_grad() -> None:
    a = Value(2.0, label="a")
    out = a * 3.0
    out.backward()
    source = draw_dot(out, precision=3).source
    assert "a | data 2.000 | grad 3.000" in source
    assert "data 6.000 | grad 1.000" in source
    assert "grad" not in "".join(record_lines(draw_dot(out, show_grad=False).source))


def test_edges_follow_argument_order_with_local_derivatives() -> None:
    a, b = Value(5.0, label="a"), Value(2.0, label="b")
    out = a - b
    edges = edge_lines(draw_dot(out, legend=False).source)
    ids = {node.label: f"n{k}" for k, node in enumerate(topological_order(out))}
    # each edge says what it carries, ∂out/∂in by the nodes' names, over its number
    assert any(line.strip().startswith(ids["a"]) and "∂L/∂a\\n= 1.0000" in line for line in edges)
    assert any(line.strip().startswith(ids["b"]) and "∂L/∂b\\n= -1.0000" in line for line in edges)
    plain = edge_lines(draw_dot(out, show_local_grads=False, legend=False).source)
    assert any('label="1st"' in line for line in plain) and any(
        'label="2nd"' in line for line in plain
    )
    unnamed = edge_lines(draw_dot(out, show_names=False, legend=False).source)
    assert any('label="local -1.0000"' in line for line in unnamed)
    for source in (edges, plain, unnamed):  # never the rule's own input names
        assert not any(re.search(r"d/d[xy]|∂/∂[xy]|label=[xy]\b", line) for line in source)


def test_a_value_used_twice_draws_two_edges() -> None:
    a = Value(3.0, label="a")
    out = a / a
    edges = [line for line in edge_lines(draw_dot(out, legend=False).source) if "op" in line]
    from_a = [line for line in edges if line.strip().startswith("n0 ")]
    assert len(from_a) == 2
    assert "∂L/∂a (1st)\\n= 0.3333" in from_a[0]
    assert "∂L/∂a (2nd)\\n= -0.3333" in from_a[1]


def test_same_graph_gives_the_same_dot_text() -> None:
    sources = []
    for _ in range(2):
        model, _, loss = tiny_loss(seed=3)
        sources.append(draw_dot(loss, group_by=model).source)
    assert sources[0] == sources[1]
    assert "n0" in sources[0]


def test_draw_graph_is_draw_dot() -> None:
    assert draw_graph is draw_dot


def test_colours_tell_inputs_parameters_intermediates_and_output_apart() -> None:
    model, x, loss = tiny_loss()
    source = draw_dot(loss, parameters=model.parameters()).source
    order = topological_order(loss)
    ids = {node: f"n{k}" for k, node in enumerate(order)}

    def fill(node: Value) -> str:
        line = next(
            line for line in record_lines(source) if line.strip().startswith(ids[node] + " ")
        )
        return re.search(r'fillcolor="([^"]+)"', line)[1]

    assert fill(x[0]) == ROLE_COLOURS["input"]
    assert fill(model.layers[0].neurons[0].w[0]) == ROLE_COLOURS["parameter"]
    assert fill(loss) == ROLE_COLOURS["output"]
    assert fill(loss.parents[0]) == ROLE_COLOURS["intermediate"]
    for entry in ("legend_input", "legend_parameter", "legend_intermediate", "legend_output"):
        assert entry in source
    # without parameters, leaves share one colour and the legend says so
    unknown = draw_dot(loss).source
    assert "leaf (input or parameter)" in unknown
    assert "legend_parameter" not in unknown


def test_highlight_outlines_the_given_nodes() -> None:
    a = Value(1.0, label="a")
    b = a.exp()
    source = draw_dot(b, highlight={a}).source
    a_line = next(line for line in record_lines(source) if "a | data" in line)
    b_line = next(line for line in record_lines(source) if "a | data" not in line)
    assert HIGHLIGHT_COLOUR in a_line
    assert HIGHLIGHT_COLOUR not in b_line
    assert "legend_highlight" in source


def test_every_node_is_named_by_default_as_explain_and_the_player_name_it() -> None:
    a = Value(1.0)
    out = a + 2.0
    source = draw_dot(out).source
    assert "v0 | data" in source
    assert "L | data" in source
    assert "v0" not in draw_dot(out, show_names=False).source


def test_the_drawing_and_the_text_use_one_naming_scheme() -> None:
    """README example 1-2: every name explain and the player print is on the picture."""
    from autograd.viz import backprop_steps, explain, gradcheck_nodes

    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    loss = (a * b + a**2).tanh()
    loss.backward()
    source = draw_dot(loss).source
    titles = set(re.findall(r'label="\{? ?([^ |"]+) \|', source))
    assert titles == {"a", "b", "v1", "v3", "v4", "L"}
    texts = [str(explain(loss, b)), str(gradcheck_nodes(loss))]
    texts += [step.arithmetic + step.title for step in backprop_steps(loss)]
    named = {name for text in texts for name in re.findall(r"\b(v\d+|L)\b", text)}
    assert named <= titles
    # the local derivatives the text multiplies are the edge labels, symbol and number
    for symbol in re.findall(r"∂v\d+/∂\w+|∂L/∂v\d+", str(explain(loss, b))):
        assert symbol in source


def test_record_syntax_characters_in_labels_are_escaped() -> None:
    a = Value(1.0, label='w{1}|<b>"q"')
    source = draw_dot(a.tanh()).source
    assert r"w\{1\}\|\<b\>\"q\"" in source


def test_neuron_groups_hold_what_each_neuron_computed() -> None:
    model, x, loss = tiny_loss()
    groups = neuron_groups(loss, model)
    assert [g.name for g in groups] == [
        "layers[0].neurons[0]",
        "layers[0].neurons[1]",
        "layers[1].neurons[0]",
    ]
    hidden = groups[0]
    neuron = model.layers[0].neurons[0]
    # w0, w1, b, w0*x0, w1*x1, b + w0x0, + w1x1, tanh
    assert len(hidden.nodes) == 8
    assert set(neuron.parameters()) <= set(hidden.nodes)
    assert hidden.net_input.op == "+"
    assert hidden.output.op == "tanh"
    assert not set(x) & set(hidden.nodes)  # inputs stay outside
    last = groups[2]
    assert last.output is last.net_input  # a linear output neuron
    assert loss not in last.nodes and loss.parents[0] not in last.nodes  # the loss is outside
    assert not set(groups[0].nodes) & set(last.nodes)


def test_group_by_draws_a_labelled_box_per_neuron() -> None:
    model, _, loss = tiny_loss()
    source = draw_dot(loss, group_by=model).source
    assert source.count("subgraph cluster_n") == 3
    assert 'label="layers[0].neurons[1]"' in source
    assert len(record_lines(source)) == len(topological_order(loss))


def test_collapse_draws_each_neuron_as_one_box() -> None:
    model, _, loss = tiny_loss()
    source = draw_dot(loss, group_by=model, collapse=True, legend=False).source
    grouped = sum(len(g.nodes) for g in neuron_groups(loss, model))
    records = record_lines(source)
    assert len(records) == len(topological_order(loss)) - grouped + 3
    assert sum("nodes, output tanh" in line for line in records) == 2
    edges = edge_lines(source)
    # x0 and x1 feed both hidden neurons; both feed the output neuron; it feeds the loss's "-"
    assert sum("box" in line.split("->")[1] for line in edges) == 2 * 2 + 2
    assert "legend_neuron" in draw_dot(loss, group_by=model, collapse=True).source


def test_a_single_neuron_or_a_layer_can_group_too() -> None:
    rng = random.Random(1)
    neuron = TinyNeuron(2, rng)
    out = neuron([Value(1.0), Value(2.0)])
    assert [g.name for g in neuron_groups(out, neuron)] == ["neuron"]
    layer = TinyLayer(2, 2, rng, activate=True)
    outs = [n([Value(1.0), Value(2.0)]) for n in layer.neurons]
    assert [g.name for g in neuron_groups(outs[0] + outs[1], layer)] == [
        "neurons[0]",
        "neurons[1]",
    ]


def test_real_mlp_is_grouped_per_neuron() -> None:
    nn = pytest.importorskip("autograd.nn")
    model = nn.MLP(2, [3, 1], rng=random.Random(0))
    loss = (model([0.5, -1.0]) - 1.0) ** 2
    groups = neuron_groups(loss, model)
    assert len(groups) == 4
    assert all(
        set(n.parameters()) <= set(g.nodes)
        for g, n in zip(groups, [*model.layers[0].neurons, *model.layers[1].neurons], strict=True)
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"root": 3.0}, TypeError, "draw_dot: root must be a Value, got float 3.0"),
        (
            {"rankdir": "up"},
            ValueError,
            "draw_dot: rankdir must be 'auto', 'LR', 'RL', 'TB' or 'BT', got 'up'",
        ),
        ({"show_grad": "no"}, TypeError, "draw_dot: show_grad must be True or False, got 'no'"),
        ({"show_grads": False}, TypeError, "draw_dot: unknown drawing option 'show_grads'"),
        ({"style": {"legend": False}}, TypeError, "draw_dot: style must be a DrawStyle"),
        ({"max_nodes": 0}, ValueError, "max_nodes must be a positive int or None, got 0"),
        ({"precision": -1}, ValueError, "precision must be an int >= 0, got -1"),
        ({"parameters": [1.0]}, TypeError, "parameters must be Values, got float 1.0"),
        ({"group_by": 5}, TypeError, "group_by must be a model with .parameters()"),
        ({"collapse": True}, ValueError, "collapse=True needs group_by=model"),
    ],
)
def test_bad_arguments_say_what_to_do(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    arguments: dict[str, object] = {"root": Value(1.0).exp(), **kwargs}
    with pytest.raises(error, match=re.escape(message)):
        draw_dot(**arguments)  # type: ignore[arg-type]


def test_the_options_gather_in_one_style_object() -> None:
    model, _, loss = tiny_loss()
    style = DrawStyle(show_grad=False, precision=2, rankdir="TB")
    by_style = draw_dot(loss, group_by=model, style=style).source
    assert (
        by_style
        == draw_dot(loss, group_by=model, show_grad=False, precision=2, rankdir="TB").source
    )
    # keywords apply over a style; micrograd's positional rankdir still works
    assert (
        draw_dot(loss, style=style, show_grad=True).source
        == draw_dot(loss, "svg", "TB", precision=2).source
    )
    assert "view" not in inspect.signature(draw_dot).parameters


def test_auto_layout_keeps_small_graphs_left_to_right_and_turns_deep_ones_down() -> None:
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    assert draw_dot(a * b).graph_attr["rankdir"] == "LR"
    x = Value(0.5, label="x")
    deep = x
    for _ in range(6):
        deep = (deep * 1.5).tanh()
    assert draw_dot(deep).graph_attr["rankdir"] == "TB"
    assert draw_dot(deep, rankdir="LR").graph_attr["rankdir"] == "LR"  # asked for: kept
    # records stack their fields either way (braces turn them in a top-to-bottom drawing)
    assert "{ x | data" in draw_dot(deep).source
    assert 'label="x | data' in draw_dot(deep, rankdir="LR").source


def test_the_width_estimate_is_close_to_graphvizs() -> None:
    pytest.importorskip("autograd.nn")
    from autograd.nn import MLP
    from autograd.viz import find_renderer, render_svg

    if find_renderer() is None:
        pytest.skip("no Graphviz renderer")
    model = MLP(2, [2, 1], activation="tanh", rng=random.Random(0))
    loss = (model([Value(2.0, label="x1"), Value(-1.0, label="x2")]) - 1.0) ** 2
    view = GraphView.of(loss)
    plan = DrawingPlan(view, DrawStyle(), None, groups_in(view, model), False, set(), None)
    estimate = estimated_widths(plan.boxes, plan.edges)
    for rankdir in ("LR", "TB"):
        svg = render_svg(draw_dot(loss, group_by=model, rankdir=rankdir))
        width = float(re.search(r'<svg width="([\d.]+)pt"', svg)[1])  # type: ignore[index]
        assert estimate[rankdir] == pytest.approx(width, rel=0.3), rankdir
    # notebook 05's 2-2-1 MLP: 4,254 pt wide left to right before; now top to bottom
    assert draw_dot(loss, group_by=model).graph_attr["rankdir"] == "TB"
    svg = render_svg(draw_dot(loss, group_by=model))
    assert float(re.search(r'<svg width="([\d.]+)pt"', svg)[1]) < 1600  # type: ignore[index]


def test_a_graph_too_big_to_draw_is_refused_at_once_with_what_to_do() -> None:
    x = Value(0.5, label="x")
    big = x
    for _ in range(DRAW_NODE_LIMIT):  # 2 values per step
        big = big * 0.999 + 0.001
    with pytest.raises(ValueError) as refused:
        draw_dot(big)
    message = str(refused.value)
    n_values = len(topological_order(big))
    assert f"this graph has {n_values:,} values, more than the {DRAW_NODE_LIMIT:,}" in message
    assert "one example" in message and "smaller model" in message and "group_by" in message
    assert f"max_nodes={n_values}" in message
    assert draw_dot(big, max_nodes=n_values).source.count("shape=record") == n_values


def test_collapsed_neurons_count_as_one_box_towards_the_limit() -> None:
    model, _, loss = tiny_loss()
    n_values = len(topological_order(loss))
    grouped = neuron_groups(loss, model)
    drawn = n_values - sum(len(g.nodes) for g in grouped) + len(grouped)
    with pytest.raises(ValueError, match=f"has {n_values} values"):
        draw_dot(loss, max_nodes=n_values - 1)
    draw_dot(loss, group_by=model, collapse=True, max_nodes=drawn)
    with pytest.raises(ValueError, match=f"has {drawn} values"):
        draw_dot(loss, group_by=model, collapse=True, max_nodes=drawn - 1)


def test_the_legend_is_one_compact_key() -> None:
    a = Value(1.0, label="a")
    source = draw_dot(a.exp() * a, highlight=[a]).source
    (legend,) = [line for line in source.splitlines() if line.strip().startswith("legend ")]
    assert legend.count('<TD ID="legend_') == 6  # leaf, intermediate, output, op, highlight, edge
    for entry in ("legend_leaf", "legend_op", "legend_highlight", "legend_edge"):
        assert f'ID="{entry}"' in legend
    assert "on an edge: its local derivative" in legend
    assert "legend_edge" not in draw_dot(a.exp(), show_local_grads=False).source
    # placed where it widens the drawing least: below the root top to bottom
    deep = draw_dot(a.exp() * a, rankdir="TB").source
    assert "n2 -> legend [style=invis]" in deep
    assert "-> legend" not in draw_dot(a.exp() * a, rankdir="LR").source


def test_parameter_set_merges_parameters_and_a_models_and_checks_them() -> None:
    model, x, _ = tiny_loss()
    assert parameter_set("f", None) is None  # parameters unknown
    assert parameter_set("f", iter(x), model) == frozenset([*x, *model.parameters()])
    with pytest.raises(TypeError, match="f: parameters must be Values, got int 1"):
        parameter_set("f", [1])  # type: ignore[list-item]


def test_require_value_names_the_function_and_the_argument() -> None:
    a = Value(1.0)
    assert require_value("f", "root", a) is a
    with pytest.raises(TypeError, match=r"^f: root must be a Value, got str 'x'; do this$"):
        require_value("f", "root", "x", "do this")


def test_a_decision_boundary_has_a_legend_for_its_colours(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    nn = pytest.importorskip("autograd.nn")
    from autograd.viz.plot import plot_decision_boundary

    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]  # noqa: N806 -- a data matrix
    model = nn.MLP(2, [4, 1], rng=random.Random(0))
    figure = plot_decision_boundary(model, X, [-1, 1, 1, -1], threshold=0.0)
    legend = figure.axes[0].get_legend()
    assert [text.get_text() for text in legend.get_texts()] == [
        "data, y = -1",
        "data, y = 1",
        "model predicts y = -1",
        "model predicts y = 1",
    ]
    path = tmp_path / "boundary.png"
    figure.savefig(path)
    assert path.read_bytes()[:4] == b"\x89PNG"
    regression = plot_decision_boundary(model, X, [0.1, 0.9, 0.7, 0.2], threshold=0.5)
    texts = [text.get_text() for text in regression.axes[0].get_legend().get_texts()]
    assert texts[2:] == ["model predicts y ≤ 0.5", "model predicts y > 0.5"]
