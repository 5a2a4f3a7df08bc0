"""explain (sum over paths of products of local derivatives) and gradcheck_nodes (rule checks)."""

from __future__ import annotations

import math
import random
import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from autograd import Value
from autograd.engine.backprop import chain_rule, topological_order
from autograd.engine.numerical import central_difference
from autograd.engine.rules import Rule
from autograd.viz import GraphView, explain, format_number, gradcheck_nodes
from autograd.viz.explanation import (
    ERROR_WITH_OUTPUT,
    NET_INPUT_WITH_BIAS,
    NET_INPUT_WITH_INPUT,
    NET_INPUT_WITH_WEIGHT,
    OUTPUT_WITH_NET_INPUT,
    Explanation,
)
from tests.expressions import N_VARIABLES, VALUE_FUNCTIONS, evaluate, expressions
from tests.strategies import every_rule


def neuron() -> tuple[dict[str, Value], Value]:
    """The lecture's neuron: out = tanh(x1·w1 + x2·w2 + b), loss = (out - 1)²."""
    v = {
        "x1": Value(2.0, label="x1"),
        "w1": Value(-3.0, label="w1"),
        "x2": Value(0.5, label="x2"),
        "w2": Value(1.0, label="w2"),
        "b": Value(6.88, label="b"),
    }
    net = v["x1"] * v["w1"] + v["x2"] * v["w2"] + v["b"]
    net.label = "net"
    out = net.tanh()
    out.label = "out"
    loss = (out - 1.0) ** 2
    loss.label = "loss"
    return v, loss


@given(expressions(), st.lists(st.floats(-2.0, 2.0), min_size=N_VARIABLES, max_size=N_VARIABLES))
def test_sum_over_paths_equals_grad_on_random_graphs(
    expression: object, point: list[float]
) -> None:
    variables = [Value(x, label=f"x{i}") for i, x in enumerate(point)]
    root = evaluate(expression, variables, VALUE_FUNCTIONS)  # type: ignore[arg-type]
    assume(isinstance(root, Value) and not root.is_leaf)
    graph = set(topological_order(root))
    root.backward()
    for variable in variables:
        if variable not in graph:
            continue
        explanation = explain(root, variable)
        assert explanation.agrees, str(explanation)
        assert math.isclose(explanation.total, variable.grad, rel_tol=1e-9, abs_tol=1e-12)
        assert explanation.n_paths >= 1
        if explanation.paths:
            assert len(explanation.paths) == explanation.n_paths
            for path in explanation.paths:
                assert path.nodes[0] is variable and path.nodes[-1] is root
                assert math.isclose(path.product, math.prod(path.factors))
        if explanation.neurons:  # split by neurons, the shares still add up to the gradient
            shares = math.fsum(neuron.product for neuron in explanation.neurons)
            assert math.isclose(shares, variable.grad, rel_tol=1e-9, abs_tol=1e-12)


def test_a_neuron_weight_names_the_three_chain_rule_terms() -> None:
    v, loss = neuron()
    loss.backward()
    parameters = [v["w1"], v["w2"], v["b"]]
    explanation = explain(loss, v["w1"], parameters=parameters)
    text = str(explanation)
    assert explanation.n_paths == 1 == len(explanation)
    assert "∂loss/∂out = " in text and ERROR_WITH_OUTPUT in text
    assert "∂out/∂net = " in text and OUTPUT_WITH_NET_INPUT in text
    assert "∂net/∂w1 = 2.0000" in text and NET_INPUT_WITH_WEIGHT in text
    (through,) = explanation.neurons
    out_grad = v["w1"].grad / (2.0 * (1.0 - math.tanh(0.88 + 0.5) ** 2))
    assert through.terms[0].number == pytest.approx(out_grad)
    assert through.product == pytest.approx(v["w1"].grad)
    assert f"check: w1.grad = {format_number(v['w1'].grad)}: agrees" in text
    # told the parameters, an input is not called a weight
    for_input = str(explain(loss, v["x1"], parameters=parameters))
    assert NET_INPUT_WITH_INPUT in for_input
    assert NET_INPUT_WITH_WEIGHT not in for_input
    # not told, a leaf is called by its name: it may be an input or a weight
    unknown = str(explain(loss, v["x1"]))
    assert "how the net input changes with x1" in unknown
    assert NET_INPUT_WITH_WEIGHT not in unknown and NET_INPUT_WITH_INPUT not in unknown


