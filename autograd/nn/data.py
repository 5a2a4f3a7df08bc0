"""Small 2-D datasets for classification, generated in pure Python (no numpy, no scikit-learn).

Every generator returns ``(X, y)``: X a list of ``[x1, x2]`` points, y a list of labels **0 or 1**
(use `to_signed` for the ±1 labels of the hinge loss). Not a data-loading library.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Protocol

Dataset = tuple[list[list[float]], list[int]]
"""``(X, y)``: the points and their 0/1 labels, in the same order."""

DEFAULT_SAMPLES = 100
DEFAULT_MOONS_NOISE = 0.1
DEFAULT_CIRCLES_NOISE = 0.05
DEFAULT_CIRCLES_FACTOR = 0.5  # the inner circle's radius, as a fraction of the outer one's
DEFAULT_BLOBS_SPREAD = 0.5  # standard deviation of each blob around its centre
BLOBS_CENTRE = 1.5  # the blobs sit at (-c, -c) and (c, c)
BLOBS_MARGIN = 0.1  # points closer than this to the line x1 + x2 = 0 are drawn again
DEFAULT_SPIRAL_NOISE = 0.1
DEFAULT_SPIRAL_TURNS = 1.0  # how many times each arm winds around the centre


class _Random(Protocol):
    """What the generators and `fit` need from a random source: `random.Random` or `random`."""

    def gauss(self, mu: float, sigma: float) -> float: ...
    def shuffle(self, x: list[int]) -> None: ...


def random_source(seed: int | None, rng: random.Random | None, where: str) -> _Random:
    """`rng` if given, else a generator seeded with `seed`, else the global `random` module.

    The generators draw from it, and `fit` shuffles with it.

    Raises:
        TypeError: both `seed` and `rng` were given.

    """
    if rng is not None:
        if seed is not None:
            raise TypeError(f"{where}: got both seed={seed!r} and rng; give only one")
        return rng
    if seed is not None:
        return random.Random(seed)
    return random  # the module has the same functions as a random.Random


def _check(n: object, noise: object, where: str) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"{where}: n must be an int ≥ 2 (one point per class), got {n!r}")
    if isinstance(noise, bool) or not isinstance(noise, (int, float)) or not noise >= 0.0:
        raise ValueError(f"{where}: noise must be a number ≥ 0, got {noise!r}; e.g. noise=0.1")


def _shuffled(points: list[list[float]], labels: list[int], rng: _Random) -> Dataset:
    order = list(range(len(points)))
    rng.shuffle(order)
    return [points[i] for i in order], [labels[i] for i in order]


def _truth_table(outputs: tuple[int, int, int, int]) -> Dataset:
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]  # noqa: N806 -- X for a data matrix
    return X, list(outputs)


def xor() -> Dataset:
    """XOR's truth table: label 1 when exactly one input is 1. Not linearly separable."""
    return _truth_table((0, 1, 1, 0))


def and_() -> Dataset:
    """AND's truth table: label 1 only when both inputs are 1. Linearly separable."""
    return _truth_table((0, 0, 0, 1))


def or_() -> Dataset:
    """OR's truth table: label 1 when either input is 1. Linearly separable."""
    return _truth_table((0, 1, 1, 1))


def moons(
    n: int = DEFAULT_SAMPLES,
    noise: float = DEFAULT_MOONS_NOISE,
    seed: int | None = None,
    *,
    rng: random.Random | None = None,
) -> Dataset:
    """Two interleaving half circles, as scikit-learn's ``make_moons``.

    Label 0: the upper moon (cos t, sin t); label 1: the lower one (1 - cos t, 0.5 - sin t), for
    n evenly spaced t in [0, π], plus Gaussian noise of standard deviation `noise`; shuffled.

    Args:
        n: number of points (the upper moon gets n // 2).
        noise: standard deviation of the Gaussian noise added to each coordinate.
        seed: makes the data repeatable; None uses the global `random` module.
        rng: a `random.Random` to draw from instead of `seed`.

    """
    where = "moons"
    _check(n, noise, where)
    source = random_source(seed, rng, where)
    n_upper = n // 2
    n_lower = n - n_upper
    points: list[list[float]] = []
    labels: list[int] = []
    for label, count in ((0, n_upper), (1, n_lower)):
        for i in range(count):
            t = math.pi * i / (count - 1) if count > 1 else 0.0
            if label == 0:
                x1, x2 = math.cos(t), math.sin(t)
            else:
                x1, x2 = 1.0 - math.cos(t), 0.5 - math.sin(t)
            points.append([x1 + source.gauss(0.0, noise), x2 + source.gauss(0.0, noise)])
            labels.append(label)
    return _shuffled(points, labels, source)


