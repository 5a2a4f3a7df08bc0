"""One view of a computation graph, computed once per root, for drawing, explaining and playing.

The view holds the topological order, each node's consumers, a short unique name for every node,
the node ids drawings use, and how numbers are printed. It reads only the public engine: a
node's `parents` and `rule` (whose `inputs` name its arguments and whose `kind` says what it is).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from autograd.engine import rules
from autograd.engine.backprop import topological_order
from autograd.engine.rules import ACTIVATION
from autograd.engine.value import Value

DEFAULT_PRECISION = 4  # digits after the decimal point in printed numbers
ROOT_NAME = "L"  # what an unlabelled root is called in formulas: ∂L/∂x
SCIENTIFIC_ABOVE = 1e6  # numbers this large or larger print in scientific notation


def format_number(x: float, precision: int = DEFAULT_PRECISION) -> str:
    """`x` with `precision` decimals; scientific notation where that would hide it (tiny/huge)."""
    if not math.isfinite(x):
        return str(x)
    if x == 0.0:
        x = 0.0  # print -0.0 as 0
    magnitude = abs(x)
    if magnitude != 0.0 and (magnitude < 10.0**-precision or magnitude >= SCIENTIFIC_ABOVE):
        return f"{x:.{precision}e}"
    return f"{x:.{precision}f}"


class Consumer(NamedTuple):
    """A node that uses another: `child` takes it as its argument number `position`."""

    child: Value
    position: int


@dataclass(frozen=True)
class GraphView:
    """Everything about `root`'s graph that pictures and explanations need, computed once.

    Attributes:
        root: the node the view was made for (usually the loss).
        order: every node `root` depends on, parents before children; `root` is last.
        consumers: for every node, the nodes that use it, in graph order (``a * a`` uses a
            twice).
        names: a short, unique, deterministic name per node (see `GraphView.of`).
        ids: the node ids in drawings: ``n{k}`` for the k-th node of `order`.
        precision: decimals in printed numbers.

    """

    root: Value
    order: tuple[Value, ...]
    consumers: dict[Value, list[Consumer]]
    names: dict[Value, str]
    ids: dict[Value, str]
    precision: int = DEFAULT_PRECISION

    @classmethod
    def of(cls, root: Value, precision: int = DEFAULT_PRECISION) -> GraphView:
        """The view of `root`'s graph.

        A node's name is its label when no other node has that label; ``label#k`` when labels
        repeat; ``L`` for an unlabelled root; ``vk`` otherwise, where k is the node's place in
        the topological order (the same k as the node id ``nk`` in drawings).
        """
        order = tuple(topological_order(root))
        consumers: dict[Value, list[Consumer]] = {node: [] for node in order}
        label_count: dict[str, int] = {}
        for child in order:
            label_count[child.label] = label_count.get(child.label, 0) + 1
            for position, parent in enumerate(child.parents):
                consumers[parent].append(Consumer(child, position))
        names: dict[Value, str] = {}
        for k, node in enumerate(order):
            if node.label and label_count[node.label] == 1:
                names[node] = node.label
            elif node.label:
                names[node] = f"{node.label}#{k}"
            elif node is root and ROOT_NAME not in label_count:
                names[node] = ROOT_NAME
            else:
                names[node] = f"v{k}"
        ids = {node: f"n{k}" for k, node in enumerate(order)}
        return cls(root, order, consumers, names, ids, precision)

    def number(self, x: float) -> str:
        """`x` printed with this view's precision (see `format_number`)."""
        return format_number(x, self.precision)

    def d(self, top: Value, bottom: Value) -> str:
        """``∂top/∂bottom`` with the nodes' names."""
        return f"∂{self.names[top]}/∂{self.names[bottom]}"

    def argument(self, node: Value, position: int) -> str:
        """The name of argument `position` of `node`'s op, from its rule (``x`` or ``y``)."""
        return node.rule.inputs[position]

    def net_input_of(self, node: Value) -> Value | None:
        """The neuron's net input w·x + b if `node` is a neuron's output, else None.

        A neuron's output is an activation (a rule of kind ``activation``) applied to a sum of
        products and leaves (only ``+`` and ``*`` between the net input and the leaves or
        earlier activations it reads), as in ``tanh(x1*w1 + x2*w2 + b)``; ``tanh(a*b + a**2)``
        is not a neuron.
        """
        if node.rule.kind != ACTIVATION or len(node.parents) != 1:
            return None
        net = node.parents[0]
        stack = [net]
        while stack:
            current = stack.pop()
            if current.is_leaf or (current is not net and current.rule.kind == ACTIVATION):
                continue
            if current.rule not in (rules.ADD, rules.MUL):
                return None
            stack.extend(current.parents)
        return net


def as_parameter_set(values: Iterable[Value] | None) -> frozenset[Value] | None:
    """`values` as a frozenset; None stays None (parameters not given)."""
    return None if values is None else frozenset(values)
