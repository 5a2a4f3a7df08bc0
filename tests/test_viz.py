"""draw_dot: the DOT text it writes (nodes, edges, labels, order, colours, neuron boxes, errors)."""

from __future__ import annotations

import random
import re

import pytest

from autograd import Value
from autograd.engine.backprop import topological_order
from autograd.viz import GraphView, draw_dot, draw_graph, neuron_groups
from autograd.viz.draw import HIGHLIGHT_COLOUR, ROLE_COLOURS
from autograd.viz.graph_view import parameter_set, require_value


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
    assert any(line.strip().startswith(ids["a"]) and "d/dx 1.0000" in line for line in edges)
    assert any(line.strip().startswith(ids["b"]) and "d/dy -1.0000" in line for line in edges)
    plain = edge_lines(draw_dot(out, show_local_grads=False, legend=False).source)
    assert any("label=x" in line for line in plain)
    assert not any("d/d" in line for line in plain)


def test_a_value_used_twice_draws_two_edges() -> None:
    a = Value(3.0, label="a")
    out = a * a
    edges = [line for line in edge_lines(draw_dot(out, legend=False).source) if "op" in line]
    from_a = [line for line in edges if line.strip().startswith("n0 ")]
    assert len(from_a) == 2
    assert "d/dx 3.0000" in from_a[0]
    assert "d/dy 3.0000" in from_a[1]


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


def test_show_names_names_every_node_like_explain() -> None:
    a = Value(1.0)
    out = a + 2.0
    source = draw_dot(out, show_names=True).source
    assert "v0 | data" in source
    assert "L | data" in source


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
        ({"rankdir": "up"}, ValueError, "rankdir must be 'LR', 'RL', 'TB' or 'BT', got 'up'"),
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


def test_a_view_already_built_is_drawn_the_same() -> None:
    model, _, loss = tiny_loss()
    view = GraphView.of(loss)
    drawn = draw_dot(loss, group_by=model, show_names=True, view=view).source
    assert drawn == draw_dot(loss, group_by=model, show_names=True).source
    # another graph's view is not used
    other = GraphView.of(Value(1.0).exp())
    assert draw_dot(loss, group_by=model, show_names=True, view=other).source == drawn


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
