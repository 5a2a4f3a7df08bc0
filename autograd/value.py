"""`Value`: a number that remembers how it was computed, so its gradient can be found.

Each operation makes a new `Value` that records the operation's rule (from `ops.py`) and its
parents; together they form the computation graph that `backward()` walks (see `graph.py`).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Literal, overload

from autograd import graph, ops
from autograd.ops import DomainError, Rule

__all__ = ["DomainError", "Number", "Value", "weighted_sum"]

Number = float | int
"""What may stand beside a `Value` in arithmetic: any real number (ints, floats, numpy scalars)."""


class Value:
    """A scalar in a computation graph: its number, its gradient, and how it was made.

    ``Value(data, label="")`` makes a leaf (an input or a parameter). Arithmetic on Values
    (``+ - * / **``, unary ``-``, `exp`, `log`, `tanh`, `sigmoid`, `relu`, `leaky_relu`) makes new
    Values whose `parents` are the operands, in argument order. `backward()` then fills `grad`
    with ∂root/∂node for every node the root depends on.

    Attributes:
        data: the number, always a Python float.
        grad: ∂(the root `backward()` was called on)/∂(this value); 0.0 until then.
        label: a name shown in graph drawings and error messages; "" for none.

    The micrograd constructor ``Value(data, _children=(), _op="", label="")`` is accepted too,
    and ``_prev``/``_op`` are read-only aliases of `parents`/`op`.

    """

    __slots__ = ("_parents", "_rule", "data", "grad", "label")

    # numpy: let `numpy.float64(3.0) * value` call Value.__rmul__ instead of making an array
    __array_ufunc__ = None

    data: float
    grad: float
    label: str
    _rule: Rule
    _parents: tuple[Value, ...]

    def __init__(
        self,
        data: Number,
        _children: Iterable[Value] = (),
        _op: str = "",
        label: str = "",
    ) -> None:
        self.data = _as_float(data)
        self.grad = 0.0
        if not isinstance(label, str):
            raise TypeError(
                f"Value label must be a str, got {type(label).__name__} {label!r}; "
                f"pass a name such as label='w1'"
            )
        self.label = label
        if isinstance(_children, tuple) and not _children:  # a leaf, the usual case: no checks
            self._parents = ()
            self._rule = ops.LEAF
            return
        parents = tuple(_children)
        for parent in parents:
            if not isinstance(parent, Value):
                raise TypeError(
                    f"Value _children must be Values, got {type(parent).__name__} {parent!r}; "
                    f"wrap numbers with Value(...)"
                )
        self._parents = parents if graph.is_grad_enabled() else ()
        self._rule = _rule_named(_op, len(self._parents))

    # ----- what a node records -------------------------------------------------------------

    @property
    def op(self) -> str:
        """The operation that made this value (``"+"``, ``"tanh"``, ``"**2"`` …); "" for a leaf."""
        return self._rule.name

    @property
    def parents(self) -> tuple[Value, ...]:
        """The values this one was computed from, in argument order (``a * a`` lists a twice)."""
        return self._parents

    @property
    def _op(self) -> str:
        """Micrograd's name for `op`."""
        return self._rule.name

    @property
    def _prev(self) -> tuple[Value, ...]:
        """Micrograd's name for `parents`."""
        return self._parents

    @property
    def is_leaf(self) -> bool:
        """True for a value made directly by ``Value(data)`` (an input or a parameter)."""
        return not self._parents

    @property
    def local_grads(self) -> tuple[float, ...]:
        """∂self/∂parent for each parent, read off the op's rule in `ops.py`.

        These are the chain rule's factors: backprop adds ``local_grad * self.grad`` to each
        parent's grad. () for a leaf.
        """
        if not self._parents:
            return ()
        inputs = [parent.data for parent in self._parents]
        return tuple(float(d) for d in self._rule.derivative(*inputs, self.data))

    # ----- backprop ------------------------------------------------------------------------

    @overload
    def backward(self, create_graph: Literal[False] = False) -> None: ...
    @overload
    def backward(self, create_graph: Literal[True]) -> dict[Value, Value]: ...
    def backward(self, create_graph: bool = False) -> dict[Value, Value] | None:
        """Fill `grad` of every value this one depends on with ∂self/∂value (the chain rule).

        Visits the graph in reverse topological order: this value's grad is seeded with 1, then
        each node adds ``local_grad * node.grad`` to each parent, so a value used twice gets the
        sum of both paths. Iterative, so graphs millions of nodes deep work.

        Calling it again (PyTorch semantics): leaves' grads **accumulate**, so two calls give
        twice the gradient; clear them with ``zero_grad()`` (or ``Module.zero_grad()``) between
        steps. Interior nodes' grads are recomputed on every call, never compounded.

        Args:
            create_graph: also build each gradient as a graph of Values, so it can be
                differentiated again (second derivatives) or drawn. `grad` stays a float;
                the gradient Values are returned as a dict ``{value: gradient Value}``.

        """
        gradient_values = graph.backpropagate(self, create_graph=create_graph)
        return gradient_values if create_graph else None

    def zero_grad(self) -> None:
        """Set `grad` to 0.0 on this value and on everything it was computed from."""
        for node in graph.topological_order(self):
            node.grad = 0.0

    def detach(self) -> Value:
        """A new leaf with the same data: gradients do not flow through it."""
        return Value(self.data, label=self.label)

    # ----- operations: each is one rule from ops.py ----------------------------------------

    def __add__(self, other: Value | Number) -> Value:
        return _apply(ops.ADD, self, other)

    def __radd__(self, other: Number) -> Value:
        return _apply(ops.ADD, other, self)

    def __sub__(self, other: Value | Number) -> Value:
        return _apply(ops.SUB, self, other)

    def __rsub__(self, other: Number) -> Value:
        return _apply(ops.SUB, other, self)

    def __mul__(self, other: Value | Number) -> Value:
        return _apply(ops.MUL, self, other)

    def __rmul__(self, other: Number) -> Value:
        return _apply(ops.MUL, other, self)

    def __truediv__(self, other: Value | Number) -> Value:
        return _apply(ops.DIV, self, other)

    def __rtruediv__(self, other: Number) -> Value:
        return _apply(ops.DIV, other, self)

    def __neg__(self) -> Value:
        return _apply(ops.NEG, self)

    def __pow__(self, exponent: Value | Number) -> Value:
        """``x ** n`` with a number n (rule ``**n``, one parent) or ``x ** y`` with a Value y."""
        if isinstance(exponent, Value):
            return _apply(ops.POW, self, exponent)
        return _apply(ops.power(_as_float(exponent, op="**")), self)

    def __rpow__(self, base: Number) -> Value:
        return _apply(ops.POW, base, self)

    def exp(self) -> Value:
        """e^x; derivative e^x."""
        return _apply(ops.EXP, self)

    def log(self) -> Value:
        """Natural logarithm ln x (x > 0); derivative 1/x."""
        return _apply(ops.LOG, self)

    def tanh(self) -> Value:
        """Tanh x = (e^x - e^{-x}) / (e^x + e^{-x}), in (-1, 1); derivative 1 - tanh² x."""
        return _apply(ops.TANH, self)

    def sigmoid(self) -> Value:
        """σ(x) = 1 / (1 + e^{-x}), in (0, 1), stable for any x; derivative σ(x)(1 - σ(x))."""
        return _apply(ops.SIGMOID, self)

    def relu(self) -> Value:
        """ReLU(x) = max(0, x); derivative 1 for x > 0, else 0."""
        return _apply(ops.RELU, self)

    def leaky_relu(self, negative_slope: float = ops.DEFAULT_NEGATIVE_SLOPE) -> Value:
        """X for x > 0, else negative_slope·x; derivative 1 or negative_slope."""
        return _apply(ops.leaky_relu(_as_float(negative_slope, op="leaky_relu")), self)

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data}, grad={self.grad}{label})"


