"""Dataset generators: sizes, labels, repeatability, shapes, label conversion, errors."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd.nn import data

GENERATORS = [data.moons, data.circles, data.blobs, data.spiral]


@pytest.mark.parametrize("generate", GENERATORS)
@pytest.mark.parametrize("n", [2, 7, 100])
def test_sizes_labels_and_balance(generate: object, n: int) -> None:
    X, y = generate(n, seed=0)  # type: ignore[operator]  # noqa: N806
    assert len(X) == len(y) == n
    assert all(len(x) == 2 and all(math.isfinite(v) for v in x) for x in X)
    assert set(y) == {0, 1}
    assert y.count(0) == n // 2


@pytest.mark.parametrize("generate", GENERATORS)
def test_seed_global_random_and_rng_are_repeatable(generate: object) -> None:
    make = generate  # type: ignore[assignment]
    assert make(20, seed=3) == make(20, seed=3)  # type: ignore[operator]
    assert make(20, seed=3) != make(20, seed=4)  # type: ignore[operator]
    assert make(20, rng=random.Random(3)) == make(20, seed=3)  # type: ignore[operator]
    random.seed(9)
    first = make(20)  # type: ignore[operator]
    random.seed(9)
    assert make(20) == first  # type: ignore[operator]


def test_truth_tables() -> None:
    inputs = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    assert data.xor() == (inputs, [0, 1, 1, 0])
    assert data.and_() == (inputs, [0, 0, 0, 1])
    assert data.or_() == (inputs, [0, 1, 1, 1])


def test_noiseless_moons_lie_on_their_half_circles() -> None:
    X, y = data.moons(50, noise=0.0, seed=0)  # noqa: N806
    for (x1, x2), label in zip(X, y, strict=True):
        centre = (0.0, 0.0) if label == 0 else (1.0, 0.5)
        assert math.hypot(x1 - centre[0], x2 - centre[1]) == pytest.approx(1.0)
        assert (x2 >= -1e-12) if label == 0 else (x2 <= 0.5 + 1e-12)


def test_noiseless_circles_radii() -> None:
    X, y = data.circles(40, noise=0.0, seed=0, factor=0.3)  # noqa: N806
    for x, label in zip(X, y, strict=True):
        assert math.hypot(*x) == pytest.approx(1.0 if label == 0 else 0.3)


@given(st.integers(0, 10_000), st.floats(0.1, 2.0))
def test_blobs_are_linearly_separable(seed: int, spread: float) -> None:
    X, y = data.blobs(30, spread=spread, seed=seed)  # noqa: N806
    for (x1, x2), label in zip(X, y, strict=True):
        assert (x1 + x2 > 0) == (label == 1)


def test_label_conversion_round_trip() -> None:
    labels = [0, 1, 1, 0]
    assert data.to_signed(labels) == [-1, 1, 1, -1]
    assert data.to_binary(data.to_signed(labels)) == labels


def test_label_conversion_errors() -> None:
    with pytest.raises(ValueError, match="may already be ±1"):
        data.to_signed([-1, 1])
    with pytest.raises(ValueError, match="may already be 0/1"):
        data.to_binary([0, 1])


@pytest.mark.parametrize("generate", GENERATORS)
def test_bad_arguments(generate: object) -> None:
    make = generate  # type: ignore[assignment]
    with pytest.raises(ValueError, match="n must be an int ≥ 2"):
        make(1)  # type: ignore[operator]
    with pytest.raises(ValueError, match="must be a number ≥ 0"):
        make(10, -0.1)  # type: ignore[operator]
    with pytest.raises(TypeError, match="give only one"):
        make(10, seed=1, rng=random.Random(1))  # type: ignore[operator]


def test_random_source_is_the_rng_a_seeded_generator_or_the_random_module() -> None:
    rng = random.Random(3)
    assert data.random_source(None, rng, "here") is rng
    assert data.random_source(None, None, "here") is random
    assert data.random_source(5, None, "here").gauss(0.0, 1.0) == random.Random(5).gauss(0.0, 1.0)
    with pytest.raises(TypeError, match=r"^here: got both seed=5 and rng; give only one$"):
        data.random_source(5, rng, "here")


def test_shape_parameter_errors() -> None:
    with pytest.raises(ValueError, match="factor must be in"):
        data.circles(10, factor=1.5)
    with pytest.raises(ValueError, match="turns must be > 0"):
        data.spiral(10, turns=0.0)
