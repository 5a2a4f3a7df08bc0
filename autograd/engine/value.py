"""`Value`: a number that remembers how it was computed, so that its gradient can be found.

Every operation makes a new Value that records the operation's rule (rules.py) and its
parents: together they form the computation graph that `backward()` walks (backprop.py).
"""

from __future__ import annotations

from autograd.engine import backprop, rules
from autograd.engine.grad_mode import enable_grad, recording, require_graph
from autograd.engine.micrograd import MicrogradNames
from autograd.engine.number_protocol import Number, NumberProtocol, as_float, checked
from autograd.engine.rules import Rule


class Value(MicrogradNames, NumberProtocol):
    """A scalar in a computation graph: its number, its gradient, and how it was made.

    ``Value(data, label="w")`` makes a leaf (an input or a parameter). Each operation — the
    operators ``+ - * / **`` and unary ``-``, and the methods `exp`, `log`, `sin`, `cos`, `tanh`,
    `sigmoid`, `relu`, `leaky_relu` — makes a new Value with the rule that made it and its
    `parents`, in argument order. `backward()` then fills each `grad` with ∂(this)/∂(node).

    Attributes:
        data: the number, always a Python float.
        grad: ∂(the value `backward()` was called on)/∂(this value); 0.0 until then.
        label: a name shown in drawings and error messages; "" for none.
        parents: the values this one was computed from (``a * a`` lists a twice); () for a leaf.
        rule: the `Rule` that made it (`rules.LEAF_RULE` for a leaf).

    micrograd's ``Value(data, _children, _op)`` and its ``_prev``/``_op`` work too
    (micrograd.py), and a Value converts and compares like a number (number_protocol.py).

    """

    __slots__ = ("data", "grad", "label", "parents", "rule")

    def __init__(
        self, data: Number, parents: tuple[Value, ...] = (), rule: Rule | str = "", label: str = ""
    ) -> None:
        if type(data) is not float or isinstance(rule, str) or type(label) is not str:
            data, parents, rule, label = checked(data, parents, rule, label)  # made by a person
        self.data = data
        self.grad = 0.0
        self.label = label
        self.rule = rule
        # inside `no_grad()` nothing is recorded: the node keeps its rule but forgets its parents
        self.parents = parents if recording.get() else ()

    @staticmethod
    def apply(rule: Rule, *inputs: Value) -> Value:
        """Run `rule` forward on the inputs' numbers, and record the result as a new node."""
        try:
            return Value(rule.forward_data(*inputs), inputs, rule)
        except (ArithmeticError, ValueError) as error:
            raise rules.domain_error(rule, inputs, "got") from error

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
        return tuple(grad for _, grad in self.rule.edges(self)) if self.parents else ()

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
        numbers = {node: g.data for node, g in grads.items()} if create_graph else grads
        for node, g in numbers.items():  # leaves accumulate; the rest are set afresh
            node.grad = g if node.parents else node.grad + g
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
        return Value.apply(rules.ADD, self, other if isinstance(other, Value) else leaf(other, "+"))

    def __radd__(self, other: Number) -> Value:  # 2 + v: the number is the first input
        return Value.apply(rules.ADD, leaf(other, "+"), self)

    def __sub__(self, other: Value | Number) -> Value:
        return Value.apply(rules.SUB, self, other if isinstance(other, Value) else leaf(other, "-"))

    def __rsub__(self, other: Number) -> Value:
        return Value.apply(rules.SUB, leaf(other, "-"), self)

    def __mul__(self, other: Value | Number) -> Value:
        return Value.apply(rules.MUL, self, other if isinstance(other, Value) else leaf(other, "*"))

    def __rmul__(self, other: Number) -> Value:
        return Value.apply(rules.MUL, leaf(other, "*"), self)

    def __truediv__(self, other: Value | Number) -> Value:
        return Value.apply(rules.DIV, self, other if isinstance(other, Value) else leaf(other, "/"))

    def __rtruediv__(self, other: Number) -> Value:
        return Value.apply(rules.DIV, leaf(other, "/"), self)

    def __neg__(self) -> Value:
        return Value.apply(rules.NEG, self)

    def __pow__(self, exponent: Value | Number) -> Value:
        """``x ** n`` with a number n (the rule ``**n``) or ``x ** y`` with a Value y."""
        if isinstance(exponent, Value):
            return Value.apply(rules.POW, self, exponent)
        return Value.apply(rules.power(as_float(exponent, "**")), self)

    def __rpow__(self, base: Number) -> Value:
        return Value.apply(rules.POW, leaf(base, "**"), self)

    def exp(self) -> Value:
        """E^x; derivative e^x."""
        return Value.apply(rules.EXP, self)

    def log(self) -> Value:
        """Natural logarithm ln x (x > 0); derivative 1/x."""
        return Value.apply(rules.LOG, self)

    def sin(self) -> Value:
        """Sine sin x (x in radians); derivative cos x."""
        return Value.apply(rules.SIN, self)

    def cos(self) -> Value:
        """Cosine cos x (x in radians); derivative -sin x."""
        return Value.apply(rules.COS, self)

    def tanh(self) -> Value:
        """Tanh x = (e^x - e^{-x}) / (e^x + e^{-x}), in (-1, 1); derivative 1 - tanh² x."""
        return Value.apply(rules.TANH, self)

    def sigmoid(self) -> Value:
        """σ(x) = 1 / (1 + e^{-x}), in (0, 1), stable for any x; derivative σ(x)(1 - σ(x))."""
        return Value.apply(rules.SIGMOID, self)

    def relu(self) -> Value:
        """ReLU(x) = max(0, x); derivative 1 for x > 0, else 0."""
        return Value.apply(rules.RELU, self)

    def leaky_relu(self, negative_slope: float = rules.DEFAULT_NEGATIVE_SLOPE) -> Value:
        """X for x > 0, else negative_slope·x; derivative 1 or negative_slope."""
        return Value.apply(rules.leaky_relu(as_float(negative_slope, "leaky_relu")), self)

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data}, grad={self.grad}{label})"


def leaf(x: Number, op: str) -> Value:
    """A number beside a Value (the 2 in ``2 * v``), made a new leaf; `op` names it in errors."""
    return Value(as_float(x, op))
