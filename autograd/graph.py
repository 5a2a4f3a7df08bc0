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
    operations deep needs no deep Python call stack. A node being expanded waits in `expanded`
    while its parents are placed; the `None` pushed beneath its parents says when that is done.
    (Nothing is allocated per node: allocations would wake the garbage collector, which then
    walks the whole graph.)
    """
    order: list[Value] = []
    seen: set[Value] = set()
    expanded: list[Value] = []  # nodes whose parents are being placed, innermost last
    stack: list[Value | None] = [root]
    while stack:
        node = stack.pop()
        if node is None:  # the innermost expanded node has all its parents in `order` now
            order.append(expanded.pop())
        elif node not in seen:
            seen.add(node)
            if not node._parents:
                order.append(node)
                continue
            expanded.append(node)
            stack.append(None)
            stack.extend(node._parents)  # parents already placed are skipped when popped
    return order


def backpropagate(
    root: Value, create_graph: bool = False, order: list[Value] | None = None
) -> dict[Value, Value]:
    """Set every node's ``grad`` to ∂root/∂node by the chain rule; the engine of ``backward()``.

    ∂root/∂parent = Σ over the nodes that use parent of ∂root/∂node · ∂node/∂parent: seed
    ∂root/∂root = 1, then visit nodes from the root backwards (reverse topological order) so a
    node's grad is complete before it is passed on to its parents.

    Leaves accumulate (their grad keeps what earlier calls added); interior nodes are reset
    first, so calling this twice does not compound them.

    With ``create_graph=True`` the same loop runs on Values instead of floats: each local
    derivative rule is evaluated on the parent Values, so every gradient is itself a graph.
    Those gradient Values are returned, keyed by node, and every ``grad`` is left a float.
    `order` is ``topological_order(root)``, for callers that have it already.
    """
    if order is None:
        order = topological_order(root)
    # Every node starts this pass at 0; leaves get what they held before added back at the end,
    # in one addition, so two calls give exactly twice the gradient even when paths fan out.
    leaves = [node for node in order if not node._parents]
    earlier_leaf_grads = [leaf.grad for leaf in leaves]
    for node in order:
        node.grad = 0.0
    # While create_graph runs, grads hold Values (the gradient graphs); they are floats again
    # before this function returns.
    root.grad = cast(float, type(root)(1.0)) if create_graph else 1.0

    # Nearly every rule in ops.py is unary or binary. Those two cases are spelled out below,
    # with no argument list or zip() built per node: that makes this loop about 4× faster. The
    # general case serves rules with more inputs (a fused neuron's weighted sum).
    for node in reversed(order):
        parents = node._parents
        if not parents:
            continue
        derivative = node._rule.derivative
        try:
            if create_graph:
                local_grads = derivative(*parents, node)
            elif len(parents) == 2:
                local_grads = derivative(parents[0].data, parents[1].data, node.data)
            elif len(parents) == 1:
                local_grads = derivative(parents[0].data, node.data)
            else:
                local_grads = derivative(*[p.data for p in parents], node.data)
        except (ArithmeticError, ValueError) as error:
            problem = "its derivative is infinite or undefined at"
            raise domain_error(node._rule, parents, problem) from error
        # the chain rule: ∂root/∂parent += ∂node/∂parent · ∂root/∂node
        upstream = node.grad
        if len(parents) == 2:
            x, y = parents
            dx, dy = local_grads
            x.grad += dx * upstream
            y.grad += dy * upstream
        elif len(parents) == 1:
            (dx,) = local_grads
            parents[0].grad += dx * upstream
        else:
            for parent, local_grad in zip(parents, local_grads, strict=True):
                parent.grad += local_grad * upstream

    gradient_values: dict[Value, Value] = {}
    if create_graph:
        for node in order:
            gradient: float | Value = node.grad
            if not isinstance(gradient, float):
                gradient_values[node] = gradient
                node.grad = gradient.data
    for leaf, earlier in zip(leaves, earlier_leaf_grads, strict=True):
        leaf.grad = earlier + leaf.grad
    return gradient_values
