"""The calculus: every operation is one `Rule`, a row of the table below that the rest reads.

A row holds the operation on numbers (`forward`) and its local derivatives (`local`): ∂out/∂input
for each input, as a function of the inputs and ``out``, the result. `local` is plain arithmetic
and calls of other rules, so the same function runs on floats (backward) and on Values
(derivatives of derivatives). The compiler reads these functions' source to write its code;
drawings, `explain` and the player print `formula`. No Value here (value.py), no chain rule
(backprop.py).
"""

from __future__ import annotations

import functools
import math

from autograd.engine.functions import exp_or_inf, logistic, pow_or_inf, real

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see grad_mode.py)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

DEFAULT_NEGATIVE_SLOPE = 0.01  # leaky ReLU's slope for x < 0 (PyTorch's default)

# What kind of operation a rule is, so that explanations can say "activation" without matching
# names; UNKNOWN is micrograd's op with no rule.
LEAF, ARITHMETIC, FUNCTION, ACTIVATION, UNKNOWN = "leaf", "arithmetic", "function", "activation", "?"  # fmt: skip


class DomainError(ValueError, ArithmeticError):
    """An operation got an input outside its domain, e.g. log(-1) or 1 / 0.

    It is a `ValueError` (the input's value is wrong) and an `ArithmeticError`, so code that
    catches either keeps working.
    """


class Rule:
    """One primitive operation: how to compute it, how it changes with each input, and why.

    Attributes:
        name: what graphs and `Value.op` show, e.g. ``"+"``, ``"tanh"``, ``"**2"``.
        forward: the operation on numbers, e.g. ``lambda x: math.tanh(x)``.
        local: ``local(*inputs, out)``: the tuple of ∂out/∂input, one per input, e.g.
            ``lambda x, out: (1.0 - out * out,)`` for tanh. It must work on floats and on Values.
        formula: the maths, for people: shown in drawings, explanations and error messages.
        domain: where `forward` is defined, and what to do about it.
        kind: `ARITHMETIC`, `FUNCTION`, `ACTIVATION` (a neuron's nonlinearity) or `LEAF`.
        inputs: the inputs' names, as `local` calls them (all its arguments but ``out``):
            ``("x",)`` or ``("x", "y")``.

    """

    def __init__(self, name: str, forward: Callable[..., float], local: Callable[..., tuple[Any, ...]], formula: str, domain: str = "", kind: str = ARITHMETIC) -> None:  # fmt: skip
        self.name, self.forward, self.local, self.formula = name, forward, local, formula
        self.domain, self.kind = domain, kind
        self.inputs: tuple[str, ...] = local.__code__.co_varnames[: local.__code__.co_argcount - 1]

    def __call__(self, *inputs: Any) -> Any:
        """The operation applied: a number for numbers, a new graph node when an input is a Value."""
        value = next((x for x in inputs if not isinstance(x, float | int)), None)
        return self.forward(*inputs) if value is None else type(value).apply(self, *inputs)


def domain_error(rule: Rule, inputs: tuple[Any, ...], problem: str) -> DomainError:
    """The error for `rule` at `inputs`: the op, each input's value and label, and the fix."""
    named = zip(rule.inputs, inputs, strict=True)
    values = [f"{n} = {x.data!r}" + (f" (Value {x.label!r})" if x.label else "") for n, x in named]
    return DomainError(f"{rule.name}: {problem} {', '.join(values)}; {rule.domain}")


POW_DOMAIN = "x ** y needs x > 0 for non-integer y, and x ≠ 0 for y < 0"

