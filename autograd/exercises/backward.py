"""Checkers for a student's own topological sort and chain-rule loop, on `MiniValue` graphs.

Both are tried on every graph in `mini.STORIES`, smallest first, and the feedback shows the
smallest graph where the student's version differs from the library's, drawn, with the node
where it goes wrong outlined and the likely mistake named.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from autograd.engine.backprop import chain_rule
from autograd.engine.value import Value
from autograd.exercises.feedback import (
    CORRECT,
    WRONG,
    Feedback,
    NotAnsweredError,
    StudentError,
    call,
    close,
    not_answered,
    number,
    record_attempt,
    student_error,
    unanswered,
)
from autograd.exercises.mini import STORIES, MiniValue, Story, mini_order, mirror
from autograd.exercises.pictures import drawing
from autograd.viz.graph_view import GraphView

Node = MiniValue | Value


def _formula(view: GraphView, node: Value) -> str:
    """'c = a * b' for a node of a mirrored graph."""
    args = [view.names[parent] for parent in node.parents]
    if len(args) == 2:
        return f"{view.names[node]} = {args[0]} {node.op} {args[1]}"
    return f"{view.names[node]} = {node.op}({', '.join(args)})"


def order_problem(root: Node, order: object) -> tuple[str, Any] | None:
    """What is wrong with `order` as a topological order of `root`'s graph, and at which node.

    None when every node of the graph appears exactly once, after all of its parents.
    """
    mirrored, copies = mirror(root)
    view = GraphView.of(mirrored)
    if not isinstance(order, list | tuple):
        return (
            f"Your sort should return a list of nodes, but it returned {type(order).__name__} "
            f"{order!r}.",
            None,
        )
    place: dict[Any, int] = {}
    for k, node in enumerate(order):
        if node not in copies:
            return (
                f"Place {k + 1} of your order holds {node!r}, which is not a node of this graph.",
                None,
            )
        if node in place:
            name = view.names[copies[node]]
            return (
                f"{name} appears twice in your order (places {place[node] + 1} and {k + 1}). A "
                f"value used by two nodes still goes in the order once: keep a set of the "
                f"nodes you have visited, and skip those you have seen.",
                node,
            )
        place[node] = k
    for node in copies:
        if node not in place:
            users = [view.names[c.child] for c in view.consumers[copies[node]]]
            used_by = f", though {' and '.join(users)} uses it" if users else ""
            return (
                f"{view.names[copies[node]]} is missing from your order{used_by}. Visit every "
                f"parent of every node, all the way down to the leaves.",
                node,
            )
    if len(order) > 1 and parents_first(list(reversed(order))):
        return (
            f"Your order is backwards: it starts at the output {view.names[mirrored]}. In a "
            f"topological order each node comes after its parents, so the output comes last; "
            f"backward() then walks it in reverse.",
            None,
        )
    for node in order:
        for parent in node.parents:
            if place[parent] > place[node]:
                child_name, parent_name = view.names[copies[node]], view.names[copies[parent]]
                return (
                    f"{child_name} comes before its parent {parent_name} "
                    f"({_formula(view, copies[node])}). Every node must come after the nodes "
                    f"it is computed from: add a node only once all its parents are in.",
                    node,
                )
    return None


def parents_first(order: Sequence[Any]) -> bool:
    """Whether `order` (every node once) puts each node after its parents."""
    where = {node: k for k, node in enumerate(order)}
    return all(where[p] < where[node] for node in order for p in node.parents)


def smaller(count: int) -> str:
    """'the smaller graph' or 'the 5 smaller graphs'."""
    return "the smaller graph" if count == 1 else f"the {count} smaller graphs"


def _sort_feedback(
    exercise: str, root: Node, story: str, problem: tuple[str, Any], right_before: int
) -> Feedback:
    message, node = problem
    mirrored, copies = mirror(root)
    lines = [f"Your order is wrong on {story}:", message]
    if right_before:
        lines.append(f"(It is right on {smaller(right_before)} tried before this one.)")
    picture, text = drawing(mirrored, highlight=[copies[node]] if node is not None else [])
    return Feedback(exercise, WRONG, lines, picture, text)


def check_topological_order(
    root: Node | None,
    order: Sequence[Node] | Callable[[Node], Sequence[Node]] | None,
    *,
    exercise: str = "check_topological_order",
) -> Feedback:
    """Check a topological order: every node of `root`'s graph once, each after its parents.

    Args:
        root: a graph's output (a `MiniValue` or a `Value`), or None to try only the built-in
            graphs.
        order: either the student's order for `root` (a list of nodes), or their sort
            function ``topological_sort(root) -> list``. A function is tried on `root` and on
            every graph of `mini.STORIES` (one value, a value used twice, fan-out, a deep chain,
            random graphs), and the smallest graph where it goes wrong is reported, drawn.
        exercise: the name attempts are counted under.

    """
    if unanswered(order):
        return not_answered(exercise, "Your topological sort is still a stub.")
    if not callable(order):
        if root is None:
            raise TypeError("check_topological_order: give the graph's root with a list order")
        record_attempt(exercise)
        problem = order_problem(root, order)
        if problem is not None:
            return _sort_feedback(exercise, root, "this graph", problem, 0)
        return Feedback(exercise, CORRECT, ["Every node is there once, after its parents."])
    sort = order
    candidates: list[tuple[str, Callable[[], Node], int]] = [
        (story.name, story.build, story.size) for story in STORIES
    ]
    if root is not None:
        given = root
        candidates.append(("your graph", lambda: given, len(mini_order_any(root))))
    candidates.sort(key=lambda candidate: candidate[2])
    tried = 0
    for name, build, _ in candidates:
        graph = build()
        try:
            result = call(sort, graph, where=f"on {name}")
        except NotAnsweredError:
            return not_answered(exercise, "Your topological sort is still a stub.")
        except StudentError as error:
            record_attempt(exercise)
            return student_error(exercise, error, "Your sort")
        if tried == 0:
            record_attempt(exercise)
        problem = order_problem(graph, result)
        if problem is not None:
            return _sort_feedback(exercise, graph, name, problem, tried)
        tried += 1
    return Feedback(
        exercise,
        CORRECT,
        [
            f"Your sort is right on all {tried} graphs tried: one value, a value used twice, "
            f"fan-out, a diamond, a {max(c[2] for c in candidates)}-node chain, and random graphs."
        ],
    )


def mini_order_any(root: Node) -> list[Any]:
    """The right topological order of either kind of graph."""
    return mini_order(root) if isinstance(root, MiniValue) else list(mirror(root)[1])


# ----- check_backward --------------------------------------------------------------------------

#: Slips in a chain-rule loop, each simulated to recognise it, with what to say about it.
MISTAKES = {
    "no seed": (
        "The output's own gradient was never set: start with root.grad = 1.0 (∂L/∂L = 1); "
        "everything else is multiplied from it."
    ),
    "overwrite": (
        "You set parent.grad = … instead of adding to it (+=). A node used by several others "
        "gets a share of gradient from each of them, and the chain rule adds the shares up."
    ),
    "forward order": (
        "You went through the nodes parents-first. Backward must go the other way, from the "
        "output back (reversed topological order), so that a node's gradient is complete "
        "before it is passed on to its parents."
    ),
    "no upstream": (
        "You added each local derivative alone (parent.grad += local_grad). Multiply it by "
        "the gradient arriving from above: parent.grad += local_grad * node.grad."
    ),
    "repeats": (
        "Your order visits a node more than once (a value used twice is listed twice), so its "
        "gradient is passed on twice. Keep a set of visited nodes in the sort."
    ),
}


def _simulate(root: MiniValue, mistake: str) -> list[float]:
    """The grads (in topological order) a chain-rule loop with `mistake` leaves on a fresh graph."""
    order = mini_order(root)
    if mistake == "repeats":
        order = _order_without_visited_set(root)
    walk = order if mistake == "forward order" else list(reversed(order))
    if mistake != "no seed":
        root.grad = 1.0
    for node in walk:
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            contribution = local if mistake == "no upstream" else local * node.grad
            parent.grad = contribution if mistake == "overwrite" else parent.grad + contribution
    return [node.grad for node in mini_order(root)]


def _order_without_visited_set(root: MiniValue) -> list[MiniValue]:
    """The recursive sort of micrograd without its `visited` set: shared nodes appear repeatedly."""
    order: list[MiniValue] = []
    stack: list[tuple[MiniValue, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((parent, False) for parent in reversed(node.parents))
    return order


def _backward_feedback(
    exercise: str, story: Story, graph: MiniValue, got: list[float], right_before: int
) -> Feedback:
    mirrored, copies = mirror(graph)
    view = GraphView.of(mirrored)
    order = mini_order(graph)
    truth = chain_rule(mirrored)
    wrong = next(
        k
        for k in reversed(range(len(order)))
        if not close(got[k], truth.get(copies[order[k]], 0.0))
    )
    node = copies[order[wrong]]
    lines = [
        f"Your backward is wrong on {story.name}. Going back from the output, the first wrong "
        f"gradient is {view.d(mirrored, node)}: you have {number(got[wrong])}, it should be "
        f"{number(truth.get(node, 0.0))}."
    ]
    for mistake, words in MISTAKES.items():
        simulated = _simulate(story.build(), mistake)
        if all(close(a, b) for a, b in zip(got, simulated, strict=True)):
            lines.append(words)
            break
    if right_before:
        lines.append(f"(It is right on {smaller(right_before)} tried before this one.)")
    student_grads = {copies[n]: g for n, g in zip(order, got, strict=True)}
    picture, text = drawing(mirrored, highlight=[node], grads=student_grads)
    return Feedback(exercise, WRONG, [*lines, "The drawing shows your gradients."], picture, text)


def check_backward(
    student_backward: Callable[[MiniValue], object] | None,
    *,
    exercise: str = "check_backward",
) -> Feedback:
    """Check a student's chain-rule loop ``backward(root)`` on `MiniValue` graphs.

    ``student_backward(root)`` should fill every node's ``grad`` with ∂root/∂node (starting from
    grads of 0). It is run on fresh copies of every graph in `mini.STORIES`, smallest first, and
    compared with the library's chain rule. The first graph where a gradient differs is drawn
    with the student's gradients and the first wrong node (from the output back) outlined; the
    likely slip (no seed, ``=`` for ``+=``, the wrong direction, a missing factor) is named.

    Args:
        student_backward: the student's function; it may return anything (it is ignored).
        exercise: the name attempts are counted under.

    """
    if unanswered(student_backward):
        return not_answered(exercise, "Your backward is still a stub.")
    assert student_backward is not None  # for mypy: ruled out just above
    for tried, story in enumerate(STORIES):
        graph = story.build()
        try:
            call_returning_none(student_backward, graph, where=f"on {story.name}")
        except NotAnsweredError:
            return not_answered(exercise, "Your backward is still a stub.")
        except StudentError as error:
            record_attempt(exercise)
            return student_error(exercise, error, "Your backward")
        if tried == 0:
            record_attempt(exercise)
        mirrored, copies = mirror(graph)
        truth = chain_rule(mirrored)
        got = [node.grad for node in mini_order(graph)]
        expected = [truth.get(copies[node], 0.0) for node in mini_order(graph)]
        if not all(close(a, b) for a, b in zip(got, expected, strict=True)):
            return _backward_feedback(exercise, story, graph, got, tried)
    return Feedback(
        exercise,
        CORRECT,
        [
            f"Your backward gives the library's gradients on all {len(STORIES)} graphs: a value "
            f"used twice, fan-out, a diamond, a deep chain and random graphs. That is backprop."
        ],
    )


def call_returning_none(function: Callable[..., object], *args: Any, where: str) -> None:
    """Run a function that works by side effect (it returns None): only its errors matter."""
    try:
        call(function, *args, where=where)
    except NotAnsweredError as signal:
        if isinstance(signal.__cause__, NotImplementedError):
            raise
