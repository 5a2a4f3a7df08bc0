"""The chain rule: order a computation graph topologically and push gradients back through it.

The derivative of each operation lives in `ops.py`; this file only combines them. It also holds
the switch that `no_grad()` turns off to stop graphs being recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from autograd.ops import domain_error

if TYPE_CHECKING:
    from autograd.value import Value

_grad_enabled = True  # read by every operation; `no_grad()` sets it to False for a block


def is_grad_enabled() -> bool:
    """Whether new operations record their parents (False inside ``with no_grad():``)."""
    return _grad_enabled


def set_grad_enabled(enabled: bool) -> bool:
    """Turn graph recording on or off; returns the previous setting so it can be restored."""
    global _grad_enabled
    previous, _grad_enabled = _grad_enabled, bool(enabled)
    return previous


def topological_order(root: Value) -> list[Value]:
    """Every value `root` depends on, each listed after all of its parents; `root` comes last.

    Depth-first search with an explicit stack instead of recursion, so a chain a million
    operations deep needs no deep Python call stack. Each node is pushed once to expand its
    parents and once more, beneath them, to be emitted after them.
    """
    order: list[Value] = []
    seen: set[Value] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        for parent in node._parents:
            if parent not in seen:
                stack.append((parent, False))
    return order


def backpropagate(root: Value, create_graph: bool = False) -> dict[Value, Value]:
    """Set every node's ``grad`` to ∂root/∂node by the chain rule; the engine of ``backward()``.

    ∂root/∂parent = Σ over the nodes that use parent of ∂root/∂node · ∂node/∂parent: seed
    ∂root/∂root = 1, then visit nodes from the root backwards (reverse topological order) so a
    node's grad is complete before it is passed on to its parents.

    Leaves accumulate (their grad keeps what earlier calls added); interior nodes are reset
    first, so calling this twice does not compound them.

    With ``create_graph=True`` the same loop runs on Values instead of floats: each local
    derivative rule is evaluated on the parent Values, so every gradient is itself a graph.
    Those gradient Values are returned, keyed by node, and every ``grad`` is left a float.
    """
    order = topological_order(root)
    # Every node starts this pass at 0; leaves get what they held before added back at the end,
    # in one addition, so two calls give exactly twice the gradient even when paths fan out.
    earlier_leaf_grads = [(node, node.grad) for node in order if not node._parents]
    for node in order:
        node.grad = 0.0
    # While create_graph runs, grads hold Values (the gradient graphs); they are floats again
    # before this function returns.
    root.grad = cast(float, type(root)(1.0)) if create_graph else 1.0

    for node in reversed(order):
        parents = node._parents
        if not parents:
            continue
        upstream = node.grad
        try:
            if create_graph:
                local_grads = node._rule.derivative(*parents, node)
            else:
                local_grads = node._rule.derivative(*[p.data for p in parents], node.data)
        except (ArithmeticError, ValueError) as error:
            problem = "its derivative is infinite or undefined at"
            raise domain_error(node._rule, parents, problem) from error
        for parent, local_grad in zip(parents, local_grads, strict=True):
            parent.grad += local_grad * upstream

    gradient_values: dict[Value, Value] = {}
    if create_graph:
        for node in order:
            gradient: float | Value = node.grad
            if not isinstance(gradient, float):
                gradient_values[node] = gradient
                node.grad = gradient.data
    for leaf, earlier in earlier_leaf_grads:
        leaf.grad = earlier + leaf.grad
    return gradient_values
