"""Checkers for a student's own topological sort and chain-rule loop, on `MiniValue` graphs.

Both are tried on every graph in `mini.STORIES`, smallest first, and the feedback shows the
smallest graph where the student's version differs from the library's, drawn, with the node
where it goes wrong outlined and the likely mistake named. Each graph is copied before the
student's code runs, and judged against that copy, so code that changes the graph cannot make
itself right.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
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
    non_finite_words,
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
#: A graph as it was before the student's code ran: its `Value` mirror, and which Value stands
#: for which node (in topological order), from `mini.mirror`.
Snapshot = tuple[Value, dict[Any, Value]]


def _first_failure(
    exercise: str,
    student: Callable[..., object],
    graphs: Sequence[tuple[str, Callable[[], Node]]],
    judge: Callable[[int, Node, Snapshot, object], Feedback | None],
    *,
    stub: str,
    what: str,
    side_effect: bool = False,
) -> Feedback | None:
    """Run the student's function on each ``(name, build)`` graph in turn until one goes wrong.

    ``judge(k, graph, snapshot, result)``, with k the number of graphs passed before and
    `snapshot` the graph as it was before the call, gives the feedback for a wrong result and
    None for a right one. A stub's call gives "not answered yet" (`stub` says what is a stub);
    an error gives the error in words (`what` raised …). The first call that is not a stub
    counts as an attempt. None when every graph passes.
    """
    for k, (name, build) in enumerate(graphs):
        graph = build()
        snapshot = mirror(graph)
        try:
            result = call(student, graph, where=f"on {name}", side_effect=side_effect)
        except NotAnsweredError:
            return not_answered(exercise, stub)
        except StudentError as error:
            record_attempt(exercise)
            return student_error(exercise, error, what)
        if k == 0:
            record_attempt(exercise)
        verdict = judge(k, graph, snapshot, result)
        if verdict is not None:
            return verdict
    return None


def order_problem(
    view: GraphView, copies: Mapping[Any, Value], order: object
) -> tuple[str, Value | None] | None:
    """What is wrong with `order` as a topological order of a graph, and at which node.

    `copies` maps each node of the graph to its `Value` mirror, and `view` is the mirror's view
    (see `mini.mirror`); the node returned is the mirror of the one where the order goes wrong,
    or None when no one node is to blame. None when every node of the graph appears exactly
    once, after all of its parents.
    """
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
                copies[node],
            )
        place[node] = k
    for node in copies:
        if node not in place:
            users = [view.names[c.child] for c in view.consumers[copies[node]]]
            used_by = f", though {' and '.join(users)} uses it" if users else ""
            return (
                f"{view.names[copies[node]]} is missing from your order{used_by}. Visit every "
                f"parent of every node, all the way down to the leaves.",
                copies[node],
            )
    if len(order) > 1 and parents_first([copies[node] for node in reversed(order)]):
        return (
            f"Your order is backwards: it starts at the output {view.names[view.root]}. In a "
            f"topological order each node comes after its parents, so the output comes last; "
            f"backward() then walks it in reverse.",
            None,
        )
    originals = {copy: node for node, copy in copies.items()}
    for node in order:
        for parent in (originals[p] for p in copies[node].parents):
            if place[parent] > place[node]:
                child_name, parent_name = view.names[copies[node]], view.names[copies[parent]]
                return (
                    f"{child_name} comes before its parent {parent_name} "
                    f"({view.formula(copies[node])}). Every node must come after the nodes "
                    f"it is computed from: add a node only once all its parents are in.",
                    copies[node],
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
    exercise: str, snapshot: Snapshot, order: object, story: str, tried: int
) -> Feedback | None:
    """The feedback on `order` as a sort of the graph in `snapshot`, named `story`; None if right.

    `tried` graphs were sorted right before this one.
    """
    mirrored, copies = snapshot
    view = GraphView.of(mirrored)
    problem = order_problem(view, copies, order)
    if problem is None:
        return None
    message, node = problem
    lines = [f"Your order is wrong on {story}:", message]
    if tried:
        lines.append(f"(It is right on {smaller(tried)} tried before this one.)")
    picture, text = drawing(view, highlight=[node] if node is not None else [])
    return Feedback(exercise, WRONG, lines, picture, text)


def check_topological_order(
    root: Node | None,
    order: Sequence[Node] | Callable[[Node], Sequence[Node]] | None,
    *,
    exercise: str = "check_topological_order",
) -> Feedback:
    """Check a topological order: every node of `root`'s graph once, each after its parents.

    What it compares: the order's nodes with the graph's, as it was before the sort ran: each
    node must appear exactly once (a sort without a visited set, right on trees, repeats a
    shared node), none may be missing, and each must come after every one of its parents.
    Correct only when that holds on every graph tried.

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
        wrong = _sort_feedback(exercise, mirror(root), order, "this graph", 0)
        return wrong or Feedback(
            exercise, CORRECT, ["Every node is there once, after its parents."]
        )
    candidates: list[tuple[str, Callable[[], Node], int]] = [
        (story.name, story.build, story.size) for story in STORIES
    ]
    if root is not None:
        given = root
        candidates.append(("your graph", lambda: given, len(mini_order(given))))
    candidates.sort(key=lambda candidate: candidate[2])
    graphs = [(name, build) for name, build, _ in candidates]

    def judge(tried: int, _: Node, snapshot: Snapshot, result: object) -> Feedback | None:
        return _sort_feedback(exercise, snapshot, result, graphs[tried][0], tried)

    wrong = _first_failure(
        exercise,
        order,
        graphs,
        judge,
        stub="Your topological sort is still a stub.",
        what="Your sort",
    )
    return wrong or Feedback(
        exercise,
        CORRECT,
        [
            f"Your sort is right on all {len(graphs)} graphs tried: one value, a value used "
            f"twice, fan-out, a diamond, a {max(c[2] for c in candidates)}-node chain, and "
            f"random graphs."
        ],
    )


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
    exercise: str, story: Story, snapshot: Snapshot, tried: int
) -> Feedback | None:
    """The feedback on the gradients the student's backward left on a graph; None when right.

    `snapshot` is a fresh build of `story` as it was before the student's backward ran on it
    (the grads are read from the nodes themselves); `tried` graphs were right before this one.
    """
    mirrored, copies = snapshot
    order = list(copies)  # the graph's nodes in topological order, as built
    view = GraphView.of(mirrored)
    changed = next((n for n in order if n.data != copies[n].data), None)
    if changed is not None:
        return Feedback(
            exercise,
            WRONG,
            [
                f"Your backward changed {view.names[copies[changed]]}.data from "
                f"{number(copies[changed].data)} to {number(changed.data)} on {story.name}. "
                f"backward only fills in grads; the numbers stay as the forward pass made them."
            ],
        )
    truth = chain_rule(mirrored)
    got = [node.grad for node in order]
    expected = [truth.get(copies[node], 0.0) for node in order]
    if all(close(a, b) for a, b in zip(got, expected, strict=True)):
        return None
    wrong = next(k for k in reversed(range(len(order))) if not close(got[k], expected[k]))
    node = copies[order[wrong]]
    lines = [
        f"Your backward is wrong on {story.name}. Going back from the output, the first wrong "
        f"gradient is {view.d(mirrored, node)}: you have {number(got[wrong])}, it should be "
        f"{number(expected[wrong])}."
    ]
    if not math.isfinite(got[wrong]):
        lines.append(f"{non_finite_words(got[wrong])}.")
    for mistake, words in MISTAKES.items():
        simulated = _simulate(story.build(), mistake)
        if all(close(a, b) for a, b in zip(got, simulated, strict=True)):
            lines.append(words)
            break
    if tried:
        lines.append(f"(It is right on {smaller(tried)} tried before this one.)")
    student_grads = {copies[n]: g for n, g in zip(order, got, strict=True)}
    picture, text = drawing(view, highlight=[node], grads=student_grads)
    return Feedback(exercise, WRONG, [*lines, "The drawing shows your gradients."], picture, text)


