"""Every row of the derivative-rules table against central finite differences."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from autograd import Value, ops
from autograd.value import _apply
from tests.strategies import central_difference, close, moderate_floats

RULES = ops.rules()


def _forward_or_none(rule: ops.Rule, inputs: list[float]) -> float | None:
    try:
        return rule.forward(*inputs)
    except (ArithmeticError, ValueError):
        return None


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
@given(data=st.data())
def test_rule_derivative_matches_finite_differences(rule: ops.Rule, data: st.DataObject) -> None:
    inputs = [data.draw(moderate_floats(), label=f"input {i}") for i in range(rule.arity)]
    out = _forward_or_none(rule, inputs)
    assume(out is not None and math.isfinite(out) and abs(out) < 1e6)
    analytic = rule.derivative(*inputs, out)
    assert len(analytic) == rule.arity
    for index in range(rule.arity):
        try:
            numeric = central_difference(rule.forward, inputs, index)
        except (ArithmeticError, ValueError):
            continue  # e.g. (-1)^y is only defined at integer y: no slope to compare
        assert close(float(analytic[index]), numeric), (rule.name, inputs, index)


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
@given(data=st.data())
def test_backward_applies_each_rule(rule: ops.Rule, data: st.DataObject) -> None:
    """A node made from a rule gets exactly the rule's local derivatives back from backward()."""
    inputs = [Value(data.draw(moderate_floats())) for _ in range(rule.arity)]
    assume(_forward_or_none(rule, [x.data for x in inputs]) is not None)
    out = _apply(rule, *inputs)
    out.backward()
    # str() so that nan (PyTorch's slope of (-1)^y in y) compares equal to itself
    assert [str(x.grad) for x in inputs] == [str(g) for g in out.local_grads]
    assert out.op == rule.name
    assert out.parents == tuple(inputs)


def test_every_rule_has_a_formula_and_a_unique_name() -> None:
    names = [(rule.name, rule.arity) for rule in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        assert "∂" in rule.formula, rule.name


def test_methods_use_the_table() -> None:
    """Each Value method records the rule with its name, so drawings and tests see the table."""
    x, y = Value(1.5), Value(0.5)
    made = {
        "+": x + y,
        "-": x - y,
        "*": x * y,
        "/": x / y,
        "neg": -x,
        "**": x**y,
        "exp": x.exp(),
        "log": x.log(),
        "tanh": x.tanh(),
        "sigmoid": x.sigmoid(),
        "relu": x.relu(),
    }
    assert set(made) == set(ops.RULES)
    for name, node in made.items():
        assert node.op == name
        assert node.data == ops.RULES[name].forward(*[p.data for p in node.parents])
    assert (x**2).op == "**2"
    assert (x**0.5).op == "**0.5"
    assert x.leaky_relu().op == "leaky_relu"
    assert x.leaky_relu(0.2).op == "leaky_relu(0.2)"


@pytest.mark.parametrize("x", [-1e308, -1000.0, -745.0, -1.0, 0.0, 1.0, 745.0, 1000.0, 1e308])
def test_sigmoid_is_stable(x: float) -> None:
    y = Value(x).sigmoid()
    assert 0.0 <= y.data <= 1.0
    y.backward()
    assert 0.0 <= y.parents[0].grad <= 0.25


def test_sigmoid_matches_definition() -> None:
    for x in (-30.0, -2.0, -0.1, 0.0, 0.1, 2.0, 30.0):
        assert math.isclose(ops.sigmoid(x), 1.0 / (1.0 + math.exp(-x)), rel_tol=1e-15)


def test_relu_derivative_at_zero_is_zero() -> None:
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0
    z = Value(0.0)
    z.leaky_relu(0.1).backward()
    assert z.grad == 0.1


def test_power_edge_cases_follow_pytorch() -> None:
    x = Value(0.0)
    (x**0).backward()
    assert x.grad == 0.0
    base, exponent = Value(0.0), Value(2.0)
    (base**exponent).backward()
    assert base.grad == 0.0
    assert exponent.grad == 0.0  # 0^y is flat in y for y > 0
    base, exponent = Value(-2.0), Value(2.0)
    out = base**exponent
    assert out.data == 4.0
    out.backward()
    assert base.grad == -4.0
    assert math.isnan(exponent.grad)  # (-2)^y has no slope in y; PyTorch says nan
