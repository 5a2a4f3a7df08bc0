"""The training loop: forward, loss, ``backward()``, optimiser step, repeated; with a history.

`fit` trains a one-output model (an `MLP` ending in one neuron) on a labelled dataset and shows
a tqdm progress bar. It is a convenience over the loop a student writes by hand, not a framework.
Its arguments are checked in `fit_checks.py`; one step of it is `gradient_step`; a loss that
stops being a finite number ends it with `DivergenceError`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Protocol

from autograd.compiler import compile as compile_function
from autograd.engine import Value, no_grad
from autograd.nn import fit_checks, losses
from autograd.nn.losses import LossFunction
from autograd.nn.models import Input
from autograd.nn.optim import SGD

DEFAULT_EPOCHS = 100
DEFAULT_LEARNING_RATE = 0.1
SUGGESTED_RATE_FACTOR = 0.1  # a diverged run is told to try a learning rate this much smaller


class Model(Protocol):
    """What `fit` trains: called on one example's features, it returns the score (an `MLP`)."""

    def __call__(self, x: Input, /) -> Value | list[Value]:
        """The model's output for one example."""

    def parameters(self) -> list[Value]:
        """The trainable Values."""


class Optimizer(Protocol):
    """What `fit` updates the parameters with (an `SGD`)."""

    def zero_grad(self) -> None:
        """Set every parameter's grad to 0."""

    def step(self) -> None:
        """Move every parameter against its gradient."""


Step = Callable[[list[list[float]], list[float]], tuple[float, list[float]]]
"""One training step on a batch ``(rows, targets)``: it updates the model and returns the batch's
loss and each example's score, both as they were before the update."""


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


class DivergenceError(ValueError):
    """`fit` stopped: the loss, or a parameter, stopped being a finite number (inf or NaN).

    Gradient descent with too large a learning rate overshoots the minimum by more each step,
    until the numbers overflow. Every later step would only compute NaN, so `fit` stops at the
    first non-finite number and says so; the model's parameters are then unusable (build the
    model again). A ValueError, because it is almost always a setting (the learning rate) that
    is out of range.

    Attributes:
        epoch: the epoch it happened in, counting from 1.
        history: the epochs run, this one included (its loss may be inf or NaN).
        learning_rate: the optimiser's ``lr`` when it happened, or None if it has none.
        suggested_rate: a smaller learning rate to try, ``learning_rate`` times
            `SUGGESTED_RATE_FACTOR`; None when `learning_rate` is None.

    """

    def __init__(
        self, message: str, epoch: int, history: History, learning_rate: float | None
    ) -> None:
        super().__init__(message)
        self.epoch = epoch
        self.history = history
        self.learning_rate = learning_rate
        self.suggested_rate = _suggested_rate(learning_rate)


def _suggested_rate(learning_rate: float | None) -> float | None:
    """The learning rate to try after `learning_rate` diverged (None if there was none)."""
    return None if learning_rate is None else learning_rate * SUGGESTED_RATE_FACTOR


def decision_threshold(loss: str | LossFunction, targets: Collection[float]) -> float | None:
    """The score above which a prediction means the positive class, or None for regression.

    0 for raw-score losses (`losses.SCORE_LOSSES`: hinge, logits), given by name or as the
    function; otherwise the midpoint of the two label values (0.5 for 0/1 labels, 0 for ±1).
    None when the targets are not exactly two classes.
    """
    classes = sorted(set(targets))
    if not 1 <= len(classes) <= 2 or not set(classes) <= {-1.0, 0.0, 1.0}:
        return None
    function = losses.LOSSES.get(loss) if isinstance(loss, str) else loss
    if function in losses.SCORE_LOSSES:
        return 0.0
    if classes[0] == -1.0:
        return 0.0
    return 0.5


def accuracy(
    model: Model,
    X: fit_checks.Examples,  # noqa: N803 -- X for a data matrix, as in the lecture notes
    y: fit_checks.Targets,
    threshold: float = 0.0,
) -> float:
    """The fraction of examples where ``model(x) > threshold`` agrees with ``y > threshold``.

    Runs under `no_grad` (no graph is built). Use threshold 0.5 for 0/1 targets fitted with MSE
    or probabilities, 0 for ±1 targets or raw scores (see `decision_threshold`). X and y may be
    lists or numpy arrays.
    """
    where = "accuracy"
    rows, targets = fit_checks.check_dataset(where, X, y)
    fit_checks.check_threshold(where, threshold)
    return _agreements(_scores(model, rows, where), targets, threshold) / len(targets)


