"""Hypothesis strategies and finite differences shared by the engine's tests."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from hypothesis import strategies as st

from autograd.engine.rules import DEFAULT_NEGATIVE_SLOPE, RULES, STEP, Rule, leaky_relu, power

# Inputs are kept away from 0 (where ReLU has a kink and 1/x, log x blow up) and moderate in size
# (so central differences are accurate); a rule's own domain is enforced by `assume` in the test.
MIN_MAGNITUDE = 0.05
MAX_MAGNITUDE = 3.0
FINITE_DIFFERENCE_STEP = 1e-6


def moderate_floats() -> st.SearchStrategy[float]:
    """Floats in [-3, -0.05] ∪ [0.05, 3]."""
    magnitude = st.floats(MIN_MAGNITUDE, MAX_MAGNITUDE, allow_nan=False, allow_infinity=False)
    return st.tuples(magnitude, st.booleans()).map(lambda pair: pair[0] if pair[1] else -pair[0])


def central_difference(function: Callable[..., float], point: Sequence[float], index: int) -> float:
    """(f(x + h·e_i) - f(x - h·e_i)) / 2h: the slope of `function` along argument `index`."""
    h = FINITE_DIFFERENCE_STEP * max(1.0, abs(point[index]))
    up = list(point)
    down = list(point)
    up[index] += h
    down[index] -= h
    return (function(*up) - function(*down)) / (2.0 * h)


def close(analytic: float, numeric: float, rel: float = 1e-4, abs_tol: float = 1e-6) -> bool:
    """Whether a backprop gradient agrees with a finite-difference estimate."""
    return math.isclose(analytic, numeric, rel_tol=rel, abs_tol=abs_tol)


def every_rule() -> list[Rule]:
    """Every rule in the table, and a few of each family that carries a constant.

    The tests that take this list check every row: a new op added to `rules.RULES` is tested
    (first and second order, against finite differences) with no edit here.
    """
    return [
        *RULES.values(),
        STEP,
        power(1.0),
        power(2.0),
        power(3.0),
        power(-1.0),
        power(0.5),
        power(0.0),
        leaky_relu(DEFAULT_NEGATIVE_SLOPE),
        leaky_relu(0.2),
    ]