def circles(
    n: int = DEFAULT_SAMPLES,
    noise: float = DEFAULT_CIRCLES_NOISE,
    seed: int | None = None,
    *,
    factor: float = DEFAULT_CIRCLES_FACTOR,
    rng: random.Random | None = None,
) -> Dataset:
    """A circle of radius `factor` (label 1) inside a circle of radius 1 (label 0), plus noise.

    As scikit-learn's ``make_circles``: n // 2 points evenly around the outer circle, the rest
    around the inner one, Gaussian noise of standard deviation `noise`, shuffled.
    """
    where = "circles"
    _check(n, noise, where)
    if not 0.0 < factor < 1.0:
        raise ValueError(f"{where}: factor must be in (0, 1), got {factor!r}; e.g. factor=0.5")
    source = random_source(seed, rng, where)
    n_outer = n // 2
    points: list[list[float]] = []
    labels: list[int] = []
    for label, count, radius in ((0, n_outer, 1.0), (1, n - n_outer, factor)):
        for i in range(count):
            t = 2.0 * math.pi * i / count
            points.append(
                [
                    radius * math.cos(t) + source.gauss(0.0, noise),
                    radius * math.sin(t) + source.gauss(0.0, noise),
                ]
            )
            labels.append(label)
    return _shuffled(points, labels, source)


def blobs(
    n: int = DEFAULT_SAMPLES,
    spread: float = DEFAULT_BLOBS_SPREAD,
    seed: int | None = None,
    *,
    rng: random.Random | None = None,
) -> Dataset:
    """Two Gaussian blobs, around (-1.5, -1.5) (label 0) and (1.5, 1.5) (label 1).

    Always linearly separable: a point that lands within `BLOBS_MARGIN` of the line
    x1 + x2 = 0, or on the other blob's side of it, is drawn again. `spread` is each blob's
    standard deviation.
    """
    where = "blobs"
    _check(n, spread, where)
    source = random_source(seed, rng, where)
    n_first = n // 2
    points: list[list[float]] = []
    labels: list[int] = []
    for label, count, centre in ((0, n_first, -BLOBS_CENTRE), (1, n - n_first, BLOBS_CENTRE)):
        side = 1.0 if centre > 0 else -1.0
        while count:
            x1 = centre + source.gauss(0.0, spread)
            x2 = centre + source.gauss(0.0, spread)
            # signed distance from the line x1 + x2 = 0, positive on this blob's side
            if side * (x1 + x2) / math.sqrt(2.0) > BLOBS_MARGIN:
                points.append([x1, x2])
                labels.append(label)
                count -= 1
    return _shuffled(points, labels, source)


def spiral(
    n: int = DEFAULT_SAMPLES,
    noise: float = DEFAULT_SPIRAL_NOISE,
    seed: int | None = None,
    *,
    turns: float = DEFAULT_SPIRAL_TURNS,
    rng: random.Random | None = None,
) -> Dataset:
    """Two interleaved spiral arms (labels 0 and 1), the second the first rotated by π.

    Point i of an arm is at radius r = i / count and angle θ = 2π · turns · r (+ π for label 1),
    plus Gaussian noise of standard deviation `noise` · r; shuffled. Hard for a small network.
    """
    where = "spiral"
    _check(n, noise, where)
    if not turns > 0.0:
        raise ValueError(f"{where}: turns must be > 0, got {turns!r}; e.g. turns=1.0")
    source = random_source(seed, rng, where)
    n_first = n // 2
    points: list[list[float]] = []
    labels: list[int] = []
    for label, count in ((0, n_first), (1, n - n_first)):
        for i in range(count):
            radius = (i + 1) / count
            angle = 2.0 * math.pi * turns * radius + math.pi * label
            points.append(
                [
                    radius * math.cos(angle) + source.gauss(0.0, noise * radius),
                    radius * math.sin(angle) + source.gauss(0.0, noise * radius),
                ]
            )
            labels.append(label)
    return _shuffled(points, labels, source)


def to_signed(y: Sequence[int]) -> list[int]:
    """0/1 labels as -1/+1 (for the hinge loss): 0 → -1, 1 → +1."""
    if any(label not in (0, 1) for label in y):
        raise ValueError(
            f"to_signed: labels must be 0 or 1, got {sorted(set(y))!r}; they may already be ±1"
        )
    return [2 * int(label) - 1 for label in y]


def to_binary(y: Sequence[int]) -> list[int]:
    """-1/+1 labels as 0/1: -1 → 0, +1 → 1."""
    if any(label not in (-1, 1) for label in y):
        raise ValueError(
            f"to_binary: labels must be -1 or +1, got {sorted(set(y))!r}; they may already be 0/1"
        )
    return [(int(label) + 1) // 2 for label in y]


#: The generators that take ``(n, noise, seed)``, by name (used by ``python -m autograd train``).
DATASETS = {
    "moons": moons,
    "circles": circles,
    "blobs": blobs,
    "spiral": spiral,
}
