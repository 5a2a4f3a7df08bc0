"""Checkers for derivatives a student works out: f'(x) by hand, and a rule's local derivative.

`check_derivative` compares a hand-derived f' with backprop and finite differences at given
points; `check_rule` checks a one-input rule (forward and derivative) over its domain against the
rules table (or, for a new operation, against finite differences of the student's forward).
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from autograd.compiler.rule_code import rule_code
from autograd.engine import rules
from autograd.engine.backprop import chain_rule
from autograd.engine.rules import Rule
from autograd.engine.value import Value
from autograd.exercises.feedback import (
    CORRECT,
    PARTIAL,
    WRONG,
    Feedback,
    NotAnsweredError,
    StudentError,
    as_number,
    call,
    close,
    may_reveal,
    not_answered,
    number,
    record_attempt,
    student_error,
    unanswered,
)
from autograd.viz.explanation import (
    GRADCHECK_ABSOLUTE_TOLERANCE,
    GRADCHECK_RELATIVE_TOLERANCE,
    central_difference,
)

ZERO_SLOPE = 1e-12  # slopes this small count as 0 when looking for a common factor
#: Where a rule is checked (those outside its domain are dropped): both signs, small and large.
RULE_POINTS = (-6.0, -4.0, -3.0, -2.0, -1.5, -1.0, -0.5, -0.25, -0.1, 0.0)
RULE_POINTS += tuple(-x for x in reversed(RULE_POINTS[:-1]))
#: Far-out inputs where a naive formula overflows (math.exp(1000)): a note, not a failure.
STRESS_INPUTS = (-1000.0, 1000.0)
MAX_POINTS_LISTED = 6  # "right at x = …" lists at most this many points


def slope(function: Callable[[float], float], x: float) -> tuple[float, bool]:
    """``(f'(x) ≈ (f(x+h) - f(x-h)) / 2h, whether f has no single slope at x)``.

    `central_difference` for a function of one float: no single slope means a kink (ReLU at 0),
    or f undefined or not finite within h of x. What a student's function raises (a
    `StudentError`, through `call`) is raised on.
    """
    estimate, problem = central_difference(function, [x], 0)
    return estimate, bool(problem)


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


# ----- check_derivative ------------------------------------------------------------------------


def check_derivative(
    f: Callable[[Value], Value] | None,
    df: Callable[[float], float] | None,
    points: Iterable[float],
    *,
    exercise: str = "check_derivative",
) -> Feedback:
    """Check a hand-derived derivative `df` = f′ against backprop and finite differences.

    At each point x the right slope is ∂f/∂x from backprop on ``f(Value(x))``, confirmed by
    (f(x+h) − f(x−h)) / 2h; points where the two disagree (a kink, like ReLU's at 0) are skipped.
    The feedback names the worst point and recognises a flipped sign, a constant factor and a
    constant offset.

    Args:
        f: the function, written with operators and Value methods (``3*x**2 - 4*x + 5``,
            ``x.tanh()``) so that it can be called on a `Value`.
        df: the student's derivative: a number for a number.
        points: where to compare them.
        exercise: the name attempts are counted under.

    """
    xs = [float(x) for x in points]
    if not xs:
        raise ValueError("check_derivative: points is empty; pass where to check, e.g. [0, 1, 2]")
    if unanswered(f) or unanswered(df):
        return not_answered(exercise, "Your derivative is still a stub.")
    assert f is not None and df is not None  # for mypy: unanswered() ruled None out

    def f_of_number(x: float) -> float:
        return as_number(call(f, Value(x), where=f"at x = {number(x)}"), "f(x)")

    checked: list[tuple[float, float, float, float]] = []  # x, student, backprop, numeric
    skipped: list[float] = []
    try:
        for x in xs:
            leaf = Value(x, label="x")
            out = call(f, leaf, where=f"at x = {number(x)}")
            numeric, kink = slope(f_of_number, x)
            exact = chain_rule(out).get(leaf, 0.0) if isinstance(out, Value) else numeric
            agree = math.isclose(
                exact,
                numeric,
                rel_tol=GRADCHECK_RELATIVE_TOLERANCE,
                abs_tol=GRADCHECK_ABSOLUTE_TOLERANCE,
            )
            if kink or not agree or not math.isfinite(exact):
                skipped.append(x)
                continue
            student = as_number(call(df, x, where=f"at x = {number(x)}"), "df(x)")
            checked.append((x, student, exact, numeric))
    except NotAnsweredError:
        return not_answered(exercise, "Your derivative is still a stub.")
    except StudentError as error:
        record_attempt(exercise)
        return student_error(exercise, error, "Your code")
    record_attempt(exercise)
    skipped_note = (
        [f"(Skipped {points_text(skipped)}: f has a kink there, so it has no single slope.)"]
        if skipped
        else []
    )
    wrong = [(x, s, t, n) for x, s, t, n in checked if not close(s, t)]
    if not wrong:
        return Feedback(
            exercise,
            CORRECT,
            [
                f"Your derivative matches backprop and finite differences at all {len(checked)} "
                f"points ({points_text([x for x, *_ in checked])}).",
                *skipped_note,
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
    return Feedback(exercise, WRONG, [*lines, *skipped_note])


# ----- check_rule ------------------------------------------------------------------------------


def find_rule(name: str) -> Rule | None:
    """The table's rule called `name`: "tanh", "leaky_relu", "leaky_relu(0.1)", "**3" ….

    None for a name the table does not have (a new operation).
    """
    if name in rules.RULES:
        return rules.RULES[name]
    if name == "leaky_relu":
        return rules.leaky_relu(rules.DEFAULT_NEGATIVE_SLOPE)
    constant = re.fullmatch(r"leaky_relu\((.+)\)|\*\*(.+)", name)
    if constant is None:
        return None
    try:
        if constant.group(1) is not None:
            return rules.leaky_relu(float(constant.group(1)))
        return rules.power(float(constant.group(2)))
    except ValueError:
        return None


def wants_out(derivative: Callable[..., Any]) -> bool:
    """Whether `derivative` takes ``(x, out)`` (two positional arguments) rather than ``(x)``."""
    try:
        parameters = inspect.signature(derivative).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: call it with x alone
        return False
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(p.kind in positional for p in parameters) >= 2


def _true_forward(rule: Rule) -> Callable[[float], float]:
    def forward(x: float) -> float:
        return float(rule.forward(x))

    return forward


def _domain(forward: Callable[[float], float]) -> list[float]:
    """The points of `RULE_POINTS` where `forward` (the table's, or a student's) is finite.

    Points where it raises (ArithmeticError or ValueError for the table's; a `StudentError` for
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


def _stress_note(name: str, rule: Rule, forward: Callable[[float], Any]) -> list[str]:
    """A note when the student's forward overflows far out where the true function does not."""
    for x in STRESS_INPUTS:
        try:
            expected = float(rule.forward(x))
        except (ArithmeticError, ValueError):
            continue
        if not math.isfinite(expected):
            continue
        problem = ""
        try:
            got = as_number(call(forward, x), "the forward function's result")
            if not math.isfinite(got):
                problem = f"gives {number(got)}"
        except (StudentError, NotAnsweredError) as error:
            problem = error.describe() if isinstance(error, StudentError) else "returned nothing"
        if problem:
            return [
                f"One thing to know: far out, at x = {number(x)}, your forward {problem}, while "
                f"{name}({number(x)}) is just {number(expected)}. A formula that never passes "
                f"exp a large positive number (e.g. σ(x) = e^x / (1 + e^x) for x < 0) avoids it."
            ]
    return []


def check_rule(
    name: str,
    forward: Callable[[float], float] | None,
    derivative: Callable[..., float] | None,
    *,
    exercise: str | None = None,
) -> Feedback:
    """Check a student's one-input rule, its forward function and local derivative, over its domain.

    For an operation in the rules table (``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"``,
    ``"exp"``, ``"log"``, ``"**3"`` …) both are compared with the table at points of both signs
    (`RULE_POINTS`, those inside the domain), skipping kinks; for a new name the derivative is
    compared with finite differences of the student's own forward. The feedback names the input
    where the formula breaks and, once the student has tried, shows the table's formula.

    Args:
        name: the operation's name.
        forward: the student's f(x), a number for a number.
        derivative: the student's f′, called as ``derivative(x)``, or as ``derivative(x, out)``
            with out = f(x) when it takes two arguments (as the table's rules do).
        exercise: the name attempts are counted under (default ``check_rule(<name>)``).

    Raises:
        ValueError: `name` is a table rule with two inputs (``"*"``): check those by argument
            with `check_derivative`.

    """
    exercise = exercise or f"check_rule({name})"
    rule = find_rule(name)
    if rule is not None and len(rule.inputs) != 1:
        raise ValueError(
            f"check_rule: {name!r} has {len(rule.inputs)} inputs; check_rule checks one-input "
            f"rules (sigmoid, tanh, relu …). Check each argument with check_derivative instead."
        )
    if unanswered(forward) or unanswered(derivative):
        return not_answered(exercise, f"Your {name} rule is still a stub.")
    assert forward is not None and derivative is not None  # for mypy: ruled out just above

    def student_forward(x: float) -> float:
        return as_number(
            call(forward, x, where=f"at x = {number(x)}"), "the forward function's result"
        )

    try:
        reference = student_forward if rule is None else _true_forward(rule)
        points = _domain(reference)
        outs = {x: student_forward(x) for x in points}
    except NotAnsweredError:
        return not_answered(exercise, f"Your {name} forward function is still a stub.")
    except StudentError as error:
        record_attempt(exercise)
        return student_error(exercise, error, f"Your {name} forward function")
    record_attempt(exercise)
    formula = _formula_line(name, rule, exercise)
    if rule is not None:
        wrong_forward = [x for x in points if not close(outs[x], reference(x))]
        if wrong_forward:
            x = wrong_forward[0]
            return Feedback(
                exercise,
                WRONG,
                [
                    f"Your forward function is wrong at {len(wrong_forward)} of {len(points)} "
                    f"points, first at x = {number(x)}: you have {number(outs[x])}, but "
                    f"{name}({number(x)}) = {number(reference(x))}.",
                    "Get the function right first; its derivative comes next.",
                ],
            )
    pass_out = wants_out(derivative)
    truths: dict[float, float] = {}
    try:
        for x in points:
            true_slope, kink = slope(reference, x)
            if kink:
                continue
            if rule is not None:
                true_slope = float(rule.local(x, reference(x))[0])
            truths[x] = true_slope
        got = {
            x: as_number(
                call(
                    derivative, *((x, outs[x]) if pass_out else (x,)), where=f"at x = {number(x)}"
                ),
                "the derivative's result",
            )
            for x in truths
        }
    except NotAnsweredError:
        return Feedback(
            exercise,
            PARTIAL,
            [
                f"Your {name} forward function is right. Now write its derivative, and run "
                f"this again."
            ],
        )
    except StudentError as error:
        return student_error(exercise, error, f"Your {name} derivative")

    def agrees(x: float) -> bool:
        if rule is not None:
            return close(got[x], truths[x])
        return math.isclose(
            got[x],
            truths[x],
            rel_tol=GRADCHECK_RELATIVE_TOLERANCE,
            abs_tol=GRADCHECK_ABSOLUTE_TOLERANCE,
        )

    wrong = [x for x in truths if not agrees(x)]
    if not wrong:
        lines = [
            f"Your {name} and its derivative are right at all {len(truths)} points checked "
            f"({points_text(list(truths))}).",
            *([formula] if formula else []),
        ]
        if rule is not None:
            lines += _stress_note(name, rule, forward)
        return Feedback(exercise, CORRECT, lines)
    x = max(wrong, key=lambda w: abs(got[w] - truths[w]) / max(1.0, abs(truths[w])))
    lines = [
        f"Your derivative breaks at x = {number(x)}: you have {number(got[x])}, but the slope "
        f"of {name} there is {number(truths[x])}. It is wrong at {len(wrong)} of "
        f"{len(truths)} points ({points_text(wrong)})."
    ]
    lines += _rule_hints(name, rule, outs, got, truths, wrong)
    if formula:
        lines.append(formula)
    return Feedback(exercise, WRONG, lines)


def _local_code(rule: Rule) -> list[str]:
    """The rule's local derivatives as the table writes them, in x (and out, its result)."""
    return [code.format(*rule.inputs, "out") for code in rule_code(rule).local]


def _formula_line(name: str, rule: Rule | None, exercise: str) -> str:
    """The table's formula, for a student who has tried at least once; '' otherwise."""
    if rule is None or not may_reveal(exercise):
        return ""
    code = ", ".join(_local_code(rule))
    result = f"{name}(x)" if name.isidentifier() else "the result"
    return f"The rules table has {name}: {rule.formula}   (in code, with out = {result}: {code})"


def _rule_hints(
    name: str,
    rule: Rule | None,
    outs: dict[float, float],
    got: dict[float, float],
    truths: dict[float, float],
    wrong: list[float],
) -> list[str]:
    """The likely mistake behind a wrong derivative, in words."""
    if all(close(got[x], outs[x]) for x in truths):
        return [
            f"Your derivative gives the same numbers as {name} itself: it returns the function, "
            f"not its slope."
        ]
    if rule is not None and any("out" in code for code in _local_code(rule)):
        with_x_for_out = {x: float(rule.local(x, x)[0]) for x in truths}
        if all(close(got[x], with_x_for_out[x]) for x in truths):
            return [
                f"You used the input x where the formula needs the output out = {name}(x). The "
                f"derivative is written in terms of the output: first compute out = {name}(x), "
                f"then use it."
            ]
    hint = pattern([(got[x], truths[x]) for x in truths])
    if hint is not None:
        return [hint]
    negatives = [x for x in truths if x < 0]
    positives = [x for x in truths if x > 0]
    if negatives and set(wrong) == set(negatives):
        return ["It is right for x > 0 and wrong for every x < 0: look at your branch for x < 0."]
    if positives and set(wrong) == set(positives):
        return ["It is right for x < 0 and wrong for every x > 0: look at your branch for x > 0."]
    return []
