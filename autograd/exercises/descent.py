"""Checkers for gradient descent: the update rule, a learning rate, and a whole training run.

`check_update_rule` tests ``update(weight, gradient, learning_rate)`` and names the sign
mistake everyone makes; `check_learning_rate` runs gradient descent on L(w) = (w − 3)²;
`check_training` reads a loss history (and, if given, the model) from a student's own training
loop on XOR and diagnoses a learning rate too high or too low, or dead ReLUs.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

from autograd.engine import Value, no_grad
from autograd.exercises.feedback import (
    CORRECT,
    UNVERIFIED,
    WRONG,
    Feedback,
    NotAnsweredError,
    StudentError,
    as_number,
    call,
    close,
    not_answered,
    not_finite,
    number,
    read_number,
    record_attempt,
    student_error,
    unanswered,
)
from autograd.nn import data

#: (weight, gradient, learning_rate) triples an update rule is tried on.
UPDATE_CASES = (
    (2.0, 0.5, 0.1),
    (-1.0, -2.0, 0.5),
    (0.3, 0.0, 0.1),
    (1.0, 4.0, 0.01),
    (-2.0, 3.0, 0.2),
)
#: The bowl gradient descent is run on: L(w) = (w − BOWL_MINIMUM)², from BOWL_START.
BOWL_MINIMUM = 3.0
BOWL_START = 0.0
BOWL_LEARNING_RATE = 0.1  # what a demonstration of an update rule uses
DEMO_STEPS = 4  # steps shown when demonstrating an update rule
DESCENT_STEPS = 20  # steps `check_learning_rate` runs
CONVERGED_DISTANCE = 0.01  # |w − 3| below this after DESCENT_STEPS: converged
DIVERGE, CONVERGE = "diverge", "converge"


def bowl(w: float) -> float:
    """L(w) = (w − 3)²: one weight, one minimum at w = 3, slope 2(w − 3)."""
    return (w - BOWL_MINIMUM) ** 2


def bowl_slope(w: float) -> float:
    """dL/dw = 2(w − 3)."""
    return 2.0 * (w - BOWL_MINIMUM)


def _right_update(weight: float, gradient: float, learning_rate: float) -> float:
    return weight - learning_rate * gradient


#: Wrong update rules students write, and what to say about each.
UPDATE_MISTAKES: tuple[tuple[Callable[[float, float, float], float], str], ...] = (
    (
        lambda w, g, lr: w + lr * g,
        "You added the step: new = w + learning_rate·gradient. That is the mistake everyone "
        "makes once. The gradient points uphill, in the direction in which the loss grows (a "
        "positive slope means a bigger w gives a bigger loss), so gradient descent steps the "
        "other way: subtract it.",
    ),
    (
        lambda w, g, lr: w - g,
        "You left out the learning rate: it sets the size of the step. Multiply the gradient "
        "by it.",
    ),
    (
        lambda w, g, lr: w - lr,
        "You left out the gradient: every weight would move by the same amount whatever the "
        "slope. The step is learning_rate × gradient.",
    ),
    (
        lambda w, g, lr: -lr * g,
        "You returned the step, not the new weight: add the step to the old weight.",
    ),
    (
        lambda w, g, lr: lr * g,
        "You returned the step (with the wrong sign), not the new weight.",
    ),
    (
        lambda w, g, lr: w - g / lr if lr else w,
        "You divided by the learning rate; multiply by it instead.",
    ),
)


def _walk(
    update: Callable[[float, float, float], float], learning_rate: float, steps: int
) -> list[float]:
    """The weights gradient descent visits on the bowl, from `BOWL_START`."""
    weights = [BOWL_START]
    for _ in range(steps):
        w = weights[-1]
        weights.append(update(w, bowl_slope(w), learning_rate))
        if not math.isfinite(weights[-1]):
            break
    return weights


def _walk_line(who: str, weights: Sequence[float]) -> str:
    path = " → ".join(number(w) for w in weights)
    losses = " → ".join(number(bowl(w)) for w in weights)
    return f"{who}: w = {path}; the loss goes {losses}."


def check_update_rule(
    update: Callable[[float, float, float], float] | None, *, exercise: str = "check_update_rule"
) -> Feedback:
    """Check ``update(weight, gradient, learning_rate)``: it should return w − learning_rate·g.

    What it compares: the student's new weight with w − learning_rate·g on each of
    `UPDATE_CASES` (both signs, a zero gradient, small and large rates), and then on every step
    of a few steps of gradient descent on L(w) = (w − 3)² from w = 0, the walk the feedback
    shows; correct only if all of them agree. A wrong rule is matched against the usual slips
    (`UPDATE_MISTAKES`: the sign above all) and its walk is shown beside the right one, so the
    student sees the loss go the wrong way. nan or an infinity gets its own message.

    Args:
        update: the student's rule, numbers in, the new weight out.
        exercise: the name attempts are counted under.

    """
    if unanswered(update):
        return not_answered(exercise, "Your update rule is still a stub.")
    assert update is not None  # for mypy: ruled out just above

    def yours(w: float, g: float, lr: float) -> float:
        where = f"for weight {number(w)}, gradient {number(g)}, learning rate {number(lr)}"
        return as_number(call(update, w, g, lr, where=where), "the new weight")

    try:
        got = [yours(*case) for case in UPDATE_CASES]
        walk = _walk(yours, BOWL_LEARNING_RATE, DEMO_STEPS) if all(map(math.isfinite, got)) else []
    except NotAnsweredError:
        return not_answered(exercise, "Your update rule is still a stub.")
    except StudentError as error:
        record_attempt(exercise)
        return student_error(exercise, error, "Your update rule")
    record_attempt(exercise)
    right_walk = _walk(_right_update, BOWL_LEARNING_RATE, DEMO_STEPS)
    expected = [_right_update(*case) for case in UPDATE_CASES]
    cases = [*UPDATE_CASES, *_walk_cases(walk)]
    got += walk[1:]
    expected += [_right_update(*case) for case in _walk_cases(walk)]
    wrong = [k for k in range(len(got)) if not close(got[k], expected[k])]
    if not wrong:
        return Feedback(
            exercise,
            CORRECT,
            [
                f"new_weight = old_weight − learning_rate × gradient: right on all {len(got)} "
                f"cases tried.",
                _walk_line("On L(w) = (w − 3)² from w = 0", walk),
            ],
        )
    k = wrong[0]
    w, g, lr = cases[k]
    situation = f"For weight {number(w)}, gradient {number(g)} and learning rate {number(lr)}"
    if not math.isfinite(got[k]):
        return not_finite(exercise, f"{situation} your rule's new weight", got[k])
    lines = [
        f"{situation} your rule gives {number(got[k])}; the new weight should be "
        f"{number(expected[k])}."
    ]
    tried = list(zip(cases, got, strict=False))
    for mistake, words in UPDATE_MISTAKES:
        if all(close(new, mistake(*case)) for case, new in tried):
            lines.append(words)
            break
    if walk:
        lines.append(_walk_line("With your rule on L(w) = (w − 3)², from w = 0", walk))
    lines.append(_walk_line("With the right rule", right_walk))
    return Feedback(exercise, WRONG, lines)


def _walk_cases(weights: Sequence[float]) -> list[tuple[float, float, float]]:
    """The (weight, gradient, learning_rate) of each step of a walk on the bowl."""
    return [(w, bowl_slope(w), BOWL_LEARNING_RATE) for w in weights[:-1]]


def check_learning_rate(
    learning_rate: float | Callable[[], float] | None,
    goal: str = CONVERGE,
    *,
    exercise: str | None = None,
) -> Feedback:
    """Run 20 steps of gradient descent on L(w) = (w − 3)² from w = 0 with `learning_rate`.

    What it compares: where w ends after `DESCENT_STEPS` steps of w ← w − rate · 2(w − 3), with
    the minimum 3. Each step multiplies the distance to 3 by (1 − 2·rate), so a rate that is too
    small creeps, one between 0.5 and 1 zig-zags, and one above 1 diverges. A rate of 0 or
    below, nan or infinite gets its own message (it is no learning rate).

    Args:
        learning_rate: the student's choice, or a function of no arguments that returns it.
        goal: ``"converge"`` (end within 0.01 of w = 3) or ``"diverge"`` (end further from 3
            than the start).
        exercise: the name attempts are counted under (default ``check_learning_rate(<goal>)``).

    Raises:
        ValueError: goal is neither "converge" nor "diverge".

    """
    if goal not in (CONVERGE, DIVERGE):
        raise ValueError(f"check_learning_rate: goal must be 'converge' or 'diverge', got {goal!r}")
    exercise = exercise or f"check_learning_rate({goal})"
    rate = read_number(exercise, learning_rate, "learning rate", "Choose a learning rate.")
    if isinstance(rate, Feedback):
        return rate
    if rate <= 0.0:
        return Feedback(
            exercise,
            WRONG,
            [
                f"A learning rate of {number(rate)} steps {'nowhere' if rate == 0 else 'uphill'}: "
                f"it has to be a positive number."
            ],
        )
    weights = _walk(_right_update, rate, DESCENT_STEPS)
    final = weights[-1]
    distance = abs(final - BOWL_MINIMUM) if math.isfinite(final) else math.inf
    factor = 1.0 - 2.0 * rate
    shown = weights[: DEMO_STEPS + 1]
    trail = " → ".join(number(w) for w in shown)
    after = f"After {len(weights) - 1} steps w = {number(final)} (the minimum is at 3)."
    why = (
        f"Each step multiplies the distance to the minimum by 1 − 2 × {number(rate)} = "
        f"{number(factor)}."
    )
    if goal == DIVERGE:
        if distance > abs(BOWL_START - BOWL_MINIMUM):
            return Feedback(
                exercise,
                CORRECT,
                [f"w = {trail} …: every step overshoots further. {after}", why],
            )
        return Feedback(
            exercise,
            WRONG,
            [
                f"w = {trail} …: this one does not blow up. {after}",
                f"{why} Make it bigger than 1 in size.",
            ],
        )
    if distance < CONVERGED_DISTANCE:
        zigzag = (
            " It overshoots and zig-zags in, because that factor is negative." if factor < 0 else ""
        )
        return Feedback(exercise, CORRECT, [f"w = {trail} … {after}", why + zigzag])
    if factor > 0:
        advice = (
            "Too small: the steps are tiny, and it is still creeping towards 3. Try a bigger rate."
        )
    elif factor >= -1:
        advice = "Too big: each step jumps over the minimum, and it zig-zags without settling."
    else:
        advice = "Far too big: each step overshoots further than the last, and w runs away."
    return Feedback(exercise, WRONG, [f"w = {trail} … {after}", f"{why} {advice}"])


# ----- check_training --------------------------------------------------------------------------

CONVERGED_LOSS = 0.01  # mean squared error on XOR's 0/1 targets: every prediction within ~0.1
FLAT_LOSS = 1e-12  # a loss that changes less than this over training did not change at all
RISING_FRACTION = 0.25  # the loss going up at more than this fraction of steps: too high a rate
PLATEAU_FRACTION = 0.2  # the last 20% of training …
PLATEAU_IMPROVEMENT = 0.01  # … improving the loss by less than 1% of itself: a plateau
SPARK_CHARACTERS = "▁▂▃▄▅▆▇█"
SPARK_WIDTH = 40
XOR_THRESHOLD = 0.5  # a prediction above this means 1


def sparkline(losses: Sequence[float]) -> str:
    """The loss curve in one line of block characters (higher block, higher loss)."""
    finite = [x for x in losses if math.isfinite(x)]
    if not finite:
        return ""
    step = max(1, math.ceil(len(losses) / SPARK_WIDTH))
    picked = losses[::step]
    low, high = min(finite), max(finite)
    span = high - low or 1.0
    top = len(SPARK_CHARACTERS) - 1
    return "".join(
        SPARK_CHARACTERS[round((x - low) / span * top)] if math.isfinite(x) else "!" for x in picked
    )


def dead_relus(model: Any, inputs: Sequence[Sequence[float]]) -> list[str]:
    """The hidden ReLU neurons of an MLP whose net input w·x + b is ≤ 0 on every input.

    Such a neuron outputs 0 and passes back a gradient of 0 for every example: no weight that
    feeds it can change, so it stays dead. Neurons are named ``layers[i].neurons[j]``.
    """
    layers = getattr(model, "layers", None)
    if not layers:
        return []
    alive: set[tuple[int, int]] = set()
    with no_grad():
        for row in inputs:
            activations: list[float] = [float(x) for x in row]
            for i, layer in enumerate(layers):
                outputs = []
                for j, neuron in enumerate(layer.neurons):
                    net = math.fsum(w.data * x for w, x in zip(neuron.w, activations, strict=True))
                    net += neuron.b.data
                    if net > 0.0:
                        alive.add((i, j))
                    outputs.append(float(neuron.activation(Value(net)).data))
                activations = outputs
    return [
        f"layers[{i}].neurons[{j}]"
        for i, layer in enumerate(layers[:-1])
        for j, neuron in enumerate(layer.neurons)
        if getattr(neuron, "activation_name", "") == "relu" and (i, j) not in alive
    ]


def xor_accuracy(model: Any) -> float:
    """The fraction of XOR's four examples the model gets right (a score above 0.5 means 1)."""
    inputs, labels = data.xor()
    with no_grad():
        scores = [float(getattr(model(x), "data", math.nan)) for x in inputs]
    return sum((s > XOR_THRESHOLD) == bool(y) for s, y in zip(scores, labels, strict=True)) / len(
        labels
    )


