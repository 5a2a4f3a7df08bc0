"""Loss functions: how wrong a batch of predictions is, as one `Value` to call ``backward()`` on.

Each loss is written with ordinary `Value` operations, so it adds no derivative rules; each
returns the mean over the batch. Optimisers live in `optim.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from autograd.value import Value

BCE_EPSILON = 1e-7  # probabilities are clamped to [ε, 1 - ε] so log never sees 0
DEFAULT_L2_ALPHA = 1e-4  # micrograd's demo uses this L2 strength


def _mean(losses: list[Value]) -> Value:
    """(loss₁ + … + lossₙ) / n, built as a chain of additions so it draws as the sum it is."""
    total = losses[0]
    for loss in losses[1:]:
        total = total + loss
    return total * (1.0 / len(losses))


def _check_batch(
    where: str, predictions: Sequence[Value], targets: Sequence[float]
) -> tuple[list[Value], list[float]]:
    """The batch as lists of Values and floats, after checking they match and are not empty."""
    if isinstance(predictions, Value) or not isinstance(predictions, Sequence):
        raise TypeError(
            f"{where}: predictions must be a list of Values, got {type(predictions).__name__}; "
            f"for one example write {where}([prediction], [target])"
        )
    if isinstance(targets, (str, bytes)) or not isinstance(targets, Sequence):
        raise TypeError(
            f"{where}: targets must be a list of numbers, got {type(targets).__name__}; "
            f"for one example write {where}([prediction], [target])"
        )
    if len(predictions) != len(targets):
        raise ValueError(
            f"{where}: got {len(predictions)} predictions but {len(targets)} targets; "
            f"pass one target per prediction"
        )
    if not predictions:
        raise ValueError(f"{where}: the batch is empty; pass at least one prediction and target")
    values = [p if isinstance(p, Value) else Value(p) for p in predictions]
    numbers = [t.data if isinstance(t, Value) else float(t) for t in targets]
    return values, numbers


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
    _check_probability_targets("binary_cross_entropy", numbers)
    losses = []
    for p, y in zip(values, numbers, strict=True):
        if not epsilon <= p.data <= 1.0 - epsilon:
            p = Value(min(max(p.data, epsilon), 1.0 - epsilon))
        losses.append(-(y * p.log() + (1.0 - y) * (1.0 - p).log()))
    return _mean(losses)


def binary_cross_entropy_with_logits(logits: Sequence[Value], targets: Sequence[float]) -> Value:
    """Binary cross-entropy of σ(zᵢ), computed from the raw scores (logits) zᵢ without overflow.

    For each example, -[y ln σ(z) + (1 - y) ln(1 - σ(z))] equals
    max(z, 0) - z·y + ln(1 + e^{-|z|}), whose exponent is never positive, so it stays finite
    for any z. Its derivative is σ(z) - y. Targets are 0 or 1 (or probabilities in [0, 1]).

    Raises:
        ValueError: the lengths differ, the batch is empty, or a target is outside [0, 1].

    """
    values, numbers = _check_batch("binary_cross_entropy_with_logits", logits, targets)
    _check_probability_targets("binary_cross_entropy_with_logits", numbers)
    losses = []
    for z, y in zip(values, numbers, strict=True):
        # -|z| as a graph through z; at z = 0 the branch matches ReLU's slope there (0)
        minus_abs_z = -z if z.data > 0.0 else z
        losses.append(z.relu() - z * y + (1.0 + minus_abs_z.exp()).log())
    return _mean(losses)


def hinge(scores: Sequence[Value], targets: Sequence[float]) -> Value:
    """The max-margin (SVM) loss of micrograd's demo: (1/n) Σᵢ max(0, 1 - yᵢ·scoreᵢ).

    Targets are -1 or +1: an example costs nothing once its score has the right sign with a
    margin of at least 1. Convert 0/1 labels with `autograd.data.to_signed`.

    Raises:
        ValueError: the lengths differ, the batch is empty, or a target is not ±1.

    """
    values, numbers = _check_batch("hinge", scores, targets)
    if any(y not in (-1.0, 1.0) for y in numbers):
        raise ValueError(
            f"hinge: targets must be -1 or +1, got {sorted(set(numbers))!r}; convert 0/1 labels "
            f"with autograd.data.to_signed(y)"
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
            f"{sorted(set(targets))!r}; convert ±1 labels with autograd.data.to_binary(y)"
        )
