"""Checks of `fit`'s arguments — the dataset, the settings, the loss — with errors that say the fix.

Kept apart from the loop in `training.py`, so that the loop reads as the algorithm. A dataset may
be lists, tuples or numpy arrays: anything with a length whose items are real numbers (duck
typing; numpy is never imported). `Perceptron.fit` checks its data here too.
"""

from __future__ import annotations

import math
import numbers
import random
from collections.abc import Callable, Collection, Iterable, Sized
from dataclasses import dataclass

from autograd.engine import Value
from autograd.nn.losses import LOSSES, LossFunction

Examples = Collection[Collection[float]]
"""X: one row of features per example (a list of lists, or a 2-D numpy array)."""

Targets = Collection[float]
"""y: one number per example (a list, or a 1-D numpy array)."""

EXCERPT_CHARACTERS = 60  # longest repr of a bad argument quoted in an error message


@dataclass(frozen=True)
class FitArguments:
    """`fit`'s arguments after checking, in the form the training loop uses.

    Attributes:
        rows: X as lists of floats.
        targets: y as floats.
        loss_name: the loss's name in `LOSSES`, or None for a function passed in.
        loss_function: ``loss(predictions, targets) -> Value``.
        epochs: passes over the data.
        batch_size: examples per step (all of them for full-batch gradient descent).
        shuffle: shuffles the example order in place before each epoch; None for full batch,
            which keeps the order.
        l2: the L2 penalty strength α (0 = none).

    """

    rows: list[list[float]]
    targets: list[float]
    loss_name: str | None
    loss_function: LossFunction
    epochs: int
    batch_size: int
    shuffle: Callable[[list[int]], None] | None
    l2: float


def check_fit(
    X: Examples,  # noqa: N803 -- X for a data matrix, as in the lecture notes
    y: Targets,
    *,
    loss: str | LossFunction,
    optimizer: object,
    learning_rate: float | None,
    epochs: int,
    batch_size: int | None,
    seed: int | None,
    rng: random.Random | None,
    l2: float,
) -> FitArguments:
    """Check `fit`'s arguments (see `fit` for their meaning) and convert the dataset to floats.

    Raises:
        ValueError: empty, mismatched or non-finite data, or a setting out of range.
        TypeError: data that is not numbers, an unknown kind of loss, an optimizer without
            ``zero_grad``/``step``, or two arguments that exclude each other.

    """
    where = "fit"
    rows, targets = check_dataset(where, X, y)
    loss_name, loss_function = check_loss(where, loss)
    if optimizer is not None and not all(
        callable(getattr(optimizer, method, None)) for method in ("zero_grad", "step")
    ):
        raise TypeError(
            f"{where}: optimizer must have zero_grad() and step() methods, got "
            f"{excerpt(optimizer)}; e.g. optimizer=SGD(model.parameters(), lr=0.1)"
        )
    if optimizer is not None and learning_rate is not None:
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
    if isinstance(l2, bool) or not isinstance(l2, numbers.Real) or not 0.0 <= l2 < math.inf:
        raise ValueError(f"{where}: l2 must be ≥ 0 and finite, got {l2!r}; e.g. l2=1e-4")
    shuffle = _shuffler(where, seed, rng)
    return FitArguments(
        rows=rows,
        targets=targets,
        loss_name=loss_name,
        loss_function=loss_function,
        epochs=epochs,
        batch_size=n if batch_size is None else batch_size,
        shuffle=None if batch_size is None else shuffle,
        l2=float(l2),
    )


