"""One view of a computation graph, built once per call, that drawing, explaining and playing share.

The view holds the topological order, each node's consumers, the one naming scheme every tool
shows (`GraphView.of`), the node ids drawings use, each node as a formula, each node's role, the
neurons' net inputs, and how numbers are printed. It reads only the public engine: a node's
`parents`, `op` and its rule's `kind`. Also here: the checks the viz functions share.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from autograd.engine.backprop import topological_order
from autograd.engine.rules import ACTIVATION, ARITHMETIC
from autograd.engine.value import Value

DEFAULT_PRECISION = 4  # digits after the decimal point in printed numbers
ROOT_NAME = "L"  # what an unlabelled root is called in formulas: ∂L/∂x
SCIENTIFIC_ABOVE = 1e6  # numbers this large or larger print in scientific notation
ORDINALS = ("1st", "2nd", "3rd")  # which argument a value is, where a node uses it twice
WEIGHTED_SUM_OPS = ("+", "*")  # the ops of a neuron's net input w·x + b
ADDING_OPS = ("+", "-")  # a parameter a net input adds (not scales) is a bias


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


def ordinal(position: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``… for argument `position` (counted from 0)."""
    return ORDINALS[position] if position < len(ORDINALS) else f"{position + 1}th"


class Consumer(NamedTuple):
    """A node that uses another: `child` takes it as its argument number `position`."""

    child: Value
    position: int


@dataclass(frozen=True)
class GraphView:
    """Everything about `root`'s graph that pictures and explanations need, computed once.

    Build it with `GraphView.of`. Each public viz function builds one from the root it is
    given and hands it to the helpers it calls, so a graph is sorted once per call. It is not
    cached between calls on purpose: a cache would keep every graph ever drawn alive (a view
    holds its nodes, and a `Value` cannot be referenced weakly), and labels set after a view
    was made would not show in it. The view reads the labels when it is made.

    Attributes:
        root: the node the view was made for (usually the loss).
        order: every node `root` depends on, parents before children; `root` is last.
        consumers: for every node, the nodes that use it, in graph order (``a * a`` uses a
            twice).
        names: a short, unique, deterministic name per node (see `GraphView.of`): the names
            every drawing, explanation, player step and check shows.
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
        the topological order (the same k as the node id ``nk`` in drawings, and as the
        compiled code's variable names).
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

    def sum_text(self, terms: Sequence[float]) -> str:
        """Numbers added up, negative ones as subtractions: ``0.2826 - 0.2120 + 1.0000``."""
        text = self.number(terms[0])
        for term in terms[1:]:
            text += f" - {self.number(-term)}" if term < 0 else f" + {self.number(term)}"
        return text

    def product_text(self, factors: Sequence[float]) -> str:
        """Numbers multiplied, negative factors after the first in brackets: ``2 × (-3)``."""
        shown = [
            self.number(f) if k == 0 or f >= 0 else f"({self.number(f)})"
            for k, f in enumerate(factors)
        ]
        return " × ".join(shown)

    def d(self, top: Value, bottom: Value) -> str:
        """``∂top/∂bottom`` with the nodes' names."""
        return f"∂{self.names[top]}/∂{self.names[bottom]}"

    def repeated_argument(self, node: Value, position: int) -> str:
        """``1st``, ``2nd``… when `node` uses its argument `position` more than once; else "".

        ``d = b * b`` has two local derivatives with respect to b, one per argument; the
        ordinal tells them apart (the rule's own input names, x and y, would clash with a
        student's variables).
        """
        parent = node.parents[position]
        uses = sum(other is parent for other in node.parents)
        return ordinal(position) if uses > 1 else ""

    def local(self, node: Value, position: int) -> str:
        """The local derivative of `node` in its argument `position`: ``∂v3/∂b``.

        Written ``∂d/∂b (1st)`` where `node` uses that value more than once.
        """
        symbol = self.d(node, node.parents[position])
        which = self.repeated_argument(node, position)
        return f"{symbol} ({which})" if which else symbol

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

    def role(self, node: Value, parameters: frozenset[Value] | None) -> str:
        """What the node is: ``output`` (the root), ``intermediate``, or a leaf's role.

        A leaf is a ``parameter`` when it is one of `parameters`, an ``input`` otherwise; when
        the parameters are not known (None or empty) it is just a ``leaf``.
        """
        if node is self.root:
            return "output"
        if not node.is_leaf:
            return "intermediate"
        if not parameters:
            return "leaf"
        return "parameter" if node in parameters else "input"

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

        A neuron's output is an activation (a rule of kind ``activation``) applied to a
        weighted sum: an operation built from ``+`` and ``*`` only, down to leaves or earlier
        activations, as in ``tanh(x1*w1 + x2*w2 + b)``. ``tanh(a*b + a**2)`` is not a neuron,
        nor is ``tanh(x)`` of a leaf.
        """
        return self.net_inputs.get(node)

    @cached_property
    def root_is_loss(self) -> bool:
        """Whether the root is an error computed from neuron outputs, such as (out - target)².

        True when the graph has a neuron and the root is neither a neuron's output nor a
        weighted sum (a linear output neuron, or a sum of neuron outputs): only then do the
        lecture's words "how the error changes with the output" describe ∂root/∂out.
        """
        root = self.root
        return bool(self.net_inputs) and root not in self.net_inputs and not _weighted_sum(root)


def _weighted_sum(node: Value) -> bool:
    """Whether `node` is an operation of ``+`` and ``*`` only, down to leaves or activations."""
    if node.is_leaf or node.op not in WEIGHTED_SUM_OPS:
        return False
    stack = [node]
    while stack:
        current = stack.pop()
        if current.is_leaf or current.rule.kind == ACTIVATION:
            continue
        if current.op not in WEIGHTED_SUM_OPS:
            return False
        stack.extend(current.parents)
    return True


def _net_input(node: Value) -> Value | None:
    """`GraphView.net_input_of`, worked out by walking down from `node`."""
    if node.rule.kind != ACTIVATION or len(node.parents) != 1:
        return None
    net = node.parents[0]
    return net if _weighted_sum(net) else None


def refuse_big_graph(function: str, n_values: int, limit: int, advice: str) -> None:
    """Raise a ValueError when a graph of `n_values` values is over `limit`, saying what to do.

    Checked before any layout starts, so that a graph too big to show is refused at once
    instead of after minutes of layout.
    """
    if n_values > limit:
        raise ValueError(
            f"{function}: this graph has {n_values:,} values, more than the {limit:,} it shows "
            f"readably (the layout takes longer the bigger the graph, minutes for tens of "
            f"thousands of values, and the boxes would be too small to read). {advice}; or pass "
            f"max_nodes={n_values} to go ahead anyway."
        )


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
