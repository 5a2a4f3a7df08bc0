"""`Value`: a number that remembers how it was computed, so that its gradient can be found.

Every operation makes a new Value that records the operation's rule (rules.py) and its
parents: together they form the computation graph that `backward()` walks (backprop.py).
"""

from __future__ import annotations

import numbers

from autograd.engine import backprop, rules
from autograd.engine.grad_mode import enable_grad, frozen_branch, recording, require_graph, tracing
from autograd.engine.rules import LEAF_RULE, Rule

Number = float | int  # what may stand beside a Value in arithmetic: any real number


class Value:
    """A scalar in a computation graph: its number, its gradient, and how it was made.

    ``Value(data, label="w")`` makes a leaf (an input or a parameter). Each operation — the
    operators ``+ - * / **`` and unary ``-``, and the methods `exp`, `log`, `sin`, `cos`, `tanh`,
    `sigmoid`, `relu`, `leaky_relu` — makes a new Value with the rule that made it and its
    `parents`, in argument order. `backward()` then fills each `grad` with ∂(this)/∂(node).

    Attributes:
        data: the number, always a Python float.
        grad: ∂(the value `backward()` was called on)/∂(this value); 0.0 until then (None, as
            PyTorch's ``zero_grad(set_to_none=True)`` leaves it, counts as 0).
        label: a name shown in drawings and error messages; "" for none.
        parents: the values this one was computed from (``a * a`` lists a twice); () for a leaf.
        rule: the `Rule` that made it (`rules.LEAF_RULE` for a leaf).

    A Value is a graph node, not a number: ``float(v)`` and ``math.exp(v)`` are errors (they
    would cut the graph); ``v.data`` is the number, which f-strings and
    ``round(v, 2)`` use. ``v < w`` compares the numbers; ``==`` and hashing are by identity.

    """

    __slots__ = ("data", "grad", "label", "parents", "rule")

    def __init__(
        self, data: Number, label: str = "", parents: tuple[Value, ...] = (), rule: Rule = LEAF_RULE
    ) -> None:
        if type(data) is not float or type(label) is not str:  # made by a person: check it
            if not isinstance(label, str):  # (a tuple: micrograd's Value(data, children, op))
                raise TypeError(f"Value label must be a str, got {type(label).__name__} {label!r}")
            data = as_float(data, "Value")
        self.data, self.grad, self.label, self.rule = data, 0.0, label, rule
        # inside `no_grad()` nothing is recorded: the node keeps its rule but forgets its parents
        self.parents = parents if recording.get() else ()
        created = tracing.get()
        if created is not None:  # compile is tracing: it lists every node made meanwhile
            created.append(self)

    @classmethod
    def apply(cls, rule: Rule, *inputs: Value) -> Value:
        """Run `rule` forward on the inputs' numbers, and record the result as a new node."""
        try:
            if len(inputs) == 2:  # spelled out by arity: the forward pass's hot path
                return cls(rule.forward(inputs[0].data, inputs[1].data), "", inputs, rule)
            return cls(rule.forward(*[x.data for x in inputs]), "", inputs, rule)
        except (ArithmeticError, ValueError) as error:
            raise rules.domain_error(rule, inputs, "got") from error
        except TypeError as error:  # a person set .data to something other than a number
            raise TypeError(
                f"{rule.name}: a Value's .data must be a float, got {[x.data for x in inputs]}"
            ) from error

    @property
    def op(self) -> str:
        """The operation that made this value (``"+"``, ``"tanh"``, ``"**2"`` …); "" for a leaf."""
        return self.rule.name

    @property
    def is_leaf(self) -> bool:
        """True for a value made by ``Value(data)``: an input or a parameter."""
        return not self.parents

    @property
    def local_grads(self) -> tuple[float, ...]:
        """∂self/∂parent for each parent, from the rule: the factors the chain rule multiplies."""
        return self.rule.local(*[p.data for p in self.parents], self.data) if self.parents else ()

    def backward(
        self, gradient: float = 1.0, *, create_graph: bool = False
    ) -> dict[Value, Value] | None:
        """Fill `grad` of every value this one depends on with ∂self/∂value, by the chain rule.

        Leaves **accumulate** (two calls give twice the gradient; clear them with ``zero_grad()``
        between steps, as in PyTorch); every other node's grad is set afresh.

        Args:
            gradient: the seed ∂self/∂self (PyTorch's ``backward(gradient)``); default 1.
            create_graph: also build each gradient as a graph of Values, so that it can be
                differentiated again. `grad` stays a float; the gradient Values are returned,
                as ``{value: gradient Value}``.

        Inside ``no_grad()`` it works the same: with `create_graph` the gradients' graphs are
        recorded anyway, as in PyTorch.

        Raises:
            RuntimeError: this value was computed inside ``no_grad()``, so it has no graph.

        """
        require_graph(self, "backward")
        seed = as_float(gradient, "backward: gradient")
        with enable_grad():  # create_graph records the gradients' graphs, even inside no_grad()
            grads = backprop.chain_rule(self, Value(seed) if create_graph else seed)
        floats = {node: g.data for node, g in grads.items()} if create_graph else grads
        for node, g in floats.items():  # leaves accumulate (from None as 0); the rest are set
            node.grad = g if node.parents or node.grad is None else node.grad + g
        return grads if create_graph else None

    def zero_grad(self) -> None:
        """Set `grad` to 0.0 on this value and on everything it was computed from."""
        for node in backprop.topological_order(self):
            node.grad = 0.0

    def detach(self) -> Value:
        """A new leaf with the same data and label: gradients do not flow through it."""
        return Value(self.data, label=self.label)

    # ----- the operations: each one is a rule from rules.py ---------------------------------

    def __add__(self, other: Value | Number) -> Value:
        return self.apply(rules.ADD, self, other if isinstance(other, Value) else leaf(other, "+"))

    def __radd__(self, other: Number) -> Value:  # 2 + v: the number is the first input
        return self.apply(rules.ADD, leaf(other, "+"), self)

    def __sub__(self, other: Value | Number) -> Value:
        return self.apply(rules.SUB, self, other if isinstance(other, Value) else leaf(other, "-"))

    def __rsub__(self, other: Number) -> Value:
        return self.apply(rules.SUB, leaf(other, "-"), self)

    def __mul__(self, other: Value | Number) -> Value:
        return self.apply(rules.MUL, self, other if isinstance(other, Value) else leaf(other, "*"))

    def __rmul__(self, other: Number) -> Value:
        return self.apply(rules.MUL, leaf(other, "*"), self)

    def __truediv__(self, other: Value | Number) -> Value:
        return self.apply(rules.DIV, self, other if isinstance(other, Value) else leaf(other, "/"))

    def __rtruediv__(self, other: Number) -> Value:
        return self.apply(rules.DIV, leaf(other, "/"), self)

    def __neg__(self) -> Value:
        return self.apply(rules.NEG, self)

    def __pow__(self, exponent: Value | Number) -> Value:
        """``x ** n`` with a number n (the rule ``**n``) or ``x ** y`` with a Value y."""
        if isinstance(exponent, Value):
            return self.apply(rules.POW, self, exponent)
        return self.apply(rules.power(as_float(exponent, "**")), self)

    def __rpow__(self, base: Number) -> Value:
        return self.apply(rules.POW, leaf(base, "**"), self)

    def exp(self) -> Value:
        """e^x; derivative e^x."""
        return self.apply(rules.EXP, self)

    def log(self) -> Value:
        """Natural logarithm ln x (x > 0); derivative 1/x."""
        return self.apply(rules.LOG, self)

    def sin(self) -> Value:
        """sin x (x in radians); derivative cos x."""
        return self.apply(rules.SIN, self)

    def cos(self) -> Value:
        """cos x (x in radians); derivative -sin x."""
        return self.apply(rules.COS, self)

    def tanh(self) -> Value:
        """tanh x = (e^x - e^{-x}) / (e^x + e^{-x}), in (-1, 1); derivative 1 - tanh² x."""
        return self.apply(rules.TANH, self)

    def sigmoid(self) -> Value:
        """σ(x) = 1 / (1 + e^{-x}), in (0, 1), stable for any x; derivative σ(x)(1 - σ(x))."""
        return self.apply(rules.SIGMOID, self)

    def relu(self) -> Value:
        """ReLU(x) = max(0, x); derivative 1 for x > 0, else 0."""
        return self.apply(rules.RELU, self)

    def leaky_relu(self, negative_slope: float = rules.DEFAULT_NEGATIVE_SLOPE) -> Value:
        """x for x > 0, else negative_slope·x; derivative 1 or negative_slope."""
        return self.apply(rules.leaky_relu(as_float(negative_slope, "leaky_relu")), self)

    # ----- a Value where Python expects a number ----------------------------------------------

    __array_ufunc__ = None  # numpy: `numpy.float64(3.0) * value` calls Value.__rmul__

    def __float__(self) -> float:
        self._number("float()")  # while compile traces: the frozen-branch error
        raise TypeError("float(v) cuts the graph (so does math.exp(v)): use v.exp() … or v.data")

    def __bool__(self) -> bool:
        self._number("bool()")  # while compile traces: the frozen-branch error
        raise TypeError("a Value has no truth value: compare its number, `if v.data > 0:`")

    def __lt__(self, other: Value | Number) -> bool:
        return self._number("<") < (other.data if isinstance(other, Value) else other)

    def __le__(self, other: Value | Number) -> bool:
        return self._number("<=") <= (other.data if isinstance(other, Value) else other)

    def __gt__(self, other: Value | Number) -> bool:
        return self._number(">") > (other.data if isinstance(other, Value) else other)

    def __ge__(self, other: Value | Number) -> bool:
        return self._number(">=") >= (other.data if isinstance(other, Value) else other)

    def __round__(self, ndigits: int | None = None) -> float | int:
        return round(self._number("round()"), ndigits)

    def __format__(self, spec: str) -> str:  # f"{loss:.4f}" formats the number
        return format(self.data, spec) if spec else repr(self)

    def _number(self, what: str) -> float:
        """The number, for Python's comparisons; while compile traces, an error (frozen branch)."""
        if tracing.get() is not None:
            raise frozen_branch(f"`{what}`")
        return self.data

    def __reduce__(self) -> tuple[object, ...]:  # pickled, a Value is a leaf: like torch.save
        return type(self), (self.data,), (None, {"grad": self.grad, "label": self.label})

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data}, grad={self.grad}{label})"


def leaf(x: Number, op: str) -> Value:
    """A number beside a Value (the 2 in ``2 * v``), made a new leaf; `op` names it in errors."""
    return Value(as_float(x, op))


def as_float(x: object, where: str) -> float:
    """`x` as a float if it is a real number, else a TypeError naming what was given and the fix."""
    if isinstance(x, numbers.Real):
        try:
            return float(x)
        except OverflowError:
            digits = int(int(x).bit_length() * 0.30103) + 1  # type: ignore[call-overload]
            raise OverflowError(
                f"{where}: got {type(x).__name__} about {digits} digits long, too large for a float"
            ) from None
    hint = " (use the Value itself, or its .data)" if isinstance(x, Value) else ""
    hint += "; convert it with float(...)" if isinstance(x, numbers.Number) else ""
    raise TypeError(f"{where}: expected a real number, got {type(x).__name__} {x!r}{hint}")
