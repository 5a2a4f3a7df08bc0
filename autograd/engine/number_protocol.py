"""What lets a `Value` stand where Python expects a number, and which numbers a Value takes.

A Value converts with ``float(v)``, compares with ``<`` ``<=`` ``>`` ``>=`` (plain bools from
``.data``, as in PyTorch) and pickles. ``==`` and hashing stay by identity, so that Values can be
dict keys and set members (the chain rule keeps ``{node: gradient}``).
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from autograd.engine.micrograd import rule_for_op
from autograd.engine.rules import Rule

Number = float | int
"""What may stand beside a `Value` in arithmetic: any real number (ints, floats, numpy scalars)."""


class NumberProtocol:
    """The number-like side of `Value`: ``float(v)``, ``v < 3``, pickling; ``bool(v)`` is an error.

    ``bool(v)`` raises instead of guessing: ``if v:`` on a Value is almost always a bug (use
    ``if v.data > 0``). A pickled Value is a leaf with its data, grad and label: like
    ``torch.save``, pickling keeps the number, not the graph that made it.
    """

    __slots__ = ()
    __array_ufunc__ = None  # numpy: `numpy.float64(3.0) * value` calls Value.__rmul__
    data: float
    grad: float
    label: str

    def __float__(self) -> float:
        return self.data

    def __lt__(self, other: Any) -> bool:
        return bool(self.data < _number(other))

    def __le__(self, other: Any) -> bool:
        return bool(self.data <= _number(other))

    def __gt__(self, other: Any) -> bool:
        return bool(self.data > _number(other))

    def __ge__(self, other: Any) -> bool:
        return bool(self.data >= _number(other))

    def __bool__(self) -> bool:
        raise TypeError(
            f"the truth value of {self!r} is ambiguous: a Value is a graph node, not a number to "
            f"branch on; compare its number instead, e.g. `if v.data > 0:` or `if v > 0:`"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return _leaf, (type(self), self.data, self.grad, self.label)


def _number(other: Any) -> Any:
    return other.data if isinstance(other, NumberProtocol) else other


def _leaf(value_type: Any, data: float, grad: float, label: str) -> Any:
    """A pickled Value, loaded back as a leaf."""
    value = value_type(data, label=label)
    value.grad = grad
    return value


def as_float(x: object, where: str) -> float:
    """`x` as a float if it is a real number, else a TypeError naming what was given and the fix."""
    if type(x) is float:  # the usual case, before the slower checks
        return x
    if isinstance(x, numbers.Real):
        try:
            return float(x)
        except OverflowError:
            size = _digits(math.trunc(x))
            raise OverflowError(
                f"{where}: got {type(x).__name__} {size}, too large for a float (the "
                f"largest is about 1.8e308); scale it down before making a Value of it"
            ) from None
    hint = " (use the Value itself, or its .data)" if isinstance(x, NumberProtocol) else ""
    hint += "; convert it with float(...)" if isinstance(x, numbers.Number) else ""
    raise TypeError(f"{where}: expected a real number, got {type(x).__name__} {x!r}{hint}")


def _digits(n: Any) -> str:
    """How long a huge whole number is, for an error message (no str() of 10^5000 needed)."""
    digits = int(int(abs(n)).bit_length() * math.log10(2)) + 1
    return f"about {digits} digits long"


def checked(
    data: object, parents: Any, rule: Rule | str, label: object
) -> tuple[float, Any, Rule, str]:
    """The arguments of ``Value(data, parents, rule, label)`` made by a person, checked.

    `data` must be a real number (it becomes a float) and `label` a str. A `rule` given as a
    string is micrograd's ``Value(data, _children, _op)``: "" makes a leaf, and an op's name is
    looked up in the rules table (see micrograd.py).

    Raises:
        TypeError: naming what was given and what to pass instead.

    """
    if not isinstance(label, str):
        raise TypeError(
            f"Value label must be a str, got {type(label).__name__} {label!r}; pass a name such "
            f"as label='w1'"
        )
    if isinstance(rule, str):
        parents, rule = rule_for_op(parents, rule)
    return as_float(data, "Value"), parents, rule, label