def check_backward(
    student_backward: Callable[[MiniValue], object] | None,
    *,
    exercise: str = "check_backward",
) -> Feedback:
    """Check a student's chain-rule loop ``backward(root)`` on `MiniValue` graphs.

    ``student_backward(root)`` should fill every node's ``grad`` with ∂root/∂node (starting from
    grads of 0). What it compares: on fresh copies of every graph in `mini.STORIES`, smallest
    first, the grad it leaves on every node with the library's chain rule on the graph as built
    (so ``=`` for ``+=``, right on trees, is caught at the first shared node), and each node's
    data with what it was (backward must not change it). Correct only when every node of every
    graph agrees. The first graph where a gradient differs is drawn
    with the student's gradients and the first wrong node (from the output back) outlined; the
    likely slip (no seed, ``=`` for ``+=``, the wrong direction, a missing factor) is named.

    Args:
        student_backward: the student's function; it may return anything (it is ignored).
        exercise: the name attempts are counted under.

    """
    if unanswered(student_backward):
        return not_answered(exercise, "Your backward is still a stub.")
    assert student_backward is not None  # for mypy: ruled out just above

    def judge(tried: int, _: Node, snapshot: Snapshot, __: object) -> Feedback | None:
        return _backward_feedback(exercise, STORIES[tried], snapshot, tried)

    wrong = _first_failure(
        exercise,
        student_backward,
        [(story.name, story.build) for story in STORIES],
        judge,
        stub="Your backward is still a stub.",
        what="Your backward",
        side_effect=True,
    )
    return wrong or Feedback(
        exercise,
        CORRECT,
        [
            f"Your backward gives the library's gradients on all {len(STORIES)} graphs: a value "
            f"used twice, fan-out, a diamond, a deep chain and random graphs. That is backprop."
        ],
    )