def xor_loss(model: Any) -> float:
    """The model's mean squared error on XOR's four examples (nan if it gives no numbers)."""
    inputs, labels = data.xor()
    with no_grad():
        scores = [float(getattr(model(x), "data", math.nan)) for x in inputs]
    return math.fsum((s - y) ** 2 for s, y in zip(scores, labels, strict=True)) / len(labels)


def check_training(
    losses: Sequence[float] | Callable[[], Sequence[float]] | None,
    model: Any = None,
    *,
    target_loss: float = CONVERGED_LOSS,
    exercise: str = "check_training",
) -> Feedback:
    """Read a training run's loss history (and the trained model) and say how it went, and why.

    What it compares: the history's last loss with `target_loss`; and the trained model itself
    on XOR's four examples, run here: its mean squared error with `target_loss`, and its
    predictions with the labels. Correct needs both: a history that ends below the target and
    a model that really has (all four right, its own loss below the target). Without the model
    only the numbers returned can be read, so a converged history is "not verified". Otherwise
    the history tells what went wrong: a loss that becomes nan or inf, rises or bounces means
    the learning rate is too high; one that falls steadily but not far enough means it is too
    low (or too few steps); one that never moves, or stalls high, is the sign of dead ReLUs
    (counted in the model when given) or of an update that never runs.

    Args:
        losses: the loss at each step (numbers or Values), or a function that trains and
            returns them (``lambda: train(model, 0.5, 300)``), called here so that a stub
            gives "not answered yet" rather than a traceback.
        model: the trained MLP: checked on XOR, and searched for dead ReLU neurons.
        target_loss: the loss that counts as learned (default 0.01, for the mean squared error).
        exercise: the name attempts are counted under.

    """
    waiting = "Train the model and collect the loss at every step."
    if callable(losses):
        try:
            losses = call(losses, where="while training")
        except NotAnsweredError:
            return not_answered(exercise, "Your training loop is still a stub.")
        except StudentError as error:
            record_attempt(exercise)
            return student_error(exercise, error, "Your training loop")
    if unanswered(losses) or (isinstance(losses, Sequence) and not losses):
        return not_answered(exercise, waiting)
    assert losses is not None  # for mypy: ruled out just above
    try:
        if not isinstance(losses, Sequence):
            raise StudentError(TypeError(f"expected a list of losses, got {losses!r}"), "")
        history = [as_number(x, "each loss") for x in losses]
    except StudentError as error:
        record_attempt(exercise)
        return student_error(exercise, error, "Your loss history")
    record_attempt(exercise)
    curve = (
        f"Loss curve: {sparkline(history)}  ({number(history[0])} → {number(history[-1])} in "
        f"{len(history)} steps)"
    )
    inputs, _ = data.xor()
    dead = dead_relus(model, inputs) if model is not None else []
    dead_line = (
        f"{len(dead)} hidden ReLU neuron(s) are dead ({', '.join(dead)}): w·x + b ≤ 0 for all four "
        f"inputs, so they output 0 and pass back no gradient."
        if dead
        else ""
    )
    blown = next((k for k, x in enumerate(history) if not math.isfinite(x)), None)
    if blown is not None:
        return Feedback(
            exercise,
            WRONG,
            [
                f"The loss became {number(history[blown])} at step {blown}: training blew up. The "
                f"learning rate is too high; divide it by 10 and try again.",
                curve,
            ],
        )
    if history[-1] < target_loss:
        first = next(k for k, x in enumerate(history) if x < target_loss)
        converged = (
            f"the loss went below {number(target_loss)} at step {first} and ended at "
            f"{number(history[-1])}"
        )
        if model is None:
            return Feedback(
                exercise,
                UNVERIFIED,
                [
                    f"Your history says {converged}, but only the numbers you returned were "
                    f"read. Pass the trained model too, check_training(losses, model), so the "
                    f"check can confirm it on XOR itself.",
                    curve,
                ],
            )
        accuracy, model_loss = xor_accuracy(model), xor_loss(model)
        if accuracy == 1.0 and model_loss < target_loss:
            lines = [
                f"Converged: {converged}. The model itself gets all four XOR examples right, "
                f"with a loss of {number(model_loss)}.",
                curve,
            ]
            if dead_line:
                lines.append(f"It learned anyway, but {dead_line[0].lower()}{dead_line[1:]}")
            return Feedback(exercise, CORRECT, lines)
        return Feedback(
            exercise,
            WRONG,
            [
                f"Your history says {converged}, but the model itself has a loss of "
                f"{number(model_loss)} on XOR and gets {round(accuracy * 4)} of the 4 examples "
                f"right. The losses you return are not this model's, or the updates do not "
                f"reach its parameters (p.data -= learning_rate * p.grad, for every p in "
                f"model.parameters()).",
                curve,
            ],
        )
    lines = [_diagnosis(history, dead_line, target_loss), curve]
    if model is not None:
        lines.append(
            f"The model gets {round(xor_accuracy(model) * 4)} of the 4 XOR examples right."
        )
    return Feedback(exercise, WRONG, lines)


