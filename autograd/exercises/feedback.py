"""What every checker returns: a `Feedback` (verdict, words, maybe a picture), and the attempts.

A checker never raises on a half-finished answer: `None`, ``...`` or a stub's
`NotImplementedError` is "not answered yet". Answers are compared within named tolerances; a
verdict of correct needs at least one comparison made, and the full answer is shown only after
real attempts (`ATTEMPTS`, `REVEAL_AFTER_ATTEMPTS`) or on request.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

CORRECT = "correct"  # every part is right
PARTIAL = "partial"  # what is answered is right, but some parts are not answered yet
WRONG = "wrong"  # at least one part is wrong (the feedback says where and why)
NOT_ANSWERED = "not answered"  # nothing to check yet: a stub, None or ...
#: the answer could not be compared with the truth (no usable point, or only with itself): never
#: a pass, and the message says what was and was not checked
UNVERIFIED = "unverified"
HEADLINES = {
    CORRECT: "✅ Correct!",
    PARTIAL: "👍 So far, so good",
    WRONG: "❌ Not quite",
    NOT_ANSWERED: "✏️ Not answered yet",
    UNVERIFIED: "⚠️ Not verified",
}
COLOURS = {
    CORRECT: "#15803d",
    PARTIAL: "#1d4ed8",
    WRONG: "#b91c1c",
    NOT_ANSWERED: "#6b7280",
    UNVERIFIED: "#b45309",
}

#: How many real attempts (answers that were checked) before a checker shows the full answer:
#: the right number, or the rules table's formula. Two, so that one throwaway try gives nothing
#: away; "not answered yet" is never an attempt, and a checker's ``reveal=True`` asks at once.
REVEAL_AFTER_ATTEMPTS = 2
HAND_RELATIVE_TOLERANCE = 1e-3  # numbers worked out by hand may be rounded to about 3 digits
HAND_ABSOLUTE_TOLERANCE = 1e-3
CODE_RELATIVE_TOLERANCE = 1e-6  # numbers a student's code computes: equal up to float rounding
CODE_ABSOLUTE_TOLERANCE = 1e-8
SIGNIFICANT_DIGITS = 6  # numbers in messages: 0.5, -1.5, 0.419974

#: Real attempts per exercise, keyed by exercise name; `reset_attempts` clears it.
ATTEMPTS: dict[str, int] = {}


def record_attempt(exercise: str) -> int:
    """Count one more real attempt at `exercise`; returns how many there have been."""
    ATTEMPTS[exercise] = ATTEMPTS.get(exercise, 0) + 1
    return ATTEMPTS[exercise]


def attempts(exercise: str) -> int:
    """How many real attempts at `exercise` have been checked so far."""
    return ATTEMPTS.get(exercise, 0)


def may_reveal(exercise: str, requested: bool = False) -> bool:
    """Whether to show the full answer: on request, or once `exercise` has been tried enough."""
    return requested or attempts(exercise) >= REVEAL_AFTER_ATTEMPTS


def reset_attempts(exercise: str | None = None) -> None:
    """Forget the attempts at `exercise` (every exercise when None), e.g. for a new class."""
    if exercise is None:
        ATTEMPTS.clear()
    else:
        ATTEMPTS.pop(exercise, None)


def number(x: float) -> str:
    """`x` for a message: up to 6 significant digits, so 0.5 reads 0.5 and -1.5 reads -1.5."""
    if isinstance(x, float) and not math.isfinite(x):
        return str(x)
    return f"{x:.{SIGNIFICANT_DIGITS}g}"


def non_finite_words(x: float) -> str:
    """Where a nan or an infinity usually comes from, for a message about a student's number."""
    if math.isnan(x):
        return "nan (not a number) comes from 0/0, inf − inf or 0 · inf"
    return f"{number(x)} comes from a number too large for a float (1e308 * 10) or math.inf"


