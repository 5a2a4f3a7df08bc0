"""`MiniValue`, the smallest value class backprop can run on, and the graphs checkers try.

The "write backward() yourself" exercise uses `MiniValue`: each node stores its number, its
parents, and its local derivatives ∂node/∂parent (worked out when the node is made), so that a
student's topological sort and chain-rule loop are all that is missing. `STORIES` are the small
graphs a student's code is tried on, smallest first: one value, a value used twice, fan-out, a
diamond, a deep chain, and seeded random graphs. `mirror` copies a graph into `Value`s so the
library's chain rule gives the right answers and `draw_dot` can draw it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from autograd.engine import rules
from autograd.engine.backprop import topological_order
from autograd.engine.value import Value

RANDOM_GRAPHS = 24  # how many random graphs a student's code is tried on
RANDOM_SEED = 13  # the same random graphs every time, so feedback is reproducible
MIN_RANDOM_OPS, MAX_RANDOM_OPS = 2, 12  # operations per random graph
DEEP_CHAIN_LENGTH = 50  # a chain this deep: tanh, tanh, …
CHAIN_WEIGHT = 0.9  # each step of the deep chain is tanh(0.9·x + 0.1), so gradients stay visible
CHAIN_SHIFT = 0.1
LETTERS = "abcdefghijklmnopqrstuvwxyz"


class MiniValue:
    """A number in a computation graph, with just what backprop needs.

    ``MiniValue(2.0, label="a")`` is a leaf. ``+``, ``*`` and `tanh` make new nodes and record,
    for each parent, the local derivative ∂node/∂parent: for c = a + b they are (1, 1); for
    c = a · b they are (b, a); for t = tanh(a) it is 1 − t².

    Attributes:
        data: the number.
        grad: ∂(output)/∂(this node), 0.0 until a backward pass fills it.
        parents: the nodes this one was computed from, in argument order (a * a lists a twice).
        local_grads: ∂self/∂parent for each parent, in the same order.
        op: the operation that made it ("+", "*", "tanh"), "" for a leaf.
        label: its name in pictures and messages.

    """

    def __init__(
        self,
        data: float,
        parents: tuple[MiniValue, ...] = (),
        op: str = "",
        local_grads: tuple[float, ...] = (),
        label: str = "",
    ) -> None:
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents
        self.local_grads = local_grads
        self.op = op
        self.label = label

    def __add__(self, other: MiniValue | float) -> MiniValue:
        other = other if isinstance(other, MiniValue) else MiniValue(other)
        return MiniValue(self.data + other.data, (self, other), "+", (1.0, 1.0))

    def __radd__(self, other: float) -> MiniValue:
        return MiniValue(other) + self

    def __mul__(self, other: MiniValue | float) -> MiniValue:
        other = other if isinstance(other, MiniValue) else MiniValue(other)
        return MiniValue(self.data * other.data, (self, other), "*", (other.data, self.data))

    def __rmul__(self, other: float) -> MiniValue:
        return MiniValue(other) * self

    def tanh(self) -> MiniValue:
        """t = tanh x, a new node; its local derivative is 1 − t²."""
        t = math.tanh(self.data)
        return MiniValue(t, (self,), "tanh", (1.0 - t * t,))

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"MiniValue({name}data={self.data:.4g}, grad={self.grad:.4g})"


#: The library's rule for each MiniValue operation (to mirror a graph into Values).
MIRROR_RULES = {"+": rules.ADD, "*": rules.MUL, "tanh": rules.TANH}


#: Either kind of graph node.
Node = TypeVar("Node", bound=MiniValue | Value)


def mini_order(root: Node) -> list[Node]:
    """The right topological order of a MiniValue graph (or a Value graph).

    It is the library's `topological_order`, which reads only each node's `.parents`.
    """
    return cast(list[Node], topological_order(cast(Any, root)))


def mirror(root: MiniValue | Value) -> tuple[Value, dict[Any, Value]]:
    """The same graph as `Value`s, and which Value stands for which node.

    A `Value` graph is its own mirror. Labels are copied, so pictures use the same names. The
    dict lists the nodes in topological order (as `mini_order` gives them).
    """
    if isinstance(root, Value):
        return root, {node: node for node in topological_order(root)}
    copies: dict[Any, Value] = {}
    for node in mini_order(root):
        if node.parents:
            rule = MIRROR_RULES[node.op]
            copy = Value.apply(rule, *(copies[parent] for parent in node.parents))
            copy.label = node.label
        else:
            copy = Value(node.data, label=node.label)
        copies[node] = copy
    return copies[root], copies


def name_nodes(root: MiniValue) -> MiniValue:
    """Label every unlabelled node by its place in topological order (a, b, …, z, n26, …)."""
    for k, node in enumerate(mini_order(root)):
        if not node.label:
            node.label = LETTERS[k] if k < len(LETTERS) else f"n{k}"
    return root


@dataclass(frozen=True)
class Story:
    """A graph to try a student's code on: what it shows, and how to build it afresh.

    Attributes:
        name: what is special about it, e.g. "a value used twice: b = a * a".
        build: makes a new copy (all grads 0), with every node labelled.
        size: how many nodes it has (stories are tried smallest first).

    """

    name: str
    build: Callable[[], MiniValue]
    size: int


def _one_value() -> MiniValue:
    return MiniValue(2.0, label="a")


def _one_operation() -> MiniValue:
    return name_nodes(MiniValue(2.0) + MiniValue(-3.0))


def _used_twice() -> MiniValue:
    a = MiniValue(3.0, label="a")
    return name_nodes(a * a)


def _fan_out() -> MiniValue:
    a, b = MiniValue(2.0, label="a"), MiniValue(-3.0, label="b")
    c = a * b
    c.label = "c"
    d = a + c
    d.label = "d"
    return d


def _diamond() -> MiniValue:
    a, b = MiniValue(0.5, label="a"), MiniValue(-1.5, label="b")
    c = a * b
    c.label = "c"
    d = c.tanh()
    d.label = "d"
    e = c + d
    e.label = "e"
    return e


def _deep_chain() -> MiniValue:
    x = MiniValue(0.5)
    for _ in range(DEEP_CHAIN_LENGTH):
        x = (x * CHAIN_WEIGHT + CHAIN_SHIFT).tanh()
    return name_nodes(x)


def _random_graph(seed: int, n_ops: int) -> Callable[[], MiniValue]:
    def build() -> MiniValue:
        rng = random.Random(seed)
        nodes = [MiniValue(round(rng.uniform(-2.0, 2.0), 1)) for _ in range(rng.randint(1, 3))]
        for _ in range(n_ops):
            # pick recent nodes more often, so graphs are deep as well as wide
            first = nodes[-1 - min(int(rng.expovariate(0.7)), len(nodes) - 1)]
            second = rng.choice(nodes)
            op = rng.choice(("+", "*", "tanh"))
            nodes.append(
                first + second if op == "+" else first * second if op == "*" else first.tanh()
            )
        return name_nodes(nodes[-1])

    return build


def _stories() -> list[Story]:
    named: list[tuple[str, Callable[[], MiniValue]]] = [
        ("a single value: a (the output is a leaf)", _one_value),
        ("one operation: c = a + b", _one_operation),
        ("a value used twice: b = a * a", _used_twice),
        ("fan-out, a used by two nodes: c = a * b, d = a + c", _fan_out),
        ("a diamond, c reaches e two ways: c = a * b, d = tanh(c), e = c + d", _diamond),
        (f"a deep chain: {DEEP_CHAIN_LENGTH} steps of tanh(0.9·x + 0.1)", _deep_chain),
    ]
    rng = random.Random(RANDOM_SEED)
    for k in range(RANDOM_GRAPHS):
        n_ops = rng.randint(MIN_RANDOM_OPS, MAX_RANDOM_OPS)
        named.append((f"random graph #{k + 1}", _random_graph(k, n_ops)))
    stories = []
    for name, build in named:
        size = len(mini_order(build()))
        full_name = f"{name} ({size} nodes)" if name.startswith("random") else name
        stories.append(Story(full_name, build, size))
    return sorted(stories, key=lambda story: story.size)


#: Every graph a student's sort or backward is tried on, smallest first.
STORIES: tuple[Story, ...] = tuple(_stories())