def _diagnosis(history: list[float], dead_line: str, target_loss: float) -> str:
    """Why a run did not converge, read off its loss history."""
    steps = len(history) - 1
    if max(history) - min(history) < FLAT_LOSS:
        if dead_line:
            return (
                f"The loss never changed. {dead_line} That is a dead ReLU: start again from "
                f"other weights (another seed), or use tanh or leaky ReLU."
            )
        return (
            "The loss never changed: the weights got no gradient or were never updated. Check "
            "that the loop calls loss.backward() and then changes every p.data (p.data -= "
            "learning_rate * p.grad). With ReLU, dead neurons (w·x + b ≤ 0 for every input) "
            "do this too."
        )
    rises = sum(b > a for a, b in itertools.pairwise(history))
    if history[-1] > history[0] or (steps and rises > RISING_FRACTION * steps):
        return (
            f"The loss went up at {rises} of {steps} steps: the learning rate is too high, so "
            f"each step overshoots the valley it is trying to reach. Try one 10 times smaller. "
            f"(Forgetting zero_grad() between steps looks the same: gradients pile up.)"
        )
    tail = max(1, int(len(history) * PLATEAU_FRACTION))
    recent = history[-tail - 1] - history[-1]
    if recent < PLATEAU_IMPROVEMENT * history[-1]:
        stuck = f"The loss stalled around {number(history[-1])}, far above {number(target_loss)}."
        if dead_line:
            return f"{stuck} {dead_line} Try another seed, more hidden neurons, or tanh."
        return f"{stuck} The model is stuck on a plateau: try another seed or more hidden neurons."
    per_step = recent / tail
    more = math.ceil((history[-1] - target_loss) / per_step) if per_step > 0 else None
    pace = f" At this pace it needs about {more} more steps." if more is not None else ""
    return (
        f"The loss is still falling steadily but slowly, and ended at {number(history[-1])}, "
        f"above {number(target_loss)}.{pace} The learning rate is too low (or the run too "
        f"short): try a bigger one."
    )
