"""The calculus: every operation is one `Rule`, a row of facts that the rest of the library reads.

A rule's forward function and its local derivatives are each written once, as a Python
expression in the rule's inputs (and ``out``, its result). This file turns them into functions;
the compiler pastes the same text into the code it writes; drawings, `explain` and the player
print the rule's formula. There is no `Value` class here (see value.py) and no chain rule
(see backprop.py).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any

from autograd.engine import functions
from autograd.engine.code_text import define, rename

DEFAULT_NEGATIVE_SLOPE = 0.01  # leaky ReLU's slope for x < 0 (PyTorch's default)

# What kind of operation a rule is, so that explanations can say "activation" without matching
# names; UNKNOWN is micrograd's op with no rule.
LEAF, ARITHMETIC, FUNCTION, ACTIVATION, UNKNOWN = "leaf", "arithmetic", "function", "activation", "?"  # fmt: skip


class DomainError(ValueError, ArithmeticError):
    """An operation got an input outside its domain, e.g. log(-1) or 1 / 0.

    It is a `ValueError` (the input's value is wrong) and an `ArithmeticError`, so code that
    catches either keeps working.
    """


# The names a rule's code may use: `math`, inf and nan (so `repr` of any float is code), the
# functions in functions.py, and (added below the table) every rule named like a function, so
# that a derivative can call a rule: ``cos(x)`` is a number for a number, and a new node for a
# Value (second derivatives).
NAMESPACE: dict[str, Any] = {"math": math, "inf": math.inf, "nan": math.nan}
NAMESPACE.update((name, getattr(functions, name)) for name in functions.__all__)


@dataclass(eq=False)
class Rule:
    """One primitive operation: how to compute it, how it changes with each input, and why.

    Attributes:
        name: what graphs and `Value.op` show, e.g. ``"+"``, ``"tanh"``, ``"**2"``.
        inputs: the names of its inputs, ``("x",)`` or ``("x", "y")``.
        forward_code: the output as a Python expression in the inputs, e.g. ``"math.tanh(x)"``.
        derivative_code: ∂out/∂input for each input, as expressions in the inputs and ``out``
            (so tanh' is ``"1.0 - out * out"``). They must work on floats and on Values.
        formula: the maths, for people: shown in drawings, explanations and error messages.
        domain: where the forward function is defined, and what to do about it.
        kind: `ARITHMETIC`, `FUNCTION`, `ACTIVATION` (a neuron's nonlinearity) or `LEAF`.
        forward: ``forward(*inputs)``, made from `forward_code`, on numbers.
        derivative: ``derivative(*inputs, out)``, the local derivatives, on numbers or Values.
        forward_data: ``forward_data(*nodes)``, the forward function reading each node's
            number (``x.data``): what `Value.apply` runs.
        edges: ``edges(node)``, for a node this rule made, ``((parent, ∂node/∂parent), ...)``
            with the derivatives read off the parents' numbers: what the chain rule walks.

    """

    name: str
    inputs: tuple[str, ...]
    forward_code: str
    derivative_code: tuple[str, ...]
    formula: str
    domain: str = ""
    kind: str = ARITHMETIC
    forward: Any = field(init=False, repr=False)
    derivative: Any = field(init=False, repr=False)
    forward_data: Any = field(init=False, repr=False)
    edges: Any = field(init=False, repr=False)

    def __post_init__(self) -> None:
        inputs, inputs_and_out = ", ".join(self.inputs), ", ".join((*self.inputs, "out"))
        derivatives = "(" + "".join(f"{code}, " for code in self.derivative_code) + ")"
        data = {name: f"{name}.data" for name in (*self.inputs, "out")}  # x -> x.data
        self.forward = eval(f"lambda {inputs}: {self.forward_code}", NAMESPACE)
        self.derivative = eval(f"lambda {inputs_and_out}: {derivatives}", NAMESPACE)
        self.forward_data = eval(f"lambda {inputs}: {rename(self.forward_code, data)}", NAMESPACE)
        slopes = [rename(code, data) for code in self.derivative_code]
        edges = "".join(f"({x}, {d}), " for x, d in zip(self.inputs, slopes, strict=True))
        body = f"[{inputs}] = out.parents  # the node's parents\n    return ({edges})"
        self.edges = define(f"def edges(out):\n    {body}", NAMESPACE)

    def __call__(self, *inputs: Any) -> Any:
        """The operation applied: a number for numbers, a new graph node when an input is a Value."""
        for x in inputs:
            if not isinstance(x, float | int):
                return type(x).apply(self, *inputs)
        return self.forward(*inputs)


def domain_error(rule: Rule, inputs: tuple[Any, ...], problem: str) -> DomainError:
    """The error for `rule` at `inputs`: the op, each input's value and label, and the fix."""
    labels = [f" (Value {x.label!r})" if getattr(x, "label", "") else "" for x in inputs]
    values = [
        f"{n} = {functions.real(x)!r}{label}"
        for n, x, label in zip(rule.inputs, inputs, labels, strict=False)
    ]
    return DomainError(f"{rule.name}: {problem} {', '.join(values)}; {rule.domain}")


X, XY = ("x",), ("x", "y")
POW_DOMAIN = "x ** y needs x > 0 for non-integer y, and x ≠ 0 for y < 0"
# x ** y's slopes where y·x^(y-1) and x^y·ln x are undefined: 0 at 0 ** 0 and in y at x = 0
# (as PyTorch), nan in y for x < 0 (x^y exists there only at whole numbers y)
POW_SLOPE_IN_X = "0.0 if real(x) == 0.0 == real(y) else y * pow_or_inf(x, y - 1.0)"
POW_SLOPE_IN_Y = "out * log(x) if real(x) > 0.0 else 0.0 if real(x) == 0.0 else math.nan"

# fmt: off
# One row per operation: Rule(name, inputs, forward, ∂out/∂input for each input, formula, ...)
LEAF_RULE = Rule("", (), "0.0", (), "a leaf: an input or a parameter, made by Value(data)", kind=LEAF)
ADD = Rule("+", XY, "x + y", ("1.0", "1.0"), "∂(x+y)/∂x = 1, ∂(x+y)/∂y = 1")
SUB = Rule("-", XY, "x - y", ("1.0", "-1.0"), "∂(x-y)/∂x = 1, ∂(x-y)/∂y = -1")
MUL = Rule("*", XY, "x * y", ("y", "x"), "∂(x·y)/∂x = y, ∂(x·y)/∂y = x")
DIV = Rule("/", XY, "x / y", ("1.0 / y", "-out / y"), "∂(x/y)/∂x = 1/y, ∂(x/y)/∂y = -x/y² = -out/y", "x / y needs y ≠ 0; add a small constant to y")
NEG = Rule("neg", X, "-x", ("-1.0",), "∂(-x)/∂x = -1")
POW = Rule("**", XY, "pow_or_inf(x, y)", (POW_SLOPE_IN_X, POW_SLOPE_IN_Y), "∂(x^y)/∂x = y·x^(y-1), ∂(x^y)/∂y = x^y·ln x", POW_DOMAIN)
EXP = Rule("exp", X, "exp_or_inf(x)", ("out",), "∂e^x/∂x = e^x = out", kind=FUNCTION)
LOG = Rule("log", X, "math.log(x)", ("1.0 / x",), "∂ln x/∂x = 1/x", "log(x) needs x > 0; clamp it first, e.g. (x.relu() + 1e-12).log()", FUNCTION)
SIN = Rule("sin", X, "math.sin(x)", ("cos(x)",), "∂sin x/∂x = cos x", kind=FUNCTION)
COS = Rule("cos", X, "math.cos(x)", ("-sin(x)",), "∂cos x/∂x = -sin x", kind=FUNCTION)
TANH = Rule("tanh", X, "math.tanh(x)", ("1.0 - out * out",), "∂tanh x/∂x = 1 - tanh² x", kind=ACTIVATION)
SIGMOID = Rule("sigmoid", X, "logistic(x)", ("out * (1.0 - out)",), "∂σ(x)/∂x = σ(x)·(1 - σ(x))", kind=ACTIVATION)
RELU = Rule("relu", X, "0.0 if x <= 0.0 else x", ("0.0 if x <= 0.0 else 1.0",), "∂ReLU(x)/∂x = 1 for x > 0, else 0", kind=ACTIVATION)
# fmt: on


@functools.cache
def power(n: float) -> Rule:
    """The rule for x ** n with a constant number n: ∂(x^n)/∂x = n·x^(n-1) (0 for n = 0)."""
    slope = f"{n!r} * pow_or_inf(x, {n - 1.0!r})" if n != 0.0 else "0.0"
    formula = f"∂(x^{n:g})/∂x = {n:g}·x^{n - 1.0:g}"
    return Rule(f"**{n:g}", X, f"pow_or_inf(x, {n!r})", (slope,), formula, POW_DOMAIN)


@functools.cache
def leaky_relu(slope: float) -> Rule:
    """Leaky ReLU: x for x > 0, else slope·x; its derivative is 1 or the slope."""
    forward, derivative = f"x if x > 0.0 else {slope!r} * x", f"1.0 if x > 0.0 else {slope!r}"
    formula = f"∂LeakyReLU(x)/∂x = 1 for x > 0, else {slope:g}"
    return Rule(f"leaky_relu({slope:g})", X, forward, (derivative,), formula, kind=ACTIVATION)


#: Every rule with a fixed name; `power(n)` and `leaky_relu(slope)` make the rules with a constant.
RULES = {r.name: r for r in (ADD, SUB, MUL, DIV, NEG, POW, EXP, LOG, SIN, COS, TANH, SIGMOID, RELU)}
NAMESPACE.update((name, rule) for name, rule in RULES.items() if name.isidentifier())