def check_dataset(
    where: str,
    X: Examples,  # noqa: N803
    y: Targets,
) -> tuple[list[list[float]], list[float]]:
    """X as rows of floats, all of one width, and y as floats, one per row.

    Raises:
        TypeError: X or y is not a collection of numbers (e.g. a row is a single number).
        ValueError: X and y differ in length, are empty, rows differ in width, or a number is
            NaN or infinite.

    """
    n_examples = _length(where, "X", X)
    n_targets = _length(where, "y", y)
    if n_examples != n_targets:
        raise ValueError(
            f"{where}: X has {n_examples} examples but y has {n_targets} targets; give one "
            f"target per example"
        )
    if n_targets == 0:
        raise ValueError(f"{where}: the dataset is empty; give at least one example")
    targets = [_real(where, f"y[{i}]", target) for i, target in enumerate(y)]
    rows = [_row(where, i, x) for i, x in enumerate(X)]
    for i, row in enumerate(rows):
        if len(row) != len(rows[0]):
            raise ValueError(
                f"{where}: X[{i}] has {len(row)} features but X[0] has {len(rows[0])}; every "
                f"example needs the same features"
            )
    return rows, targets


def check_loss(where: str, loss: str | LossFunction) -> tuple[str | None, LossFunction]:
    """The loss's name (None for a function passed in) and function.

    Raises:
        ValueError: an unknown name; the message lists the known ones.
        TypeError: neither a name nor a function.

    """
    if isinstance(loss, str):
        function = LOSSES.get(loss)
        if function is None:
            raise ValueError(
                f"{where}: unknown loss {loss!r}; use one of {', '.join(map(repr, LOSSES))} or "
                f"a function (predictions, targets) -> Value"
            )
        return loss, function
    if callable(loss):
        return None, loss
    raise TypeError(
        f"{where}: loss must be a name or a function (predictions, targets) -> Value, got "
        f"{excerpt(loss)}"
    )


def _shuffler(
    where: str, seed: int | None, rng: random.Random | None
) -> Callable[[list[int]], None]:
    """`rng.shuffle`, or a new generator's seeded with `seed`, or the global `random.shuffle`."""
    if rng is not None and seed is not None:
        raise TypeError(f"{where}: got both seed={seed!r} and rng; give only one")
    if rng is None and seed is not None:
        rng = random.Random(seed)
    return rng.shuffle if rng is not None else random.shuffle


def sized_length(values: object) -> int | None:
    """len(values) for a list, tuple or numpy array; None for a number, string or iterator."""
    if isinstance(values, Sized) and isinstance(values, Iterable):
        try:
            if not isinstance(values, (str, bytes)):
                return len(values)
        except TypeError:  # a 0-d numpy array has __len__ but no length
            pass
    return None


def _length(where: str, name: str, values: object) -> int:
    """len(values), or a TypeError saying what X and y should be."""
    length = sized_length(values)
    if length is None:
        raise TypeError(
            f"{where}: {name} must be a list, tuple or array, got {excerpt(values)}; "
            f"e.g. X = [[0.0, 1.0], [1.0, 0.0]] and y = [1, 0]"
        )
    return length


def _row(where: str, i: int, x: Collection[float]) -> list[float]:
    """One example's features as floats."""
    if isinstance(x, (numbers.Real, Value)):
        raise TypeError(
            f"{where}: X[{i}] is a single number ({excerpt(x)}), but each example is a list of "
            f"features; for one feature per example write X = [[x] for x in X]"
        )
    _length(where, f"X[{i}]", x)
    return [_real(where, f"X[{i}][{j}]", number) for j, number in enumerate(x)]


def _real(where: str, name: str, value: object) -> float:
    """`value` as a finite float if it is a real number (int, float, numpy scalar)."""
    if not isinstance(value, numbers.Real):
        hint = " (the data are numbers: pass its .data)" if isinstance(value, Value) else ""
        raise TypeError(f"{where}: {name} must be a real number, got {excerpt(value)}{hint}")
    try:
        number = float(value)
    except OverflowError:  # an int beyond the largest float
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(
            f"{where}: {name} is {number!r}; the data must be finite numbers (check for missing "
            f"values)"
        )
    return number


def excerpt(value: object) -> str:
    """`value`'s type and repr, cut short, for "got …" in error messages."""
    text = repr(value)
    if len(text) > EXCERPT_CHARACTERS:
        text = text[:EXCERPT_CHARACTERS] + "…"
    return f"{type(value).__name__} {text}"
