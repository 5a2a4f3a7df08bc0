"""The chain rule: order a graph topologically, then push gradients back through it, once.

`chain_rule` is the only place gradients are computed: ``backward()``, `gradients`, `grad`,
`hessian`, `explain` and the backprop player all call it. The local derivatives it multiplies
come from the rules table (rules.py).
"""

from __future__ import annotations

from autograd.engine.rules import domain_error

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see grad_mode.py)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from autograd.engine.value import Value

    # observe(node, parent, local derivative, upstream, total so far)
    Observer = Callable[..., None]


def topological_order(root: Value) -> list[Value]:
    """Every value `root` depends on, each listed after all of its parents; `root` comes last.

    Depth-first search with an explicit stack instead of recursion, so that a chain a million
    operations deep needs no deep Python call stack. A `None` pushed under a node's parents
    marks the moment they are all placed, and the node can follow them.
    """
    order: list[Value] = []
    seen: set[Value] = set()
    waiting: list[Value] = []  # nodes whose parents are being placed, innermost last
    stack: list[Value | None] = [root]
    while stack:
        node = stack.pop()
        if node is None:
            order.append(waiting.pop())
        elif node not in seen:
            seen.add(node)
            if not node.parents:  # a leaf: nothing to wait for
                order.append(node)
                continue
            waiting.append(node)
            stack.append(None)
            stack.extend(node.parents)
    return order


def chain_rule(root: Value, seed: Any = 1.0, observe: Observer | None = None) -> dict[Value, Any]:
    """∂root/∂node for every node that `root` depends on, by the chain rule.

    ∂root/∂parent = Σ over the nodes that use the parent of ∂root/∂node · ∂node/∂parent. Seed
    ∂root/∂root, then visit the nodes from the root back (reverse topological order): by the
    time a node is visited every node that uses it has been, so its gradient is complete and
    can be passed on to its parents.

    Args:
        root: the value to differentiate.
        seed: ∂root/∂root, usually 1.0. A `Value` seed makes every local derivative and
            gradient a Value too (``create_graph``): each gradient is then a graph of its own.
        observe: called as ``observe(node, parent, ∂node/∂parent, ∂root/∂node, ∂root/∂parent
            so far)`` for every edge as it is crossed; the backprop player records its steps so.

    Returns:
        ``{node: ∂root/∂node}``; no ``.grad`` is read or changed.

    """
    on_values = not isinstance(seed, float | int)
    grads: dict[Value, Any] = {root: seed}
    for node in reversed(topological_order(root)):
        parents = node.parents
        if not parents:
            continue
        upstream = grads[node]
        try:  # ∂node/∂parent for each parent, from the node's rule
            if on_values:  # create_graph: each local derivative is a graph of its own
                local = node.rule.local(*parents, node)
            elif len(parents) == 2:  # on numbers, spelled out by arity: the hot paths
                local = node.rule.local(parents[0].data, parents[1].data, node.data)
            elif len(parents) == 1:
                local = node.rule.local(parents[0].data, node.data)
            else:  # three or more inputs: a rule of your own
                local = node.rule.local(*[p.data for p in parents], node.data)
        except (ArithmeticError, ValueError) as error:
            raise domain_error(node.rule, parents, "derivative undefined at") from error
        if len(local) != len(parents):  # zip would quietly drop an input's gradient
            raise TypeError(
                f"{node.rule.name}: local gave {len(local)} derivatives for {len(parents)} inputs"
            )
        for parent, local_grad in zip(parents, local):  # noqa: B905 -- one per input, checked
            contribution = local_grad * upstream  # ∂root/∂parent += ∂node/∂parent · ∂root/∂node
            grads[parent] = grads[parent] + contribution if parent in grads else contribution
            if observe is not None:
                observe(node, parent, local_grad, upstream, grads[parent])
    return grads
