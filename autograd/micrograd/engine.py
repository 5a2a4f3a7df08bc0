"""micrograd's `Value`: the library's Value with micrograd's constructor and attribute names.

``Value(data, _children, _op)`` looks the op's name up in the rules table (`rule_for_op`), and
``_prev``/``_op`` read `parents` and the rule's name. Nodes computed from these Values are these
Values too (operations make nodes of their input's class), so a whole graph has micrograd's names.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from autograd.engine import rules
from autograd.engine import value as engine
from autograd.engine.rules import LEAF_RULE, RULES, UNKNOWN, Rule

# micrograd's spellings of ops whose name differs here
MICROGRAD_OP_NAMES = {"ReLU": "relu"}


class Value(engine.Value):
    """micrograd's ``Value(data, _children=(), _op='', label='')``, with ``_prev`` and ``_op``.

    Operations on it (``+``, ``*``, ``relu()`` …) make nodes of this class, also when the other
    input is the library's own Value (the reflected operators below are found first).
    """

    __slots__ = ()

    def __init__(self, data: float, _children: Any = (), _op: Any = "", label: Any = "") -> None:
        if isinstance(label, Rule):  # made by an operation: Value.apply's (data, "", parents, rule)
            super().__init__(data, _children, _op, label)
            return
        parents, rule = rule_for_op(_children, _op)
        super().__init__(data, label, parents, rule)

    @property
    def _prev(self) -> tuple[engine.Value, ...]:
        """Micrograd's name for `parents`."""
        return self.parents

    @property
    def _op(self) -> str:
        """Micrograd's name for the op's name (`Value.op`)."""
        return self.rule.name

    # Nodes of this class: numbers beside it become leaves of this class, and `w * x` with w
    # the library's Value and x this one finds x's reflected operator first (a subclass's).
    def __add__(self, other: engine.Value | float) -> engine.Value:
        return self.apply(rules.ADD, self, self._input(other, "+"))

    def __radd__(self, other: engine.Value | float) -> engine.Value:
        return self.apply(rules.ADD, self._input(other, "+"), self)

    def __sub__(self, other: engine.Value | float) -> engine.Value:
        return self.apply(rules.SUB, self, self._input(other, "-"))

    def __rsub__(self, other: engine.Value | float) -> engine.Value:
        return self.apply(rules.SUB, self._input(other, "-"), self)

    def __mul__(self, other: engine.Value | float) -> engine.Value:
        return self.apply(rules.MUL, self, self._input(other, "*"))

    def __rmul__(self, other: engine.Value | float) -> engine.Value:
        return self.apply(rules.MUL, self._input(other, "*"), self)

    def __truediv__(self, other: engine.Value | float) -> engine.Value:
        return self.apply(rules.DIV, self, self._input(other, "/"))

    def __rtruediv__(self, other: engine.Value | float) -> engine.Value:
        return self.apply(rules.DIV, self._input(other, "/"), self)

    def __rpow__(self, other: engine.Value | float) -> engine.Value:
        return self.apply(rules.POW, self._input(other, "**"), self)

    def _input(self, other: engine.Value | float, op: str) -> engine.Value:
        """`other` as an input: a Value as it is, a number as a new leaf of this class."""
        return other if isinstance(other, engine.Value) else Value(engine.as_float(other, op))


def rule_for_op(children: Iterable[Any], op: str) -> tuple[tuple[Any, ...], Rule]:
    """The parents and rule of a node made as ``Value(data, _children, _op)``.

    A node with no children is a leaf, whatever its op. A node whose op is in the rules table
    with that many inputs gets that rule, so its gradient flows. Any other op gets a rule whose
    derivative raises a clear error if backprop ever reaches it.

    Raises:
        TypeError: a child is not a Value.

    """
    parents = tuple(children)
    if not parents:
        return (), LEAF_RULE
    for parent in parents:
        if not isinstance(parent, engine.Value):
            raise TypeError(
                f"Value: _children must be Values, got {type(parent).__name__} {parent!r}; wrap "
                f"numbers with Value(...)"
            )
    rule = RULES.get(MICROGRAD_OP_NAMES.get(op, op))
    if rule is not None and len(rule.inputs) == len(parents):
        return parents, rule
    return parents, no_rule(op, len(parents))


@functools.cache  # one rule per op and arity
def no_rule(op: str, arity: int) -> Rule:
    """The rule of micrograd's op with no rule here: its derivative raises a clear error."""
    fix = (
        f"micrograd's op {op!r} with {arity} children has no derivative rule here; build "
        f"the value from Value operations (+, *, tanh, …), or add a rule (see the README)"
    )

    def no_derivative() -> tuple[float, ...]:
        raise ValueError(fix)

    # one function per arity, so that the rule knows how many inputs it has
    locals_by_arity: dict[int, Callable[..., tuple[float, ...]]] = {
        1: lambda x0, out: no_derivative(),
        2: lambda x0, x1, out: no_derivative(),
        3: lambda x0, x1, x2, out: no_derivative(),
    }
    local = locals_by_arity.get(arity)
    if local is None:
        raise TypeError(
            f"Value: micrograd's op {op!r} with {arity} children; an op here has at most 3 "
            f"inputs: build the value from Value operations (+, *, tanh, …)"
        )
    return Rule(op or "?", lambda *xs: 0.0, local, "no derivative rule", fix, UNKNOWN)
