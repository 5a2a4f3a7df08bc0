"""The training loop: forward, loss, ``backward()``, optimiser step, repeated; with a history.

`fit` trains a one-output model (an `MLP` ending in one neuron) on a labelled dataset and shows
a tqdm progress bar. It is a convenience over the loop a student writes by hand, not a framework.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from autograd import losses
from autograd.functional import no_grad
from autograd.nn import Input
from autograd.optim import SGD
from autograd.value import Value

LossFunction = Callable[[Sequence[Value], Sequence[float]], Value]
"""A loss: ``loss(predictions, targets) -> Value``, the mean over the batch."""


class Model(Protocol):
    """What `fit` trains: called on one example's features, it returns the score (an `MLP`)."""

    def __call__(self, x: Input, /) -> Value | list[Value]:
        """The model's output for one example."""

    def parameters(self) -> list[Value]:
        """The trainable Values."""


#: The losses `fit` knows by name.
LOSSES: dict[str, LossFunction] = {
    "mse": losses.mse,
    "binary_cross_entropy": losses.binary_cross_entropy,
    "binary_cross_entropy_with_logits": losses.binary_cross_entropy_with_logits,
    "hinge": losses.hinge,
}

# Losses whose predictions are raw scores, where the sign decides the class (threshold 0).
SCORE_LOSSES = ("hinge", "binary_cross_entropy_with_logits")

DEFAULT_EPOCHS = 100
DEFAULT_LEARNING_RATE = 0.1


