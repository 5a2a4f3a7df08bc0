"""Numerical checking: backprop's derivatives against central finite differences, in one place.

`central_difference` estimates a slope, (f(x+h) - f(x-h)) / 2h, and says when not to trust it
(a kink, or f undefined nearby). `gradcheck` checks a whole function's derivatives, to any order;
`check_nodes` checks every node's rule in a graph. `viz.gradcheck_nodes` prints the latter, and
the exercises' checkers use the former: this is the only code that computes one.
"""

from __future__ import annotations

import math

from autograd.engine.backprop import topological_order
from autograd.engine.functional import argument_names, call_scalar, grad, number_argument
from autograd.engine.grad_mode import no_grad
from autograd.engine.value import Value

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see grad_mode.py)
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

FINITE_DIFFERENCE_STEP = 1e-6  # h in (f(x+h) - f(x-h)) / 2h, scaled by max(1, |x|)
GRADCHECK_RELATIVE_TOLERANCE = 1e-4  # a local derivative "agrees" within these tolerances
GRADCHECK_ABSOLUTE_TOLERANCE = 1e-6
KINK_TOLERANCE = 1e-3  # one-sided slopes further apart than this mark a kink (ReLU at 0)


def central_difference(
    forward: Callable[..., float],
    inputs: Sequence[float],
    position: int,
    step: float = FINITE_DIFFERENCE_STEP,
) -> tuple[float, str]:
    """The slope of `forward` in argument `position` at `inputs`, by central differences.

    (f(x+h) - f(x-h)) / 2h with h = step · max(1, |x|). Returns ``(estimate, "")``, or
    ``(estimate or nan, why not to trust it)`` where the one-sided slopes differ (a kink, like
    ReLU's at 0) or f is undefined or not finite within h. Only ArithmeticError and ValueError
    from `forward` count as "undefined"; anything else it raises propagates.
    """
    h = step * max(1.0, abs(inputs[position]))

    def at(offset: float) -> float:
        shifted = list(inputs)
        shifted[position] += offset
        return float(forward(*shifted))

    try:
        up, centre, down = at(h), at(0.0), at(-h)
    except (ArithmeticError, ValueError):
        return math.nan, "the op is undefined within h of this point"
    if not all(math.isfinite(v) for v in (up, centre, down)):
        return math.nan, "the op is not finite within h of this point"
    right, left = (up - centre) / h, (centre - down) / h
    # a kink: the one-sided slopes differ by far more than the step's truncation error
    if not math.isclose(right, left, rel_tol=KINK_TOLERANCE, abs_tol=KINK_TOLERANCE):
        return (up - down) / (2.0 * h), "a kink: the slope differs on each side of this point"
    return (up - down) / (2.0 * h), ""


class GradcheckError(AssertionError):
    """`gradcheck` found a derivative that disagrees with finite differences."""


def gradcheck(
    function: Callable[..., Value],
    *inputs: float,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    order: int = 1,
) -> bool:
    """Check backprop's derivatives of `function` at `inputs` against central finite differences.

    For each order k = 1 … `order` and each argument i, the k-th derivative from backprop is
    compared with (g(x + eps·e_i) - g(x - eps·e_i)) / 2·eps, where g is the (k-1)-th derivative
    from backprop; they agree when |analytic - numerical| ≤ atol + rtol·|numerical|. The
    derivatives are checked in the order ∂x₀, ∂x₁, … for each order, lowest order first.

    Returns:
        True when everything agrees.

    Raises:
        GradcheckError: (an `AssertionError`) naming the argument, the order, and both values.
        ValueError: `eps` is not a positive finite number, `atol` or `rtol` not a finite
            number ≥ 0, `order` not a whole number ≥ 1, or no point was given.

    """
    _check_tolerances(eps, atol, rtol)
    if not isinstance(order, int) or isinstance(order, bool) or order < 1:
        raise ValueError(f"gradcheck: order must be a whole number ≥ 1, got {order!r}")
    if not inputs:
        raise ValueError("gradcheck: give the point to check at, e.g. gradcheck(f, 0.5)")
    point = [number_argument(x, "gradcheck", i) for i, x in enumerate(inputs)]
    names = argument_names(function, len(point))
    # derivatives[path] is the function ∂^k f / ∂x_path[0] … ∂x_path[-1]
    derivatives: dict[tuple[int, ...], Callable[..., Value]] = {(): function}
    for level in range(1, order + 1):
        next_level: dict[tuple[int, ...], Callable[..., Value]] = {}
        for path, lower in derivatives.items():
            for i in range(len(point)):
                derivative = grad(lower, argnums=i)
                analytic = derivative(*point)
                numerical = _difference(lower, point, i, eps)
                key = (*path, i)
                if not abs(analytic - numerical) <= atol + rtol * abs(numerical):
                    wrt = "".join(f"∂{names[j]}" for j in key)
                    at = ", ".join(f"{n}={x!r}" for n, x in zip(names, point, strict=True))
                    raise GradcheckError(
                        f"gradcheck: ∂{'^' + str(level) if level > 1 else ''}f/{wrt} at {at} "
                        f"disagrees: backprop gives {analytic!r}, central differences give "
                        f"{numerical!r} (allowed difference {atol + rtol * abs(numerical):.3g}); "
                        f"check the derivative rules of the operations f uses"
                    )
                next_level[key] = derivative
        derivatives = next_level
    return True


