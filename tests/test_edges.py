"""Edges of the engine that only mutation testing showed were untested (see mutation/REPORT.md).

Each test states one behaviour a learner relies on; each was written because a deliberate bug in
the engine (a mutant) passed every other test.
"""

from __future__ import annotations

import math

import pytest

from autograd import Value, gradients, hessian, no_grad, value_and_grad
from autograd.engine.functional import argument_names, grad
from autograd.engine.functions import LARGEST_EXP_INPUT, exp_or_inf, pow_or_inf
from autograd.engine.numerical import GradcheckError, central_difference, check_nodes, gradcheck
from autograd.engine.rules import Rule, power, real


@pytest.mark.parametrize(("exponent", "x_slope"), [(1.0, 1.0), (2.0, 0.0), (0.0, 0.0), (3.0, 0.0)])
def test_x_to_a_value_power_at_zero_has_pytorchs_x_slope(exponent: float, x_slope: float) -> None:
    """∂(x^y)/∂x = y·x^(y-1) at x = 0 with y a Value: 1 for y = 1, 0 for y > 1, 0 for y = 0."""
    x, y = Value(0.0), Value(exponent)
    (x**y).backward()
    assert x.grad == x_slope
    assert y.grad == 0.0  # ∂(x^y)/∂y = x^y·ln x, taken as 0 at x = 0 (PyTorch's choice)


def test_a_value_made_in_no_grad_is_a_constant_to_backprop_outside() -> None:
    """c = w·2 made inside no_grad() has no parents: backprop treats it as the number 6."""
    w = Value(3.0)
    with no_grad():
        c = w * 2.0
    assert c.parents == ()
    out = c * w
    out.backward()
    assert w.grad == 6.0  # ∂(c·w)/∂w = c; no path through c back to w
    assert c.grad == 3.0


def test_backward_returns_nothing_and_leaves_plain_numbers() -> None:
    """backward() stores floats in .grad and returns None (it builds no graph of gradients)."""
    w = Value(3.0)
    out = w * w
    assert out.backward() is None
    assert type(w.grad) is float
    assert w.grad == 6.0


def test_create_graph_gives_an_ignored_input_a_zero_value() -> None:
    """An input the output does not use gets 0, also as a Value when create_graph=True."""
    a, b = Value(1.0), Value(2.0)
    out = a * 3.0
    da, db = gradients(out, [a, b], create_graph=True)
    assert isinstance(db, Value)
    assert (da.data, db.data) == (3.0, 0.0)
    assert db.parents == ()


def test_argnums_counts_from_the_end_like_python_indexing() -> None:
    """argnums=-1 is the last argument, as in JAX."""
    derivative = grad(lambda x, y: x * y * y, argnums=-1)
    assert derivative(2.0, 3.0) == 12.0  # ∂(x·y²)/∂y = 2xy
    assert grad(lambda x: x * x, argnums=-1)(3.0) == 6.0


def test_argnums_past_the_last_argument_is_a_clear_error() -> None:
    """argnums equal to the number of arguments names the problem (not an IndexError)."""
    with pytest.raises(ValueError, match="argnums=1 asks for argument 1"):
        grad(lambda x: x * x, argnums=1)(3.0)
    with pytest.raises(ValueError, match="argnums=-2"):
        grad(lambda x: x * x, argnums=-2)(3.0)


def test_gradcheck_checks_first_derivatives_unless_asked_for_more() -> None:
    """A rule whose derivative is right as a number but not differentiable again passes order 1."""
    cube = Rule("cube", lambda x: x * x * x, lambda x, out: (3.0 * real(x) * real(x),), "3x²")

    def f(x: Value) -> Value:
        return Value.apply(cube, x)

    assert gradcheck(f, 2.0)
    with pytest.raises(GradcheckError, match=r"∂\^2f"):
        gradcheck(f, 2.0, order=2)


def test_comparisons_compare_the_numbers() -> None:
    """<, <=, >, >= on Values compare their data, as on floats (equality included for <=, >=)."""
    two = Value(2.0)
    assert [two < 2.0, two <= 2.0, two > 2.0, two >= 2.0] == [False, True, False, True]
    assert [two < 3.0, two <= 3.0, two > 3.0, two >= 3.0] == [True, True, False, False]
    assert [two < 1.0, two <= 1.0, two > 1.0, two >= 1.0] == [False, False, True, True]
    assert two <= Value(2.0) and not two <= Value(1.5)