def close(a: float, b: float, *, by_hand: bool = False) -> bool:
    """Whether two numbers agree: to about 3 digits for hand work, to rounding for code."""
    if by_hand:
        return math.isclose(a, b, rel_tol=HAND_RELATIVE_TOLERANCE, abs_tol=HAND_ABSOLUTE_TOLERANCE)
    return math.isclose(a, b, rel_tol=CODE_RELATIVE_TOLERANCE, abs_tol=CODE_ABSOLUTE_TOLERANCE)


# ----- calling a student's code without tracebacks ---------------------------------------------


class NotAnsweredError(Exception):
    """Raised by `call` when a student's function is still a stub (nothing to check yet)."""


class StudentError(Exception):
    """A student's function raised an error: kept, to be described in words, not a traceback."""

    def __init__(self, error: BaseException, where: str) -> None:
        super().__init__(error, where)
        self.error = error
        self.where = where

    def describe(self) -> str:
        """'your function raised ZeroDivisionError (float division by zero) at x = 0'."""
        detail = f" ({self.error})" if str(self.error) else ""
        where = f" {self.where}" if self.where else ""
        return f"raised {type(self.error).__name__}{detail}{where}"


def unanswered(answer: object) -> bool:
    """True for what a stub leaves behind: None or ``...`` (Ellipsis)."""
    return answer is None or answer is Ellipsis


def call(
    function: Callable[..., Any], *args: Any, where: str = "", side_effect: bool = False
) -> Any:
    """``function(*args)``, with a stub's answers turned into `NotAnsweredError`.

    With ``side_effect=True`` the function works by side effect (a student's ``backward``
    fills in grads and returns None): what it returns is not checked, so only
    `NotImplementedError` makes it a stub.

    Raises:
        NotAnsweredError: the function raised `NotImplementedError` or returned None or ``...``
            (the latter only without `side_effect`).
        StudentError: it raised anything else (its `where` says for which input).

    """
    try:
        result = function(*args)
    except NotImplementedError as error:
        raise NotAnsweredError from error
    except RecursionError as error:  # before Exception: it is a RuntimeError
        raise StudentError(error, where) from error
    except Exception as error:  # a student's code may raise anything: describe it, no traceback
        raise StudentError(error, where) from error
    if unanswered(result) and not side_effect:
        raise NotAnsweredError
    return result


def given_number(answer: object, what: str) -> float:
    """The number a student gave: `answer` itself, or what it returns if it is a function.

    A function (called with no arguments) lets a notebook's answer cell be a stub that raises
    `NotImplementedError`, as nbgrader's are, without stopping the notebook.

    Raises:
        NotAnsweredError: a stub (None, ``...``, or a function that is still a stub).
        StudentError: the function raised, or the answer is not a number (its message says so).

    """
    if unanswered(answer):
        raise NotAnsweredError
    if callable(answer):
        answer = call(answer, where=f"while working out {what}")
    return as_number(answer, what)


def as_number(result: object, what: str) -> float:
    """`result` as a float, or a `StudentError` saying what came back instead of a number."""
    data = getattr(result, "data", result)  # a Value counts as its number
    if isinstance(data, bool) or not isinstance(data, int | float):
        error = TypeError(
            f"{what} should be a number, but it is {type(result).__name__} {result!r}"
        )
        raise StudentError(error, "")
    return float(data)


# ----- the feedback ----------------------------------------------------------------------------


