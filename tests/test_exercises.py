"""The exercise checkers: right answers pass, stubs are "not answered yet", and each typical
wrong answer gets a message naming the right node or point and the right mistake."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator

import pytest

from autograd import Value
from autograd.exercises import (
    CORRECT,
    NOT_ANSWERED,
    PARTIAL,
    WRONG,
    Feedback,
    MiniValue,
    attempts,
    check_backward,
    check_dead_relu,
    check_derivative,
    check_grads,
    check_learning_rate,
    check_rule,
    check_softmax_nll,
    check_topological_order,
    check_training,
    check_update_rule,
    check_vanishing_gradient,
    reset_attempts,
)
from autograd.exercises import feedback as feedback_module
from autograd.exercises.derivatives import slope
from autograd.exercises.mini import STORIES
from autograd.exercises.pictures import graph_lines
from autograd.nn import MLP, data, mse
from autograd.viz import GraphView, render


@pytest.fixture(autouse=True)
def fresh_attempts() -> Iterator[None]:
    reset_attempts()
    yield
    reset_attempts()


def stub(*args: object) -> float:
    raise NotImplementedError("your code here")


def sigmoid(x: float) -> float:
    return math.exp(x) / (1 + math.exp(x)) if x < 0 else 1 / (1 + math.exp(-x))


def naive_sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


# ----- the feedback object ---------------------------------------------------------------------


def test_feedback_prints_its_headline_and_message() -> None:
    result = check_update_rule(lambda w, g, lr: w - lr * g)
    assert result.passed and result.status == CORRECT
    assert str(result).startswith("✅ Correct! (check_update_rule)")
    assert "Correct" in result._repr_html_()


def test_feedback_draws_the_graph_inline_in_html() -> None:
    result = check_grads(*fan_out_graph(), exercise="draw")
    assert result.picture is not None
    html = result._repr_html_()
    assert "<svg" in html and "<?xml" not in html


def test_feedback_falls_back_to_text_without_a_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_renderer(dot: object) -> str:
        raise render.RenderError("no renderer here")

    monkeypatch.setattr(render, "render_svg", no_renderer)
    result = check_grads(*fan_out_graph())
    html = result._repr_html_()
    assert "<svg" not in html
    assert "no Graphviz renderer" in html and "c = a * b" in html
    assert "c = a * b" in str(result)


def test_show_prints_outside_jupyter(capsys: pytest.CaptureFixture[str]) -> None:
    check_update_rule(None).show()
    assert "Not answered yet" in capsys.readouterr().out


# ----- attempts --------------------------------------------------------------------------------


def test_not_answered_is_not_an_attempt_and_attempts_reset() -> None:
    check_update_rule(None)
    check_update_rule(stub)
    assert attempts("check_update_rule") == 0
    check_update_rule(lambda w, g, lr: w + lr * g)
    assert attempts("check_update_rule") == 1
    reset_attempts("check_update_rule")
    assert attempts("check_update_rule") == 0


def test_nothing_is_revealed_after_one_throwaway_try() -> None:
    assert feedback_module.REVEAL_AFTER_ATTEMPTS == 2
    graph, answers = fan_out_graph()
    first = check_grads(graph, answers)
    assert "should be" not in first.message and "reveal=True" in first.message
    second = check_grads(graph, answers)
    assert "it should be -4" in second.message
    rule_first = check_rule("tanh", math.tanh, lambda x: 1 - x**2)
    assert "1 - tanh² x" not in rule_first.message
    assert "after one more try (or at once, with reveal=True)" in rule_first.message
    rule_second = check_rule("tanh", math.tanh, lambda x: 1 - x**2)
    assert "The formula, from the rules table: ∂tanh x/∂x = 1 - tanh² x" in rule_second.message


def test_the_answer_is_revealed_on_request() -> None:
    assert "1 - tanh² x" in check_rule("tanh", math.tanh, lambda x: 1.0, reveal=True).message
    graph, answers = fan_out_graph()
    assert "it should be -4" in check_grads(graph, answers, reveal=True).message


def test_a_right_rule_shows_its_formula_at_the_first_try() -> None:
    assert "1 - tanh² x" in check_rule("tanh", math.tanh, lambda x, out: 1 - out * out).message


# ----- check_derivative ------------------------------------------------------------------------


def polynomial(x: Value) -> Value:
    return 3 * x**2 - 4 * x + 5


POINTS = [-2, -1, 0, 1, 2, 3]


def test_derivative_right() -> None:
    assert check_derivative(polynomial, lambda x: 6 * x - 4, POINTS).passed


@pytest.mark.parametrize("answer", [None, ..., stub])
def test_derivative_not_answered(answer: object) -> None:
    result = check_derivative(polynomial, answer, POINTS)  # type: ignore[arg-type]
    assert result.status == NOT_ANSWERED
    assert "still a stub" in result.message


def test_derivative_off_by_a_factor_names_the_factor_and_the_worst_point() -> None:
    result = check_derivative(polynomial, lambda x: 2 * (6 * x - 4), POINTS)
    assert result.status == WRONG
    assert "The worst is x = -2: you have -32, but the slope of f there is -16" in result.message
    assert "2 times the right slope" in result.message


def test_derivative_sign_flipped() -> None:
    result = check_derivative(polynomial, lambda x: 4 - 6 * x, POINTS)
    assert "sign is flipped" in result.message


def test_derivative_constant_kept() -> None:
    result = check_derivative(polynomial, lambda x: 6 * x - 4 + 5, POINTS)
    assert "same amount, 5" in result.message and "constant term is 0" in result.message


def test_derivative_that_raises_is_described_without_a_traceback() -> None:
    result = check_derivative(polynomial, lambda x: 1 / x, POINTS)
    assert result.status == WRONG
    assert "ZeroDivisionError" in result.message and "at x = 0" in result.message
    assert "Traceback" not in result.message


def test_derivative_that_returns_text_is_wrong_not_a_crash() -> None:
    result = check_derivative(polynomial, lambda x: "6x - 4", POINTS)  # type: ignore[arg-type,return-value]
    assert result.status == WRONG and "should be a number" in result.message


def test_derivative_skips_kinks() -> None:
    result = check_derivative(lambda x: x.relu(), lambda x: 1.0 if x > 0 else 0.0, [-1, 0, 1])
    assert result.passed and "at all 2 points compared (x = -1, 1)" in result.message
    assert "Not compared: x = 0, because f has a kink there" in result.message


def test_derivative_needs_points() -> None:
    with pytest.raises(ValueError, match="points is empty"):
        check_derivative(polynomial, lambda x: x, [])


# ----- check_rule ------------------------------------------------------------------------------


def test_rule_right_shows_the_table_formula() -> None:
    result = check_rule("sigmoid", sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x)))
    assert result.passed
    assert "σ(x)·(1 - σ(x))" in result.message
    assert "far out" not in result.message  # the stable form does not overflow


def test_rule_with_out_argument() -> None:
    assert check_rule("tanh", math.tanh, lambda x, out: 1 - out * out).passed


def test_rule_naive_sigmoid_passes_with_a_note_on_overflow() -> None:
    result = check_rule("sigmoid", naive_sigmoid, lambda x, out: out * (1 - out))
    assert result.passed
    assert "x = -1000" in result.message and "OverflowError" in result.message


def test_rule_input_used_for_output() -> None:
    result = check_rule("tanh", math.tanh, lambda x: 1 - x**2)
    assert result.status == WRONG
    assert "Your derivative breaks at x = " in result.message
    assert "You used the input x where the formula needs the output out = tanh(x)" in (
        result.message
    )
    assert "1 - tanh² x" not in result.message  # the table's formula: only after another try


def test_rule_derivative_is_the_function_itself() -> None:
    result = check_rule("sigmoid", sigmoid, sigmoid)
    assert "same numbers as sigmoid itself" in result.message


def test_rule_names_the_broken_branch() -> None:
    result = check_rule("relu", lambda x: max(0.0, x), lambda x: 1.0 if x > 0 else x)
    assert result.status == WRONG
    assert "right for x > 0 and wrong for every x < 0" in result.message
    assert "breaks at x = -6" in result.message


def test_rule_leaky_relu_slope() -> None:
    def forward(x: float) -> float:
        return x if x > 0 else 0.01 * x

    assert check_rule("leaky_relu", forward, lambda x: 1.0 if x > 0 else 0.01).passed
    result = check_rule("leaky_relu", forward, lambda x: 1.0 if x > 0 else 0.0)
    assert result.status == WRONG and "x < 0" in result.message


def test_rule_wrong_forward_comes_first() -> None:
    result = check_rule("sigmoid", math.tanh, stub)
    assert result.status == WRONG
    assert "forward function is wrong" in result.message and "sigmoid(" in result.message


def test_rule_forward_done_derivative_stub_is_partial() -> None:
    result = check_rule("sigmoid", sigmoid, stub)
    assert result.status == PARTIAL


def test_rule_stubs_are_not_answered() -> None:
    assert check_rule("sigmoid", stub, stub).status == NOT_ANSWERED
    assert check_rule("sigmoid", None, None).status == NOT_ANSWERED


def test_rule_new_operation_against_finite_differences() -> None:
    def softplus(x: float) -> float:
        return math.log1p(math.exp(x))

    assert check_rule("softplus", softplus, sigmoid).passed
    result = check_rule("softplus", softplus, math.exp)
    assert result.status == WRONG and "slope of softplus" in result.message
    assert "rules table" not in result.message


def test_rule_power() -> None:
    assert check_rule("**3", lambda x: x**3, lambda x: 3 * x**2).passed
    assert (
        "0.333333 times the right slope"
        in check_rule("**3", lambda x: x**3, lambda x: x**2).message
    )


def test_rule_skips_a_domain_edge() -> None:
    # x ** 0.5 at 0: defined, but not to the left of it, so there is no slope to compare there
    result = check_rule("**0.5", lambda x: x**0.5, lambda x: 0.5 * x**-0.5)
    assert result.passed and "at all 9 points" in result.message


def test_slope_is_a_central_difference_that_skips_kinks() -> None:
    estimate, skip = slope(lambda x: x**3, 2.0)
    assert estimate == pytest.approx(12.0) and not skip
    assert slope(abs, 0.0)[1]
    with pytest.raises(feedback_module.StudentError):  # a student's error is raised on, to report
        slope(lambda x: feedback_module.call(math.log, x), 1e-7)


def test_rule_with_two_inputs_is_refused() -> None:
    with pytest.raises(ValueError, match="one-input rules"):
        check_rule("*", stub, stub)


# ----- check_grads -----------------------------------------------------------------------------


def fan_out_graph() -> tuple[Value, dict[str | Value, float | None]]:
    """L = a·b + b·b: b reaches L along three paths; the answer for b counts only the first."""
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    d = b * b
    d.label = "d"
    loss = c + d
    loss.label = "L"
    return loss, {"L": 1.0, "c": 1.0, "d": 1.0, "a": -3.0, "b": 2.0}


def two_path_graph() -> tuple[Value, Value]:
    """c = a·b, d = a + b, L = c·d: a and b each reach L along two paths."""
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    d = a + b
    d.label = "d"
    loss = c * d
    loss.label = "L"
    return loss, b


RIGHT = {"L": 1.0, "c": -1.0, "d": -6.0, "a": -3.0, "b": -8.0}


def test_grads_right() -> None:
    loss, _ = two_path_graph()
    assert check_grads(loss, dict(RIGHT)).passed


def test_grads_rounded_by_hand_are_right() -> None:
    loss, _ = two_path_graph()
    assert check_grads(loss, {**RIGHT, "a": -3.0004}).passed


def test_grads_missed_path() -> None:
    loss, _ = two_path_graph()
    # through c: ∂L/∂c · ∂c/∂b = -1 · 2 = -2 (the path through d, -6 · 1, is missed)
    result = check_grads(loss, {**RIGHT, "b": -2.0}, reveal=True)
    assert result.status == WRONG
    assert "∂L/∂b is wrong: you have -2, it should be -8." in result.message
    assert "L depends on b through two paths (b → c → L and b → d → L)" in result.message
    assert "matches only the first, and leaves out the second" in result.message
    assert "sums over every path" in result.message
    assert result.picture is not None
    assert "b = -3   ← here" in result.picture_text


def test_grads_double_count() -> None:
    loss, _ = two_path_graph()
    result = check_grads(loss, {**RIGHT, "a": -3.0 + -6.0})  # the path through d counted twice
    assert "∂L/∂a is wrong" in result.message
    assert "counts the second (a → d → L) twice" in result.message


def test_grads_value_used_twice_names_the_argument() -> None:
    loss, answers = fan_out_graph()
    result = check_grads(loss, answers)
    assert "b → c → L, b →(1st) d → L and b →(2nd) d → L" in result.message
    assert "matches only the first, and leaves out the second and third" in result.message


def test_grads_sign() -> None:
    loss, _ = two_path_graph()
    result = check_grads(loss, {**RIGHT, "c": 1.0})
    assert "∂L/∂c is wrong" in result.message and "wrong sign" in result.message


def test_grads_local_derivative_only() -> None:
    x, w = Value(0.5, label="x"), Value(-1.0, label="w")
    n = x * w
    n.label = "n"
    y = n.tanh()
    y.label = "y"
    loss = y * 3.0
    loss.label = "l"
    local = 1 - y.data**2
    result = check_grads(loss, {"l": 1.0, "y": 3.0, "n": local})
    assert "∂l/∂n is wrong" in result.message
    assert "the local derivative only" in result.message and "∂l/∂y" in result.message


def test_grads_first_wrong_from_the_root() -> None:
    loss, _ = two_path_graph()
    result = check_grads(loss, {**RIGHT, "d": 0.0, "a": 0.0})
    assert "∂L/∂d is wrong" in result.message  # d comes before a, going back from L
    assert "Right so far: ∂L/∂L, ∂L/∂c" in result.message


def test_grads_root_is_one() -> None:
    loss, _ = two_path_graph()
    assert "always 1" in check_grads(loss, {**RIGHT, "L": 0.0}).message


def test_grads_partly_answered() -> None:
    loss, _ = two_path_graph()
    result = check_grads(loss, {"L": 1.0, "c": -1.0, "d": None})
    assert result.status == PARTIAL
    assert "Still to do: d, a, b" in result.message


@pytest.mark.parametrize("answers", [None, ..., {}, {"L": None, "c": None}])
def test_grads_not_answered(answers: object) -> None:
    loss, _ = two_path_graph()
    assert check_grads(loss, answers).status == NOT_ANSWERED  # type: ignore[arg-type]


def test_grads_unknown_label_and_non_numbers() -> None:
    loss, _ = two_path_graph()
    assert "no node called 'q'" in check_grads(loss, {"q": 1.0}).message
    assert "should be a number" in check_grads(loss, {"L": "one"}).message  # type: ignore[dict-item]


def test_grads_accept_nodes_as_keys() -> None:
    loss, b = two_path_graph()
    assert check_grads(loss, {**RIGHT, b: -8.0}).passed


def test_grads_root_must_be_a_value() -> None:
    with pytest.raises(TypeError, match=r"check_grads: root must be a Value, got float 3\.0"):
        check_grads(3.0, {})  # type: ignore[arg-type]


def test_grads_run_the_chain_rule_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from autograd.engine.backprop import chain_rule
    from autograd.exercises import by_hand

    roots: list[Value] = []

    def counted(root: Value) -> dict[Value, float]:
        roots.append(root)
        return chain_rule(root)

    monkeypatch.setattr(by_hand, "chain_rule", counted)
    loss, _ = two_path_graph()
    result = check_grads(loss, {**RIGHT, "b": -6.0})  # wrong: explained by its paths
    assert result.status == WRONG and "depends on b through two paths" in result.message
    assert roots == [loss]


def test_graph_lines_write_each_node_as_a_formula() -> None:
    a = Value(2.0, label="a")
    b = a**2
    b.label = "b"
    c = (b * a).tanh()
    c.label = "c"
    assert graph_lines(GraphView.of(c), highlight=[b]) == [
        "a = 2",
        "b = a**2   (4)   ← here",
        "v2 = b * a   (8)",
        "c = tanh(v2)   (1)",
    ]


# ----- check_topological_order and check_backward ----------------------------------------------


def sort(root: MiniValue) -> list[MiniValue]:
    order: list[MiniValue] = []
    seen: set[MiniValue] = set()
    stack: list[tuple[MiniValue, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            stack.extend((parent, False) for parent in reversed(node.parents))
    return order


def sort_without_visited_set(root: MiniValue) -> list[MiniValue]:
    order: list[MiniValue] = []

    def visit(node: MiniValue) -> None:
        for parent in node.parents:
            visit(parent)
        order.append(node)

    visit(root)
    return order


def sort_children_first(root: MiniValue) -> list[MiniValue]:
    """Each node before its parents except the root, which comes last."""
    rest = [node for node in reversed(sort(root)) if node is not root]
    return [*rest, root]


def sort_leaves_out_leaves(root: MiniValue) -> list[MiniValue]:
    return [node for node in sort(root) if node.parents]


def test_sort_right() -> None:
    result = check_topological_order(None, sort)
    assert result.passed and f"all {len(STORIES)} graphs" in result.message


def test_sort_child_before_parent_on_the_smallest_graph() -> None:
    result = check_topological_order(None, sort_children_first)
    assert result.status == WRONG
    assert "a value used twice: b = a * a" not in result.message  # two nodes: still in order
    assert "comes before its parent" in result.message
    assert result.picture is not None and "← here" in "\n".join(result.picture_text)


def test_sort_child_before_parent_names_both() -> None:
    a, b = MiniValue(1.0, label="a"), MiniValue(2.0, label="b")
    c = a * b
    c.label = "c"
    d = c + a
    d.label = "d"
    result = check_topological_order(d, [a, c, b, d])
    assert "c comes before its parent b (c = a * b)" in result.message


def test_sort_duplicate() -> None:
    result = check_topological_order(None, sort_without_visited_set)
    assert "on a value used twice: b = a * a" in result.message
    assert "a appears twice in your order" in result.message
    assert "visited" in result.message


def test_sort_missing_node() -> None:
    result = check_topological_order(None, sort_leaves_out_leaves)
    assert "is missing from your order" in result.message


def test_sort_backwards() -> None:
    result = check_topological_order(None, lambda root: list(reversed(sort(root))))
    assert "backwards" in result.message


def test_sort_not_a_list_and_stub_and_error() -> None:
    assert "should return a list" in check_topological_order(None, lambda root: 3).message
    assert check_topological_order(None, stub).status == NOT_ANSWERED
    assert check_topological_order(None, None).status == NOT_ANSWERED
    broken = check_topological_order(None, lambda root: root.children)  # type: ignore[attr-defined]
    assert "AttributeError" in broken.message and "a single value" in broken.message


def test_sort_given_as_a_list_on_a_value_graph() -> None:
    loss, _ = two_path_graph()
    from autograd.engine.backprop import topological_order

    assert check_topological_order(loss, topological_order(loss)).passed
    assert check_topological_order(loss, topological_order(loss)[::-1]).status == WRONG


def chain_rule_loop(mistake: str = "") -> Callable[[MiniValue], None]:
    def backward(root: MiniValue) -> None:
        if mistake != "no seed":
            root.grad = 1.0
        order = sort(root)
        for node in order if mistake == "forward" else reversed(order):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                step = local if mistake == "no upstream" else local * node.grad
                parent.grad = step if mistake == "overwrite" else parent.grad + step

    return backward


def test_backward_right() -> None:
    assert check_backward(chain_rule_loop()).passed


@pytest.mark.parametrize(
    ("mistake", "graph", "words"),
    [
        ("overwrite", "a value used twice: b = a * a", "instead of adding to it (+=)"),
        ("no seed", "a single value", "root.grad = 1.0"),
        ("no upstream", "random graph", "parent.grad += local_grad * node.grad"),
        ("forward", "random graph", "reversed topological order"),
    ],
)
def test_backward_mistakes(mistake: str, graph: str, words: str) -> None:
    result = check_backward(chain_rule_loop(mistake))
    assert result.status == WRONG
    assert f"Your backward is wrong on {graph}" in result.message
    assert words in result.message
    assert "the first wrong gradient is ∂" in result.message
    assert result.picture is not None


def test_call_by_side_effect_is_a_stub_only_when_not_implemented() -> None:
    call = feedback_module.call
    assert call(lambda root: None, 1.0, side_effect=True) is None
    with pytest.raises(feedback_module.NotAnsweredError):
        call(lambda root: None, 1.0)
    with pytest.raises(feedback_module.NotAnsweredError):
        call(stub, 1.0, side_effect=True)


def test_backward_stub_and_error() -> None:
    assert check_backward(stub).status == NOT_ANSWERED
    assert check_backward(None).status == NOT_ANSWERED
    result = check_backward(lambda root: 1 / 0)
    assert "ZeroDivisionError" in result.message and "Traceback" not in result.message


# ----- gradient descent ------------------------------------------------------------------------


def test_update_rule_sign_flipped() -> None:
    result = check_update_rule(lambda w, g, lr: w + lr * g)
    assert result.status == WRONG
    assert "the mistake everyone makes once" in result.message
    assert "subtract" in result.message
    assert "the loss goes 9 → 12.96" in result.message  # theirs climbs; the right one falls


@pytest.mark.parametrize(
    ("update", "words"),
    [
        (lambda w, g, lr: w - g, "left out the learning rate"),
        (lambda w, g, lr: w - lr, "left out the gradient"),
        (lambda w, g, lr: -lr * g, "returned the step"),
    ],
)
def test_update_rule_other_mistakes(
    update: Callable[[float, float, float], float], words: str
) -> None:
    assert words in check_update_rule(update).message


def test_update_rule_stub() -> None:
    assert check_update_rule(stub).status == NOT_ANSWERED


@pytest.mark.parametrize(
    ("rate", "goal", "status", "words"),
    [
        (0.3, "converge", CORRECT, "0.4"),
        (0.7, "converge", CORRECT, "zig-zags"),
        (0.01, "converge", WRONG, "Too small"),
        (0.95, "converge", WRONG, "zig-zags without settling"),
        (1.2, "converge", WRONG, "Far too big"),
        (1.5, "diverge", CORRECT, "overshoots further"),
        (0.3, "diverge", WRONG, "does not blow up"),
        (-0.1, "converge", WRONG, "positive"),
    ],
)
def test_learning_rate(rate: float, goal: str, status: str, words: str) -> None:
    result = check_learning_rate(rate, goal)
    assert result.status == status and words in result.message


def test_learning_rate_not_answered_and_bad_goal() -> None:
    assert check_learning_rate(None).status == NOT_ANSWERED
    with pytest.raises(ValueError, match="goal"):
        check_learning_rate(0.1, "explode")


def xor_model(activation: str = "tanh", seed: int = 0) -> MLP:
    random.seed(seed)
    return MLP(2, [4, 1], activation=activation)


def xor_train(model: MLP, learning_rate: float, steps: int) -> list[float]:
    inputs, targets = data.xor()
    losses = []
    for _ in range(steps):
        loss = mse([model(x) for x in inputs], targets)
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= learning_rate * p.grad
        losses.append(loss.data)
    return losses


def xor_run(
    learning_rate: float, steps: int, activation: str = "tanh", seed: int = 0
) -> tuple[list[float], MLP]:
    model = xor_model(activation, seed)
    return xor_train(model, learning_rate, steps), model


def test_training_converges() -> None:
    losses, model = xor_run(0.2, 300)
    result = check_training(losses, model)
    assert result.passed and "all four XOR examples right" in result.message


def test_training_too_high_blows_up() -> None:
    losses, model = xor_run(20.0, 100)
    result = check_training(losses, model)
    assert result.status == WRONG and "too high" in result.message


def test_training_too_high_bounces() -> None:
    result = check_training([1.0, 0.5, 0.9, 0.4, 0.95, 0.45, 1.0])
    assert "went up at 3 of 6 steps" in result.message and "too high" in result.message


def test_training_too_low() -> None:
    losses, model = xor_run(0.01, 300)
    result = check_training(losses, model)
    assert "too low" in result.message and "more steps" in result.message


def test_training_dead_relu() -> None:
    losses, model = xor_run(0.1, 300, activation="relu", seed=1)
    result = check_training(losses, model)
    assert result.status == WRONG
    assert "dead" in result.message and "layers[0].neurons[0]" in result.message


def test_training_flat_without_a_model() -> None:
    result = check_training([0.25] * 50)
    assert "never changed" in result.message and "dead neurons" in result.message


def test_training_as_a_function_and_stubs() -> None:
    model = xor_model()
    assert check_training(lambda: xor_train(model, 0.2, 300), model).passed
    assert check_training(lambda: stub()).status == NOT_ANSWERED  # type: ignore[arg-type,return-value]
    assert check_training([]).status == NOT_ANSWERED
    assert check_training(None).status == NOT_ANSWERED


# ----- activations' failure modes --------------------------------------------------------------


def test_vanishing_gradient() -> None:
    assert check_vanishing_gradient(5.99).passed
    assert "go further right" in check_vanishing_gradient(3.0).message
    assert "further left" in check_vanishing_gradient(8.0).message
    assert "left side" in check_vanishing_gradient(-5.99).message
    assert check_vanishing_gradient(None).status == NOT_ANSWERED


def test_dead_relu() -> None:
    result = check_dead_relu(-1.3)
    assert result.passed and "∂L/∂w₁ = 0, ∂L/∂w₂ = 0, ∂L/∂b = 0" in result.message
    wrong = check_dead_relu(-1.0)
    assert "At input (1, 1) the neuron still fires: w·x + b = 0.3 > 0" in wrong.message
    assert check_dead_relu(None).status == NOT_ANSWERED


# ----- softmax and the negative log-likelihood -------------------------------------------------


def softmax(logits: list[Value]) -> list[Value]:
    exps = [z.exp() for z in logits]
    total = sum(exps[1:], exps[0])
    return [e / total for e in exps]


def nll(probabilities: list[Value], target: int) -> Value:
    return -probabilities[target].log()


def test_softmax_right_with_an_overflow_note() -> None:
    result = check_softmax_nll(softmax, nll)
    assert result.passed and "overflows" in result.message


def test_softmax_not_normalised() -> None:
    result = check_softmax_nll(lambda logits: [z.exp() for z in logits], nll)
    assert "add up to" in result.message and "not 1" in result.message


def test_softmax_loss_sign_and_class() -> None:
    assert "wrong sign" in check_softmax_nll(softmax, lambda p, t: p[t].log()).message
    other = check_softmax_nll(softmax, lambda p, t: -p[2].log()).message
    assert "−log p2" in other and "number 3" in other


def test_softmax_cut_graph() -> None:
    def cut(logits: list[Value]) -> list[Value]:
        exps = [z.exp() for z in logits]
        total = sum(e.data for e in exps)
        return [e / total for e in exps]

    result = check_softmax_nll(cut, nll)
    assert "∂loss/∂z0" in result.message and "graph is cut" in result.message


def test_softmax_stubs() -> None:
    assert check_softmax_nll(stub, stub).status == NOT_ANSWERED  # type: ignore[arg-type]
    assert check_softmax_nll(softmax, stub).status == PARTIAL  # type: ignore[arg-type]


def test_every_checker_returns_feedback_for_none() -> None:
    results = [
        check_derivative(polynomial, None, [1]),
        check_rule("tanh", None, None),
        check_grads(two_path_graph()[0], None),
        check_topological_order(None, None),
        check_backward(None),
        check_update_rule(None),
        check_learning_rate(None),
        check_training(None),
        check_vanishing_gradient(None),
        check_dead_relu(None),
        check_softmax_nll(None, None),
    ]
    assert all(isinstance(r, Feedback) and r.status == NOT_ANSWERED for r in results)
