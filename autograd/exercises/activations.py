"""Checkers for the failure modes of activations: where sigmoid's gradient vanishes, a dead ReLU.

`check_vanishing_gradient` wants the x > 0 where σ′(x) has fallen to 1% of its peak;
`check_dead_relu` wants a bias that kills a ReLU neuron on all four XOR inputs, and then shows
that its gradients are exactly 0, so training can never bring it back.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from autograd.engine.backprop import chain_rule
from autograd.engine.functions import logistic
from autograd.engine.value import Value
from autograd.exercises.feedback import (
    CORRECT,
    WRONG,
    Feedback,
    number,
    read_number,
)
from autograd.nn import data

SIGMOID_PEAK_SLOPE = 0.25  # σ′(0) = 0.25, the largest slope sigmoid has
VANISHING_FRACTION = 0.01  # "vanished": 1% of the peak slope
VANISHING_SLOPE = SIGMOID_PEAK_SLOPE * VANISHING_FRACTION
VANISHING_TOLERANCE = 0.01  # the answer should be right to 2 decimals
#: σ′(x) = σ(1 − σ) = s solves to σ = (1 + √(1 − 4s)) / 2, and x = ln(σ / (1 − σ)).
_SIGMA = (1.0 + math.sqrt(1.0 - 4.0 * VANISHING_SLOPE)) / 2.0
VANISHING_POINT = math.log(_SIGMA / (1.0 - _SIGMA))
DEAD_RELU_WEIGHTS = (0.5, 0.8)  # the neuron whose bias the student chooses


def sigmoid_slope(x: float) -> float:
    """σ′(x) = σ(x)·(1 − σ(x))."""
    s = logistic(x)
    return float(s * (1.0 - s))


SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def check_vanishing_gradient(
    x: float | Callable[[], float] | None, *, exercise: str = "check_vanishing_gradient"
) -> Feedback:
    """Check the x > 0 where sigmoid's slope σ′(x) = σ(x)(1 − σ(x)) falls to 1% of its peak 0.25.

    What it compares: the student's number (or what their function of no arguments returns)
    with the crossing `VANISHING_POINT` (about 5.99); right within 0.01. A wrong answer is told
    which side of the crossing it is on and how big σ′ is there; nan or an infinity gets its own
    message.
    """
    chosen = read_number(exercise, x, "x", "Find x.")
    if isinstance(chosen, Feedback):
        return chosen
    slope = sigmoid_slope(chosen)
    percent = f"{100 * slope / SIGMOID_PEAK_SLOPE:.3g}"
    share = f"σ′({number(chosen)}) = {number(slope)}, {percent}% of its peak 0.25"
    if abs(chosen - VANISHING_POINT) <= VANISHING_TOLERANCE:
        return Feedback(
            exercise,
            CORRECT,
            [
                f"{share}. Beyond x ≈ {number(VANISHING_POINT)} (and before "
                f"−{number(VANISHING_POINT)}) a sigmoid neuron passes back less than 1% of the "
                f"gradient it could: a network "
                f"of saturated sigmoids learns very slowly. That is the vanishing gradient."
            ],
        )
    if chosen < 0 and abs(-chosen - VANISHING_POINT) <= VANISHING_TOLERANCE:
        return Feedback(
            exercise,
            WRONG,
            [f"{share}: right slope, but on the left side. σ′ is symmetric; we asked for x > 0."],
        )
    if slope > VANISHING_SLOPE:
        hint = "still above 1%: go further right." if chosen > 0 else "x should be positive."
    else:
        hint = "already below 1%: the crossing is further left. Find where it first drops below."
    return Feedback(exercise, WRONG, [f"{share}, {hint}"])


def check_dead_relu(
    bias: float | Callable[[], float] | None,
    weights: Sequence[float] = DEAD_RELU_WEIGHTS,
    *,
    exercise: str = "check_dead_relu",
) -> Feedback:
    """Check a bias b that makes ReLU(w₁x₁ + w₂x₂ + b) output 0 on all four XOR inputs: dead.

    What it compares: w·x + b with 0 at each of the four XOR inputs (it must be ≤ 0 at every
    one); then the neuron is run on them with a squared-error loss, and the verdict is correct
    only if backprop's gradients ∂L/∂w₁, ∂L/∂w₂ and ∂L/∂b all come out exactly 0, so that no
    update can ever revive it. A bias that is nan or infinite gets its own message.

    Args:
        bias: the student's b, or a function of no arguments that returns it.
        weights: w₁, w₂ (the exercise's are 0.5 and 0.8).
        exercise: the name attempts are counted under.

    """
    b_number = read_number(exercise, bias, "bias", "Choose a bias.")
    if isinstance(b_number, Feedback):
        return b_number
    inputs, targets = data.xor()
    for x in inputs:
        net = math.fsum(w * xi for w, xi in zip(weights, x, strict=True)) + b_number
        if net > 0.0:
            return Feedback(
                exercise,
                WRONG,
                [
                    f"At input ({number(x[0])}, {number(x[1])}) the neuron still fires: w·x + b "
                    f"= {number(net)} > 0, so ReLU passes its gradient back there (slope 1). "
                    f"It is dead only if w·x + b ≤ 0 for every input: look for the input that "
                    f"makes w·x largest."
                ],
            )
    w = [Value(wi, label=f"w{i + 1}".translate(SUBSCRIPTS)) for i, wi in enumerate(weights)]
    b = Value(b_number, label="b")
    loss = Value(0.0)
    for x, y in zip(inputs, targets, strict=True):
        out = (sum((wi * xi for wi, xi in zip(w, x, strict=True)), b)).relu()
        loss = loss + (out - y) ** 2
    grads = chain_rule(loss)
    values = [grads.get(p, 0.0) for p in (*w, b)]
    shown = ", ".join(f"∂L/∂{p.label} = {number(g)}" for p, g in zip((*w, b), values, strict=True))
    if any(g != 0.0 for g in values):  # w·x + b ≤ 0 everywhere, so backprop must give exact 0s
        return Feedback(
            exercise,
            WRONG,
            [f"w·x + b ≤ 0 on every input, yet backprop gives {shown}: not a dead neuron."],
        )
    return Feedback(
        exercise,
        CORRECT,
        [
            f"With b = {number(b_number)}, w·x + b ≤ 0 for all four inputs, so the neuron "
            f"outputs 0 everywhere.",
            f"Its gradients on a squared-error loss, from backprop: {shown}. Gradient descent "
            f"moves a weight by learning_rate × gradient = 0: the neuron is dead for good. Leaky "
            f"ReLU keeps a small slope for x < 0 so this cannot happen.",
        ],
    )
