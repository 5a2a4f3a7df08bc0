"""Checkers for derivatives a student works out: f′(x) by hand, and a one-input rule.

`check_derivative` compares a hand-derived f′ with backprop, confirmed by finite differences, at
given points; `check_rule` compares a rule's forward function and derivative with the truth (the
rules table, an exercise's own operation such as softplus, or a reference given) over both signs.
"""

from __future__ import annotations

import difflib
import inspect
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from autograd.engine import rules
from autograd.engine.backprop import chain_rule
from autograd.engine.functions import logistic
from autograd.engine.numerical import (
    GRADCHECK_ABSOLUTE_TOLERANCE,
    GRADCHECK_RELATIVE_TOLERANCE,
    central_difference,
)
from autograd.engine.rules import Rule
from autograd.engine.value import Value
from autograd.exercises.feedback import (
    CORRECT,
    PARTIAL,
    REVEAL_AFTER_ATTEMPTS,
    UNVERIFIED,
    WRONG,
    Feedback,
    NotAnsweredError,
    StudentError,
    as_number,
    attempts,
    call,
    close,
    may_reveal,
    non_finite_words,
    not_answered,
    number,
    record_attempt,
    student_error,
    unanswered,
)

ZERO_SLOPE = 1e-12  # slopes this small count as 0 when looking for a common factor
#: Where a rule is checked (those outside its domain are dropped): both signs, small and large.
RULE_POINTS = (-6.0, -4.0, -3.0, -2.0, -1.5, -1.0, -0.5, -0.25, -0.1, 0.0)
RULE_POINTS += tuple(-x for x in reversed(RULE_POINTS[:-1]))
#: Far-out inputs where a naive formula overflows (math.exp(1000)): a note, not a failure.
STRESS_INPUTS = (-1000.0, 1000.0)
MAX_POINTS_LISTED = 6  # "right at x = …" lists at most this many points
CLOSE_NAMES = 3  # an unknown operation name is answered with at most this many known ones …
CLOSE_NAME_CUTOFF = 0.5  # … each at least this similar (difflib's ratio, 0 to 1)


def slope(function: Callable[[float], float], x: float) -> tuple[float, str]:
    """``(f'(x) ≈ (f(x+h) - f(x-h)) / 2h, why not to trust it)``; the reason is "" when smooth.

    `central_difference` for a function of one float: there is no single slope at a kink (ReLU
    at 0), or where f is undefined or not finite within h of x. What a student's function
    raises (a `StudentError`, through `call`) is raised on.
    """
    return central_difference(function, [x], 0)


def is_kink(problem: str) -> bool:
    """Whether `slope`'s reason names a kink (rather than f undefined or not finite nearby)."""
    return "kink" in problem


def pattern(pairs: Sequence[tuple[float, float]], by_hand: bool = False) -> str | None:
    """A mistake that shows at every point, from ``(student's value, right value)`` pairs.

    Recognises a flipped sign, a constant factor and a constant offset; None when the errors
    follow no such pattern (or when there are too few points to tell).
    """
    if len(pairs) < 2:
        return None
    if all(close(s, -t, by_hand=by_hand) for s, t in pairs) and any(t != 0 for _, t in pairs):
        return (
            "The sign is flipped: at every point you have minus the right slope. Check each "
            "minus sign (d/dx of -x is -1; of 1/x is -1/x²)."
        )
    nonzero = [(s, t) for s, t in pairs if abs(t) > ZERO_SLOPE]
    if len(nonzero) >= 2:
        factor = nonzero[0][0] / nonzero[0][1]
        if not close(factor, 1.0) and all(
            close(s, factor * t, by_hand=by_hand) for s, t in nonzero
        ):
            return (
                f"Everywhere you have {number(factor)} times the right slope: a constant factor "
                f"went missing or was doubled. When you differentiate x**n the n comes down in "
                f"front (n·x^(n-1)); for f(g(x)) the chain rule multiplies by g'(x)."
            )
    offset = pairs[0][0] - pairs[0][1]
    if not close(offset, 0.0) and all(close(s - t, offset, by_hand=by_hand) for s, t in pairs):
        return (
            f"You are off by the same amount, {number(offset)}, at every point. The derivative "
            f"of a constant term is 0, and the derivative of a·x is a (no x left)."
        )
    return None


