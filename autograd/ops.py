"""The calculus: every operation's forward function and its local derivatives, one rule per row.

This file holds no chain rule (that is `graph.py`) and no `Value` class (that is `value.py`).
A rule's `derivative` uses only arithmetic, so the same row computes ∂out/∂input on floats for
ordinary backprop and on `Value`s when a derivative is itself differentiated (`create_graph`).
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# A rule's arguments are floats during ordinary backprop and `Value`s when building a derivative
# graph; ops.py sits below value.py, so the type stays open here.
Scalar = Any

DEFAULT_NEGATIVE_SLOPE = 0.01  # leaky ReLU's slope for x < 0 (PyTorch's default)
INPUT_NAMES = ("x", "y")  # how error messages and formulas name a rule's inputs


class DomainError(ValueError, ArithmeticError):
    """An operation got an input outside its domain, e.g. log(-1) or 1 / 0.

    It is a `ValueError` (the input's value is wrong) and an `ArithmeticError`, so code that
    catches either keeps working.
    """


@dataclass(frozen=True)
class Rule:
    """One primitive operation: how to compute it and how it changes with each input.

    Attributes:
        name: what graphs and `Value.op` show, e.g. ``"+"``, ``"tanh"``, ``"**2"``.
        arity: how many `Value` inputs the operation takes.
        forward: computes the output from the inputs' floats.
        derivative: ``derivative(*inputs, out)`` returns the local derivatives
            ∂out/∂input, one per input. It receives the output too, so rules such as
            tanh' = 1 - out² are one line.
        formula: the maths, for people: shown in docs, graphs and error messages.
        domain: where the forward function is defined, and what to do about it; used in the
            error raised when an input falls outside it.

    """

    name: str
    arity: int
    forward: Callable[..., float]
    derivative: Callable[..., tuple[Scalar, ...]]
    formula: str
    domain: str = ""


def domain_error(rule: Rule, inputs: tuple[Scalar, ...], problem: str) -> DomainError:
    """The error for `rule` applied to `inputs`: the op, each input's value and label, the fix."""
    described = []
    for name, x in zip(INPUT_NAMES, inputs, strict=False):
        label = getattr(x, "label", "")
        described.append(f"{name} = {real(x)!r}" + (f" (Value {label!r})" if label else ""))
    return DomainError(f"{rule.name}: {problem} {', '.join(described)}; {rule.domain}")


def real(x: Scalar) -> float:
    """The float inside `x`: `x` itself for a float, `x.data` for a `Value`."""
    return x if isinstance(x, float) else float(x.data)


def log(x: Scalar) -> Scalar:
    """Natural logarithm that works on floats and on `Value`s (so derivative graphs can use it)."""
    return math.log(x) if isinstance(x, float) else x.log()


def sigmoid(x: float) -> float:
    """σ(x) = 1 / (1 + e^{-x}), computed without overflow for any finite x.

    For x ≥ 0, e^{-x} ≤ 1; for x < 0 the equal form e^{x} / (1 + e^{x}) keeps the exponent ≤ 0.
    """
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    exp_x = math.exp(x)
    return exp_x / (1.0 + exp_x)


def relu(x: float) -> float:
    """ReLU(x) = max(0, x)."""
    return x if x > 0.0 else 0.0


def _exponent_derivative(x: Scalar, out: Scalar) -> Scalar:
    """∂(x^y)/∂y = x^y · ln x, with PyTorch's values where ln x is undefined.

    At x = 0 the output is 0 for every y > 0, so the slope is 0; for x < 0, x^y is only defined
    at integer y and has no slope in y, which PyTorch reports as nan.
    """
    base = real(x)
    if base > 0.0:
        return out * log(x)
    return 0.0 if base == 0.0 else math.nan


LEAF = Rule(
    name="",
    arity=0,
    forward=float,
    derivative=lambda out: (),
    formula="a leaf: an input or a parameter, made by Value(data)",
)

ADD = Rule("+", 2, operator.add, lambda x, y, out: (1.0, 1.0), "∂(x+y)/∂x = 1, ∂(x+y)/∂y = 1")
SUB = Rule("-", 2, operator.sub, lambda x, y, out: (1.0, -1.0), "∂(x-y)/∂x = 1, ∂(x-y)/∂y = -1")
MUL = Rule("*", 2, operator.mul, lambda x, y, out: (y, x), "∂(x·y)/∂x = y, ∂(x·y)/∂y = x")
DIV = Rule(
    "/",
    2,
    operator.truediv,
    lambda x, y, out: (1.0 / y, -out / y),
    "∂(x/y)/∂x = 1/y, ∂(x/y)/∂y = -x/y² = -out/y",
    domain="division needs a non-zero divisor; add a small constant to the denominator",
)
NEG = Rule("neg", 1, operator.neg, lambda x, out: (-1.0,), "∂(-x)/∂x = -1")
POW = Rule(
    "**",
    2,
    math.pow,
    lambda x, y, out: (y * x ** (y - 1.0), _exponent_derivative(x, out)),
    "∂(x^y)/∂x = y·x^(y-1), ∂(x^y)/∂y = x^y·ln x",
    domain="x ** y needs x > 0 for non-integer y, x ≠ 0 for y < 0, and a result that fits in "
    "a float",
)
EXP = Rule(
    "exp",
    1,
    math.exp,
    lambda x, out: (out,),
    "∂e^x/∂x = e^x = out",
    domain="exp(x) overflows a float for x > 709.78; scale the input down first",
)
LOG = Rule(
    "log",
    1,
    math.log,
    lambda x, out: (1.0 / x,),
    "∂ln x/∂x = 1/x",
    domain="log(x) needs x > 0; clamp the input first, e.g. (x.relu() + 1e-12).log()",
)
TANH = Rule("tanh", 1, math.tanh, lambda x, out: (1.0 - out * out,), "∂tanh x/∂x = 1 - tanh² x")
SIGMOID = Rule(
    "sigmoid", 1, sigmoid, lambda x, out: (out * (1.0 - out),), "∂σ(x)/∂x = σ(x)·(1 - σ(x))"
)
RELU = Rule(
    "relu",
    1,
    relu,
    lambda x, out: (1.0 if real(x) > 0.0 else 0.0,),
    "∂ReLU(x)/∂x = 1 for x > 0, else 0 (0 at x = 0, as PyTorch)",
)


@functools.lru_cache(maxsize=256)
def power(exponent: float) -> Rule:
    """The rule for x ** n with a constant number n: ∂(x^n)/∂x = n·x^(n-1).

    One `Rule` per distinct n, so the graph shows ``**2`` and nodes need not store n.
    """
    if exponent == 0.0:
        # d/dx x^0 = 0 everywhere; n·x^(n-1) would divide by zero at x = 0
        return Rule("**0", 1, lambda x: math.pow(x, 0.0), lambda x, out: (0.0,), "∂(x^0)/∂x = 0")
    return Rule(
        name=f"**{exponent:g}",
        arity=1,
        forward=lambda x: math.pow(x, exponent),
        derivative=lambda x, out: (exponent * x ** (exponent - 1.0),),
        formula=f"∂(x^{exponent:g})/∂x = {exponent:g}·x^{exponent - 1.0:g}",
        domain=POW.domain,
    )


@functools.lru_cache(maxsize=256)
def leaky_relu(negative_slope: float) -> Rule:
    """The rule for leaky ReLU: x for x > 0, else slope·x; its derivative is 1 or the slope."""
    return Rule(
        name="leaky_relu"
        if negative_slope == DEFAULT_NEGATIVE_SLOPE
        else f"leaky_relu({negative_slope:g})",
        arity=1,
        forward=lambda x: x if x > 0.0 else negative_slope * x,
        derivative=lambda x, out: (1.0 if real(x) > 0.0 else negative_slope,),
        formula=f"∂LeakyReLU(x)/∂x = 1 for x > 0, else {negative_slope:g}",
    )


@functools.lru_cache(maxsize=256)
def weighted_sum(n_inputs: int) -> Rule:
    """The rule for a neuron's net input Σ w_i·x_i + b over `n_inputs` weight/input pairs.

    Inputs are ordered w_1 … w_n, x_1 … x_n, b; the local derivatives are ∂/∂w_i = x_i,
    ∂/∂x_i = w_i and ∂/∂b = 1 — the same as the products and sums it replaces.
    """
    n = n_inputs

    def forward(*inputs: float) -> float:
        # summed in the order micrograd's neuron adds its products: b + w_1·x_1 + w_2·x_2 + …
        return sum(map(operator.mul, inputs[:n], inputs[n : 2 * n]), inputs[-1])

    def derivative(*inputs_and_out: Scalar) -> tuple[Scalar, ...]:
        return (*inputs_and_out[n : 2 * n], *inputs_and_out[:n], 1.0)

    return Rule(
        name="w*x+b",
        arity=2 * n + 1,
        forward=forward,
        derivative=derivative,
        formula="∂(Σ w_i·x_i + b)/∂w_i = x_i, ∂/∂x_i = w_i, ∂/∂b = 1",
    )


#: Every primitive with a fixed rule, by name. `power(n)`, `leaky_relu(slope)` and
#: `weighted_sum(n)` make the rules that carry a constant; tests iterate over `rules()`.
RULES: dict[str, Rule] = {
    rule.name: rule for rule in (ADD, SUB, MUL, DIV, NEG, POW, EXP, LOG, TANH, SIGMOID, RELU)
}


def rules() -> list[Rule]:
    """Every differentiable rule, with a representative of each rule family that has a constant."""
    return [
        *RULES.values(),
        power(2.0),
        power(3.0),
        power(-1.0),
        power(0.5),
        leaky_relu(DEFAULT_NEGATIVE_SLOPE),
        leaky_relu(0.2),
        weighted_sum(1),
        weighted_sum(3),
    ]
