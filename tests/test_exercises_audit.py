"""Every checker's verdict is earned: wrong answers that are right at one point, right on trees
but not on shared nodes, or right except at a kink are never passed; nan and infinities get
their own message; and no answer is called correct without at least one comparison."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from autograd import Value
from autograd.exercises import (
    CORRECT,
    NOT_ANSWERED,
    UNVERIFIED,
    WRONG,
    Feedback,
    MiniValue,
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
)
from autograd.exercises.by_hand import EXPECTED_GRADS, EXPECTED_LOSS, softmax_numbers
from autograd.exercises.derivatives import RULE_POINTS
from autograd.exercises.descent import UPDATE_CASES
from tests.test_exercises import (
    RIGHT,
    chain_rule_loop,
    fresh_attempts,
    nll,
    sigmoid,
    softmax,
    sort,
    sort_without_visited_set,
    stub,
    two_path_graph,
    xor_model,
    xor_run,
    xor_train,
)

NAN, INF = math.nan, math.inf
__all__ = ["fresh_attempts"]  # autouse: every test starts with no attempts counted


def not_passed(result: Feedback) -> bool:
    return not result.passed and result.status != CORRECT and "✅" not in result.text()


def test_not_verified_is_never_a_pass() -> None:
    result = Feedback("x", UNVERIFIED, ["nothing compared"])
    assert not result.passed and str(result).startswith("⚠️ Not verified (x)")
    assert "Not verified" in result._repr_html_()


# ----- check_derivative ------------------------------------------------------------------------


def test_derivative_with_every_point_at_a_kink_is_not_verified() -> None:
    result = check_derivative(lambda x: x.relu(), lambda x: 42.0, [0.0])
    assert result.status == UNVERIFIED and not_passed(result)
    assert "No point could be compared" in result.message and "kink" in result.message


def test_derivative_where_f_overflows_is_not_blamed_on_a_kink() -> None:
    result = check_derivative(lambda x: x.exp(), lambda x: 0.0, [800.0])
    assert result.status == UNVERIFIED
    assert "not finite there" in result.message and "kink" not in result.message


@pytest.mark.parametrize("point", [NAN, INF, -INF])
def test_derivative_at_a_non_finite_point_says_so(point: float) -> None:
    result = check_derivative(lambda x: x * x, lambda x: 0.0, [point])
    assert result.status == UNVERIFIED and "not a finite number" in result.message


def test_derivative_compares_where_it_can_and_says_which_it_left_out() -> None:
    result = check_derivative(lambda x: x.relu(), lambda x: 42.0, [0.0, NAN, 1.0])
    assert result.status == WRONG and "you have 42, but the slope of f there is 1" in result.message
    assert "Not compared: x = 0, because f has a kink" in result.message
    assert "Not compared: x = nan, because that is not a finite number" in result.message


def test_derivative_of_an_f_that_cuts_its_graph_is_not_verified() -> None:
    result = check_derivative(lambda x: Value(math.exp(x.data)), lambda x: 0.0, [1.0])
    assert result.status == UNVERIFIED and "cut its own graph" in result.message


def test_derivative_right_at_one_point_only() -> None:
    result = check_derivative(lambda x: x * x, lambda x: 2.0, [-1.0, 1.0, 2.0])
    assert result.status == WRONG and "It is right at x = 1." in result.message


def test_derivative_right_along_one_path_of_a_shared_value() -> None:
    # h = x · sin x uses x twice; x · cos x is the path through sin alone
    result = check_derivative(lambda x: x * x.sin(), lambda x: x * math.cos(x), [-1.0, 0.5, 2.0])
    assert not_passed(result) and result.status == WRONG


def test_derivative_right_except_beside_a_kink() -> None:
    result = check_derivative(
        lambda x: x.relu(), lambda x: 1.0 if x > -0.5 else 0.0, [-1.0, -0.25, 0.0, 1.0]
    )
    assert result.status == WRONG and "x = -0.25" in result.message


@pytest.mark.parametrize("answer", [NAN, INF])
def test_derivative_giving_nan_or_inf_gets_its_own_message(answer: float) -> None:
    result = check_derivative(lambda x: x * x, lambda x: answer, [1.0, 2.0])
    assert result.status == WRONG
    assert f"Your derivative gives {answer} at x = 1" in result.message
    assert "comes from" in result.message


def test_derivative_points_must_be_numbers() -> None:
    with pytest.raises(TypeError, match="each point must be a number, got 'one'"):
        check_derivative(lambda x: x, lambda x: 1.0, ["one"])  # type: ignore[list-item]


# ----- check_rule ------------------------------------------------------------------------------


def softplus(x: float) -> float:
    return math.log1p(math.exp(x))


@pytest.mark.parametrize(
    ("forward", "derivative"),
    [
        (lambda x: x, lambda x: 1.0),
        (lambda x: max(0.0, x), lambda x: 1.0 if x > 0 else 0.0),
        (math.exp, math.exp),
        (sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x))),
        (lambda x: math.log(math.exp(x)), lambda x: 1.0),
    ],
    ids=["identity", "relu", "exp", "sigmoid", "log(e^x)"],
)
def test_other_functions_are_not_softplus(
    forward: Callable[[float], float], derivative: Callable[[float], float]
) -> None:
    result = check_rule("softplus", forward, derivative)
    assert result.status == WRONG and "Your forward function is wrong" in result.message


def test_softplus_is_known_to_the_exercise() -> None:
    result = check_rule("softplus", softplus, sigmoid)
    assert result.passed and "agree with the exercise at all 19 points" in result.message
    assert "σ(x)" in result.message  # its formula, from the exercise
    inner = check_rule("softplus", softplus, lambda x: 1 / (1 + math.exp(x)))
    assert inner.status == WRONG and "inner factor is missing" in inner.message


@pytest.mark.parametrize(
    ("name", "closest"),
    [
        ("leaky_relu(abc)", "Did you mean leaky_relu(α) or leaky_relu?"),
        ("sigmoud", "Did you mean sigmoid?"),
        ("**x", "**n takes a number, e.g. **3"),
    ],
)
def test_unknown_names_are_an_error_naming_the_closest(name: str, closest: str) -> None:
    with pytest.raises(ValueError, match="no operation called") as raised:
        check_rule(name, lambda x: x, lambda x: 1.0)
    assert closest in str(raised.value) and "reference=" in str(raised.value)


def test_a_new_operation_with_its_reference() -> None:
    def swish(x: float) -> float:
        return x * sigmoid(x)

    def swish_slope(x: float) -> float:
        return sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x))

    def also_swish(x: float) -> float:
        return x / (1 + math.exp(-x))

    assert check_rule("swish", also_swish, swish_slope, reference=swish).passed
    wrong = check_rule("swish", also_swish, sigmoid, reference=swish)
    assert wrong.status == WRONG and "slope of swish" in wrong.message
    assert check_rule("swish", math.tanh, swish_slope, reference=swish).status == WRONG


def test_only_consistency_with_ones_own_forward_is_not_verified() -> None:
    def mine(x: float) -> float:
        return x * x

    result = check_rule("square", mine, lambda x: 2 * x, reference=mine)
    assert result.status == UNVERIFIED and not_passed(result)
    assert "That is all this could check" in result.message
    assert check_rule("square", mine, lambda x: 3 * x, reference=mine).status == WRONG


def test_a_known_name_needs_no_reference() -> None:
    with pytest.raises(ValueError, match="leave out reference="):
        check_rule("tanh", math.tanh, lambda x: 1.0, reference=math.tanh)


def test_a_reference_with_no_slope_anywhere_is_not_verified() -> None:
    def steps(x: float) -> float:  # a jump at every multiple of 0.05, so at every point checked
        return float(math.floor(20 * x))

    result = check_rule(
        "steps", lambda x: float(math.floor(20 * x)), lambda x: 0.0, reference=steps
    )
    assert result.status == UNVERIFIED and "No point has a single slope" in result.message


def test_rule_right_at_one_point_only() -> None:
    result = check_rule("tanh", math.tanh, lambda x: 1.0)  # tanh′(0) = 1, and nowhere else
    assert result.status == WRONG and "wrong at 18 of 19 points" in result.message


@pytest.mark.parametrize(
    ("name", "forward", "derivative"),
    [
        ("relu", lambda x: max(0.0, x), lambda x: 1.0 if x > -0.3 else 0.0),
        ("leaky_relu", lambda x: x if x > 0 else 0.01 * x, lambda x: 1.0 if x > -0.3 else 0.01),
    ],
)
def test_rule_right_except_beside_the_kink(
    name: str, forward: Callable[[float], float], derivative: Callable[[float], float]
) -> None:
    result = check_rule(name, forward, derivative)
    assert result.status == WRONG and "(x = -0.25, -0.1)" in result.message


def test_rule_leaves_out_only_the_kink_and_says_so() -> None:
    result = check_rule("relu", lambda x: max(0.0, x), lambda x: 1.0 if x > 0 else 0.0)
    assert result.passed and "at all 18 points compared" in result.message
    assert "Not compared: x = 0, because relu has a kink there" in result.message


def test_rule_forward_wrong_only_at_the_kink() -> None:
    result = check_rule("relu", lambda x: max(0.0, x) if x != 0 else 1.0, stub)
    assert result.status == WRONG and "first at x = 0" in result.message


@pytest.mark.parametrize("bad", [NAN, INF])
def test_rule_non_finite_numbers_get_their_own_message(bad: float) -> None:
    forward = check_rule("tanh", lambda x: bad, lambda x: 1.0)
    assert forward.status == WRONG and f"Your forward function gives {bad}" in forward.message
    slope = check_rule("tanh", math.tanh, lambda x: bad)
    assert slope.status == WRONG and f"Your derivative gives {bad}" in slope.message


def test_rule_wrong_far_out_is_wrong() -> None:
    def clipped(x: float) -> float:
        return sigmoid(x) if abs(x) < 100 else 0.5

    result = check_rule("sigmoid", clipped, lambda x, out: out * (1 - out))
    assert result.status == WRONG and "wrong far out" in result.message


@pytest.mark.parametrize(
    ("name", "forward", "derivative", "words"),
    [
        ("sigmoid", sigmoid, lambda x, s: s * (1 + s), "A sign slipped inside the bracket"),
        ("sigmoid", sigmoid, lambda x, s: 1 - s, "A factor is missing"),
        ("sigmoid", sigmoid, lambda x, s: s * s, "inner factor is missing"),
        ("sigmoid", sigmoid, lambda x, s: x * (1 - x), "You used the input x"),
        ("tanh", math.tanh, lambda x, t: 1 - t, "The square is missing"),
        ("tanh", math.tanh, lambda x, t: 1 + t * t, "A sign slipped"),
        ("tanh", math.tanh, lambda x, t: t * (1 - t), "That is sigmoid's derivative"),
        ("relu", lambda x: max(0.0, x), lambda x: 1.0, "its slope there is 0, not 1"),
        (
            "leaky_relu(0.1)",
            lambda x: x if x > 0 else 0.1 * x,
            lambda x: 1.0 if x > 0 else 0.0,
            "whose slope is α = 0.1, not 0",
        ),
        (
            "leaky_relu(0.1)",
            lambda x: x if x > 0 else 0.1 * x,
            lambda x: 1.0 if x > 0 else 0.1 * x,
            "you returned α·x, the function itself",
        ),
        ("exp", math.exp, lambda x: x * math.exp(x - 1), "That is the power rule"),
        ("**3", lambda x: x**3, lambda x: 3 * x**3, "The exponent did not go down"),
        ("softplus", softplus, math.exp, "the inner derivative alone"),
    ],
)
def test_rule_hints_name_the_likely_slip(
    name: str,
    forward: Callable[[float], float],
    derivative: Callable[..., float],
    words: str,
) -> None:
    result = check_rule(name, forward, derivative)
    assert result.status == WRONG and words in result.message


def test_rule_points_have_both_signs() -> None:
    assert min(RULE_POINTS) < 0 < max(RULE_POINTS) and 0.0 in RULE_POINTS


# ----- check_grads -----------------------------------------------------------------------------


def test_grads_right_on_a_tree_but_not_where_a_node_is_shared() -> None:
    loss, _ = two_path_graph()
    # as if each of a and b reached L along one path only (through c), as on a tree
    tree_like = {"L": 1.0, "c": -1.0, "d": -6.0, "a": -1.0 * -3.0, "b": -1.0 * 2.0}
    result = check_grads(loss, tree_like)
    assert result.status == WRONG and "∂L/∂a is wrong" in result.message
    assert "leaves out the second" in result.message


def test_grads_right_except_below_a_relu_that_is_off() -> None:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    n = a * b
    n.label = "n"
    loss = n.relu()
    loss.label = "L"
    result = check_grads(loss, {"L": 1.0, "n": 1.0, "a": -3.0, "b": 2.0})  # n < 0: slope 0
    assert result.status == WRONG and "∂L/∂n is wrong" in result.message


@pytest.mark.parametrize("bad", [NAN, INF])
def test_grads_non_finite_answer(bad: float) -> None:
    loss, _ = two_path_graph()
    result = check_grads(loss, {**RIGHT, "d": bad})
    assert result.status == WRONG and f"Your ∂L/∂d is {bad}" in result.message


def test_grads_as_a_function_and_a_wrong_kind_of_answer() -> None:
    loss, _ = two_path_graph()
    assert check_grads(loss, lambda: dict(RIGHT)).passed
    assert check_grads(loss, stub).status == NOT_ANSWERED  # type: ignore[arg-type]
    result = check_grads(loss, [1.0, -1.0])  # type: ignore[arg-type]
    assert result.status == WRONG and "should be a dict" in result.message


# ----- check_softmax_nll -----------------------------------------------------------------------


def test_softmax_numbers_agree_with_the_published_ones() -> None:
    probabilities = softmax_numbers((0.0, 3.0, -2.0, 1.0))
    assert -math.log(probabilities[3]) == pytest.approx(EXPECTED_LOSS, rel=1e-12)
    grads = [p - (i == 3) for i, p in enumerate(probabilities)]
    assert grads == pytest.approx(EXPECTED_GRADS, rel=1e-12)


def test_nll_right_only_for_micrograd_s_target() -> None:
    result = check_softmax_nll(softmax, lambda p, t: -p[3].log())
    assert result.status == WRONG
    assert "Right on micrograd's logits, but not on (1.5, -0.5, 0.25)" in result.message


def test_softmax_right_only_for_four_logits() -> None:
    def four(logits: list[Value]) -> list[Value]:
        exps = [z.exp() for z in logits]
        total = exps[0] + exps[1] + exps[2] + exps[3]
        return [e / total for e in exps]

    result = check_softmax_nll(four, nll)
    assert result.status == WRONG and "IndexError" in result.message


def test_softmax_with_a_detached_denominator_is_caught_by_its_gradient() -> None:
    def detached(logits: list[Value]) -> list[Value]:
        exps = [z.exp() for z in logits]
        total = Value(sum(e.data for e in exps))  # the shared sum, cut from the graph
        return [e / total for e in exps]

    result = check_softmax_nll(detached, nll)
    assert result.status == WRONG and "gradient is not" in result.message


def test_softmax_wrong_on_shifted_logits_is_wrong() -> None:
    def clipped(logits: list[Value]) -> list[Value]:
        return softmax([z if z.data < 500 else z * 0.0 for z in logits])

    result = check_softmax_nll(clipped, nll)
    assert result.status == WRONG and "your probabilities change" in result.message


def test_softmax_non_finite_probability() -> None:
    result = check_softmax_nll(lambda logits: [z * NAN for z in logits], nll)
    assert result.status == WRONG and "Probability 0 is nan" in result.message


# ----- check_topological_order and check_backward ----------------------------------------------


def test_sort_right_on_trees_but_not_with_a_shared_node() -> None:
    result = check_topological_order(None, sort_without_visited_set)
    assert result.status == WRONG and "appears twice" in result.message


def test_sort_right_on_one_value_only() -> None:
    result = check_topological_order(None, lambda root: [root])
    assert result.status == WRONG and "is missing from your order" in result.message
    assert "It is right on the smaller graph" in result.message


def test_sort_that_empties_the_graph_cannot_make_itself_right() -> None:
    def cut(root: MiniValue) -> list[MiniValue]:
        root.parents = ()
        return [root]

    result = check_topological_order(None, cut)
    assert result.status == WRONG and "is missing from your order" in result.message


def test_backward_right_on_trees_but_not_with_a_shared_node() -> None:
    result = check_backward(chain_rule_loop("overwrite"))
    assert result.status == WRONG and "a value used twice" in result.message


def test_backward_right_on_one_value_only() -> None:
    def seed_only(root: MiniValue) -> None:
        root.grad = 1.0

    result = check_backward(seed_only)
    assert result.status == WRONG and "a value used twice" in result.message
    assert "It is right on the smaller graph" in result.message


def test_backward_that_changes_the_numbers_is_wrong() -> None:
    def zeroes(root: MiniValue) -> None:
        for node in sort(root):
            node.data, node.grad = 0.0, 0.0
        chain_rule_loop()(root)

    result = check_backward(zeroes)
    assert result.status == WRONG and "changed a.data from 2 to 0" in result.message


def test_backward_leaving_nan_says_where_nan_comes_from() -> None:
    def nans(root: MiniValue) -> None:
        chain_rule_loop()(root)
        root.grad = NAN

    result = check_backward(nans)
    assert result.status == WRONG and "nan (not a number) comes from" in result.message


# ----- gradient descent ------------------------------------------------------------------------


def test_update_right_only_where_the_gradient_is_zero() -> None:
    result = check_update_rule(lambda w, g, lr: w)
    assert result.status == WRONG and "left out the gradient" not in result.message


def test_update_right_on_the_fixed_cases_only_is_caught_on_the_walk() -> None:
    table = {case: case[0] - case[2] * case[1] for case in UPDATE_CASES}

    def memorised(w: float, g: float, lr: float) -> float:
        return table.get((w, g, lr), 0.0)

    result = check_update_rule(memorised)
    assert result.status == WRONG and "For weight 0, gradient -6" in result.message


@pytest.mark.parametrize("bad", [NAN, INF])
def test_update_non_finite(bad: float) -> None:
    result = check_update_rule(lambda w, g, lr: bad)
    assert result.status == WRONG and f"your rule's new weight is {bad}" in result.message


@pytest.mark.parametrize("goal", ["converge", "diverge"])
@pytest.mark.parametrize("bad", [NAN, INF, -INF])
def test_learning_rate_non_finite_is_never_right(goal: str, bad: float) -> None:
    result = check_learning_rate(bad, goal=goal)
    assert result.status == WRONG and f"Your learning rate is {bad}" in result.message


def test_learning_rate_on_the_edge_is_neither() -> None:
    # a rate of 1: w jumps 0 → 6 → 0 …, never closer to 3, never further
    assert check_learning_rate(1.0, goal="diverge").status == WRONG
    assert check_learning_rate(1.0, goal="converge").status == WRONG


def test_learning_rate_as_a_function() -> None:
    assert check_learning_rate(lambda: 0.3).passed
    assert check_learning_rate(stub).status == NOT_ANSWERED  # type: ignore[arg-type]


def test_training_without_the_model_is_not_verified() -> None:
    result = check_training([0.001])
    assert result.status == UNVERIFIED and "Pass the trained model too" in result.message


def test_training_history_from_another_run_is_caught_on_the_model() -> None:
    losses, _ = xor_run(0.2, 300)
    untrained = xor_model(seed=3)
    result = check_training(losses, untrained)
    assert result.status == WRONG and "but the model itself has a loss of" in result.message


def test_training_verified_on_the_model() -> None:
    model = xor_model()
    result = check_training(xor_train(model, 0.2, 300), model)
    assert result.passed and "The model itself gets all four XOR examples right" in result.message


# ----- activations' failure modes --------------------------------------------------------------


@pytest.mark.parametrize("bad", [NAN, INF, -INF])
def test_dead_relu_non_finite_bias_is_never_right(bad: float) -> None:
    result = check_dead_relu(bad)
    assert result.status == WRONG and "not a number any check can use" in result.message


def test_dead_relu_dead_on_three_inputs_only() -> None:
    result = check_dead_relu(-1.0)  # w·x + b ≤ 0 at (0,0), (0,1) and (1,0), but 0.3 at (1,1)
    assert result.status == WRONG and "At input (1, 1)" in result.message


def test_dead_relu_at_the_kink_is_dead() -> None:
    # b = -1.3 puts (1, 1) exactly on ReLU's kink, where its slope is 0 (PyTorch's choice too)
    result = check_dead_relu(-1.3)
    assert result.passed and "from backprop: ∂L/∂w₁ = 0" in result.message


def test_dead_relu_and_vanishing_gradient_as_functions() -> None:
    assert check_dead_relu(lambda: -2.0).passed
    assert check_dead_relu(stub).status == NOT_ANSWERED  # type: ignore[arg-type]
    assert check_vanishing_gradient(lambda: 5.99).passed


@pytest.mark.parametrize("bad", [NAN, INF])
def test_vanishing_gradient_non_finite(bad: float) -> None:
    result = check_vanishing_gradient(bad)
    assert result.status == WRONG and f"Your x is {bad}" in result.message


def test_vanishing_gradient_right_to_one_decimal_only() -> None:
    assert check_vanishing_gradient(5.9).status == WRONG