def points_text(xs: Sequence[float]) -> str:
    """'x = 0, 1, 2' (at most `MAX_POINTS_LISTED`, then '…')."""
    shown = ", ".join(number(x) for x in xs[:MAX_POINTS_LISTED])
    return f"x = {shown}{', …' if len(xs) > MAX_POINTS_LISTED else ''}"


def left_out_lines(left_out: dict[str, list[float]]) -> list[str]:
    """'(Not compared: x = 0, because f has a kink there …)', one line per reason."""
    return [f"(Not compared: {points_text(xs)}, because {why}.)" for why, xs in left_out.items()]


# ----- check_derivative ------------------------------------------------------------------------

NOT_A_POINT = "that is not a finite number to check at"
F_NOT_FINITE = "f itself is not finite there (too large for a float), so it has no slope"
KINK = "f has a kink there, so it has no single slope"
NOT_SMOOTH = "f is undefined or not finite just beside it, so no slope can be confirmed"
DISAGREE = (
    "backprop and finite differences disagree there: f may cut its own graph (math.exp(x.data) "
    "or float(x) where x.exp() belongs), so neither can be trusted"
)


def check_derivative(
    f: Callable[[Value], Value] | None,
    df: Callable[[float], float] | None,
    points: Iterable[float],
    *,
    exercise: str = "check_derivative",
) -> Feedback:
    """Check a hand-derived derivative `df` = f′ against backprop at each of `points`.

    What it compares: at each point x, the student's ``df(x)`` with ∂f/∂x from backprop on
    ``f(Value(x))``, to float rounding. Backprop's slope counts only where finite differences
    (f(x+h) − f(x−h)) / 2h confirm it; other points are left out, each with its reason (x not a
    finite number, f not finite there like e^800, a kink like ReLU's at 0, or backprop and finite
    differences disagreeing), and `df` is called only at the points compared. The verdict is
    correct only when at least one point was compared and `df` agrees at every one; with no
    point to compare it is "not verified". A wrong answer is told its worst point and, when the
    mistake shows at every point, a flipped sign, a constant factor or a constant offset.

    Args:
        f: the function, written with operators and Value methods (``3*x**2 - 4*x + 5``,
            ``x.tanh()``) so that it can be called on a `Value`.
        df: the student's derivative: a number for a number.
        points: where to compare them.
        exercise: the name attempts are counted under.

    Raises:
        ValueError: `points` is empty.
        TypeError: a point is not a number.

    """
    xs = [_point(x) for x in points]
    if not xs:
        raise ValueError("check_derivative: points is empty; pass where to check, e.g. [0, 1, 2]")
    if unanswered(f) or unanswered(df):
        return not_answered(exercise, "Your derivative is still a stub.")
    assert f is not None and df is not None  # for mypy: unanswered() ruled None out

    def f_of_number(x: float) -> float:
        return as_number(call(f, Value(x), where=f"at x = {number(x)}"), "f(x)")

    checked: list[tuple[float, float, float, float]] = []  # x, student, backprop, numeric
    left_out: dict[str, list[float]] = {}
    try:
        for x in xs:
            why, exact, numeric = _slope_of(f, f_of_number, x)
            if why:
                left_out.setdefault(why, []).append(x)
                continue
            student = as_number(call(df, x, where=f"at x = {number(x)}"), "df(x)")
            checked.append((x, student, exact, numeric))
    except NotAnsweredError:
        return not_answered(exercise, "Your derivative is still a stub.")
    except StudentError as error:
        record_attempt(exercise)
        return student_error(exercise, error, "Your code")
    if not checked:
        return Feedback(
            exercise,
            UNVERIFIED,
            [
                "No point could be compared, so your derivative was not checked at all.",
                *left_out_lines(left_out),
                "Check it at points where f is smooth and finite (for example x = 0.5, 1, 2).",
            ],
        )
    record_attempt(exercise)
    notes = left_out_lines(left_out)
    for x, s, t, _ in checked:
        if not math.isfinite(s):
            return Feedback(
                exercise,
                WRONG,
                [
                    f"Your derivative gives {number(s)} at x = {number(x)}, where the slope of f "
                    f"is {number(t)}. {non_finite_words(s)}.",
                    *notes,
                ],
            )
    wrong = [(x, s, t, n) for x, s, t, n in checked if not close(s, t)]
    if not wrong:
        return Feedback(
            exercise,
            CORRECT,
            [
                f"Your derivative matches backprop and finite differences at all {len(checked)} "
                f"points compared ({points_text([x for x, *_ in checked])}).",
                *notes,
            ],
        )
    x, s, t, n = max(wrong, key=lambda w: abs(w[1] - w[2]) / max(1.0, abs(w[2])))
    lines = [
        f"Your derivative is wrong at {len(wrong)} of {len(checked)} points. The worst is "
        f"x = {number(x)}: you have {number(s)}, but the slope of f there is {number(t)}.",
        f"(Backprop gives {number(t)}; finite differences (f(x+h) − f(x−h))/2h give {number(n)}.)",
    ]
    hint = pattern([(s, t) for _, s, t, _ in checked])
    if hint is not None:
        lines.append(hint)
    right = [x for x, s, t, _ in checked if close(s, t)]
    if right:
        lines.append(f"It is right at {points_text(right)}.")
    return Feedback(exercise, WRONG, [*lines, *notes])