def test_a_bare_neuron_output_gets_no_loss_wording() -> None:
    """Issue 20: for o = tanh(…) itself, "∂o/∂o (how the error changes …)" was wrong."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2, b = Value(-3.0, label="w1"), Value(1.0, label="w2"), Value(6.88, label="b")
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.label = "o"
    o.backward()
    text = str(explain(o, x2))
    assert "error" not in text and "∂o/∂o" not in text
    assert "the weight" not in text and "how the net input changes with x2" in text
    assert OUTPUT_WITH_NET_INPUT in text
    told = str(explain(o, x2, parameters=[w1, w2, b]))
    assert NET_INPUT_WITH_INPUT in told
    assert NET_INPUT_WITH_WEIGHT in str(explain(o, w2, parameters=[w1, w2, b]))
    assert not GraphView.of(o).root_is_loss


def test_lecture_wording_only_where_the_root_is_an_error() -> None:
    v, loss = neuron()
    assert GraphView.of(loss).root_is_loss  # (out - 1)², computed from the neuron
    out = loss.parents[0].parents[0]
    linear = out * Value(0.5, label="w") + Value(0.1, label="c")  # a linear neuron after it
    linear.backward()
    text = str(explain(linear, v["w1"], parameters=[v["w1"]]))
    assert not GraphView.of(linear).root_is_loss
    assert ERROR_WITH_OUTPUT not in text
    assert "how L changes with this neuron's output" in text
    assert NET_INPUT_WITH_WEIGHT in text  # the weight is still a weight
    plain = (Value(2.0, label="a") * Value(3.0, label="b")).exp()
    assert not GraphView.of(plain).root_is_loss  # no neuron at all


def test_an_input_feeding_two_neurons_is_split_between_them() -> None:
    nn = pytest.importorskip("autograd.nn")
    model = nn.MLP(2, [2, 1], activation="tanh", rng=random.Random(0))
    x = [Value(2.0, label="x1"), Value(-1.0, label="x2")]
    loss = (model(x) - 1.0) ** 2
    loss.backward()
    explanation = explain(loss, x[0], parameters=model.parameters())
    assert len(explanation.neurons) == 2
    assert math.fsum(n.product for n in explanation.neurons) == pytest.approx(x[0].grad)
    text = str(explanation)
    assert "through 2 neurons" in text and text.count(ERROR_WITH_OUTPUT) == 2
    assert text.count(NET_INPUT_WITH_INPUT) == 2
    # a hidden weight: one neuron; ∂L/∂out there is the hidden output's whole gradient
    weight = model.layers[0].neurons[0].w[0]
    (through,) = explain(loss, weight, parameters=model.parameters()).neurons
    assert through.terms[0].number == chain_rule(loss)[through.out]
    assert through.product == pytest.approx(weight.grad)


def test_no_machine_output_in_the_text() -> None:
    """Issue 20: "1 path(s)" and "= 0.1413 = 0.1413" read as machine output."""
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    loss = (a * b + a**2).tanh()
    loss.backward()
    for value in (a, b):
        text = str(explain(loss, value))
        assert "(s)" not in text
        assert not re.search(r"= (\S+) = \1(\s|$)", text), text
        assert "+ -" not in text and "× -" not in text  # negatives are subtracted or bracketed
    assert str(explain(loss, b)).startswith("∂L/∂b: one path from b to L\n")
    assert "0.2826 - 0.2120 = 0.0707" in str(explain(loss, a))
    assert "× (-3.0000)" in str(explain(loss, a))
    assert len(explain(loss, a)) == 2
    assert str(explain(loss, loss)).startswith("∂L/∂L = 1: L is the root")
    single = explain(a.exp(), a)
    assert str(single).splitlines()[1] == "  a → L: ∂L/∂a = 7.3891"


def test_a_value_used_twice_has_a_path_per_use() -> None:
    a = Value(3.0, label="a")
    y = a * a + a
    y.backward()
    explanation = explain(y, a)
    assert [p.product for p in explanation.paths] == [3.0, 3.0, 1.0]
    assert explanation.total == a.grad == 7.0
    text = str(explanation)
    assert "a →(1st) v1" in text and "a →(2nd) v1" in text
    assert "∂v1/∂a (1st)" in text and "∂v1/∂a (2nd)" in text
    assert "sum over the 3 paths: ∂L/∂a = 3.0000 + 3.0000 + 1.0000 = 7.0000" in text


def test_too_many_paths_falls_back_to_the_per_node_sum() -> None:
    x = Value(0.9, label="x")
    y = x
    for _ in range(10):  # y = x^(2^10) through repeated squaring: 2^10 paths
        y = y * y * 0.5 + y * 0.5
    y.backward()
    explanation = explain(y, x, max_paths=50)
    assert explanation.n_paths > 50
    assert explanation.paths == ()
    assert explanation.agrees
    assert len(explanation.uses) == 3  # x is used as x and y of one *, and in one more *
    text = str(explanation)
    assert "more than 50 paths" in text
    assert "the chain rule one step at a time" in text


def test_a_stale_grad_is_reported_not_hidden() -> None:
    v, loss = neuron()  # no backward() yet
    explanation = explain(loss, v["w1"])
    assert not explanation.agrees
    assert "DIFFERS" in str(explanation)
    assert "call root.backward() first" in str(explanation)
    assert "#b91c1c" in explanation._repr_html_()
    loss.backward()
    assert "#15803d" in explain(loss, v["w1"])._repr_html_()


def test_explain_changes_no_gradient() -> None:
    v, loss = neuron()
    loss.backward()
    before = {node: node.grad for node in topological_order(loss)}
    explain(loss, v["w2"])
    assert {node: node.grad for node in topological_order(loss)} == before
    assert chain_rule(loss)[v["w2"]] == pytest.approx(v["w2"].grad)


def test_names_are_unique_and_deterministic() -> None:
    a, b = Value(1.0, label="x"), Value(2.0, label="x")
    out = a * b + 1.0
    names = GraphView.of(out).names
    assert len(set(names.values())) == len(names)
    assert names[out] == "L"
    order = topological_order(out)
    assert names[a] == f"x#{order.index(a)}"
    assert names[b] == f"x#{order.index(b)}"
    assert GraphView.of(out).names == names


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda v, loss: explain(3.0, v["w1"]), TypeError, "explain: root must be a Value"),
        (lambda v, loss: explain(loss, "w1"), TypeError, "explain: value must be a Value"),
        (lambda v, loss: explain(loss, Value(1.0)), ValueError, "is not in the graph of"),
        (lambda v, loss: explain(loss, v["w1"], 0), TypeError, "max_paths must be a positive"),
    ],
)
def test_explain_errors_say_what_to_do(call: object, error: type[Exception], message: str) -> None:
    v, loss = neuron()
    with pytest.raises(error, match=re.escape(message)):
        call(v, loss)  # type: ignore[operator]


# ----- gradcheck_nodes ----------------------------------------------------------------------------


def every_rule_graph() -> Value:
    """A graph using every rule of the table once, at points where each is smooth."""
    x, y = Value(0.7, label="x"), Value(1.3, label="y")
    parts = [Value.apply(rule, *(x, y)[: len(rule.inputs)]) for rule in every_rule()]
    return sum(parts, Value(0.0))


def test_every_rule_in_the_table_passes() -> None:
    report = gradcheck_nodes(every_rule_graph())
    assert report.ok, str(report)
    assert report.first_failure is None
    assert "local derivatives agree with finite differences" in str(report)


def test_a_deliberately_wrong_rule_is_caught_and_named() -> None:
    wrong_tanh = Rule("tanh", lambda x: math.tanh(x), lambda x, out: (1.0 + out * out,), "∂ wrong")
    x = Value(0.5, label="x")
    hidden = Value.apply(wrong_tanh, x * 2.0)
    loss = (hidden * 3.0).exp()
    report = gradcheck_nodes(loss)
    assert not report.ok
    failure = report.first_failure
    assert failure is not None
    assert failure.op == "tanh"
    assert failure.node is hidden
    assert failure.analytic == pytest.approx(1.0 + math.tanh(1.0) ** 2)
    assert failure.numeric == pytest.approx(1.0 - math.tanh(1.0) ** 2, rel=1e-6)
    text = str(report)
    assert "op 'tanh' disagrees with finite differences" in text
    assert "its rule says: ∂ wrong" in text
    # every other op of the graph checks out
    assert [c.op for c in report.checks if c.status == "WRONG"] == ["tanh"]


def test_kinks_and_domain_edges_are_skipped_not_failed() -> None:
    at_kink = Value(0.0).relu()
    negative_base = Value(-2.0) ** Value(2.0)  # d/dy needs ln(-2): undefined
    report = gradcheck_nodes(at_kink + negative_base)
    assert report.ok, str(report)
    notes = [c.note for c in report.checks if c.status == "skipped"]
    assert any("kink" in note for note in notes)
    assert any("undefined" in note for note in notes)
    assert "skipped at kinks or domain edges" in str(report)


def test_a_node_without_a_rule_is_reported() -> None:
    from autograd.micrograd.engine import Value as MicrogradValue

    a = MicrogradValue(1.0)
    mystery = MicrogradValue(2.0, (a,), "mystery")
    report = gradcheck_nodes(mystery * 2.0)
    failure = report.first_failure
    assert failure is not None and failure.op == "mystery"
    assert "no derivative rule" in failure.note


def test_gradcheck_errors_say_what_to_do() -> None:
    with pytest.raises(TypeError, match="gradcheck_nodes: root must be a Value, got list"):
        gradcheck_nodes([1.0])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="step must be a small positive number, got 0"):
        gradcheck_nodes(Value(1.0).exp(), step=0)


def test_format_number_keeps_tiny_and_huge_numbers_visible() -> None:
    assert format_number(0.5) == "0.5000"
    assert format_number(-0.0) == "0.0000"
    assert format_number(1e-7) == "1.0000e-07"
    assert format_number(2.5e7, precision=2) == "2.50e+07"
    assert format_number(math.inf) == "inf"


def test_bias_is_named_the_bias_and_reprs_read_well() -> None:
    from autograd.viz import backprop_player, draw_dot

    w, b, x = Value(0.5, label="w"), Value(0.1, label="b"), Value(2.0, label="x")
    loss = ((w * x + b).tanh() - 1.0) ** 2
    loss.backward()
    explained = explain(loss, b, parameters=[w, b])
    assert NET_INPUT_WITH_BIAS in str(explained)
    assert NET_INPUT_WITH_WEIGHT in str(explain(loss, w, parameters=[w, b]))
    assert repr(explained) == str(explained)
    assert "0x" not in repr(draw_dot(loss)) and "Jupyter" in repr(draw_dot(loss))
    assert repr(backprop_player(loss)).startswith("<BackpropPlayer: 9 steps")


def test_neuron_words_only_for_a_real_neuron() -> None:
    """tanh(a*b + a**2) is not a neuron: no "weight"/"net input" wording (it confused learners)."""
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    loss = (a * b + a**2).tanh()
    loss.backward()
    text = str(explain(loss, b))
    assert "net input" not in text and "weight" not in text
    view = GraphView.of(loss)
    assert view.net_input_of(loss) is None
    _, neuron_loss = neuron()
    out = neuron_loss.parents[0].parents[0]
    assert GraphView.of(neuron_loss).net_input_of(out) is out.parents[0]


def test_net_inputs_are_found_once_per_view() -> None:
    _, loss = neuron()
    view = GraphView.of(loss)
    out = loss.parents[0].parents[0]
    assert view.net_inputs == {out: out.parents[0]}
    assert view.net_inputs is view.net_inputs  # worked out on first use, then kept


def test_formula_writes_arithmetic_between_its_arguments_and_functions_as_calls() -> None:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    t = c.tanh()
    t.label = "t"
    s = a**2
    s.label = "s"
    root = t - s + (-a)
    view = GraphView.of(root)
    assert view.formula(c) == "c = a * b"
    assert view.formula(t) == "t = tanh(c)"
    assert view.formula(s) == "s = a**2"
    assert view.formula(a) == "a"
    neg = root.parents[1]
    assert view.formula(neg) == f"{view.names[neg]} = neg(a)"
    assert view.formula(root) == f"L = {view.names[root.parents[0]]} + {view.names[neg]}"


def test_route_names_the_argument_where_a_value_is_used_twice() -> None:
    a = Value(3.0, label="a")
    y = a * a + a
    explanation = explain(y, a)
    routes = [explanation.route(path) for path in explanation.paths]
    assert routes == ["a →(1st) v1 → L", "a →(2nd) v1 → L", "a → L"]
    for path, route in zip(explanation.paths, routes, strict=True):
        assert explanation.path_formula(path).startswith(route + ": ")
    assert explanation.root is y


def test_an_explanation_of_gradients_already_computed_is_the_same() -> None:
    v, loss = neuron()
    loss.backward()
    reused = Explanation.of(GraphView.of(loss), v["w1"], chain_rule(loss))
    assert str(reused) == str(explain(loss, v["w1"]))


def test_explain_checks_the_parameters() -> None:
    v, loss = neuron()
    with pytest.raises(TypeError, match=r"explain: parameters must be Values, got float 1\.0"):
        explain(loss, v["w1"], parameters=[1.0])  # type: ignore[list-item]


def test_central_difference_estimates_a_slope_and_says_when_not_to_trust_it() -> None:
    estimate, problem = central_difference(lambda x, y: x * y, [3.0, 2.0], 0)
    assert estimate == pytest.approx(2.0) and problem == ""
    _, problem = central_difference(abs, [0.0], 0)
    assert "kink" in problem
    estimate, problem = central_difference(math.log, [0.0], 0)
    assert math.isnan(estimate) and "undefined" in problem


def test_a_wrong_rule_is_sent_to_the_rules_table() -> None:
    wrong_exp = Rule("exp", lambda x: math.exp(x), lambda x, out: (2.0 * out,), "∂ wrong")
    report = gradcheck_nodes(Value.apply(wrong_exp, Value(0.5)))
    assert "fix the derivative in that op's Rule (autograd/engine/rules.py)" in str(report)


def test_gradcheck_names_each_derivative_as_the_drawing_does() -> None:
    """Issue 20: gradcheck_nodes printed "∂/∂x", the rule's own input name."""
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    loss = (a * b + a * a).tanh()
    lines = [str(check) for check in gradcheck_nodes(loss).checks]
    assert lines[1] == "[ok] v1 = a * a: ∂v1/∂a (2nd): rule 2.0000, finite differences 2.0000"
    assert lines[3] == "[ok] v3 = a * b: ∂v3/∂b: rule 2.0000, finite differences 2.0000"
    assert not any(re.search(r"∂/∂|∂[xy]\b", line) for line in lines)


def test_the_readmes_explain_output_is_what_explain_prints() -> None:
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"print\(explain\(L, b\)\).*?```text\n(.*?)```", readme, re.DOTALL)
    assert shown is not None
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    loss = (a * b + a**2).tanh()
    loss.backward()
    assert shown[1] == str(explain(loss, b)) + "\n"


def test_the_neuron_split_adds_up_over_a_whole_mlp() -> None:
    nn = pytest.importorskip("autograd.nn")
    model = nn.MLP(3, [4, 4, 1], activation="tanh", rng=random.Random(2))
    x = [Value(0.5, label="x1"), Value(-1.0, label="x2"), Value(2.0, label="x3")]
    loss = (model(x) - 1.0) ** 2
    loss.backward()
    split = 0
    for value in [*x, *model.parameters()]:
        explanation = explain(loss, value, parameters=model.parameters())
        if explanation.neurons:
            split += 1
            shares = math.fsum(neuron.product for neuron in explanation.neurons)
            assert shares == pytest.approx(value.grad, rel=1e-9, abs=1e-12)
    # every input and parameter but the linear output neuron's: their route meets no activation
    linear = model.layers[-1].parameters()
    assert split == len(x) + len(model.parameters()) - len(linear)