@dataclass
class Feedback:
    """A checker's verdict on one answer, in words a beginner understands, with a picture.

    Shows as coloured HTML in Jupyter (with the picture drawn inline when Graphviz can render
    it), as plain text in a terminal (``print(feedback)``).

    Attributes:
        exercise: the exercise's name (the key of its attempt count).
        status: `CORRECT`, `PARTIAL`, `WRONG` or `NOT_ANSWERED`.
        lines: the message, one paragraph per line; the first says what is right or wrong.
        picture: a graph drawing (from `draw_dot`) showing where the mistake is, or None.
        picture_text: the same graph as text, shown when there is no renderer to draw it.

    """

    exercise: str
    status: str
    lines: Sequence[str]
    picture: Any = None
    picture_text: Sequence[str] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        """True when the answer is completely right."""
        return self.status == CORRECT

    @property
    def message(self) -> str:
        """The message as one text (without the headline)."""
        return "\n".join(self.lines)

    def text(self) -> str:
        """Headline, message and the text form of the picture: what `print` shows."""
        parts = [f"{HEADLINES[self.status]} ({self.exercise})", *self.lines]
        if self.picture_text:
            parts += ["The graph (drawn in Jupyter):", *(f"  {line}" for line in self.picture_text)]
        return "\n".join(parts)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return self.text()

    def _svg(self) -> str | None:
        """The picture as inline SVG, or None when there is none or nothing can render it."""
        if self.picture is None:
            return None
        from autograd.viz.render import RenderError, render_svg

        try:
            svg = render_svg(self.picture)
        except (RenderError, OSError):
            return None
        return svg[svg.find("<svg") :]

    def _repr_html_(self) -> str:
        """Jupyter's display: coloured headline, the message, and the picture (or its text)."""
        colour = COLOURS[self.status]
        paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in self.lines)
        picture = ""
        if self.picture is not None or self.picture_text:
            svg = self._svg()
            if svg is not None:
                picture = f"<div>{svg}</div>"
            elif self.picture_text:
                text = html.escape("\n".join(self.picture_text))
                picture = (
                    f"<p>The graph (no Graphviz renderer here to draw it):</p><pre>{text}</pre>"
                )
        return (
            f'<div style="border-left:4px solid {colour};padding:0.2em 0.8em">'
            f'<p style="color:{colour};font-weight:bold">{html.escape(HEADLINES[self.status])} '
            f'<span style="font-weight:normal;color:#6b7280">({html.escape(self.exercise)})</span>'
            f"</p>{paragraphs}{picture}</div>"
        )

    def show(self) -> None:
        """Display it: as HTML with its picture in Jupyter (IPython.display), else print it."""
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:
            print(self.text())
            return
        if get_ipython() is None:
            print(self.text())
        else:
            display(self)  # type: ignore[no-untyped-call]  # IPython's display has no types


def not_answered(exercise: str, what: str) -> Feedback:
    """The friendly verdict for a stub: nothing is wrong, there is just nothing to check yet."""
    return Feedback(exercise, NOT_ANSWERED, [f"{what} When it is done, run this cell again."])


def not_finite(exercise: str, what: str, x: float) -> Feedback:
    """The verdict for an answer that is nan or infinite: no check can compare it."""
    return Feedback(
        exercise,
        WRONG,
        [f"{what} is {number(x)}, which is not a number any check can use. {non_finite_words(x)}."],
    )


def read_number(exercise: str, answer: object, what: str, waiting: str) -> float | Feedback:
    """A number answer (or a function's), read once for every checker of a number.

    Returns the number, counted as an attempt, or the feedback to give instead: `waiting`
    ("not answered yet") for a stub, the error a function raised, or the message for nan or an
    infinity ("Your <what> is nan …").
    """
    try:
        x = given_number(answer, what)
    except NotAnsweredError:
        return not_answered(exercise, waiting)
    except StudentError as error:
        record_attempt(exercise)
        return student_error(exercise, error, "Your answer")
    record_attempt(exercise)
    if not math.isfinite(x):
        return not_finite(exercise, f"Your {what}", x)
    return x


def student_error(exercise: str, error: StudentError, what: str) -> Feedback:
    """The verdict when a student's code raised: what raised, for which input, no traceback."""
    return Feedback(
        exercise,
        WRONG,
        [
            f"{what} {error.describe()}.",
            "Fix your code (the error's message says what went wrong) and run the cells again.",
        ],
    )