def _point(x: object) -> float:
    """A point to check at, as a float; a TypeError for anything that is not a number."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise TypeError(f"check_derivative: each point must be a number, got {x!r}")
    return float(x)


def _slope_of(
    f: Callable[[Value], Value], f_of_number: Callable[[float], float], x: float
) -> tuple[str, float, float]:
    """``(why x is left out or "", backprop's slope, the finite-difference slope)`` of f at x."""
    if not math.isfinite(x):
        return NOT_A_POINT, math.nan, math.nan
    leaf = Value(x, label="x")
    out = call(f, leaf, where=f"at x = {number(x)}")
    if not math.isfinite(as_number(out, "f(x)")):
        return F_NOT_FINITE, math.nan, math.nan
    numeric, problem = slope(f_of_number, x)
    if problem:
        return (KINK if is_kink(problem) else NOT_SMOOTH), math.nan, numeric
    exact = chain_rule(out).get(leaf, 0.0) if isinstance(out, Value) else numeric
    agree = math.isfinite(exact) and math.isclose(
        exact, numeric, rel_tol=GRADCHECK_RELATIVE_TOLERANCE, abs_tol=GRADCHECK_ABSOLUTE_TOLERANCE
    )
    return ("" if agree else DISAGREE), exact, numeric


# ----- what an operation really is -------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """What an operation really is, for `check_rule`: its function, its slope and its formula.

    Attributes:
        name: the operation as the student named it ("sigmoid", "leaky_relu(0.1)", "**3").
        forward: the true function of one number; it raises ArithmeticError or ValueError
            outside its domain.
        slope: its true derivative at a number, or None to estimate it by central differences
            of `forward` (then compared within the gradient check's looser tolerances).
        formula: the derivative written out, shown once the student has tried ("" if none).
        source: where the truth comes from, for messages: "the rules table", "the exercise".
        family: the name of its family for the likely slips (`RULE_SLIPS`): "leaky_relu", "**".
        parameter: the family's number (leaky ReLU's slope, the power's exponent), or 0.

    """

    name: str
    forward: Callable[[float], float]
    slope: Callable[[float], float] | None
    formula: str
    source: str
    family: str = ""
    parameter: float = 0.0


def softplus(x: float) -> float:
    """ln(1 + e^x), a smooth ReLU; as max(x, 0) + ln(1 + e^−|x|), so that it never overflows."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


#: Operations an exercise asks for that the rules table does not have, each with its truth.
EXERCISE_OPERATIONS = {
    "softplus": Reference(
        "softplus",
        softplus,
        logistic,
        "∂softplus(x)/∂x = e^x / (1 + e^x) = σ(x)",
        "the exercise",
        "softplus",
    ),
}

PARAMETRISED = re.compile(r"(leaky_relu)\((.*)\)|(\*\*)(.*)")


def table_rule(name: str) -> tuple[Rule, str, float] | None:
    """The table's rule called `name`, with its family and number ("leaky_relu(0.1)", "**3").

    None for a name the table does not have; "leaky_relu" alone is the default slope 0.01.
    """
    if name in rules.RULES:
        return rules.RULES[name], name, 0.0
    if name == "leaky_relu":
        slope = rules.DEFAULT_NEGATIVE_SLOPE
        return rules.leaky_relu(slope), "leaky_relu", slope
    found = PARAMETRISED.fullmatch(name)
    if found is None:
        return None
    family, text = (found[1], found[2]) if found[1] else (found[3], found[4])
    try:
        parameter = float(text)
    except ValueError:
        return None
    rule = rules.leaky_relu(parameter) if family == "leaky_relu" else rules.power(parameter)
    return rule, family, parameter


def known_names() -> list[str]:
    """The operation names `check_rule` knows: the table's one-input rules and the exercises'."""
    table = [name for name, rule in rules.RULES.items() if len(rule.inputs) == 1]
    return [*table, "leaky_relu", "leaky_relu(α)", "**n", *EXERCISE_OPERATIONS]


def unknown_operation(name: str) -> ValueError:
    """The error for a name `check_rule` does not know, naming the closest known ones."""
    known = known_names()
    nearest = difflib.get_close_matches(name, known, n=CLOSE_NAMES, cutoff=CLOSE_NAME_CUTOFF)
    guess = f" Did you mean {' or '.join(nearest)}?" if nearest else ""
    family = PARAMETRISED.fullmatch(name)
    if family is not None:
        guess += (
            " leaky_relu(α) takes a number, e.g. leaky_relu(0.1)"
            if family[1]
            else " **n takes a number, e.g. **3"
        ) + "."
    return ValueError(
        f"check_rule: there is no operation called {name!r}.{guess} Known: {', '.join(known)}. "
        f"For an operation of your own, pass its true function: check_rule({name!r}, forward, "
        f"derivative, reference=lambda x: ...)."
    )


def known_operation(name: str) -> bool:
    """Whether `check_rule` knows the truth about `name` (the rules table or an exercise)."""
    return name in EXERCISE_OPERATIONS or table_rule(name) is not None


def reference_for(name: str, reference: Callable[[float], float] | None) -> Reference:
    """The truth `check_rule` compares with: the table's rule, an exercise's, or `reference`.

    Raises:
        ValueError: `name` is unknown and no reference is given; the rule has two inputs; or
            a reference is given for a name that already has one.

    """
    if known_operation(name):
        if reference is not None:
            raise ValueError(
                f"check_rule: {name!r} is known, so it has its truth already; leave out reference="
            )
        return EXERCISE_OPERATIONS.get(name) or _table_reference(name)
    if reference is None:
        raise unknown_operation(name)
    if not callable(reference):
        raise TypeError(
            f"check_rule: reference must be a function of one number, got {reference!r}"
        )
    given = reference
    return Reference(name, lambda x: float(given(x)), None, "", "your reference")


def _table_reference(name: str) -> Reference:
    """The truth for a name the rules table has: its forward, and its slope by backprop."""
    found = table_rule(name)
    assert found is not None  # for mypy: the caller looked it up
    rule, family, parameter = found
    if len(rule.inputs) != 1:
        raise ValueError(
            f"check_rule: {name!r} has {len(rule.inputs)} inputs; check_rule checks one-input "
            f"rules (sigmoid, tanh, relu …). Check each argument with check_derivative instead."
        )

    def forward(x: float) -> float:
        return float(rule.forward(x))

    def backprop_slope(x: float) -> float:
        leaf = Value(x)
        return float(chain_rule(Value.apply(rule, leaf)).get(leaf, 0.0))

    return Reference(
        name, forward, backprop_slope, rule.formula, "the rules table", family, parameter
    )


# ----- the slips a rule's derivative is likely to have -----------------------------------------

#: A wrong derivative a student is likely to write, as a function of (x, out, the family's
#: number), and what to say about it ({name} is the operation, {a} its number).
Slip = tuple[Callable[[float, float, float], float], str]
X_FOR_OUT = (
    "You used the input x where the formula needs the output out = {name}(x). The derivative "
    "is written in terms of the output: first compute out = {name}(x), then use it."
)
RULE_SLIPS: dict[str, tuple[Slip, ...]] = {
    "sigmoid": (
        (lambda x, out, a: x * (1 - x), X_FOR_OUT),
        (
            lambda x, out, a: out * (1 + out),
            "A sign slipped inside the bracket: σ′ = σ·(1 − σ), not σ·(1 + σ).",
        ),
        (
            lambda x, out, a: 1 - out,
            "A factor is missing: σ′ = σ·(1 − σ), and you have only the (1 − σ).",
        ),
        (
            lambda x, out, a: out * out,
            "The chain rule's inner factor is missing: σ = (1 + e^−x)^−1, so σ′ = "
            "(1 + e^−x)^−2 · e^−x, and you left out the e^−x.",
        ),
    ),
    "tanh": (
        (lambda x, out, a: 1 - x * x, X_FOR_OUT),
        (lambda x, out, a: 1 + out * out, "A sign slipped: tanh′ = 1 − tanh² x, with a minus."),
        (lambda x, out, a: 1 - out, "The square is missing: tanh′ = 1 − tanh² x = 1 − out·out."),
        (
            lambda x, out, a: out * (1 - out),
            "That is sigmoid's derivative, σ·(1 − σ); tanh's is 1 − tanh² x.",
        ),
    ),
    "relu": (
        (
            lambda x, out, a: 1.0,
            "For x < 0 ReLU is flat (always 0), so its slope there is 0, not 1.",
        ),
    ),
    "leaky_relu": (
        (
            lambda x, out, a: 1.0 if x > 0 else 0.0,
            "You left out the small slope: for x < 0 leaky ReLU is α·x, whose slope is "
            "α = {a}, not 0 (0 is ReLU's slope there).",
        ),
        (
            lambda x, out, a: 1.0 if x > 0 else a * x,
            "On the negative side you returned α·x, the function itself; its slope there is "
            "the constant α = {a}.",
        ),
        (lambda x, out, a: 1.0, "For x < 0 the slope is α = {a}, not 1."),
    ),
    "exp": (
        (lambda x, out, a: x, X_FOR_OUT),
        (
            lambda x, out, a: x * math.exp(x - 1),
            "That is the power rule, which is for x^n; e^x is its own derivative: out = e^x.",
        ),
    ),
    "softplus": (
        (
            lambda x, out, a: 1 / (1 + math.exp(x)),
            "The chain rule's inner factor is missing: with u = 1 + e^x, d/dx ln u = u′/u, and "
            "u′ = e^x goes on top: e^x / (1 + e^x).",
        ),
        (
            lambda x, out, a: math.exp(x),
            "You have e^x, the inner derivative alone: d/dx ln u = u′/u, so divide it by "
            "u = 1 + e^x.",
        ),
    ),
    "**": (
        (
            lambda x, out, a: a * x**a,
            "The exponent did not go down: d/dx x^n = n·x^(n−1), one power less.",
        ),
    ),
}


def matches_slip(
    slip: Callable[[float, float, float], float],
    seen: dict[float, tuple[float, float]],
    parameter: float,
) -> bool:
    """Whether the student's slopes equal `slip` at every point of ``{x: (out, their slope)}``."""
    for x, (out, got) in seen.items():
        try:
            expected = slip(x, out, parameter)
        except (ArithmeticError, ValueError):
            return False
        # a fractional power of a negative number is complex: that slip does not apply
        if not isinstance(expected, int | float) or not close(got, float(expected)):
            return False
    return True


def rule_hints(
    truth: Reference,
    outs: dict[float, float],
    got: dict[float, float],
    slopes: dict[float, float],
    wrong: list[float],
) -> list[str]:
    """The likely mistake behind a wrong derivative, in words: a known slip, a sign, a factor."""
    name = truth.name
    if all(close(got[x], outs[x]) for x in slopes):
        return [
            f"Your derivative gives the same numbers as {name} itself: it returns the function, "
            f"not its slope."
        ]
    seen = {x: (outs[x], got[x]) for x in slopes}
    for slip, words in RULE_SLIPS.get(truth.family, ()):
        if matches_slip(slip, seen, truth.parameter):
            return [words.format(name=name, a=number(truth.parameter))]
    hint = pattern([(got[x], slopes[x]) for x in slopes])
    if hint is not None:
        return [hint]
    negatives = [x for x in slopes if x < 0]
    positives = [x for x in slopes if x > 0]
    if negatives and set(wrong) == set(negatives):
        return ["It is right for x > 0 and wrong for every x < 0: look at your branch for x < 0."]
    if positives and set(wrong) == set(positives):
        return ["It is right for x < 0 and wrong for every x > 0: look at your branch for x > 0."]
    return []


# ----- check_rule ------------------------------------------------------------------------------


def wants_out(derivative: Callable[..., Any]) -> bool:
    """Whether `derivative` takes ``(x, out)`` (two positional arguments) rather than ``(x)``."""
    try:
        parameters = inspect.signature(derivative).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: call it with x alone
        return False
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(p.kind in positional for p in parameters) >= 2


def domain_points(forward: Callable[[float], float]) -> list[float]:
    """The points of `RULE_POINTS` where `forward` (the truth's, or a student's) is finite.

    Points where it raises (ArithmeticError or ValueError for the truth's; a `StudentError` for
    a student's) are left out; when that is every point, the error at the first is raised, to
    be reported.
    """
    found = []
    for x in RULE_POINTS:
        try:
            y = forward(x)
        except (ArithmeticError, ValueError, StudentError):
            continue
        if math.isfinite(y):
            found.append(x)
    if not found:
        forward(RULE_POINTS[0])  # raises the error to report
    return found


def true_slopes(
    truth: Reference, points: Sequence[float]
) -> tuple[dict[float, float], dict[str, list[float]]]:
    """``({x: the true slope}, {why: points left out})`` over `points`.

    Left out: kinks, and points where the slope is not finite (a domain's edge, like √x at 0).
    """
    slopes: dict[float, float] = {}
    left_out: dict[str, list[float]] = {}
    for x in points:
        estimate, problem = slope(truth.forward, x)
        exact = estimate if problem or truth.slope is None else truth.slope(x)
        if problem or not math.isfinite(exact):
            why = (
                f"{truth.name} has a kink there, so it has no single slope"
                if is_kink(problem)
                else f"{truth.name} has no finite slope there (the edge of its domain)"
            )
            left_out.setdefault(why, []).append(x)
            continue
        slopes[x] = exact
    return slopes, left_out


def check_rule(
    name: str,
    forward: Callable[[float], float] | None,
    derivative: Callable[..., float] | None,
    *,
    reference: Callable[[float], float] | None = None,
    reveal: bool = False,
    exercise: str | None = None,
) -> Feedback:
    """Check a student's one-input rule, its forward function and local derivative, over its domain.

    What it compares: at each point of `RULE_POINTS` (−6 … 6, both signs) where the true function
    is finite, the student's forward with the true one; then, at those points where the true
    function has a single finite slope (kinks and domain edges are left out, and said so), the
    student's derivative with the true slope. The truth is the rules table's rule
    (``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"``, ``"leaky_relu(0.1)"``, ``"exp"``,
    ``"log"``, ``"**3"`` …; its slope by backprop), an exercise's operation
    (`EXERCISE_OPERATIONS`: softplus), or `reference` for an operation of your own (its slope by
    central differences). Far out, at x = ±1000, the forward is tried once more: a finite wrong
    value there is wrong, an overflow gets a note. Correct needs at least one slope compared and
    every number agreeing. With ``reference=forward`` (the student's own function) only the
    derivative's agreement with that forward is checked, and the verdict says so ("not
    verified"), never correct.

    A wrong derivative is told where it breaks and the likely slip (`RULE_SLIPS`: the input used
    for the output, a sign, a missing factor …); the truth's formula is shown with a correct
    answer, after `REVEAL_AFTER_ATTEMPTS` tries, or at once with ``reveal=True``.

    Args:
        name: the operation's name.
        forward: the student's f(x), a number for a number.
        derivative: the student's f′, called as ``derivative(x)``, or as ``derivative(x, out)``
            with out = f(x) when it takes two arguments (as the table's rules do).
        reference: the true f, for a name check_rule does not know.
        reveal: show the truth's formula now, before the student has tried twice.
        exercise: the name attempts are counted under (default ``check_rule(<name>)``).

    Raises:
        ValueError: `name` is unknown (the message names the closest known ones) and no
            reference is given, or it is a table rule with two inputs (``"*"``): check those
            by argument with `check_derivative`.

    """
    exercise = exercise or f"check_rule({name})"
    # the student's own forward as the reference: only their consistency can be checked
    own = reference is not None and reference is forward and not known_operation(name)
    truth = None if own else reference_for(name, reference)
    if unanswered(forward) or unanswered(derivative):
        return not_answered(exercise, f"Your {name} rule is still a stub.")
    assert forward is not None and derivative is not None  # for mypy: ruled out just above

    def student_forward(x: float) -> float:
        return as_number(
            call(forward, x, where=f"at x = {number(x)}"), "the forward function's result"
        )

    judged = truth or Reference(name, student_forward, None, "", "your own forward function")
    try:
        points = domain_points(judged.forward)
        outs = {x: student_forward(x) for x in points}
    except NotAnsweredError:
        return not_answered(exercise, f"Your {name} forward function is still a stub.")
    except StudentError as error:
        record_attempt(exercise)
        return student_error(exercise, error, f"Your {name} forward function")
    record_attempt(exercise)
    if truth is not None:
        problem = _forward_problem(truth, points, outs)
        if problem:
            return Feedback(exercise, WRONG, problem)
    pass_out = wants_out(derivative)
    try:
        slopes, left_out = true_slopes(judged, points)
        got = {
            x: as_number(
                call(
                    derivative, *((x, outs[x]) if pass_out else (x,)), where=f"at x = {number(x)}"
                ),
                "the derivative's result",
            )
            for x in slopes
        }
    except NotAnsweredError:
        done = "is right" if truth is not None else "runs"
        return Feedback(
            exercise,
            PARTIAL,
            [f"Your {name} forward function {done}. Now write its derivative, and run this again."],
        )
    except StudentError as error:
        return student_error(exercise, error, f"Your {name} derivative")
    notes = left_out_lines(left_out)
    if not slopes:
        return Feedback(
            exercise,
            UNVERIFIED,
            ["No point has a single slope to compare, so the derivative was not checked.", *notes],
        )
    broken = next((x for x in slopes if not math.isfinite(got[x])), None)
    if broken is not None:
        return Feedback(
            exercise,
            WRONG,
            [
                f"Your derivative gives {number(got[broken])} at x = {number(broken)}, where the "
                f"slope of {name} is {number(slopes[broken])}. {non_finite_words(got[broken])}."
            ],
        )

    def agrees(x: float) -> bool:
        if judged.slope is not None:
            return close(got[x], slopes[x])
        return math.isclose(
            got[x],
            slopes[x],
            rel_tol=GRADCHECK_RELATIVE_TOLERANCE,
            abs_tol=GRADCHECK_ABSOLUTE_TOLERANCE,
        )

    wrong = [x for x in slopes if not agrees(x)]
    compared = f"{len(slopes)} points compared ({points_text(list(slopes))})"
    if wrong:
        x = max(wrong, key=lambda w: abs(got[w] - slopes[w]) / max(1.0, abs(slopes[w])))
        lines = [
            f"Your derivative breaks at x = {number(x)}: you have {number(got[x])}, but the "
            f"slope of {name} there is {number(slopes[x])}. It is wrong at {len(wrong)} of "
            f"{len(slopes)} points ({points_text(wrong)}).",
            *rule_hints(judged, outs, got, slopes, wrong),
            _formula_line(judged, exercise, reveal),
        ]
        return Feedback(exercise, WRONG, [line for line in lines if line])
    if truth is None:
        return Feedback(
            exercise,
            UNVERIFIED,
            [
                f"Your derivative agrees with the slope of your own forward function at all "
                f"{compared}. That is all this could check: with reference=forward nothing says "
                f"your forward is really {name}. Pass the true function as reference= to check "
                f"that too.",
                *notes,
            ],
        )
    far = _far_out(truth, forward)
    if far is not None and far[0] == WRONG:
        return Feedback(exercise, WRONG, [far[1]])
    lines = [
        f"Your {name} and its derivative agree with {truth.source} at all {compared}.",
        *notes,
        _formula_line(truth, exercise, True),
        *([far[1]] if far is not None else []),
    ]
    return Feedback(exercise, CORRECT, [line for line in lines if line])


def _forward_problem(truth: Reference, points: list[float], outs: dict[float, float]) -> list[str]:
    """What is wrong with the student's forward function at `points`; [] when it is right."""
    name = truth.name
    for x in points:
        if not math.isfinite(outs[x]):
            return [
                f"Your forward function gives {number(outs[x])} at x = {number(x)}, where "
                f"{name}({number(x)}) = {number(truth.forward(x))}. {non_finite_words(outs[x])}."
            ]
    wrong = [x for x in points if not close(outs[x], truth.forward(x))]
    if not wrong:
        return []
    x = wrong[0]
    return [
        f"Your forward function is wrong at {len(wrong)} of {len(points)} points, first at "
        f"x = {number(x)}: you have {number(outs[x])}, but {name}({number(x)}) = "
        f"{number(truth.forward(x))}.",
        "Get the function right first; its derivative comes next.",
    ]


def _formula_line(truth: Reference, exercise: str, reveal: bool) -> str:
    """The truth's formula once it may be shown; else how to see it; '' when there is none."""
    if not truth.formula:
        return ""
    if may_reveal(exercise, reveal):
        return f"The formula, from {truth.source}: {truth.formula}"
    more = REVEAL_AFTER_ATTEMPTS - attempts(exercise)
    tries = "one more try" if more == 1 else f"{more} more tries"
    return (
        f"Try again: after {tries} (or at once, with reveal=True) this check shows the formula "
        f"from {truth.source}."
    )


def _far_out(truth: Reference, forward: Callable[[float], float]) -> tuple[str, str] | None:
    """The student's forward far out, at `STRESS_INPUTS`; None when it is right there too.

    ``(WRONG, words)`` for a wrong finite value or an error that is not an overflow;
    ``(CORRECT, words)`` for an overflow: a note, since the formula is right and only a naive
    way of computing it overflows.
    """
    for x in STRESS_INPUTS:
        try:
            expected = truth.forward(x)
        except (ArithmeticError, ValueError):
            continue
        if not math.isfinite(expected):
            continue
        there = f"{truth.name}({number(x)}) = {number(expected)}"
        try:
            got = as_number(
                call(forward, x, where=f"at x = {number(x)}"), "the forward function's result"
            )
        except NotAnsweredError:
            return (
                WRONG,
                f"Your forward returns nothing far out, at x = {number(x)}, where {there}.",
            )
        except StudentError as error:
            if not isinstance(error.error, ArithmeticError):
                return (
                    WRONG,
                    f"Your forward is right near 0, but it {error.describe()}, where {there}.",
                )
            return CORRECT, _overflow_note(truth, error.describe(), there)
        if not math.isfinite(got):
            return CORRECT, _overflow_note(truth, f"gives {number(got)} at x = {number(x)}", there)
        if not close(got, expected):
            return (
                WRONG,
                f"Your forward is right near 0 but wrong far out: it gives {number(got)} at "
                f"x = {number(x)}, where {there}.",
            )
    return None


#: Overflow-free ways to compute an operation, for the note on a forward that overflows.
STABLE_FORMS = {
    "sigmoid": "σ(x) = e^x / (1 + e^x) for x < 0",
    "softplus": "softplus(x) = max(x, 0) + ln(1 + e^−|x|)",
}


def _overflow_note(truth: Reference, problem: str, there: str) -> str:
    """The note for a forward that overflows far out where the true function does not."""
    stable = STABLE_FORMS.get(truth.family)
    example = f" (here: {stable})" if stable else ""
    return (
        f"One thing to know: far out your forward {problem}, while {there}. A formula that never "
        f"passes exp a large positive number avoids it{example}."
    )
