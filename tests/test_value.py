"""Making Values: conversion of numbers, attributes, micrograd's constructor, and every error."""

from __future__ import annotations

import copy
import decimal
import fractions
import math
import pickle
import random
import re

import pytest

from autograd import DomainError, Value
from autograd.engine import rules
from autograd.nn import MLP


@pytest.mark.parametrize(
    ("given", "expected"),
    [(3, 3.0), (True, 1.0), (2.5, 2.5), (fractions.Fraction(1, 4), 0.25), (-0.0, -0.0)],
)
def test_numbers_become_floats(given: object, expected: float) -> None:
    v = Value(given)  # type: ignore[arg-type]
    assert type(v.data) is float
    assert v.data == expected
    assert v.grad == 0.0
    assert v.op == ""
    assert v.parents == ()
    assert v.is_leaf


def test_numpy_scalars_convert_and_combine() -> None:
    numpy = pytest.importorskip("numpy")
    v = Value(numpy.float64(1.5))
    assert type(v.data) is float
    left = numpy.float64(3.0) * v
    right = v * numpy.int64(3)
    assert isinstance(left, Value)
    assert isinstance(right, Value)
    assert left.data == right.data == 4.5
    assert isinstance(numpy.float32(2.0) + v, Value)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("3", "Value: expected a real number, got str '3'"),
        (None, "Value: expected a real number, got NoneType None"),
        (1 + 2j, "Value: expected a real number, got complex (1+2j); convert it with float"),
        ([1.0], "Value: expected a real number, got list [1.0]"),
    ],
)
def test_non_numbers_are_rejected(given: object, message: str) -> None:
    with pytest.raises(TypeError, match=re.escape(message)):
        Value(given)  # type: ignore[arg-type]


def test_value_of_value_says_what_to_do() -> None:
    with pytest.raises(TypeError, match=r"got Value .*use the Value itself"):
        Value(Value(1.0))  # type: ignore[arg-type]


def test_label_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="label must be a str, got int 5"):
        Value(1.0, label=5)  # type: ignore[arg-type]


@pytest.mark.parametrize("op", ["+", "-", "*", "/", "**"])
def test_combining_with_a_non_number_names_the_op_and_type(op: str) -> None:
    v = Value(2.0)
    with pytest.raises(TypeError, match=re.escape(f"{op}: ") + r".*str 'a'") as caught:
        eval(f"v {op} 'a'", {"v": v})
    assert "real number" in str(caught.value)
    with pytest.raises(TypeError, match=r"str 'a'"):
        eval(f"'a' {op} v", {"v": v})


def test_repr_is_micrographs_plus_label() -> None:
    assert repr(Value(2.0)) == "Value(data=2.0, grad=0.0)"
    assert repr(Value(2.0, label="w")) == "Value(data=2.0, grad=0.0, label='w')"


def test_parents_keep_argument_order_and_repeats() -> None:
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    assert (b - a).parents == (b, a)
    square = a * a
    assert square.parents == (a, a)
    assert square.op == "*"


def test_constants_become_leaf_parents() -> None:
    x = Value(2.0)
    y = 10.0 / x
    assert y.op == "/"
    assert y.parents[1] is x
    assert y.parents[0].data == 10.0
    assert y.parents[0].is_leaf


def test_values_hash_by_identity() -> None:
    a, b = Value(1.0), Value(1.0)
    assert len({a, b}) == 2
    assert {a: "a"}[a] == "a"
    assert a != b  # identity comparison: equal data does not make equal nodes


def test_no_reference_cycles_per_node() -> None:
    """Dropping a graph frees it by reference counting, without the cyclic garbage collector."""
    import gc

    gc.collect()
    gc.disable()
    try:
        x = Value(0.5)
        y = ((x * 3.0).tanh() + x.exp()).log()
        y.backward()
        del x, y
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_aliases_are_read_only() -> None:
    from autograd.micrograd.engine import Value as MicrogradValue

    v = MicrogradValue(1.0) + 1
    with pytest.raises(AttributeError):
        v._op = "*"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        v._prev = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        v.extra = 1  # type: ignore[attr-defined]  # __slots__: no stray attributes


# ----- domain errors: each names the op, the offending value and label, and what to do --------


def _domain(call: object, *patterns: str) -> None:
    assert callable(call)
    with pytest.raises(DomainError) as caught:
        call()
    message = str(caught.value)
    for pattern in patterns:
        assert re.search(pattern, message), (pattern, message)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, ArithmeticError)