def weighted_sum(
    weights: Sequence[Value], inputs: Sequence[Value | Number], bias: Value | Number = 0.0
) -> Value:
    """A neuron's net input Σ_i w_i·x_i + b as **one** graph node (rule ``w*x+b``).

    The same number as ``sum((w * x for w, x in zip(weights, inputs)), bias)``, and the same
    gradients (∂/∂w_i = x_i, ∂/∂x_i = w_i, ∂/∂b = 1), but one node instead of 2n: training is
    several times faster and graphs are smaller, at the price of drawings that no longer show
    each product. `Neuron(..., fused=True)` uses it.
    """
    if len(weights) != len(inputs) or not weights:
        raise ValueError(
            f"weighted_sum: got {len(weights)} weights and {len(inputs)} inputs; pass one weight "
            f"per input (and at least one)"
        )
    return _apply(ops.weighted_sum(len(weights)), *weights, *inputs, bias)


def _apply(
    rule: Rule, x: Value | Number, y: Value | Number | None = None, *more: Value | Number
) -> Value:
    """Run `rule` forward on the inputs' data and record the result as a new graph node.

    `y` is the second input of a binary op; `more` holds the rest for rules with more inputs
    (`weighted_sum`). A number beside a Value (``2 * v``) becomes a leaf first. This runs once
    per node of every graph, so it is written for speed: the unary and binary calls are spelled
    out instead of building argument lists.
    """
    if type(x) is not Value:
        x = _operand(x, rule.name)
    inputs: tuple[Value, ...]
    try:
        if rule.arity == 1:
            inputs = (x,)
            data = rule.forward(x.data)
        elif not more:
            if type(y) is not Value:
                y = _operand(y, rule.name)
            inputs = (x, y)
            data = rule.forward(x.data, y.data)
        else:
            inputs = (x, *[v if type(v) is Value else _operand(v, rule.name) for v in (y, *more)])
            data = rule.forward(*[v.data for v in inputs])
    except (ArithmeticError, ValueError) as error:
        raise ops.domain_error(rule, inputs, "got") from error
    out = Value.__new__(Value)
    out.data = data
    out.grad = 0.0
    out.label = ""
    if graph._grad_enabled:
        out._rule = rule
        out._parents = inputs
    else:
        out._rule = ops.LEAF
        out._parents = ()
    return out


