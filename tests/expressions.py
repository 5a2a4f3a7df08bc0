"""Random expression trees, written once and evaluated by any engine (ours, floats, PyTorch)."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

# Each op is numerically tame on any finite input: tanh/sigmoid squash, divisions are by
# 1 + u² > 0, exp only sees tanh's output, log only sees 1 + σ(u) > 1.
UNARY = ("tanh", "sigmoid", "neg", "square", "exp_tanh", "log1p_sigmoid", "cube_tanh")
BINARY = ("+", "-", "*", "safe_div", "pow_sigmoid")
N_VARIABLES = 3


@dataclass(frozen=True)
class Node:
    """An expression: an op name and its children, a variable index, or a constant."""

    op: str
    children: tuple[Node, ...] = ()
    variable: int = -1
    constant: float = 0.0


@dataclass(frozen=True)
class Functions:
    """The non-arithmetic functions an engine brings: tanh, sigmoid, exp, log."""

    tanh: Callable[[Any], Any]
    sigmoid: Callable[[Any], Any]
    exp: Callable[[Any], Any]
    log: Callable[[Any], Any]


def _either(method: str, on_float: Callable[[float], float]) -> Callable[[Any], Any]:
    """Call `method` on a Value, `on_float` on a number (constant subtrees stay numbers)."""
    return lambda u: getattr(u, method)() if hasattr(u, method) else on_float(u)


#: The engine's functions: Value methods on Values, math on constant subtrees.
VALUE_FUNCTIONS = Functions(
    tanh=_either("tanh", math.tanh),
    sigmoid=_either("sigmoid", lambda u: 1 / (1 + math.exp(-u))),
    exp=_either("exp", math.exp),
    log=_either("log", math.log),
)


def evaluate(node: Node, variables: list[Any], f: Functions) -> Any:
    """The expression's value, computed with the arithmetic of whatever `variables` hold."""
    if node.op == "var":
        return variables[node.variable]
    if node.op == "const":
        return node.constant
    args = [evaluate(child, variables, f) for child in node.children]
    ops: dict[str, Callable[..., Any]] = {
        "tanh": f.tanh,
        "sigmoid": f.sigmoid,
        "neg": lambda u: -u,
        "square": lambda u: u**2,
        "exp_tanh": lambda u: f.exp(f.tanh(u)),
        "log1p_sigmoid": lambda u: f.log(1.0 + f.sigmoid(u)),
        "cube_tanh": lambda u: f.tanh(u) ** 3,
        "+": lambda u, v: u + v,
        "-": lambda u, v: u - v,
        "*": lambda u, v: u * v,
        "safe_div": lambda u, v: u / (1.0 + v * v),
        "pow_sigmoid": lambda u, v: (1.0 + f.sigmoid(u)) ** f.tanh(v),
    }
    return ops[node.op](*args)


def expressions(max_leaves: int = 12) -> st.SearchStrategy[Node]:
    """Random expression trees over `N_VARIABLES` variables; variables repeat (fan-out)."""
    leaves = st.one_of(
        st.integers(0, N_VARIABLES - 1).map(lambda i: Node("var", variable=i)),
        st.floats(-2.0, 2.0, allow_nan=False).map(lambda c: Node("const", constant=c)),
    )

    def extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
        unary = st.tuples(st.sampled_from(UNARY), children).map(lambda t: Node(t[0], (t[1],)))
        binary = st.tuples(st.sampled_from(BINARY), children, children).map(
            lambda t: Node(t[0], (t[1], t[2]))
        )
        return unary | binary

    return st.recursive(leaves, extend, max_leaves=max_leaves)


def random_expression(rng: random.Random, depth: int) -> Node:
    """A random tree at most `depth` ops deep, drawn with `rng` (for tests outside hypothesis)."""
    if depth == 0 or rng.random() < 0.2:
        if rng.random() < 0.75:
            return Node("var", variable=rng.randrange(N_VARIABLES))
        return Node("const", constant=rng.uniform(-2.0, 2.0))
    if rng.random() < 0.4:
        return Node(rng.choice(UNARY), (random_expression(rng, depth - 1),))
    children = (random_expression(rng, depth - 1), random_expression(rng, depth - 1))
    return Node(rng.choice(BINARY), children)