def test_gradcheck_names_the_allowed_difference() -> None:
    """The message gives atol + rtol·|numerical|, the bound that was missed."""
    wrong = Rule("wrong", lambda x: x * x, lambda x, out: (3.0 * x,), "not 2x")
    with pytest.raises(GradcheckError, match=r"allowed difference 0\.00401\)"):
        gradcheck(lambda x: Value.apply(wrong, x), 2.0, atol=1e-5, rtol=1e-3)  # 1e-5 + 1e-3·4


def test_check_nodes_checks_every_input_of_every_operation_and_skips_leaves() -> None:
    """One check per (operation, input), parents first; leaves have no rule to check."""
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    product = x * y
    out = (product + x).tanh()
    checks = check_nodes(out)
    total = out.parents[0]  # product + x
    assert [(c.node, c.position) for c in checks] == [
        (product, 0),
        (product, 1),
        (total, 0),
        (total, 1),
        (out, 0),
    ]
    assert all(c.status == "ok" for c in checks)
    assert (checks[0].analytic, checks[1].analytic) == (3.0, 2.0)


def test_check_nodes_finds_a_wrong_rule() -> None:
    wrong = Rule("wrong", lambda x: x * x, lambda x, out: (3.0 * x,), "not 2x")
    (check,) = check_nodes(Value.apply(wrong, Value(2.0)))
    assert (check.status, check.analytic) == ("WRONG", 6.0)
    assert check.numeric == pytest.approx(4.0)


@pytest.mark.parametrize(
    "settings",
    [{"step": 0.0}, {"step": -1e-6}, {"rel_tol": -1.0}, {"abs_tol": -1.0}, {"rel_tol": math.nan}],
)
def test_check_nodes_refuses_a_bad_step_or_tolerance(settings: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="gradcheck_nodes"):
        check_nodes(Value(2.0) * 3.0, **settings)


def test_check_nodes_accepts_its_defaults_and_small_steps() -> None:
    out = Value(2.0) * 3.0
    assert [c.status for c in check_nodes(out)] == ["ok", "ok"]
    assert [c.status for c in check_nodes(out, step=1e-4, rel_tol=0.0, abs_tol=1e-6)] == [
        "ok",
        "ok",
    ]


# ----- rules of your own: any number of inputs, one local derivative per input ----------------


def test_a_rule_of_three_inputs_backpropagates_on_the_dynamic_graph() -> None:
    fma = Rule("fma", lambda x, y, z: x * y + z, lambda x, y, z, out: (y, x, 1.0), "∂(xy+z)")
    a, b, c = Value(2.0), Value(3.0), Value(4.0)
    Value.apply(fma, a, b, c).backward()
    assert (a.grad, b.grad, c.grad) == (3.0, 2.0, 1.0)


def test_a_rule_with_too_few_local_derivatives_is_an_error() -> None:
    short = Rule("short", lambda x, y: x * y, lambda x, y, out: (y,), "one derivative for two")
    a, b = Value(2.0), Value(3.0)
    with pytest.raises(TypeError, match=r"^short: local gave 1 derivatives for 2 inputs$"):
        Value.apply(short, a, b).backward()
    assert (a.grad, b.grad) == (0.0, 0.0)  # nothing half-written


def test_a_rule_with_too_many_local_derivatives_is_an_error() -> None:
    long = Rule("long", lambda x: 2.0 * x, lambda x, out: (2.0, 1.0), "two derivatives for one")
    with pytest.raises(TypeError, match=r"^long: local gave 2 derivatives for 1 inputs$"):
        Value.apply(long, Value(1.0)).backward()


def test_a_rule_of_three_inputs_has_second_derivatives_and_a_numerical_check() -> None:
    fma = Rule("fma", lambda x, y, z: x * y + z, lambda x, y, z, out: (y, x, 1.0), "∂(xy+z)")
    a, b, c = Value(2.0), Value(3.0), Value(4.0)
    out = Value.apply(fma, a, b, c) * a  # (xy + z)·x: ∂/∂x = 2xy + z, ∂²/∂x² = 2y
    assert out.data == 20.0
    grads = out.backward(create_graph=True)
    assert grads is not None and (a.grad, b.grad, c.grad) == (16.0, 4.0, 2.0)
    assert gradients(grads[a], [a, b, c]) == [6.0, 4.0, 1.0]
    assert [check.status for check in check_nodes(out)] == ["ok"] * 5


# ----- found by the mutation run: behaviours no test stated -------------------------------------


def test_value_and_grad_differentiates_the_first_argument_by_default() -> None:
    assert value_and_grad(lambda x, y: x * y * y)(2.0, 3.0) == (18.0, 9.0)
    assert grad(lambda x, y: x * y * y)(2.0, 3.0) == 9.0


