"""Derivatives of derivatives: grad, value_and_grad, hessian, gradients, create_graph, gradcheck."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import (
    GradcheckError,
    Value,
    grad,
    gradcheck,
    gradients,
    hessian,
    no_grad,
    value_and_grad,
)
from autograd.engine.functions import real
from autograd.engine.rules import Rule
from tests.strategies import every_rule

MODERATE = st.floats(-2.5, 2.5, allow_nan=False)
POSITIVE = st.floats(0.2, 3.0, allow_nan=False)
AWAY_FROM_ZERO = st.one_of(st.floats(0.05, 3.0), st.floats(-3.0, -0.05))


def derivatives(function: Callable[[Value], Value], x: float) -> tuple[float, float, float]:
    first = grad(function)
    second = grad(first)
    third = grad(second)
    return first(x), second(x), third(x)


def assert_close(got: tuple[float, ...], expected: tuple[float, ...]) -> None:
    for g, e in zip(got, expected, strict=True):
        assert math.isclose(g, e, rel_tol=1e-9, abs_tol=1e-12), (got, expected)


@given(MODERATE)
def test_tanh_three_derivatives(x: float) -> None:
    t = math.tanh(x)
    expected = (1 - t * t, -2 * t * (1 - t * t), -2 * (1 - t * t) ** 2 + 4 * t * t * (1 - t * t))
    assert_close(derivatives(lambda v: v.tanh(), x), expected)


@given(MODERATE)
def test_sigmoid_three_derivatives(x: float) -> None:
    s = 1 / (1 + math.exp(-x))
    d1 = s * (1 - s)
    assert_close(
        derivatives(lambda v: v.sigmoid(), x), (d1, d1 * (1 - 2 * s), d1 * (1 - 6 * s + 6 * s * s))
    )


@given(MODERATE)
def test_exp_three_derivatives(x: float) -> None:
    assert_close(derivatives(lambda v: v.exp(), x), (math.exp(x),) * 3)


@given(POSITIVE)
def test_log_three_derivatives(x: float) -> None:
    assert_close(derivatives(lambda v: v.log(), x), (1 / x, -1 / x**2, 2 / x**3))


@given(MODERATE)
def test_cube_three_derivatives(x: float) -> None:
    assert_close(derivatives(lambda v: v**3, x), (3 * x * x, 6 * x, 6.0))


@given(POSITIVE, MODERATE)
def test_power_with_value_exponent_both_arguments(x: float, y: float) -> None:
    power = lambda a, b: a**b  # noqa: E731
    along_x = tuple(
        f(x, y) for f in (grad(power, 0), grad(grad(power, 0), 0), grad(grad(grad(power, 0), 0), 0))
    )
    along_y = tuple(
        f(x, y) for f in (grad(power, 1), grad(grad(power, 1), 1), grad(grad(grad(power, 1), 1), 1))
    )
    ln = math.log(x)
    assert_close(
        along_x,
        (y * x ** (y - 1), y * (y - 1) * x ** (y - 2), y * (y - 1) * (y - 2) * x ** (y - 3)),
    )
    assert_close(along_y, (x**y * ln, x**y * ln**2, x**y * ln**3))
    mixed = grad(grad(power, 0), 1)(x, y)
    assert math.isclose(mixed, x ** (y - 1) * (1 + y * ln), rel_tol=1e-9, abs_tol=1e-12)


@given(AWAY_FROM_ZERO)
def test_relu_and_leaky_relu_derivatives_away_from_zero(x: float) -> None:
    assert derivatives(lambda v: v.relu(), x) == (1.0 if x > 0 else 0.0, 0.0, 0.0)
    slope = 0.2
    assert derivatives(lambda v: v.leaky_relu(slope), x) == (1.0 if x > 0 else slope, 0.0, 0.0)


def test_grad_returns_floats_for_numbers_and_values_when_nested() -> None:
    f = lambda x: x * x * x  # noqa: E731
    assert grad(f)(2.0) == 12.0
    assert isinstance(grad(f)(2.0), float)
    nested = grad(f)(Value(2.0))
    assert isinstance(nested, Value)
    assert nested.data == 12.0


def test_grad_with_several_argnums_returns_a_tuple() -> None:
    f = lambda x, y, z: x * y + z * z  # noqa: E731
    assert grad(f, argnums=(0, 2))(2.0, 3.0, 0.5) == (3.0, 1.0)
    assert grad(f, argnums=1)(2.0, 3.0, 0.5) == 2.0
    assert grad(f, argnums=-1)(2.0, 3.0, 0.5) == 1.0


def test_value_and_grad() -> None:
    value, derivative = value_and_grad(lambda x: x.exp() * 2)(0.0)
    assert (value, derivative) == (2.0, 2.0)


def test_hessian_matches_closed_form_and_is_symmetric() -> None:
    def f(x: Value, y: Value, z: Value) -> Value:
        return x * x * y + (y * z).tanh()

    x, y, z = 0.3, -1.2, 0.8
    t = math.tanh(y * z)
    sech2 = 1 - t * t
    d2_tanh = -2 * t * sech2  # second derivative of tanh at y·z
    expected = [
        [2 * y, 2 * x, 0.0],
        [2 * x, z * z * d2_tanh, sech2 + y * z * d2_tanh],
        [0.0, sech2 + y * z * d2_tanh, y * y * d2_tanh],
    ]
    got = hessian(f)(x, y, z)
    for i in range(3):
        for j in range(3):
            assert math.isclose(got[i][j], expected[i][j], rel_tol=1e-9, abs_tol=1e-12)
            assert got[i][j] == pytest.approx(got[j][i], rel=1e-12, abs=1e-15)


def test_backward_create_graph_returns_gradient_values_and_keeps_grads_floats() -> None:
    x = Value(0.5, label="x")
    y = x.tanh() * x
    found = y.backward(create_graph=True)
    assert isinstance(x.grad, float)
    dy_dx = found[x]
    assert isinstance(dy_dx, Value)
    assert dy_dx.data == pytest.approx(x.grad, rel=1e-15)
    x.grad = 0.0
    dy_dx.backward()  # second derivative: 2·sech²x - 2x·tanh x·sech²x
    t = math.tanh(0.5)
    assert x.grad == pytest.approx(2 * (1 - t * t) - 2 * 0.5 * t * (1 - t * t), rel=1e-12)


def test_gradients_leaves_grad_attributes_alone() -> None:
    x, w = Value(2.0), Value(-1.0)
    w.grad = 5.0
    out = (x * w).tanh()
    gx, gw = gradients(out, [x, w])
    assert w.grad == 5.0 and x.grad == 0.0
    slope = 1 - math.tanh(-2.0) ** 2
    assert (gx, gw) == pytest.approx((slope * -1.0, slope * 2.0))
    assert gradients(out, [Value(1.0)]) == [0.0]  # not in the graph: zero


def test_grad_works_inside_no_grad() -> None:
    with no_grad():
        assert grad(lambda x: x * x)(3.0) == 6.0


@pytest.mark.parametrize("rule", every_rule(), ids=[rule.name for rule in every_rule()])
def test_gradcheck_passes_on_every_op_to_second_order(rule: Rule) -> None:
    """Every row's derivative is itself differentiable: sin's uses the cos row, and so on."""
    point = [0.7, 1.3][: len(rule.inputs)]
    assert gradcheck(lambda *xs: Value.apply(rule, *xs), *point, order=2)


def test_gradcheck_catches_a_wrong_rule() -> None:
    wrong = Rule(
        "tanh", lambda x: math.tanh(x), lambda x, out: (1.0 + out * out,), "∂ wrong on purpose"
    )

    def f(x: Value) -> Value:
        return Value.apply(wrong, x * 2.0)

    with pytest.raises(GradcheckError, match=r"∂f/∂x at x=0\.4.*backprop gives .*central") as e:
        gradcheck(f, 0.4)
    assert isinstance(e.value, AssertionError)


def test_gradcheck_catches_a_wrong_second_derivative() -> None:
    # right slope at first order, but the rule's derivative is built from a constant, so its own
    # derivative (the second derivative of f) comes out 0 instead of -2·tanh·sech²
    frozen = Rule(
        "tanh",
        lambda x: math.tanh(x),
        lambda x, out: (1.0 - real(out) ** 2,),
        "∂ frozen on purpose",
    )
    f = lambda x: Value.apply(frozen, x)  # noqa: E731
    assert gradcheck(f, 0.4, order=1)
    with pytest.raises(GradcheckError, match=r"∂\^2f/∂x∂x"):
        gradcheck(f, 0.4, order=2)


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: grad(lambda x: [x])(1.0), TypeError, r"returns one Value, got list"),
        (
            lambda: grad(lambda x: x, 3)(1.0),
            ValueError,
            r"argnums=3 asks for argument 3.*1 positional",
        ),
        (lambda: grad(lambda x: x, argnums="0"), TypeError, r"argnums must be an int"),
        (lambda: grad(3.0), TypeError, r"grad needs a function, got float"),
        (lambda: grad(lambda x: x)("a"), TypeError, r"argument 0: expected a real number, got str"),
        (lambda: gradcheck(lambda x: x, 1.0, order=0), ValueError, r"order must be"),
        (lambda: gradcheck(lambda x: x), ValueError, r"give the point"),
        (lambda: gradients([1.0], []), TypeError, r"needs one Value as output, got list"),
        (lambda: gradients(Value(1.0), [2.0]), TypeError, r"inputs\[0\] is float 2\.0"),
    ],
)
def test_errors_say_what_to_do(call: Callable[[], object], error: type, pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        call()


def test_sin_and_cos_derivatives_nest_through_each_other() -> None:
    """sin' = cos is a rule, so sin's second and third derivatives work (they failed before)."""
    for x in (-1.3, 0.2, 2.5):
        first, second, third = derivatives(lambda v: v.sin(), x)
        assert_close((first, second, third), (math.cos(x), -math.sin(x), -math.cos(x)))
        assert_close(derivatives(lambda v: v.cos(), x), (-math.sin(x), -math.cos(x), math.sin(x)))


def test_every_number_argument_reaches_the_function_as_a_value() -> None:
    """grad passes constants as Values too, so methods work on any argument (was AttributeError)."""

    def f(x: Value, y: Value) -> Value:
        return (x * y).tanh() + x.exp()

    assert gradcheck(f, 0.3, 0.7)
    slope = grad(f, argnums=1)(0.3, 0.7)
    assert math.isclose(slope, 0.3 * (1 - math.tanh(0.21) ** 2), rel_tol=1e-12)
    value, both = value_and_grad(f, argnums=(0, 1))(0.3, 0.7)
    assert math.isclose(value, math.tanh(0.21) + math.exp(0.3), rel_tol=1e-12)
    assert len(both) == 2
    assert grad(lambda x, scale: x * scale[0], argnums=0)(2.0, [3.0]) == 3.0  # a list passes as is


def test_hessian_vector_product_agrees_with_the_hessian() -> None:
    def f(x: Value, y: Value) -> Value:
        return (x * y).sin() + x**3 * y

    point, vector = (0.4, -0.8), (1.5, 2.0)
    h = hessian(f)(*point)
    x, y = Value(point[0]), Value(point[1])
    gx, gy = gradients(f(x, y), [x, y], create_graph=True)
    hv = gradients(gx * vector[0] + gy * vector[1], [x, y])
    for i in range(2):
        expected = h[i][0] * vector[0] + h[i][1] * vector[1]
        assert math.isclose(hv[i], expected, rel_tol=1e-12)
