"""The functions that the rules' code may call, besides `math` and the rules themselves.

On floats they never raise on overflow: it gives ±inf, as IEEE arithmetic, ``x * x`` and PyTorch
do; only inputs where an operation is undefined (log 0, 1 / 0) are errors. `real` reads the float
inside a number or a `Value`; `no_derivative` stands in for an op with no rule.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["exp_or_inf", "logistic", "no_derivative", "pow_or_inf", "real"]

LARGEST_EXP_INPUT = 709.782712893384  # ln(largest float): e^x overflows for any larger x


def real(x: Any) -> float:
    """The float inside `x`: `x` itself for a number, ``x.data`` for a `Value`."""
    return float(x) if isinstance(x, float | int) else float(x.data)


def logistic(x: float) -> float:
    """σ(x) = 1 / (1 + e^{-x}) without overflow: for x < 0 it uses the equal e^x / (1 + e^x)."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    exp_x = math.exp(x)
    return exp_x / (1.0 + exp_x)


def exp_or_inf(x: float) -> float:
    """E^x, or inf for x > 709.78, where it overflows a float (`math.exp` would raise)."""
    return math.inf if x > LARGEST_EXP_INPUT else math.exp(x)


def pow_or_inf(x: Any, y: Any) -> Any:
    """X^y, or ±inf where it overflows a float; for a `Value` x, the node ``x ** y``.

    Raises ValueError where x^y is undefined (x < 0 with a fractional y, 0 to a negative power).
    """
    if not isinstance(x, float | int):
        return x**y
    try:
        return math.pow(x, y)
    except OverflowError:
        return -math.inf if x < 0.0 and y % 2.0 == 1.0 else math.inf


def no_derivative(*inputs_and_out: Any) -> float:
    """The derivative of an op that has no rule (micrograd's ``Value(data, children, "op")``)."""
    raise ValueError("this op has no derivative rule")
