"""Checks of `fit`'s arguments — the dataset, the settings, the loss — with errors that say the fix.

Kept apart from the loop in `training.py`, so that the loop reads as the algorithm. A dataset may
be lists, tuples or numpy arrays: anything with a length whose items are real numbers (duck
typing; numpy is never imported). `Perceptron.fit` checks its data here too, the models check
one example with `check_input`, and `SGD` and model files share the small checks
(`positive_int`, `check_number`) and `excerpt`.
"""

from __future__ import annotations

import math
import numbers
import random
import reprlib
from collections.abc import Callable, Collection, Iterable, Sized
from dataclasses import dataclass

from autograd.engine import Value
from autograd.engine.value import as_float
from autograd.nn.data import random_source
from autograd.nn.losses import LOSSES, LossFunction

Examples = Collection[Collection[float]]
"""X: one row of features per example (a list of lists, or a 2-D numpy array)."""

Targets = Collection[float]
"""y: one number per example (a list, or a 1-D numpy array)."""

EXCERPT_CHARACTERS = 60  # a string or number quoted in an error message is cut to about this

_EXCERPT = reprlib.Repr()  # bounded repr: at most 3 levels, 6 items each, and short strings
_EXCERPT.maxlevel = 3
_EXCERPT.maxdict = _EXCERPT.maxlist = 6
_EXCERPT.maxstring = _EXCERPT.maxother = _EXCERPT.maxlong = EXCERPT_CHARACTERS


@dataclass(frozen=True)
class FitArguments:
    """`fit`'s arguments after checking, in the form the training loop uses.

    Attributes:
        rows: X as lists of floats.
        targets: y as floats.
        loss_function: ``loss(predictions, targets) -> Value``.
        epochs: passes over the data.
        batch_size: examples per step (all of them for full-batch gradient descent).
        shuffle: shuffles the example order in place before each epoch; None for full batch,
            which keeps the order.
        l2: the L2 penalty strength α (0 = none).

    """

    rows: list[list[float]]
    targets: list[float]
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
    threshold: float | None,
) -> FitArguments:
    """Check `fit`'s arguments (see `fit` for their meaning) and convert the dataset to floats.

    Raises:
        ValueError: empty, mismatched or non-finite data, or a setting out of range.
        TypeError: data or an l2 that is not numbers, an unknown kind of loss, an optimizer
            without ``zero_grad``/``step``, or two arguments that exclude each other.
        OverflowError: an int in the data too large for a float.

    """
    where = "fit"
    rows, targets = check_dataset(where, X, y)
    loss_function = check_loss(where, loss)
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
    positive_int(epochs, "epochs", where, example="epochs=100")
    n = len(targets)
    if batch_size is not None and (
        isinstance(batch_size, bool) or not isinstance(batch_size, int) or not 1 <= batch_size <= n
    ):
        raise ValueError(
            f"{where}: batch_size must be None (full batch) or an int from 1 to {n}, got "
            f"{batch_size!r}"
        )
    shuffle = random_source(seed, rng, where).shuffle
    if threshold is not None:
        check_threshold(where, threshold)
    return FitArguments(
        rows=rows,
        targets=targets,
        loss_function=loss_function,
        epochs=epochs,
        batch_size=n if batch_size is None else batch_size,
        shuffle=None if batch_size is None else shuffle,
        l2=check_number(where, "l2", l2, low=0.0, example="l2=1e-4"),
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
        OverflowError: an int too large for a float.

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
    targets = [_real(where, f"y[{i}]", target, "targets") for i, target in enumerate(y)]
    return check_examples(where, X), targets


def check_examples(where: str, X: Examples) -> list[list[float]]:  # noqa: N803
    """X as rows of floats, all of one width (at least one row).

    Raises:
        TypeError: X is not a collection of rows of numbers (e.g. a row is a single number).
        ValueError: X is empty, rows differ in width, or a number is NaN or infinite.
        OverflowError: an int too large for a float.

    """
    if _length(where, "X", X) == 0:
        raise ValueError(f"{where}: X is empty; give at least one example")
    rows = [_row(where, i, x) for i, x in enumerate(X)]
    for i, row in enumerate(rows):
        if len(row) != len(rows[0]):
            raise ValueError(
                f"{where}: X[{i}] has {len(row)} features but X[0] has {len(rows[0])}; every "
                f"example needs the same features"
            )
    return rows


def check_threshold(where: str, threshold: object) -> float:
    """`threshold` as a float, after checking it is a finite real number (not a bool).

    The threshold is the score that separates the classes: a NaN would make every comparison
    false, so every prediction would count as the negative class without a word.

    Raises:
        TypeError: not a real number.
        ValueError: NaN or infinite.

    """
    advice = "e.g. threshold=0.5 for 0/1 targets fitted with MSE, or leave it out for the default"
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real):
        raise TypeError(
            f"{where}: threshold must be a number (the score that separates the classes), got "
            f"{excerpt(threshold)}; {advice}"
        )
    number = float(threshold)
    if not math.isfinite(number):
        raise ValueError(
            f"{where}: threshold must be a finite number (the score that separates the "
            f"classes), got {threshold!r}; {advice}"
        )
    return number


