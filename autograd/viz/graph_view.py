"""One view of a computation graph, computed once per root, for drawing, explaining and playing.

The view holds the topological order, each node's consumers, a short unique name for every node,
the node ids drawings use, each node as a formula, the neurons' net inputs, and how numbers are
printed. It reads only the public engine: a node's `parents` and `rule` (whose `inputs` name its
arguments and whose `kind` says what it is). Also here: the checks the viz functions share
(`require_value`, `parameter_set`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, NamedTuple

from autograd.engine import rules
from autograd.engine.backprop import topological_order
from autograd.engine.rules import ACTIVATION, ARITHMETIC
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

    def formula(self, node: Value) -> str:
        """The node as its op applied to its parents, by name: ``c = a * b``, ``t = tanh(c)``.

        Arithmetic on two arguments is written between them (``c = a * b``), a constant power
        after its argument (``s = a**2``), every other op as a function (``t = tanh(c)``); a
        leaf is just its name.
        """
        name = self.names[node]
        if node.is_leaf:
            return name
        args = [self.names[parent] for parent in node.parents]
        if node.rule.kind == ARITHMETIC and len(args) == 2:
            return f"{name} = {args[0]} {node.op} {args[1]}"
        if node.op.startswith("**") and len(args) == 1:
            return f"{name} = {args[0]}{node.op}"
        return f"{name} = {node.op}({', '.join(args)})"

    @cached_property
    def net_inputs(self) -> dict[Value, Value]:
        """Each neuron output's net input w·x + b (see `net_input_of`), found once per view."""
        found: dict[Value, Value] = {}
        for node in self.order:
            net = _net_input(node)
            if net is not None:
                found[node] = net
        return found

    def net_input_of(self, node: Value) -> Value | None:
        """The neuron's net input w·x + b if `node` is a neuron's output, else None.

        A neuron's output is an activation (a rule of kind ``activation``) applied to a sum of
        products and leaves (only ``+`` and ``*`` between the net input and the leaves or
        earlier activations it reads), as in ``tanh(x1*w1 + x2*w2 + b)``; ``tanh(a*b + a**2)``
        is not a neuron.
        """
        return self.net_inputs.get(node)


def _net_input(node: Value) -> Value | None:
    """`GraphView.net_input_of`, worked out by walking down from `node`."""
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


def view_of(
    root: Value, precision: int = DEFAULT_PRECISION, view: GraphView | None = None
) -> GraphView:
    """`view` if it is `root`'s (with `precision`), else ``GraphView.of(root, precision)``.

    Lets a function hand the view it built to the next one, so that a graph is sorted once.
    """
    if view is None or view.root is not root:
        return GraphView.of(root, precision)
    return view if view.precision == precision else replace(view, precision=precision)


def require_value(
    function: str,
    argument: str,
    given: object,
    hint: str = "pass the Value itself (e.g. the loss, or a weight)",
) -> Value:
    """`given`, checked to be a `Value`; else a TypeError naming `function` and `argument`."""
    if not isinstance(given, Value):
        raise TypeError(
            f"{function}: {argument} must be a Value, got {type(given).__name__} {given!r}; {hint}"
        )
    return given


def parameter_set(
    function: str, parameters: Iterable[Value] | None, group_by: Any = None
) -> frozenset[Value] | None:
    """The `parameters` and those of the model `group_by`, checked; None when neither is given.

    None means "parameters unknown" (drawings then colour every leaf alike, and explanations
    call any leaf a weight).

    Raises:
        TypeError: a parameter is not a Value, or `group_by` has no ``.parameters()``.

    """
    if parameters is None and group_by is None:
        return None
    found: set[Value] = set()
    for parameter in parameters or ():
        if not isinstance(parameter, Value):
            raise TypeError(
                f"{function}: parameters must be Values, got {type(parameter).__name__} "
                f"{parameter!r}; pass e.g. parameters=model.parameters()"
            )
        found.add(parameter)
    if group_by is not None:
        if not callable(getattr(group_by, "parameters", None)):
            raise TypeError(
                f"{function}: group_by must be a model with .parameters() (and .layers → "
                f".neurons for clusters), got {type(group_by).__name__} {group_by!r}; pass "
                f"e.g. group_by=model"
            )
        found.update(group_by.parameters())
    return frozenset(found)
