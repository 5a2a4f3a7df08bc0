"""Loss functions: how wrong a batch of predictions is, as one `Value` to call ``backward()`` on.

Each loss is written with ordinary `Value` operations, so it adds no derivative rules; each
returns the mean over the batch. Optimisers live in `optim.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence

from autograd.engine import Value

LossFunction = Callable[[Sequence[Value], Sequence[float]], Value]
"""A loss: ``loss(predictions, targets) -> Value``, the mean over the batch."""

BCE_EPSILON = 1e-7  # probabilities are clamped to [ε, 1 - ε] so log never sees 0
DEFAULT_L2_ALPHA = 1e-4  # micrograd's demo uses this L2 strength


def _mean(losses: list[Value]) -> Value:
    """(loss₁ + … + lossₙ) / n, built as a chain of additions so it draws as the sum it is."""
    total = losses[0]
    for loss in losses[1:]:
        total = total + loss
    return total * (1.0 / len(losses))


Target = float | Value
"""A target: a number, or a Value (a compiled step passes its inputs as Values)."""


def _check_batch(
    where: str, predictions: Sequence[Value], targets: Sequence[float]
) -> tuple[list[Value], list[Target]]:
    """The batch as Values and targets, after checking they match and are not empty.

    Targets that are Values stay Values, so that `autograd.compile` keeps them as inputs
    instead of freezing their numbers; numbers become floats.
    """
    if isinstance(predictions, Value) or not isinstance(predictions, Sequence):
        raise TypeError(
            f"{where}: predictions must be a list of Values, got {type(predictions).__name__}; "
            f"for one example write {where}([prediction], [target])"
        )
    if isinstance(targets, (str, bytes)) or not isinstance(targets, Collection):
        raise TypeError(
            f"{where}: targets must be a list of numbers, got {type(targets).__name__}; "
            f"for one example write {where}([prediction], [target])"
        )
    if len(predictions) != len(targets):
        raise ValueError(
            f"{where}: got {len(predictions)} predictions but {len(targets)} targets; "
            f"pass one target per prediction"
        )
    if len(predictions) == 0:
        raise ValueError(f"{where}: the batch is empty; pass at least one prediction and target")
    values = [p if isinstance(p, Value) else Value(p) for p in predictions]
    numbers: list[Target] = [t if isinstance(t, Value) else float(t) for t in targets]
    return values, numbers


def _number(y: Target) -> float:
    """A target's number, for checking it (a traced target is a Value; its number is read)."""
    return y.data if isinstance(y, Value) else y


def mse(predictions: Sequence[Value], targets: Sequence[float]) -> Value:
    """Mean squared error: (1/n) Σᵢ (predictionᵢ - targetᵢ)².

    Raises:
        ValueError: the lengths differ or the batch is empty.

    """
    values, numbers = _check_batch("mse", predictions, targets)
    return _mean([(p - t) ** 2 for p, t in zip(values, numbers, strict=True)])


def binary_cross_entropy(
    probabilities: Sequence[Value], targets: Sequence[float], epsilon: float = BCE_EPSILON
) -> Value:
    """Binary cross-entropy of probabilities: (1/n) Σᵢ -[yᵢ ln pᵢ + (1 - yᵢ) ln(1 - pᵢ)].

    `probabilities` are in (0, 1), e.g. from a sigmoid output layer; `targets` are 0 or 1.
    Each pᵢ is first clamped to [ε, 1 - ε] so ln never sees 0; like PyTorch's ``clamp``, a
    clamped probability passes no gradient. For raw scores use
    `binary_cross_entropy_with_logits`, which needs no clamp.

    Raises:
        ValueError: the lengths differ, the batch is empty, or a target is outside [0, 1].

    """
    values, numbers = _check_batch("binary_cross_entropy", probabilities, targets)
    _check_probability_targets("binary_cross_entropy", [_number(y) for y in numbers])
    losses = []
    for p, y in zip(values, numbers, strict=True):
        clamped = _clamp(p, epsilon, 1.0 - epsilon)
        losses.append(-(y * clamped.log() + (1.0 - y) * (1.0 - clamped).log()))
    return _mean(losses)