def scores(
    model: Model,
    X: fit_checks.Examples,  # noqa: N803 -- X for a data matrix, as in the lecture notes
) -> list[float]:
    """Each example's score, ``model(x).data``, computed under `no_grad` (no graph is built).

    The numbers `accuracy` compares with its threshold; for a model with one output.
    """
    where = "scores"
    rows = fit_checks.check_examples(where, X)
    return _scores(model, rows, where)


def _scores(model: Model, rows: list[list[float]], where: str) -> list[float]:
    with no_grad():
        return [single_output(model(x), where).data for x in rows]


def batch_loss(
    model: Model, loss_function: LossFunction, l2: float = 0.0
) -> Callable[[list[list[float]], list[float]], tuple[Value, list[Value]]]:
    """The forward pass of one batch: ``(loss, scores)`` for ``(rows, targets)``.

    loss = ``loss_function(scores, targets)``, plus α·Σw² when `l2` is α > 0.
    """

    def forward(rows: list[list[float]], targets: list[float]) -> tuple[Value, list[Value]]:
        scores = [single_output(model(x), "fit") for x in rows]
        loss = loss_function(scores, targets)
        if l2 > 0.0:
            loss = loss + losses.l2_penalty(model.parameters(), l2)
        return loss, scores

    return forward


def gradient_step(
    model: Model,
    loss_function: LossFunction,
    optimizer: Optimizer,
    l2: float = 0.0,
    compile: bool = False,
) -> Step:
    """The step `fit` takes on each batch: one iteration of gradient descent.

    Forward every example, loss = ``loss_function(scores, targets)`` (+ α·Σw² when `l2` is
    α > 0), ``optimizer.zero_grad()``, ``loss.backward()``, ``optimizer.step()``. With
    `compile`, the forward and backward passes run as the program `autograd.compile` writes:
    the same numbers, bit for bit, many times faster.
    """
    forward = batch_loss(model, loss_function, l2)
    if compile:
        compiled = compile_function(forward, has_aux=True)

        def compiled_step(
            rows: list[list[float]], targets: list[float]
        ) -> tuple[float, list[float]]:
            optimizer.zero_grad()
            loss, scores = compiled(rows, targets)
            optimizer.step()
            return loss, scores

        return compiled_step

    def step(rows: list[list[float]], targets: list[float]) -> tuple[float, list[float]]:
        loss, scores = forward(rows, targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.data, [score.data for score in scores]

    return step


def fit(
    model: Model,
    X: fit_checks.Examples,  # noqa: N803 -- X for a data matrix, as in the lecture notes
    y: fit_checks.Targets,
    loss: str | LossFunction = "mse",
    optimizer: Optimizer | None = None,
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
    compile: bool = True,
) -> History:
    """Train `model` on ``(X, y)`` by gradient descent; return the loss and accuracy per epoch.

    Each batch is one `gradient_step`: forward every example, loss = ``loss(scores, targets)``
    (+ α·Σw² when `l2` is α > 0), ``optimizer.zero_grad()``, ``loss.backward()``,
    ``optimizer.step()``.

    Args:
        model: a model with one output, e.g. ``MLP(2, [16, 16, 1])``.
        X: the examples' features: a list of lists of numbers, or a 2-D numpy array.
        y: their targets (0/1 or ±1 labels, or numbers): a list or a 1-D numpy array.
        loss: a name from `LOSSES` or a function ``(predictions, targets) -> Value``.
        optimizer: default ``SGD(model.parameters(), lr=learning_rate)``.
        epochs: passes over the data.
        batch_size: None (default) for full-batch gradient descent; else mini-batches of this
            size from a fresh shuffle each epoch.
        seed: makes the shuffling repeatable; None uses the global `random` module.
        learning_rate: the step size of the default SGD (default 0.1); not with `optimizer`.
        l2: the L2 penalty strength α (0 = none).
        threshold: the score that separates the classes for the accuracy, a finite number;
            default from `decision_threshold`.
        rng: a `random.Random` to shuffle with, instead of `seed`.
        progress: show a tqdm progress bar with the current loss (also works in Jupyter).
        on_epoch_end: called as ``on_epoch_end(epoch, history)`` after each epoch, e.g. to
            print or to change ``optimizer.lr``.
        compile: run each step as the program `autograd.compile` writes (the default): the
            same numbers as the dynamic graph, bit for bit, many times faster. Its first step
            traces the model and the loss; a loss of your own must not branch on ``.data``
            (see `autograd.compile`). ``compile=False`` builds the graph at every step, to
            watch or draw it.

    Raises:
        DivergenceError: (a ValueError) the loss or a parameter became inf or NaN, almost
            always because the learning rate is too large; raised at the end of that epoch,
            before `on_epoch_end`, with the history so far.
        ValueError: empty, mismatched or non-finite data, a bad setting, or a model with
            several outputs.
        TypeError: data or an `l2` that is not numbers, both `optimizer` and `learning_rate`,
            or an unknown kind of loss.
        OverflowError: an int in the data too large for a float.

    """
    checked = fit_checks.check_fit(
        X,
        y,
        loss=loss,
        optimizer=optimizer,
        learning_rate=learning_rate,
        epochs=epochs,
        batch_size=batch_size,
        seed=seed,
        rng=rng,
        l2=l2,
        threshold=threshold,
    )
    if optimizer is None:
        rate = DEFAULT_LEARNING_RATE if learning_rate is None else learning_rate
        optimizer = SGD(model.parameters(), lr=rate)
    if threshold is None:
        threshold = decision_threshold(checked.loss_function, checked.targets)
    step = gradient_step(model, checked.loss_function, optimizer, checked.l2, compile)

    history = History()
    bar = _progress_bar(checked.epochs) if progress else None
    order = list(range(len(checked.targets)))
    try:
        for epoch in range(checked.epochs):
            mean_loss, fraction_correct = _epoch(step, checked, order, threshold)
            history.loss.append(mean_loss)
            if fraction_correct is not None:
                history.accuracy.append(fraction_correct)
            _check_finite(model, optimizer, epoch, checked.epochs, history)
            if bar is not None:
                _show(bar, history)
            if on_epoch_end is not None:
                on_epoch_end(epoch, history)
    finally:
        if bar is not None:
            bar.close()
    return history


def _check_finite(
    model: Model, optimizer: Optimizer, epoch: int, epochs: int, history: History
) -> None:
    """Raise `DivergenceError` if the epoch's loss or a parameter is not a finite number."""
    loss = history.loss[-1]
    if math.isfinite(loss):
        bad = next((p.data for p in model.parameters() if not math.isfinite(p.data)), None)
        if bad is None:
            return
        what = (
            f"a parameter became {bad!r} in epoch {epoch + 1} of {epochs} (the loss was {loss:.4g})"
        )
    else:
        before = (
            f" (it was {history.loss[-2]:.4g} the epoch before)" if len(history.loss) > 1 else ""
        )
        what = f"the loss became {loss!r} in epoch {epoch + 1} of {epochs}{before}"
    rate = getattr(optimizer, "lr", None)
    learning_rate = float(rate) if isinstance(rate, (int, float)) else None
    advice = "use a smaller learning rate"
    if learning_rate is not None:
        advice += f" than {learning_rate:g}, e.g. {_suggested_rate(learning_rate):g}"
    raise DivergenceError(
        f"fit: training diverged: {what}; {advice}, and build the model again (its parameters "
        f"are no longer usable)",
        epoch=epoch + 1,
        history=history,
        learning_rate=learning_rate,
    )


def _epoch(
    step: Step, checked: fit_checks.FitArguments, order: list[int], threshold: float | None
) -> tuple[float, float | None]:
    """One pass over the data in batches: the mean loss, and the fraction classified correctly.

    `order` is the example order, shuffled in place for mini-batches (each epoch reshuffles the
    last epoch's order, so a seed gives the same batches as ever).
    """
    if checked.shuffle is not None:
        checked.shuffle(order)
    total_loss = 0.0
    correct = 0
    for start in range(0, len(order), checked.batch_size):
        batch = order[start : start + checked.batch_size]
        targets = [checked.targets[i] for i in batch]
        batch_loss, scores = step([checked.rows[i] for i in batch], targets)
        total_loss += batch_loss * len(batch)
        if threshold is not None:
            correct += _agreements(scores, targets, threshold)
    n = len(order)
    return total_loss / n, None if threshold is None else correct / n


def _agreements(scores: Collection[float], targets: Collection[float], threshold: float) -> int:
    """How many scores are on the same side of `threshold` as their targets."""
    return sum(
        (score > threshold) == (target > threshold)
        for score, target in zip(scores, targets, strict=True)
    )


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


def _show(bar: _Bar, history: History) -> None:
    """Write the latest loss (and accuracy) after the bar and advance it by one epoch."""
    shown = {"loss": f"{history.loss[-1]:.4f}"}
    if history.accuracy:
        shown["accuracy"] = f"{history.accuracy[-1]:.0%}"
    bar.set_postfix(shown, refresh=False)
    bar.update()


def single_output(out: Value | list[Value], where: str) -> Value:
    """The model's one output; a ValueError if it gave several."""
    if isinstance(out, Value):
        return out
    raise ValueError(
        f"{where}: the model returned {len(out)} outputs; this needs a model with one output, "
        f"e.g. MLP(n_inputs, [16, 16, 1])"
    )
