"""Three functions the rules use, besides `math`; and `real`, the number in a float or a Value.

On floats they never raise on overflow: it gives ±inf, as IEEE arithmetic, ``x * x`` and PyTorch
do; only inputs where an operation is undefined (log 0, 1 / 0, 0 ** -1) are errors.
"""

from __future__ import annotations

import math

from autograd.engine.grad_mode import TYPE_CHECKING, frozen_branch, tracing

if TYPE_CHECKING:
    from typing import Any

LARGEST_EXP_INPUT = 709.782712893384  # ln(largest float): e^x overflows for any larger x


def logistic(x: float) -> float:
    """σ(x) = 1 / (1 + e^{-x}) without overflow: for x < 0 it uses the equal e^x / (1 + e^x)."""
    exp_x = math.exp(-abs(x))  # e^-x for x ≥ 0, e^x for x < 0: at most 1, never an overflow
    return 1.0 / (1.0 + exp_x) if x >= 0.0 else exp_x / (1.0 + exp_x)


def exp_or_inf(x: float) -> float:
    """e^x, or inf for x > 709.78, where it overflows a float (`math.exp` would raise)."""
    return math.inf if x > LARGEST_EXP_INPUT else math.exp(x)


def pow_or_inf(x: Any, y: Any) -> Any:
    """x^y, or ±inf where it overflows a float; for a `Value` x, the node ``x ** y``.

    Raises ValueError where x^y is undefined (x < 0 with a fractional y, 0 to a negative power).
    """
    if not isinstance(x, float | int):  # a Value: derivatives of derivatives
        return x**y
    try:
        return math.pow(x, y)
    except OverflowError:
        return -math.inf if x < 0.0 and y % 2.0 == 1.0 else math.inf


def real(x: Any) -> float:
    """The number in `x`: `x` itself for a float, ``x.data`` for a `Value`.

    A rule that branches on where its input lies (x ** y: is x positive?) branches on this, so
    that the same code runs on floats and, for derivatives of derivatives, on Values.
    """
    if not isinstance(x, float | int) and tracing.get() is not None:  # compile would freeze it
        raise frozen_branch("a derivative that branches on its input's number (x ** y's)")
    return x if isinstance(x, float | int) else float(x.data)
