"""Checkers for gradients worked out by hand: every node of a small graph, and softmax + NLL.

`check_grads` compares by-hand gradients with the chain rule node by node, from the root back,
and uses an `Explanation` (the gradient as a sum over paths, as `explain` prints it) to say which
paths a wrong answer missed or counted twice. `check_softmax_nll` checks a softmax and negative
log-likelihood built from ``exp``, ``log`` and ``/`` against given numbers, as micrograd's
exercise does.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence

from autograd.engine.backprop import chain_rule
from autograd.engine.value import Value
from autograd.exercises.feedback import (
    CORRECT,
    NOT_ANSWERED,
    PARTIAL,
    WRONG,
    Feedback,
    NotAnsweredError,
    StudentError,
    call,
    close,
    may_reveal,
    non_finite_words,
    not_answered,
    not_finite,
    number,
    record_attempt,
    student_error,
    unanswered,
)
from autograd.exercises.pictures import drawing
from autograd.viz.explanation import Explanation
from autograd.viz.graph_view import GraphView, require_value

MAX_PATHS_SEARCHED = 10  # subsets of at most this many paths are tried (2^10 sums)
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _listing(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _which(indices: Sequence[int], total: int) -> str:
    """'the first', 'the second and third', 'paths 1, 4 and 9'."""
    if total <= len(ORDINALS):
        return "the " + _listing([ORDINALS[i] for i in indices])
    return "paths " + _listing([str(i + 1) for i in indices])


def path_hints(explanation: Explanation, student: float) -> list[str]:
    """Why a by-hand ∂root/∂value is wrong, in terms of the paths from value to root.

    Recognises: a flipped sign; some paths left out; one path counted twice; a path's local
    derivative alone, without the gradient arriving from above; a path with a factor left out.
    """
    truth = explanation.total
    target = explanation.view.d(explanation.root, explanation.value)
    root, value = explanation.names[explanation.root], explanation.names[explanation.value]
    # in argument order from the root down: the path through L's first argument comes first
    paths = sorted(explanation.paths, key=lambda path: path.positions[::-1])
    n = len(paths)
    routes = [explanation.route(path) for path in paths]
    count = NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)
    if 1 < n <= len(ORDINALS):
        through = f"{root} depends on {value} through {count} paths ({_listing(routes)})"
    elif n > 1:
        through = f"{root} depends on {value} through {count} paths"
    elif n == 1:
        through = f"{root} depends on {value} through one path ({routes[0]})"
    else:
        through = f"{root} depends on {value} through more paths than can be listed"
    if 1 < n <= MAX_PATHS_SEARCHED:
        products = [path.product for path in paths]
        for size in range(n - 1, 0, -1):  # the most paths counted first
            for chosen in itertools.combinations(range(n), size):
                if close(math.fsum(products[i] for i in chosen), student, by_hand=True):
                    missed = [i for i in range(n) if i not in chosen]
                    return [
                        f"{through}; your value matches only {_which(chosen, n)}, and leaves out "
                        f"{_which(missed, n)}. The chain rule sums over every path: "
                        f"{target} = " + " + ".join(f"(path {i + 1})" for i in range(n)) + "."
                    ]
        for i in range(n):
            if products[i] != 0.0 and close(truth + products[i], student, by_hand=True):
                return [
                    f"{through}; your value counts {_which([i], n)} ({routes[i]}) twice. Each "
                    f"path counts once: {target} = "
                    + " + ".join(f"(path {k + 1})" for k in range(n))
                    + "."
                ]
    # after the path checks: a value that equals some of the paths' sum is the telling match
    if truth != 0.0 and close(student, -truth, by_hand=True):
        return [
            f"{through}. Your value has the right size but the wrong sign: check the sign of each "
            f"local derivative on the way (∂(x−y)/∂y = −1)."
        ]
    for path in paths:
        local = path.factors[0] if path.factors else 1.0
        if len(path.factors) > 1 and local != truth and close(student, local, by_hand=True):
            child = explanation.names[path.nodes[1]]
            return [
                f"You have ∂{child}/∂{value} = {number(local)}, the local derivative only. "
                f"Multiply it by ∂{root}/∂{child}, the gradient arriving from above: that is the "
                f"chain rule."
            ]
    if n == 1 and len(paths[0].factors) > 1:
        path = paths[0]
        for k, factor in enumerate(path.factors):
            without = math.prod(f for j, f in enumerate(path.factors) if j != k)
            if factor != 1.0 and close(student, without, by_hand=True):
                top, bottom = path.nodes[k + 1], path.nodes[k]
                return [
                    f"{through}. Your value leaves out the factor "
                    f"{explanation.view.d(top, bottom)} = {number(factor)} on the way."
                ]
    symbols = " · ".join(
        explanation.view.d(path.nodes[k + 1], path.nodes[k])
        for path in paths[:1]
        for k in reversed(range(len(path.factors)))
    )
    rule = f" Along one path, multiply the local derivatives ({symbols})" if symbols else ""
    return [f"{through}.{rule}; then add up the paths."]


Answers = Mapping[str | Value, float | None]


def check_grads(
    root: Value,
    answers: Answers | Callable[[], Answers] | None,
    *,
    reveal: bool = False,
    exercise: str = "check_grads",
) -> Feedback:
    """Check by-hand gradients ∂root/∂node for the labelled nodes of a small graph.

    What it compares: each answered label's number with ∂root/∂node from the library's chain
    rule, to about 3 digits (`close` for hand work). Nodes are checked from the root back
    (reverse topological order), the order backprop fills them in; the first wrong one is
    named, drawn outlined in red, and explained as `explain` would: which paths from it to the
    root the answer missed or counted twice (so an answer that is right along one path of a
    shared node, as on a tree, is caught). Correct needs every labelled node answered and right;
    some left as None is partial. nan or an infinity gets its own message. The right number is
    shown after `REVEAL_AFTER_ATTEMPTS` tries, or at once with ``reveal=True``.

    Args:
        root: the graph's output (the loss), a `Value`.
        answers: ``{label: ∂root/∂node}``, or a function of no arguments that returns it; a
            value of `None` (or a missing label) means "not answered yet". Keys may also be the
            nodes themselves.
        reveal: show the right number for a wrong one now, before the student has tried twice.
        exercise: the name attempts are counted under.

    Raises:
        TypeError: root is not a Value.

    """
    require_value(
        "check_grads", "root", root, "pass the graph's output, e.g. check_grads(L, answers)"
    )
    waiting = "Give your gradients as a dict {label: number}."
    if callable(answers):
        try:
            answers = call(answers, where="while giving the answers")
        except NotAnsweredError:
            return not_answered(exercise, waiting)
        except StudentError as error:
            record_attempt(exercise)
            return student_error(exercise, error, "Your answer")
    if unanswered(answers):
        return not_answered(exercise, waiting)
    if not isinstance(answers, Mapping):
        record_attempt(exercise)
        return Feedback(
            exercise,
            WRONG,
            [f"Your answers should be a dict {{label: number}}, but they are {answers!r}."],
        )
    view = GraphView.of(root)
    nodes = {view.names[node]: node for node in reversed(view.order) if node.label}
    given = {
        (view.names.get(k, repr(k)) if isinstance(k, Value) else k): v for k, v in answers.items()
    }
    if all(unanswered(v) for v in given.values()):
        return not_answered(exercise, f"Fill in ∂{view.names[root]}/∂(node) for each node.")
    record_attempt(exercise)
    unknown = [k for k in given if k not in nodes]
    if unknown:
        return Feedback(
            exercise,
            WRONG,
            [
                f"There is no node called {unknown[0]!r} in this graph. Use the labels: "
                f"{', '.join(nodes)}."
            ],
        )
    for name, answer in given.items():
        if not unanswered(answer) and (
            isinstance(answer, bool) or not isinstance(answer, int | float)
        ):
            return Feedback(
                exercise,
                WRONG,
                [f"The answer for {name!r} should be a number, but it is {answer!r}."],
            )
    grads = chain_rule(root)
    right: list[str] = []
    todo: list[str] = []
    for name, node in nodes.items():
        answer = given.get(name)
        if unanswered(answer):
            todo.append(name)
            continue
        assert answer is not None  # for mypy: unanswered() ruled None out
        truth = grads.get(node, 0.0)
        if close(float(answer), truth, by_hand=True):
            right.append(name)
            continue
        symbol = view.d(root, node)
        if not math.isfinite(answer):
            return not_finite(exercise, f"Your {symbol}", float(answer))
        should = f", it should be {number(truth)}" if may_reveal(exercise, reveal) else ""
        lines = [f"{symbol} is wrong: you have {number(float(answer))}{should}."]
        if node is root:
            lines.append(f"{symbol} is always 1: nudging {name} by h changes {name} by h.")
        else:
            lines += path_hints(Explanation.of(view, node, grads), float(answer))
        if right:
            lines.append(f"Right so far: {', '.join(view.d(root, nodes[r]) for r in right)}.")
        if not should:
            lines.append("(After another try, or at once with reveal=True, it shows the number.)")
        picture, text = drawing(view, highlight=[node])
        return Feedback(exercise, WRONG, lines, picture, text)
    if todo:
        return Feedback(
            exercise,
            PARTIAL,
            [
                f"All {len(right)} gradients you gave are right. Still to do: {', '.join(todo)} "
                f"(work back from {view.names[root]}: a node's gradient needs the gradients of "
                f"the nodes that use it)."
            ],
        )
    return Feedback(
        exercise, CORRECT, [f"All {len(right)} gradients are right: that is backprop, by hand."]
    )


# ----- softmax and the negative log-likelihood -------------------------------------------------

#: micrograd's exercise: four logits, the right class is number 3.
SOFTMAX_LOGITS = (0.0, 3.0, -2.0, 1.0)
SOFTMAX_TARGET = 3
#: The answers it gives (PyTorch's), for -log softmax(logits)[3] and its gradient in each logit.
EXPECTED_LOSS = 2.1755153626167147
EXPECTED_GRADS = (
    0.041772570515350445,
    0.8390245074625319,
    0.005653302662216329,
    -0.8864503806400986,
)
STABILITY_SHIFT = 1000.0  # logits this large overflow exp unless the largest is subtracted


#: A second case, so that an answer right only on micrograd's numbers is caught: three logits,
#: another target.
OTHER_LOGITS = (1.5, -0.5, 0.25)
OTHER_TARGET = 0


def softmax_numbers(logits: Sequence[float]) -> list[float]:
    """pᵢ = e^(zᵢ − max z) / Σⱼ e^(zⱼ − max z) on plain numbers: the probabilities to expect."""
    top = max(logits)
    exps = [math.exp(x - top) for x in logits]
    return [e / math.fsum(exps) for e in exps]


def check_softmax_nll(
    softmax: Callable[[list[Value]], list[Value]] | None,
    nll: Callable[[list[Value], int], Value] | None,
    *,
    exercise: str = "check_softmax_nll",
) -> Feedback:
    """Check softmax pᵢ = e^{zᵢ} / Σⱼ e^{zⱼ} and the loss −log p_target, made of Value operations.

    What it compares: ``loss = nll(softmax(logits), target)`` on micrograd's logits (0, 3, −2, 1)
    with target 3, then on (1.5, −0.5, 0.25) with target 0: each probability with the softmax
    of those numbers, the loss with −log p_target (2.1755… in the first case, PyTorch's
    `EXPECTED_LOSS`), and ∂loss/∂zᵢ from backprop through the student's graph with
    pᵢ − [i = target] (`EXPECTED_GRADS` in the first). Last, softmax on the first logits plus
    1000 must give the same probabilities: a wrong finite value there is wrong, an overflow gets
    a note. Correct only if every one of these agrees. The feedback names the first part that is
    wrong and the likely slip (no normalisation, a missing minus sign, the wrong class, a float
    that cut the graph); nan gets its own message.

    Args:
        softmax: the student's softmax: a list of Values in, a list of Values out.
        nll: the student's loss: ``nll(probabilities, target_index)`` → a Value.
        exercise: the name attempts are counted under.

    """
    if unanswered(softmax) or unanswered(nll):
        return not_answered(exercise, "softmax or nll is still a stub.")
    assert softmax is not None and nll is not None  # for mypy: ruled out just above
    first = _softmax_case(exercise, softmax, nll, SOFTMAX_LOGITS, SOFTMAX_TARGET)
    if first is not None and first.status == NOT_ANSWERED:
        return first
    record_attempt(exercise)
    if first is not None:
        return first
    second = _softmax_case(exercise, softmax, nll, OTHER_LOGITS, OTHER_TARGET)
    if second is not None:
        lead = (
            f"Right on micrograd's logits, but not on {_numbers_text(OTHER_LOGITS)} with target "
            f"{OTHER_TARGET}, so not right in general:"
        )
        return Feedback(exercise, WRONG, [lead, *second.lines], second.picture, second.picture_text)
    far = _stability(softmax)
    if far is not None and far[0] == WRONG:
        return Feedback(exercise, WRONG, [far[1]])
    lines = [
        "Probabilities, loss and every gradient are right on micrograd's logits (loss "
        f"{number(EXPECTED_LOSS)}) and on a second case, {_numbers_text(OTHER_LOGITS)} with "
        f"target {OTHER_TARGET}.",
        "Notice ∂loss/∂zᵢ = pᵢ − 1 for the right class and pᵢ for the others: the gradient "
        "pushes the right logit up and every other logit down.",
    ]
    if far is not None:
        lines.append(far[1])
    return Feedback(exercise, CORRECT, lines)


def _numbers_text(numbers: Sequence[float]) -> str:
    """'(0, 3, -2, 1)'."""
    return "(" + ", ".join(number(z) for z in numbers) + ")"


def _softmax_case(
    exercise: str,
    softmax: Callable[[list[Value]], list[Value]],
    nll: Callable[[list[Value], int], Value],
    numbers: Sequence[float],
    target: int,
) -> Feedback | None:
    """The feedback on one case of `check_softmax_nll`: None when all of it is right.

    A stub softmax is "not answered yet"; a right softmax with a stub nll is partial.
    """
    logits = [Value(z, label=f"z{i}") for i, z in enumerate(numbers)]
    expected = softmax_numbers(numbers)
    try:
        probs = call(softmax, logits, where=f"on the logits {_numbers_text(numbers)}")
    except NotAnsweredError:
        return not_answered(exercise, "softmax is still a stub.")
    except StudentError as error:
        return student_error(exercise, error, "Your softmax")
    problem = _probabilities_problem(probs, expected)
    if problem:
        return Feedback(exercise, WRONG, problem)
    try:
        loss = call(nll, probs, target, where="on your probabilities")
    except NotAnsweredError:
        return Feedback(
            exercise, PARTIAL, ["Your softmax is right. Now write nll, and run this again."]
        )
    except StudentError as error:
        return student_error(exercise, error, "Your nll")
    if not isinstance(loss, Value):
        return Feedback(
            exercise,
            WRONG,
            [
                f"nll should return a Value, but it returned {type(loss).__name__} {loss!r}. "
                f"Build it from the probability Value (p.log(), -), not from p.data or math.log: "
                f"a plain number has no graph for backward() to follow."
            ],
        )
    right_loss = -math.log(expected[target])
    if not math.isfinite(loss.data):
        return not_finite(exercise, "Your loss", loss.data)
    if not close(loss.data, right_loss):
        return Feedback(exercise, WRONG, _loss_hints(loss.data, right_loss, expected, target))
    grads = chain_rule(loss)
    got = [grads.get(z, 0.0) for z in logits]
    right = [p - (1.0 if i == target else 0.0) for i, p in enumerate(expected)]
    wrong = [i for i in range(len(logits)) if not close(got[i], right[i])]
    if not wrong:
        return None
    i = wrong[0]
    lines = [
        f"The loss is right, but its gradient is not: ∂loss/∂z{i} comes out as "
        f"{number(got[i])}, and it should be {number(right[i])}."
    ]
    if got[i] == 0.0:
        lines.append(
            f"No gradient reaches z{i} at all: somewhere the graph is cut. Use Value "
            f"operations all the way (z.exp(), +, /), never .data, math.exp or float()."
        )
    picture, text = drawing(GraphView.of(loss), highlight=[logits[i]], grads=grads)
    return Feedback(exercise, WRONG, lines, picture, text)


def _probabilities_problem(probs: object, expected: list[float]) -> list[str]:
    """What is wrong with softmax's output, in words; [] when it is right."""
    if not isinstance(probs, list | tuple) or len(probs) != len(expected):
        size = len(probs) if isinstance(probs, list | tuple) else None
        got = f"{size} items" if size is not None else f"a {type(probs).__name__}"
        return [
            f"softmax should return a list of {len(expected)} probabilities (one per logit), "
            f"but it returned {got}."
        ]
    for i, p in enumerate(probs):
        if not isinstance(p, Value):
            return [
                f"probability {i} is a {type(p).__name__}, not a Value: build softmax from Value "
                f"operations (z.exp(), +, /), not math.exp or .data, so backward() can follow it."
            ]
    for i, p in enumerate(probs):
        if not math.isfinite(p.data):
            return [
                f"Probability {i} is {number(p.data)}, which is not a number any check can use. "
                f"{non_finite_words(p.data)}."
            ]
    total = math.fsum(p.data for p in probs)
    if not close(total, 1.0):
        return [
            f"Your probabilities add up to {number(total)}, not 1. Divide each e^z by the sum "
            f"of all of them: pᵢ = e^zᵢ / Σⱼ e^zⱼ."
        ]
    for i, p in enumerate(probs):
        if not close(p.data, expected[i]):
            return [
                f"Probability {i} is {number(p.data)} but should be {number(expected[i])}, "
                f"though they add up to 1. Did you exponentiate? pᵢ = e^zᵢ / Σⱼ e^zⱼ."
            ]
    return []