def check_input(x: object, n_inputs: int, where: str) -> None:
    """Check that `x` is one example's `n_inputs` features, before a model computes with it.

    A TypeError unless it is a list, tuple or 1-D array; a ValueError unless of that length.
    A model checks its input once, when it is called; the layers and neurons inside it then take
    their inputs as they are (their ``forward``).
    """
    if type(x) is list and len(x) == n_inputs:  # the usual case: a quick exit
        return
    length = sized_length(x)
    if length is None:
        single = isinstance(x, (numbers.Real, Value))
        raise TypeError(
            f"{where}: expected one example's {n_inputs} features as a list of numbers, got "
            f"{excerpt(x)}{'; for one input write model([x])' if single else ''}"
        )
    if length != n_inputs:
        raise ValueError(
            f"{where}: expected {n_inputs} inputs, got {length}; pass one number per input the "
            f"model was built with"
        )


def check_loss(where: str, loss: str | LossFunction) -> LossFunction:
    """The loss function `loss` names in `LOSSES`, or `loss` itself if it is a function.

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
        return function
    if callable(loss):
        return loss
    raise TypeError(
        f"{where}: loss must be a name or a function (predictions, targets) -> Value, got "
        f"{excerpt(loss)}"
    )


def positive_int(value: object, name: str, where: str, example: str = "") -> int:
    """`value` if it is an int ≥ 1 (not a bool), else a ValueError naming it (and `example`)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        hint = f"; e.g. {example}" if example else ""
        raise ValueError(f"{where}: {name} must be a positive int, got {excerpt(value)}{hint}")
    return value


def check_number(
    where: str,
    name: str,
    value: object,
    low: float,
    high: float = math.inf,
    low_allowed: bool = True,
    example: str = "",
) -> float:
    """`value` as a float, after checking it is a real number in range.

    The range is [low, high), or (low, high) without `low_allowed`; NaN and ±inf are outside it.

    Raises:
        TypeError: `value` is not a real number (a bool is not one here).
        ValueError: `value` is out of range.

    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{where}: {name} must be a number, got {excerpt(value)}; e.g. {example}")
    number = float(value)
    in_range = number >= low if low_allowed else number > low
    if not (math.isfinite(number) and in_range and number < high):
        bound = "≥" if low_allowed else ">"
        upper = f" and < {high:g}" if math.isfinite(high) else ""
        raise ValueError(
            f"{where}: {name} must be a number {bound} {low:g}{upper}, got {value!r}; "
            f"e.g. {example}"
        )
    return number


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
    return [_real(where, f"X[{i}][{j}]", number, "features") for j, number in enumerate(x)]


def _real(where: str, name: str, value: object, what: str) -> float:
    """`value` as a finite float if it is a real number (int, float, numpy scalar), not a bool.

    A bool is refused although Python counts it as the int 0 or 1: features or targets of True
    and False are most often a mask or a comparison passed by mistake, and if they are meant,
    converting them says so.
    """
    if isinstance(value, bool):
        raise TypeError(
            f"{where}: {name} is the bool {value!r}, but the {what} must be numbers; if you mean "
            f"1 for True and 0 for False, convert them first, e.g. float({value!r}) = "
            f"{float(value)!r}"
        )
    if isinstance(value, Value):  # as_float's hint is for making Values; here data are numbers
        raise TypeError(
            f"{where}: {name} must be a real number, got {excerpt(value)} (the data are "
            f"numbers: pass its .data)"
        )
    number = as_float(value, f"{where}: {name}")
    if not math.isfinite(number):
        raise ValueError(
            f"{where}: {name} is {number!r}; the data must be finite numbers (check for missing "
            f"values)"
        )
    return number


def short_repr(value: object) -> str:
    """`value`'s repr, cut short: a bad argument or file may hold huge or deeply nested values."""
    return _EXCERPT.repr(value)


def excerpt(value: object) -> str:
    """`value`'s type and short repr, e.g. ``str '0.5'``, for "got …" in error messages."""
    return f"{type(value).__name__} {short_repr(value)}"