# fmt: off
# One row per operation: Rule(name, forward, local derivatives ∂out/∂input, formula, domain, kind)
LEAF_RULE = Rule("", lambda: 0.0, lambda out: (), "a leaf: an input or a parameter, made by Value(data)", kind=LEAF)
ADD = Rule("+", lambda x, y: x + y, lambda x, y, out: (1.0, 1.0), "∂(x+y)/∂x = 1, ∂(x+y)/∂y = 1")
SUB = Rule("-", lambda x, y: x - y, lambda x, y, out: (1.0, -1.0), "∂(x-y)/∂x = 1, ∂(x-y)/∂y = -1")
MUL = Rule("*", lambda x, y: x * y, lambda x, y, out: (y, x), "∂(x·y)/∂x = y, ∂(x·y)/∂y = x")
DIV = Rule("/", lambda x, y: x / y, lambda x, y, out: (1.0 / y, -out / y), "∂(x/y)/∂x = 1/y, ∂(x/y)/∂y = -x/y² = -out/y", "x / y needs y ≠ 0; add a small constant to y")
NEG = Rule("neg", lambda x: -x, lambda x, out: (-1.0,), "∂(-x)/∂x = -1")
# x ** y's slopes where y·x^(y-1) and x^y·ln x are undefined: 0 at 0 ** 0 and in y at x = 0 (as
# PyTorch); nan in y for x < 0 (x^y exists there only at whole numbers y), as out·nan so that its
# own derivatives are nan too
POW = Rule("**", pow_or_inf, lambda x, y, out: (0.0 if real(x) == 0.0 == real(y) else y * pow_or_inf(x, y - 1.0), out * LOG(x) if real(x) > 0.0 else 0.0 if real(x) == 0.0 else out * math.nan), "∂(x^y)/∂x = y·x^(y-1), ∂(x^y)/∂y = x^y·ln x", POW_DOMAIN)
EXP = Rule("exp", exp_or_inf, lambda x, out: (out,), "∂e^x/∂x = e^x = out", kind=FUNCTION)
LOG: Rule = Rule("log", lambda x: math.log(x), lambda x, out: (1.0 / x,), "∂ln x/∂x = 1/x", "log(x) needs x > 0; clamp it first, e.g. (x.relu() + 1e-12).log()", FUNCTION)
SIN: Rule = Rule("sin", lambda x: math.sin(x), lambda x, out: (COS(x),), "∂sin x/∂x = cos x", kind=FUNCTION)
COS: Rule = Rule("cos", lambda x: math.cos(x), lambda x, out: (-SIN(x),), "∂cos x/∂x = -sin x", kind=FUNCTION)
TANH = Rule("tanh", lambda x: math.tanh(x), lambda x, out: (1.0 - out * out,), "∂tanh x/∂x = 1 - tanh² x", kind=ACTIVATION)
SIGMOID = Rule("sigmoid", logistic, lambda x, out: (out * (1.0 - out),), "∂σ(x)/∂x = σ(x)·(1 - σ(x))", kind=ACTIVATION)
RELU = Rule("relu", lambda x: 0.0 if x < 0.0 else x, lambda x, out: (STEP(x),), "∂ReLU(x)/∂x = 1 for x > 0, else 0", kind=ACTIVATION)
# ReLU's derivative is itself an operation (flat, derivative 0), so that it is computed afresh
# wherever the derivative is, also in a compiled derivative of a derivative; it has no method
STEP: Rule = Rule("step", lambda x: 0.0 if x <= 0.0 else 1.0, lambda x, out: (0.0,), "∂step(x)/∂x = 0 (step(x) = 1 for x > 0, else 0)", kind=FUNCTION)
# fmt: on


@functools.cache
def power(n: float) -> Rule:
    """The rule for x ** n with a constant number n: ∂(x^n)/∂x = n·x^(n-1) (0 for n = 0)."""
    slope = {0.0: "0", 1.0: "1", 2.0: "2·x"}.get(n, f"{n:g}·x^{n - 1.0:g}")
    return Rule(f"**{n:g}", lambda x: pow_or_inf(x, n), lambda x, out: (0.0 if n == 0.0 else n * pow_or_inf(x, n - 1.0),), f"∂(x^{n:g})/∂x = {slope}", POW_DOMAIN)  # fmt: skip


@functools.cache
def leaky_relu(slope: float) -> Rule:
    """Leaky ReLU: x for x > 0, else slope·x; its derivative is 1 or the slope."""
    # fmt: off
    step = Rule(f"leaky_step({slope:g})", lambda x: 1.0 if x > 0.0 else slope, lambda x, out: (0.0,), f"∂leaky_step(x)/∂x = 0 (1 for x > 0, else {slope:g})", kind=FUNCTION)
    return Rule(f"leaky_relu({slope:g})", lambda x: x if x > 0.0 else slope * x, lambda x, out: (step(x),), f"∂LeakyReLU(x)/∂x = 1 for x > 0, else {slope:g}", kind=ACTIVATION)
    # fmt: on


#: Every rule with a fixed name and a method; `power(n)` and `leaky_relu(slope)` make the rules
#: with a constant.
RULES = {r.name: r for r in (ADD, SUB, MUL, DIV, NEG, POW, EXP, LOG, SIN, COS, TANH, SIGMOID, RELU)}