def _clamp(x: Value, low: float, high: float) -> Value:
    """X limited to [low, high], with slope 1 inside and 0 outside (as PyTorch's ``clamp``).

    Written as low + ReLU(x - low) - ReLU(x - high), not with an ``if`` on ``x.data``, so that a
    compiled program (`autograd.compile`) decides at every call, not once at trace time.
    """
    return low + (x - low).relu() - (x - high).relu()


def binary_cross_entropy_with_logits(logits: Sequence[Value], targets: Sequence[float]) -> Value:
    """Binary cross-entropy of σ(zᵢ), computed from the raw scores (logits) zᵢ without overflow.

    For each example, -[y ln σ(z) + (1 - y) ln(1 - σ(z))] equals
    max(z, 0) - z·y + ln(1 + e^{-|z|}), whose exponent is never positive, so it stays finite
    for any z. Its derivative is σ(z) - y. Targets are 0 or 1 (or probabilities in [0, 1]).

    Raises:
        ValueError: the lengths differ, the batch is empty, or a target is outside [0, 1].

    """
    values, numbers = _check_batch("binary_cross_entropy_with_logits", logits, targets)
    _check_probability_targets("binary_cross_entropy_with_logits", [_number(y) for y in numbers])
    losses = []
    for z, y in zip(values, numbers, strict=True):
        # -|z| = z - 2·ReLU(z): built from ops, not an `if` on z.data, so that a compiled
        # program (autograd.compile) chooses the branch at every call
        minus_abs_z = z - 2.0 * z.relu()
        losses.append(z.relu() - z * y + (1.0 + minus_abs_z.exp()).log())
    return _mean(losses)


def hinge(scores: Sequence[Value], targets: Sequence[float]) -> Value:
    """The max-margin (SVM) loss of micrograd's demo: (1/n) Σᵢ max(0, 1 - yᵢ·scoreᵢ).

    Targets are -1 or +1: an example costs nothing once its score has the right sign with a
    margin of at least 1. Convert 0/1 labels with `autograd.nn.data.to_signed`.

    Raises:
        ValueError: the lengths differ, the batch is empty, or a target is not ±1.

    """
    values, numbers = _check_batch("hinge", scores, targets)
    labels = [_number(y) for y in numbers]
    if any(y not in (-1.0, 1.0) for y in labels):
        raise ValueError(
            f"hinge: targets must be -1 or +1, got {sorted(set(labels))!r}; convert 0/1 labels "
            f"with autograd.nn.data.to_signed(y)"
        )
    return _mean([(1.0 - y * s).relu() for s, y in zip(values, numbers, strict=True)])


def l2_penalty(parameters: Iterable[Value], alpha: float = DEFAULT_L2_ALPHA) -> Value:
    """L2 regularisation α · Σ w² over `parameters`: add it to a loss to keep weights small.

    Its gradient 2αw pulls every weight towards 0 (``weight_decay`` in `SGD` does the same in
    the update instead of the loss).

    Raises:
        ValueError: there are no parameters or α is negative.

    """
    params = list(parameters)
    if not params:
        raise ValueError("l2_penalty: got no parameters; pass model.parameters()")
    if not alpha >= 0.0:
        raise ValueError(f"l2_penalty: alpha must be ≥ 0, got {alpha!r}; e.g. alpha=1e-4")
    total = params[0] * params[0]
    for p in params[1:]:
        total = total + p * p
    return alpha * total


def _check_probability_targets(where: str, targets: list[float]) -> None:
    if any(not 0.0 <= y <= 1.0 for y in targets):
        raise ValueError(
            f"{where}: targets must be in [0, 1] (class labels 0 or 1), got "
            f"{sorted(set(targets))!r}; convert ±1 labels with autograd.nn.data.to_binary(y)"
        )


#: The losses `fit` knows by name.
LOSSES: dict[str, LossFunction] = {
    "mse": mse,
    "binary_cross_entropy": binary_cross_entropy,
    "binary_cross_entropy_with_logits": binary_cross_entropy_with_logits,
    "hinge": hinge,
}

#: The losses whose predictions are raw scores, where the sign decides the class (threshold 0).
SCORE_LOSSES: tuple[LossFunction, ...] = (hinge, binary_cross_entropy_with_logits)