def test_log_of_non_positive() -> None:
    x = Value(-1.0, label="a")
    _domain(x.log, r"^log: ", r"x = -1\.0", r"'a'", r"x > 0", r"clamp")
    _domain(Value(0.0).log, r"x = 0\.0")


def test_division_by_zero() -> None:
    num, den = Value(1.0, label="num"), Value(0.0, label="den")
    _domain(lambda: num / den, r"^/: ", r"y = 0\.0 \(Value 'den'\)", r"needs y ≠ 0")
    _domain(lambda: 1.0 / Value(0.0), r"^/: ")


def test_zero_to_a_negative_power() -> None:
    x = Value(0.0, label="z")
    _domain(lambda: x**-1, r"^\*\*-1: ", r"x = 0\.0 \(Value 'z'\)", r"x ≠ 0 for y < 0")
    _domain(lambda: x ** Value(-2.0), r"^\*\*: ")


def test_negative_base_with_fractional_exponent() -> None:
    x = Value(-8.0, label="b")
    _domain(lambda: x ** (1 / 3), r"x = -8\.0 \(Value 'b'\)", r"x > 0 for non-integer y")
    _domain(lambda: (-8.0) ** Value(0.5), r"x = -8\.0")
    assert (x**3).data == -512.0  # integer exponents are fine


def test_exp_overflow_is_inf_not_an_error() -> None:
    """Overflow gives inf for every op (see test_rules.py), as PyTorch: exp(1000) = inf."""
    assert Value(1000.0, label="big").exp().data == math.inf
    assert math.isfinite(Value(709.0).exp().data)


def test_infinite_derivative_is_a_clear_error_at_backward() -> None:
    x = Value(0.0, label="x")
    y = x**0.5
    assert y.data == 0.0
    with pytest.raises(DomainError, match=r"\*\*0\.5.*x = 0\.0.*'x'"):
        y.backward()


def test_pow_exponent_must_be_a_number_or_value() -> None:
    with pytest.raises(TypeError, match=r"\*\*: expected a real number, got str"):
        Value(2.0) ** "2"  # type: ignore[operator]


def test_leaky_relu_slope_must_be_a_number() -> None:
    with pytest.raises(TypeError, match=r"leaky_relu: expected a real number, got str"):
        Value(2.0).leaky_relu("0.1")  # type: ignore[arg-type]


def test_default_negative_slope_matches_pytorch() -> None:
    assert rules.DEFAULT_NEGATIVE_SLOPE == 0.01
    assert Value(-2.0).leaky_relu().data == -0.02


@pytest.mark.parametrize("other", [None, "2", [1.0], 1 + 1j, decimal.Decimal("0.1")])
def test_arithmetic_with_non_numbers_names_the_type(other: object) -> None:
    name = type(other).__name__
    with pytest.raises(TypeError, match=rf"\+: expected a real number, got {name}"):
        Value(1.0) + other  # type: ignore[operator]
    with pytest.raises(TypeError, match=rf"\*: expected a real number, got {name}"):
        other * Value(1.0)  # type: ignore[operator]


def test_a_decimal_or_a_number_for_a_list_gets_a_clear_message() -> None:
    with pytest.raises(TypeError, match=r"got Decimal Decimal\('0\.1'\); convert it with float"):
        Value(decimal.Decimal("0.1"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "call",
    [
        lambda: Value(2.0) + 10**400,
        lambda: 10**400 + Value(2.0),
        lambda: Value(2.0) * fractions.Fraction(10**400),
        lambda: Value(10**400),
    ],
)
def test_a_number_too_big_for_a_float_is_a_clear_error(call: object) -> None:
    with pytest.raises(OverflowError, match=r"got (int|Fraction) about 401 digits long, too large"):
        call()  # type: ignore[operator]


def test_a_pickled_value_comes_back_as_a_leaf_with_its_number_grad_and_label() -> None:
    a = Value(2.0, label="a")
    out = (a * 3.0).tanh()
    out.label = "out"
    out.backward()
    back = pickle.loads(pickle.dumps(out))
    assert (back.data, back.grad, back.label) == (out.data, 1.0, "out")
    assert back.is_leaf and back.op == ""
    assert copy.deepcopy(a).grad == a.grad


def test_a_pickled_model_predicts_the_same() -> None:
    model = MLP(2, [3, 1], "tanh", rng=random.Random(1))
    twin = pickle.loads(pickle.dumps(model))
    assert twin([0.5, -1.0]).data == model([0.5, -1.0]).data
    assert [p.data for p in twin.parameters()] == [p.data for p in model.parameters()]