def _loss_hints(loss: float, right: float, probs: list[float], target: int) -> list[str]:
    """Why the NLL loss is wrong: its sign, a missing log, or the wrong class."""
    lines = [f"Your loss is {number(loss)}, but it should be {number(right)}."]
    if close(loss, -right):
        lines.append("It has the wrong sign: the loss is −log p (log p < 0, so the loss is > 0).")
    elif close(loss, -probs[target]) or close(loss, probs[target]):
        lines.append("It looks like p itself, without the log: the loss is −log p_target.")
    else:
        for i, p in enumerate(probs):
            if i != target and close(loss, -math.log(p)):
                lines.append(
                    f"That is −log p{i}: use the probability of the right class, number "
                    f"{target} (the target index passed to nll)."
                )
    return lines


def _stability(softmax: Callable[[list[Value]], list[Value]]) -> tuple[str, str] | None:
    """Softmax on every logit + 1000, which must not change the probabilities; None if right.

    ``(WRONG, words)`` for wrong finite probabilities, ``(CORRECT, words)`` for an overflow (a
    note: only a naive way of computing softmax overflows).
    """
    shifted = [Value(z + STABILITY_SHIFT) for z in SOFTMAX_LOGITS]
    expected = softmax_numbers(SOFTMAX_LOGITS)
    try:
        probs = softmax(shifted)
        got = [p.data for p in probs]
    except Exception:  # any failure on huge logits is what the note is about
        got = [math.nan]
    if len(got) == len(expected) and all(math.isfinite(p) for p in got):
        if all(close(a, b) for a, b in zip(got, expected, strict=True)):
            return None
        return (
            WRONG,
            f"Right on the logits as given, but with every logit increased by "
            f"{number(STABILITY_SHIFT)} your probabilities change ({_numbers_text(got)} instead of "
            f"{_numbers_text(expected)}); softmax does not change when every logit moves together.",
        )
    return (
        CORRECT,
        f"One more thing: with every logit increased by {number(STABILITY_SHIFT)} (the "
        f"probabilities should not change), e^z overflows. Subtracting the largest logit from "
        f"all of them first gives the same softmax and never overflows.",
    )


__all__ = [
    "EXPECTED_GRADS",
    "EXPECTED_LOSS",
    "SOFTMAX_LOGITS",
    "SOFTMAX_TARGET",
    "check_grads",
    "check_softmax_nll",
    "path_hints",
]
