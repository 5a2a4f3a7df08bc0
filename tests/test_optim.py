"""SGD: the lecture's weight update rule, momentum and weight decay as PyTorch, and errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value
from autograd.nn import SGD

finite = st.floats(-100.0, 100.0, allow_nan=False, allow_infinity=False)


@given(finite, finite, st.floats(1e-4, 10.0))
def test_step_is_new_weight_equals_old_minus_learning_rate_times_gradient(
    weight: float, gradient: float, learning_rate: float
) -> None:
    p = Value(weight)
    p.grad = gradient
    SGD([p], lr=learning_rate).step()
    assert p.data == weight - learning_rate * gradient


def test_step_records_no_graph() -> None:
    p = Value(1.0)
    (p * 3.0).backward()
    SGD([p], lr=0.1).step()
    assert p.is_leaf
    assert p.data == pytest.approx(0.7)


def test_zero_grad() -> None:
    params = [Value(1.0), Value(2.0)]
    for p in params:
        p.grad = 5.0
    SGD(params, lr=0.1).zero_grad()
    assert [p.grad for p in params] == [0.0, 0.0]


def test_momentum_matches_pytorch_formula() -> None:
    # PyTorch: v₁ = g₁; vₜ = μ vₜ₋₁ + gₜ; p ← p - lr · vₜ
    p = Value(1.0)
    optimizer = SGD([p], lr=0.1, momentum=0.9)
    p.grad = 2.0
    optimizer.step()
    assert p.data == pytest.approx(1.0 - 0.1 * 2.0)
    p.grad = 1.0
    optimizer.step()
    assert p.data == pytest.approx(0.8 - 0.1 * (0.9 * 2.0 + 1.0))


def test_weight_decay_adds_lambda_times_weight_to_gradient() -> None:
    p = Value(2.0)
    p.grad = 1.0
    SGD([p], lr=0.1, weight_decay=0.5).step()
    assert p.data == pytest.approx(2.0 - 0.1 * (1.0 + 0.5 * 2.0))


def test_momentum_descends_a_quadratic() -> None:
    x = Value(5.0)
    optimizer = SGD([x], lr=0.05, momentum=0.9)
    for _ in range(300):
        loss = (x - 2.0) ** 2
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert x.data == pytest.approx(2.0, abs=1e-3)


def test_learning_rate_can_be_scheduled() -> None:
    p = Value(0.0)
    optimizer = SGD([p], lr=1.0)
    optimizer.lr = 0.5
    p.grad = 1.0
    optimizer.step()
    assert p.data == -0.5


def test_generator_of_parameters_is_kept() -> None:
    params = [Value(1.0), Value(2.0)]
    optimizer = SGD(iter(params), lr=0.1)
    assert optimizer.parameters == params
    assert repr(optimizer) == "SGD(2 parameters, lr=0.1, momentum=0, weight_decay=0)"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lr": 0.0}, ValueError, "lr must be a number > 0"),
        ({"lr": -1.0}, ValueError, "lr must be a number > 0"),
        ({"lr": float("nan")}, ValueError, "lr must be a number > 0"),
        ({"lr": "0.1"}, TypeError, "lr must be a number, got str"),
        ({"lr": 0.1, "momentum": 1.0}, ValueError, "momentum must be a number ≥ 0 and < 1"),
        ({"lr": 0.1, "momentum": -0.1}, ValueError, "momentum must be a number ≥ 0"),
        ({"lr": 0.1, "weight_decay": -1e-4}, ValueError, "weight_decay must be a number ≥ 0"),
    ],
)
def test_bad_settings(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        SGD([Value(1.0)], **kwargs)  # type: ignore[arg-type]


def test_bad_parameters() -> None:
    with pytest.raises(ValueError, match="empty parameter list"):
        SGD([], lr=0.1)
    with pytest.raises(TypeError, match="every parameter must be a Value, got float"):
        SGD([1.0], lr=0.1)  # type: ignore[list-item]
    with pytest.raises(TypeError, match="parameters must be a list of Values"):
        SGD(Value(1.0), lr=0.1)  # type: ignore[arg-type]