def test_an_overflowing_power_of_a_number_below_one_is_plus_infinity() -> None:
    # 0.5 ** -2001 overflows; the base is positive, so the sign is +, odd exponent or not
    assert pow_or_inf(0.5, -2001.0) == math.inf
    assert pow_or_inf(-0.5, -2001.0) == -math.inf
    assert pow_or_inf(-0.5, -2000.0) == math.inf


def test_the_slope_at_a_kink_is_the_central_difference_with_a_warning() -> None:
    slope, why = central_difference(lambda x: 0.0 if x <= 0.0 else x, [0.0], 0)
    assert slope == 0.5 and why.startswith("a kink")  # (h - 0) / 2h: between the two sides


def test_a_node_check_says_what_it_compared_in_its_repr() -> None:
    x = Value(2.0)
    checks = check_nodes(x * x)
    assert [repr(c) for c in checks] == [
        f"NodeCheck(* input {i}: analytic 2.0, numeric {checks[i].numeric!r}, ok)" for i in (0, 1)
    ]
    relu = check_nodes(Value(0.0).relu())[0]
    assert repr(relu).endswith(", skipped, a kink: the slope differs on each side of this point)")


def test_the_formula_of_a_power_names_its_exponent_and_slope() -> None:
    assert power(3.0).formula == "∂(x^3)/∂x = 3·x^2"
    assert power(0.5).formula == "∂(x^0.5)/∂x = 0.5·x^-0.5"
    assert [power(n).formula for n in (0.0, 1.0, 2.0)] == [
        "∂(x^0)/∂x = 0",
        "∂(x^1)/∂x = 1",
        "∂(x^2)/∂x = 2·x",
    ]


def test_exp_is_finite_up_to_the_largest_input_and_infinite_past_it() -> None:
    largest = LARGEST_EXP_INPUT
    assert exp_or_inf(largest) == math.exp(largest) < math.inf  # 1.7976931348622732e308
    assert exp_or_inf(math.nextafter(largest, math.inf)) == math.inf


def _scaled_by(slope: float) -> Rule:
    """100·x whose rule claims the slope `slope` (100 is right)."""
    return Rule("100x", lambda x: 100.0 * x, lambda x, out: (slope,), "∂(100x)/∂x = 100")


def test_gradcheck_allows_atol_plus_rtol_times_the_slope() -> None:
    # |analytic - numerical| ≤ atol + rtol·|numerical|: 1e-5 + 1e-3 · 100 = 0.10001
    assert gradcheck(lambda x: Value.apply(_scaled_by(100.05), x), 0.5)
    with pytest.raises(
        GradcheckError, match=r"backprop gives 100\.2, .* \(allowed difference 0\.1\)"
    ):
        gradcheck(lambda x: Value.apply(_scaled_by(100.2), x), 0.5)


def test_check_nodes_reports_a_derivative_rule_that_raises() -> None:
    bad = Rule("bad", lambda x: 2.0 * x, lambda x, out: (1.0 / (x - x),), "∂bad/∂x = 1/0")
    [check] = check_nodes(Value.apply(bad, Value(1.0)))
    assert math.isnan(check.analytic) and check.status == "WRONG"
    assert check.note == "the derivative rule raised ZeroDivisionError: float division by zero"


def test_argument_names_fall_back_to_x0_x1_without_a_signature() -> None:
    assert argument_names(lambda a, b: a * b, 2) == ["a", "b"]
    assert argument_names(max, 2) == ["x0", "x1"]  # a builtin: inspect finds no signature


def test_a_derivative_function_keeps_the_functions_name_and_doc() -> None:
    def loss(x: Value) -> Value:
        """The loss."""
        return x * x

    for made in (grad(loss), value_and_grad(loss), hessian(loss)):
        assert made.__name__ == "loss" and made.__doc__ == "The loss."


def test_check_nodes_takes_a_zero_tolerance() -> None:
    x = Value(2.0)
    assert [c.status for c in check_nodes(x * x, rel_tol=1e-4, abs_tol=0.0)] == ["ok", "ok"]
    assert [c.status for c in check_nodes(x * x, rel_tol=0.0, abs_tol=1e-4)] == ["ok", "ok"]


def test_a_pow_derivative_on_values_while_compiling_is_a_compile_error() -> None:
    import autograd

    def slope_in_x(x: Value, y: Value) -> Value:
        (slope,) = gradients(x**y, [x], create_graph=True)  # real(x) on a Value: a branch
        return slope

    with pytest.raises(autograd.CompileError, match=r"branches on its input's number \(x \*\* y"):
        autograd.compile(slope_in_x)(Value(2.0), Value(3.0))


