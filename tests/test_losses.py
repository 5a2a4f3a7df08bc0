"""Losses: values against hand formulas, gradients, stability, and their error messages."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value
from autograd.nn import MLP
from autograd.nn.losses import (
    BCE_EPSILON,
    LOSSES,
    SCORE_LOSSES,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    hinge,
    l2_penalty,
    mse,
)

finite = st.floats(-20.0, 20.0, allow_nan=False, allow_infinity=False)


def values(numbers: list[float]) -> list[Value]:
    return [Value(n) for n in numbers]


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def test_mse_value_and_gradient() -> None:
    predictions = values([1.0, 2.0, 4.0])
    loss = mse(predictions, [0.0, 2.0, 1.0])
    assert loss.data == pytest.approx((1.0 + 0.0 + 9.0) / 3)
    loss.backward()
    # ∂/∂pᵢ (1/n) Σ (pᵢ - tᵢ)² = 2 (pᵢ - tᵢ) / n
    assert [p.grad for p in predictions] == pytest.approx([2 / 3, 0.0, 2.0])


@given(st.lists(st.tuples(finite, finite), min_size=1, max_size=6))
def test_mse_is_the_mean_of_squares(pairs: list[tuple[float, float]]) -> None:
    loss = mse(values([p for p, _ in pairs]), [t for _, t in pairs])
    assert loss.data == pytest.approx(sum((p - t) ** 2 for p, t in pairs) / len(pairs))


def test_binary_cross_entropy_matches_formula_and_gradient() -> None:
    probabilities = values([0.9, 0.2])
    loss = binary_cross_entropy(probabilities, [1, 0])
    assert loss.data == pytest.approx(-(math.log(0.9) + math.log(0.8)) / 2)
    loss.backward()
    # ∂/∂p -[y ln p + (1-y) ln(1-p)] / n = (-y/p + (1-y)/(1-p)) / n
    assert probabilities[0].grad == pytest.approx(-1 / 0.9 / 2)
    assert probabilities[1].grad == pytest.approx(1 / 0.8 / 2)


def test_binary_cross_entropy_clamps_zero_and_one() -> None:
    loss = binary_cross_entropy(values([0.0, 1.0]), [1, 0])
    assert math.isfinite(loss.data)
    assert loss.data == pytest.approx(-math.log(BCE_EPSILON))


@given(finite, st.sampled_from([0.0, 1.0]))
def test_logits_form_equals_bce_of_sigmoid(z: float, y: float) -> None:
    logit = Value(z)
    loss = binary_cross_entropy_with_logits([logit], [y])
    p = sigmoid(z)
    if 1e-6 < p < 1 - 1e-6:
        expected = -(y * math.log(p) + (1 - y) * math.log(1 - p))
        assert loss.data == pytest.approx(expected, rel=1e-6, abs=1e-9)
    loss.backward()
    # the famous simple gradient: σ(z) - y
    assert logit.grad == pytest.approx(p - y, abs=1e-9)


@pytest.mark.parametrize("z", [-1000.0, -50.0, 50.0, 1000.0])
def test_logits_form_is_stable_for_large_logits(z: float) -> None:
    loss = binary_cross_entropy_with_logits([Value(z)], [1.0])
    assert math.isfinite(loss.data)
    assert loss.data == pytest.approx(max(-z, 0.0), abs=1e-12)


def test_hinge_matches_micrograd_demo_formula() -> None:
    scores = values([2.0, 0.5, -0.3])
    targets = [1, 1, 1]
    loss = hinge(scores, targets)
    expected = sum(max(0.0, 1 - y * s.data) for y, s in zip(targets, scores, strict=True)) / 3
    assert loss.data == pytest.approx(expected)
    loss.backward()
    assert [s.grad for s in scores] == pytest.approx([0.0, -1 / 3, -1 / 3])


def test_l2_penalty_is_alpha_sum_of_squares() -> None:
    model = MLP(2, [3, 1], rng=random.Random(0))
    params = model.parameters()
    penalty = l2_penalty(params, alpha=0.01)
    assert penalty.data == pytest.approx(0.01 * sum(p.data**2 for p in params))
    penalty.backward()
    assert [p.grad for p in params] == pytest.approx([0.02 * p.data for p in params])


@pytest.mark.parametrize(
    "loss", [mse, binary_cross_entropy, binary_cross_entropy_with_logits, hinge]
)
def test_mismatched_lengths_are_value_errors(loss: object) -> None:
    with pytest.raises(ValueError, match="2 predictions but 1 targets"):
        loss(values([0.5, 0.5]), [1])  # type: ignore[operator]


@pytest.mark.parametrize(
    "loss", [mse, binary_cross_entropy, binary_cross_entropy_with_logits, hinge]
)
def test_empty_batch_is_a_value_error(loss: object) -> None:
    with pytest.raises(ValueError, match="empty"):
        loss([], [])  # type: ignore[operator]


def test_single_value_instead_of_list_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"mse\(\[prediction\], \[target\]\)"):
        mse(Value(1.0), [1.0])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="targets must be a list"):
        mse([Value(1.0)], 1.0)  # type: ignore[arg-type]


def test_hinge_rejects_zero_one_labels() -> None:
    with pytest.raises(ValueError, match="to_signed"):
        hinge(values([0.5, 0.5]), [0, 1])


@pytest.mark.parametrize("loss", [binary_cross_entropy, binary_cross_entropy_with_logits])
def test_cross_entropy_rejects_signed_labels(loss: object) -> None:
    with pytest.raises(ValueError, match="to_binary"):
        loss(values([0.5]), [-1])  # type: ignore[operator]


def test_l2_penalty_bad_input() -> None:
    with pytest.raises(ValueError, match="no parameters"):
        l2_penalty([])
    with pytest.raises(ValueError, match="alpha must be ≥ 0"):
        l2_penalty([Value(1.0)], alpha=-1.0)


def test_loss_registry_names_each_loss() -> None:
    assert {name: function.__name__ for name, function in LOSSES.items()} == {
        name: name for name in LOSSES
    }
    assert set(SCORE_LOSSES) <= set(LOSSES.values())
