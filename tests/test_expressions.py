"""Whole expressions: backprop against finite differences (hypothesis) and against PyTorch."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value
from tests.expressions import (
    N_VARIABLES,
    VALUE_FUNCTIONS,
    Functions,
    Node,
    evaluate,
    expressions,
    random_expression,
)
from tests.strategies import central_difference, close

POINTS = st.lists(st.floats(-2.0, 2.0, allow_nan=False), min_size=N_VARIABLES, max_size=N_VARIABLES)


def _value_of(expression: Node, point: list[float]) -> float:
    out = evaluate(expression, [Value(x) for x in point], VALUE_FUNCTIONS)
    return out.data if isinstance(out, Value) else float(out)


@given(expressions(), POINTS)
def test_random_expressions_match_finite_differences(expression: Node, point: list[float]) -> None:
    variables = [Value(x) for x in point]
    out = evaluate(expression, variables, VALUE_FUNCTIONS)
    if not isinstance(out, Value):
        return  # a constant expression has no graph
    out.backward()
    for index, variable in enumerate(variables):
        numeric = central_difference(lambda *xs: _value_of(expression, list(xs)), point, index)
        assert close(variable.grad, numeric, rel=1e-4, abs_tol=1e-5), (index, expression)


@given(expressions(), POINTS)
def test_backward_twice_doubles_leaf_grads(expression: Node, point: list[float]) -> None:
    variables = [Value(x) for x in point]
    out = evaluate(expression, variables, VALUE_FUNCTIONS)
    if not isinstance(out, Value):
        return
    out.backward()
    once = [v.grad for v in variables]
    out.backward()
    assert [v.grad for v in variables] == [2 * g for g in once]


def test_random_expressions_agree_with_pytorch() -> None:
    torch = pytest.importorskip("torch")

    def as_tensor(u: object) -> object:
        return torch.as_tensor(u, dtype=torch.float64)

    torch_functions = Functions(
        tanh=lambda u: torch.tanh(as_tensor(u)),
        sigmoid=lambda u: torch.sigmoid(as_tensor(u)),
        exp=lambda u: torch.exp(as_tensor(u)),
        log=lambda u: torch.log(as_tensor(u)),
    )
    rng = random.Random(2026)
    checked = 0
    for _ in range(40):
        expression = random_expression(rng, depth=6)
        point = [rng.uniform(-2.0, 2.0) for _ in range(N_VARIABLES)]
        ours = [Value(x) for x in point]
        out = evaluate(expression, ours, VALUE_FUNCTIONS)
        if not isinstance(out, Value):
            continue
        out.backward()
        theirs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in point]
        reference = evaluate(expression, theirs, torch_functions)
        reference.backward()
        assert math.isclose(out.data, reference.item(), rel_tol=1e-12, abs_tol=1e-12)
        for mine, tensor in zip(ours, theirs, strict=True):
            expected = 0.0 if tensor.grad is None else tensor.grad.item()
            assert math.isclose(mine.grad, expected, rel_tol=1e-9, abs_tol=1e-12)
        checked += 1
    assert checked >= 30