@dataclass
class History:
    """What happened during `fit`, one entry per epoch.

    Attributes:
        loss: the mean loss over the epoch's batches (including any L2 penalty), each measured
            before that batch's update.
        accuracy: the fraction of examples classified correctly, from the same forward passes
            (so it lags the final model by one update); empty when the targets are not two
            classes.

    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        """How many epochs were run."""
        return len(self.loss)

    def __repr__(self) -> str:
        if not self.loss:
            return "History(0 epochs)"
        accuracy = f", final accuracy {self.accuracy[-1]:.1%}" if self.accuracy else ""
        return f"History({self.epochs} epochs, final loss {self.loss[-1]:.4g}{accuracy})"


def decision_threshold(loss: str | LossFunction, targets: Sequence[float]) -> float | None:
    """The score above which a prediction means the positive class, or None for regression.

    0 for raw-score losses (hinge, logits); otherwise the midpoint of the two label values
    (0.5 for 0/1 labels, 0 for ±1). None when the targets are not exactly two classes.
    """
    classes = sorted(set(targets))
    if len(classes) > 2 or not set(classes) <= {-1.0, 0.0, 1.0}:
        return None
    if isinstance(loss, str) and loss in SCORE_LOSSES:
        return 0.0
    if classes[0] == -1.0:
        return 0.0
    return 0.5


def accuracy(
    model: Model,
    X: Sequence[Input],  # noqa: N803 -- X for a data matrix, as in the lecture notes
    y: Sequence[float],
    threshold: float = 0.0,
) -> float:
    """The fraction of examples where ``model(x) > threshold`` agrees with ``y > threshold``.

    Runs under `no_grad` (no graph is built). Use threshold 0.5 for 0/1 targets fitted with MSE
    or probabilities, 0 for ±1 targets or raw scores (see `decision_threshold`).
    """
    _check_dataset("accuracy", X, y)
    with no_grad():
        correct = sum(
            (single_output(model(x), "accuracy").data > threshold) == (target > threshold)
            for x, target in zip(X, y, strict=True)
        )
    return correct / len(y)


def fit(
    model: Model,
    X: Sequence[Input],  # noqa: N803 -- X for a data matrix, as in the lecture notes
    y: Sequence[float],
    loss: str | LossFunction = "mse",
    optimizer: SGD | None = None,
    epochs: int = DEFAULT_EPOCHS,
    batch_size: int | None = None,
    seed: int | None = None,
    *,
    learning_rate: float | None = None,
    l2: float = 0.0,
    threshold: float | None = None,
    rng: random.Random | None = None,
    progress: bool = True,
    on_epoch_end: Callable[[int, History], None] | None = None,
) -> History:
    """Train `model` on ``(X, y)`` by gradient descent; return the loss and accuracy per epoch.

    Each batch: forward every example, loss = ``loss(scores, targets)`` (+ α·Σw² when `l2` is
    α > 0), ``optimizer.zero_grad()``, ``loss.backward()``, ``optimizer.step()``.

    Args:
        model: a model with one output, e.g. ``MLP(2, [16, 16, 1])``.
        X: the examples' features.
        y: their targets (0/1 or ±1 labels, or numbers).
        loss: a name from `LOSSES` or a function ``(predictions, targets) -> Value``.
        optimizer: default ``SGD(model.parameters(), lr=learning_rate)``.
        epochs: passes over the data.
        batch_size: None (default) for full-batch gradient descent; else mini-batches of this
            size from a fresh shuffle each epoch.
        seed: makes the shuffling repeatable; None uses the global `random` module.
        learning_rate: the step size of the default SGD (default 0.1); not with `optimizer`.
        l2: the L2 penalty strength α (0 = none).
        threshold: the score that separates the classes for the accuracy; default from
            `decision_threshold`.
        rng: a `random.Random` to shuffle with, instead of `seed`.
        progress: show a tqdm progress bar with the current loss (also works in Jupyter).
        on_epoch_end: called as ``on_epoch_end(epoch, history)`` after each epoch, e.g. to
            print or to change ``optimizer.lr``.

    Raises:
        ValueError: empty or mismatched data, a bad setting, or a model with several outputs.
        TypeError: both `optimizer` and `learning_rate`, or an unknown kind of loss.

    """
    where = "fit"
    _check_dataset(where, X, y)
    loss_name, loss_function = _loss(loss)
    targets = [float(target) for target in y]
    if optimizer is None:
        optimizer = SGD(
            model.parameters(),
            lr=DEFAULT_LEARNING_RATE if learning_rate is None else learning_rate,
        )
    elif learning_rate is not None:
        raise TypeError(
            f"{where}: got both optimizer and learning_rate={learning_rate!r}; set the rate on "
            f"the optimizer, e.g. SGD(model.parameters(), lr={learning_rate!r})"
        )
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"{where}: epochs must be a positive int, got {epochs!r}; e.g. epochs=100")
    n = len(targets)
    if batch_size is not None and (
        isinstance(batch_size, bool) or not isinstance(batch_size, int) or not 1 <= batch_size <= n
    ):
        raise ValueError(
            f"{where}: batch_size must be None (full batch) or an int from 1 to {n}, got "
            f"{batch_size!r}"
        )
    if not l2 >= 0.0:
        raise ValueError(f"{where}: l2 must be ≥ 0, got {l2!r}; e.g. l2=1e-4")
    if rng is not None and seed is not None:
        raise TypeError(f"{where}: got both seed={seed!r} and rng; give only one")
    if rng is None and seed is not None:
        rng = random.Random(seed)
    shuffle = rng.shuffle if rng is not None else random.shuffle
    if threshold is None:
        threshold = decision_threshold(loss_name or loss_function, targets)

    history = History()
    bar = _progress_bar(epochs) if progress else None
    order = list(range(n))
    try:
        for epoch in range(epochs):
            if batch_size is not None:
                shuffle(order)
            size = n if batch_size is None else batch_size
            total_loss = 0.0
            correct = 0
            for start in range(0, n, size):
                batch = order[start : start + size]
                scores = [single_output(model(X[i]), where) for i in batch]
                batch_loss = loss_function(scores, [targets[i] for i in batch])
                if l2 > 0.0:
                    batch_loss = batch_loss + losses.l2_penalty(model.parameters(), l2)
                optimizer.zero_grad()
                batch_loss.backward()
                optimizer.step()
                total_loss += batch_loss.data * len(batch)
                if threshold is not None:
                    correct += sum(
                        (score.data > threshold) == (targets[i] > threshold)
                        for score, i in zip(scores, batch, strict=True)
                    )
            history.loss.append(total_loss / n)
            if threshold is not None:
                history.accuracy.append(correct / n)
            if bar is not None:
                shown = {"loss": f"{history.loss[-1]:.4f}"}
                if history.accuracy:
                    shown["accuracy"] = f"{history.accuracy[-1]:.0%}"
                bar.set_postfix(shown, refresh=False)
                bar.update()
            if on_epoch_end is not None:
                on_epoch_end(epoch, history)
    finally:
        if bar is not None:
            bar.close()
    return history


class _Bar(Protocol):
    """The part of a tqdm progress bar that `fit` uses (typed here; tqdm is imported lazily)."""

    def set_postfix(self, ordered_dict: dict[str, str], refresh: bool = True) -> None:
        """Show these values after the bar."""

    def update(self, n: int = 1) -> None:
        """Advance the bar by n steps."""

    def close(self) -> None:
        """Finish the bar."""


def _progress_bar(epochs: int) -> _Bar:
    # The text bar renders in terminals and in Jupyter alike (the widget bar needs ipywidgets
    # and is lost when a notebook is saved). Imported here so `import autograd` stays instant.
    from tqdm.std import tqdm  # type: ignore[import-untyped]  # tqdm ships no type hints

    bar: _Bar = tqdm(total=epochs, desc="training", unit="epoch")
    return bar


def _loss(loss: str | LossFunction) -> tuple[str | None, LossFunction]:
    if isinstance(loss, str):
        function = LOSSES.get(loss)
        if function is None:
            raise ValueError(
                f"fit: unknown loss {loss!r}; use one of {', '.join(map(repr, LOSSES))} or a "
                f"function (predictions, targets) -> Value"
            )
        return loss, function
    if callable(loss):
        return None, loss
    raise TypeError(
        f"fit: loss must be a name or a function (predictions, targets) -> Value, got "
        f"{type(loss).__name__} {loss!r}"
    )


def single_output(out: Value | list[Value], where: str) -> Value:
    """The model's one output; a ValueError if it gave several."""
    if isinstance(out, Value):
        return out
    raise ValueError(
        f"{where}: the model returned {len(out)} outputs; this needs a model with one output, "
        f"e.g. MLP(n_inputs, [16, 16, 1])"
    )


def _check_dataset(where: str, X: Sequence[Input], y: Sequence[float]) -> None:  # noqa: N803
    if len(X) != len(y):
        raise ValueError(
            f"{where}: X has {len(X)} examples but y has {len(y)} targets; give one target per "
            f"example"
        )
    if not y:
        raise ValueError(f"{where}: the dataset is empty; give at least one example")