def _sign(x: float) -> float:
    return math.copysign(1.0, x)


def test_relu_of_minus_zero_is_minus_zero_as_pytorch_and_micrograd() -> None:
    # both write ReLU as "0 if x < 0 else x", which keeps the sign of a zero
    assert _sign(Value(-0.0).relu().data) == -1.0
    assert _sign(Value(0.0).relu().data) == 1.0
    assert Value(-1.0).relu().data == 0.0 and Value(2.5).relu().data == 2.5


def test_x_to_the_y_has_second_derivatives_at_y_zero() -> None:
    # ∂²(x^y)/∂x∂y = x^(y-1)·(1 + y·ln x): 1/x at y = 0 for x > 0; for x < 0 x^y has no slope
    # in y, so neither has the x-slope (a constant 0 there would hide that)
    assert hessian(lambda x, y: x**y)(2.0, 0.0)[0][1] == 0.5
    negative = hessian(lambda x, y: x**y)(-2.0, 0.0)
    assert math.isnan(negative[0][1]) and math.isnan(negative[1][0])


def test_a_negative_base_has_no_slope_in_the_exponent_even_where_the_power_is_one() -> None:
    x, y = Value(-1.0), Value(2.0)
    out = x**y
    assert out.data == 1.0
    out.backward()
    assert x.grad == -2.0 and math.isnan(y.grad)  # PyTorch: nan (not 1 ** nan = 1)


def test_argument_names_take_the_first_parameters_of_a_longer_signature() -> None:
    assert argument_names(lambda weight, scale=2.0: weight * scale, 1) == ["weight"]


def test_check_nodes_has_a_small_absolute_tolerance() -> None:
    # the slope is 0, so only abs_tol (1e-6 by default) allows a difference: 1e-3 is too much
    flat_but_claims = Rule("flat", lambda x: 1.0, lambda x, out: (1e-3,), "∂1/∂x = 0")
    [check] = check_nodes(Value.apply(flat_but_claims, Value(0.5)))
    assert check.analytic == 1e-3 and check.numeric == 0.0 and check.status == "WRONG"


def test_the_difference_step_is_h_times_the_size_of_x_from_one_on() -> None:
    # h = step·max(1, |x|): at x = 0.5 it is the step itself
    slope, why = central_difference(lambda x: x**3, [0.5], 0, step=1e-4)
    assert slope == pytest.approx((0.5001**3 - 0.4999**3) / 2e-4, rel=1e-9) and why == ""
    # at x = 1e6 it is step·1e6 = 1: a step of 1e-6 alone would be below the float spacing there
    slope, why = central_difference(lambda x: x * x, [1e6], 0)
    assert slope == pytest.approx(2e6, rel=1e-9) and why == ""


@pytest.mark.parametrize("eps", [True, "0.1", None])
def test_gradcheck_refuses_a_step_that_is_not_a_number(eps: object) -> None:
    with pytest.raises(ValueError, match="eps must be a small positive number"):
        gradcheck(lambda x: x * x, 1.0, eps=eps)  # type: ignore[arg-type]


def test_leaky_relu_with_a_negative_slope_signs_its_zeros_as_pytorch() -> None:
    # x if x > 0 else slope·x: at 0.0 the slope's side, -0.5·0.0 = -0.0; at -0.0, +0.0
    assert _sign(Value(0.0).leaky_relu(-0.5).data) == -1.0
    assert _sign(Value(-0.0).leaky_relu(-0.5).data) == 1.0


def test_the_slope_at_a_kink_averages_the_two_sides() -> None:
    slope, why = central_difference(abs, [0.0], 0)  # slopes -1 and 1: the average is 0
    assert slope == 0.0 and why.startswith("a kink")


def test_gradcheck_allows_exactly_the_allowed_difference() -> None:
    # the slope of x is 1.0 exactly with eps = 0.25 at 0.5; the rule claims 1.5: 0.5 off
    claims = Rule("claims", lambda x: x, lambda x, out: (1.5,), "∂x/∂x = 1")
    assert gradcheck(lambda x: Value.apply(claims, x), 0.5, eps=0.25, atol=0.5, rtol=0.0)
    with pytest.raises(GradcheckError):
        gradcheck(lambda x: Value.apply(claims, x), 0.5, eps=0.25, atol=0.25, rtol=0.0)


def test_gradcheck_takes_zero_tolerances() -> None:
    assert gradcheck(lambda x: x * x, 1.0, atol=0.0)
    assert gradcheck(lambda x: x * 2.0, 1.0, rtol=0.0)