def _check_tolerances(eps: float, atol: float, rtol: float) -> None:
    """A clear error for a step that is not a small positive number, or a bad tolerance."""
    if not (_real(eps) and eps > 0):
        raise ValueError(f"gradcheck: eps must be a small positive number, got {eps!r}; e.g. 1e-6")
    for name, tolerance in (("atol", atol), ("rtol", rtol)):
        if not (_real(tolerance) and tolerance >= 0):
            raise ValueError(
                f"gradcheck: {name} must be a finite number ≥ 0, got {tolerance!r}; e.g. "
                f"{name}=1e-5"
            )


def _real(x: object) -> bool:
    return isinstance(x, float | int) and not isinstance(x, bool) and math.isfinite(x)


def _difference(
    function: Callable[..., Value], point: list[float], index: int, eps: float
) -> float:
    """(f(x + eps·e_i) - f(x - eps·e_i)) / 2·eps for a function of Values."""
    up, down = list(point), list(point)
    up[index] += eps
    down[index] -= eps
    with no_grad():
        upper = call_scalar(function, [Value(x) for x in up], "gradcheck").data
        lower = call_scalar(function, [Value(x) for x in down], "gradcheck").data
    return (upper - lower) / (2.0 * eps)


class NodeCheck:
    """One local derivative ∂node/∂parent: the rule's value beside a finite-difference estimate.

    Attributes:
        node: the node whose rule is checked; `position`: which of its inputs (0 for the first).
        analytic: ∂node/∂parent from the rule (`Value.local_grads`); nan if the rule failed.
        numeric: (f(x+h) - f(x-h)) / 2h from the rule's forward function; nan if not defined.
        status: ``"ok"``, ``"WRONG"``, or ``"skipped"`` (kink or domain edge, see `note`).
        note: why a check was skipped or failed, in words.

    """

    __slots__ = ("analytic", "node", "note", "numeric", "position", "status")

    def __init__(
        self,
        node: Value,
        position: int,
        analytic: float,
        numeric: float,
        status: str,
        note: str = "",
    ) -> None:
        self.node, self.position, self.analytic, self.numeric = node, position, analytic, numeric
        self.status, self.note = status, note

    def __repr__(self) -> str:
        return (
            f"NodeCheck({self.node.op} input {self.position}: analytic {self.analytic!r}, "
            f"numeric {self.numeric!r}, {self.status}{', ' + self.note if self.note else ''})"
        )


def check_nodes(
    root: Value,
    step: float = FINITE_DIFFERENCE_STEP,
    rel_tol: float = GRADCHECK_RELATIVE_TOLERANCE,
    abs_tol: float = GRADCHECK_ABSOLUTE_TOLERANCE,
) -> list[NodeCheck]:
    """Every node's local derivatives against central differences of its rule, parents first.

    For each node out = f(x, y) and each input, compares the rule's ∂out/∂x (what backprop
    uses) with `central_difference` of f. Kinks and domain edges are "skipped", not wrong.
    Nothing in the graph is changed.

    Raises:
        ValueError: `step` is not a positive finite number, or a tolerance is not ≥ 0.

    """
    if not (_real(step) and step > 0):
        raise ValueError(
            f"gradcheck_nodes: step must be a small positive number, got {step!r}; use e.g. "
            f"step=1e-6"
        )
    if not (_real(rel_tol) and rel_tol >= 0 and _real(abs_tol) and abs_tol >= 0):
        raise ValueError(
            f"gradcheck_nodes: rel_tol and abs_tol must be finite numbers ≥ 0, got {rel_tol!r} "
            f"and {abs_tol!r}"
        )
    checks: list[NodeCheck] = []
    for node in topological_order(root):
        if not node.parents:
            continue
        inputs = [parent.data for parent in node.parents]
        try:
            analytic: tuple[float, ...] = node.local_grads
            rule_error = ""
        except (TypeError, ArithmeticError, ValueError) as error:
            analytic = (math.nan,) * len(inputs)
            rule_error = f"the derivative rule raised {type(error).__name__}: {error}"
        for position in range(len(inputs)):
            numeric, note = central_difference(node.rule.forward, inputs, position, step)
            status = "skipped" if note else "ok"
            if rule_error:
                status, note = "WRONG", rule_error
            elif not note and not math.isclose(
                analytic[position], numeric, rel_tol=rel_tol, abs_tol=abs_tol
            ):
                status = "WRONG"
            checks.append(NodeCheck(node, position, analytic[position], numeric, status, note))
    return checks