def _as_float(data: object, op: str = "Value") -> float:
    """`data` as a float, or a TypeError naming what was given."""
    if type(data) is float:
        return data
    if isinstance(data, numbers.Real):
        return float(data)
    hint = " (use the Value itself, or its .data)" if isinstance(data, Value) else ""
    raise TypeError(
        f"{op} expects a real number, got {type(data).__name__} {data!r}{hint}"
        if op == "Value"
        else f"{op}: expected a real number, got {type(data).__name__} {data!r}{hint}"
    )


def _operand(other: object, op: str) -> Value:
    """The other side of a binary op as a Value: a number becomes a leaf, anything else fails."""
    if isinstance(other, Value):
        return other
    # float and int tested first: an isinstance check against the numbers.Real ABC is slow
    if type(other) is float or type(other) is int or isinstance(other, numbers.Real):
        return Value(float(other))
    raise TypeError(
        f"{op}: cannot combine a Value with {type(other).__name__} {other!r}; "
        f"use a Value or a real number (int or float)"
    )


def _rule_named(op: str, arity: int) -> Rule:
    """The rule for a node built with micrograd's ``Value(data, children, op)`` constructor."""
    if arity == 0:
        return ops.LEAF
    rule = ops.RULES.get(op)
    if rule is not None and rule.arity == arity:
        return rule

    def no_derivative(*args: object) -> tuple[float, ...]:
        raise TypeError(
            f"backward reached a Value made with _op={op!r} and {arity} children, which has no "
            f"derivative rule; build it from Value operations (+, *, tanh, …) instead"
        )

    return Rule(op or "?", arity, float, no_derivative, "no derivative rule")
