"""Micrograd compatibility: what lets code written for Karpathy's micrograd run unchanged.

micrograd builds nodes as ``Value(data, _children, _op)`` with the op's name as a string, and
reads ``_prev`` and ``_op``. Here the name is looked up in the rules table (`rule_for_op`), and
`MicrogradNames` gives every Value those two attributes. Swap ``micrograd`` for ``autograd`` in
``from micrograd.engine import Value`` and ``from micrograd.nn import MLP``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from autograd.engine.rules import LEAF_RULE, RULES, UNKNOWN, Rule

if TYPE_CHECKING:
    from autograd.engine.value import Value

# micrograd's spellings of ops whose name differs here
MICROGRAD_OP_NAMES = {"ReLU": "relu"}


class MicrogradNames:
    """micrograd's names for a node's parents (``_prev``) and its op's name (``_op``)."""

    __slots__ = ()
    parents: tuple[Value, ...]
    rule: Rule

    @property
    def _prev(self) -> tuple[Value, ...]:
        """Micrograd's name for `parents`."""
        return self.parents

    @property
    def _op(self) -> str:
        """Micrograd's name for the op's name (`Value.op`)."""
        return self.rule.name


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
        if not isinstance(parent, MicrogradNames):  # every Value is one
            raise TypeError(
                f"Value: _children must be Values, got {type(parent).__name__} {parent!r}; wrap "
                f"numbers with Value(...)"
            )
    rule = RULES.get(MICROGRAD_OP_NAMES.get(op, op))
    if rule is not None and len(rule.inputs) == len(parents):
        return parents, rule
    return parents, _no_rule(op, len(parents))


@functools.cache  # one rule per op and arity: a Rule compiles its code when made
def _no_rule(op: str, arity: int) -> Rule:
    """The rule of micrograd's op with no rule here: its derivative raises a clear error."""
    fix = (
        f"micrograd's op {op!r} with {arity} children has no derivative rule here; build "
        f"the value from Value operations (+, *, tanh, …), or add a rule (see the README)"
    )
    inputs = tuple(f"x{i}" for i in range(arity))
    no_rule = ("no_derivative()",) * arity
    return Rule(op or "?", inputs, "0.0", no_rule, "no derivative rule", fix, UNKNOWN)
