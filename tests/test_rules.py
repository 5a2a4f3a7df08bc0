"""Every row of the rules table: its derivatives against central finite differences, its
functions as real Python, its facts; and the policies every rule follows (overflow, NaN,
PyTorch's edges).
"""

from __future__ import annotations

import ast
import inspect
import math
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import autograd
from autograd import Value
from autograd.compiler.rule_code import rule_code
from autograd.engine import rules
from autograd.engine.rules import Rule
from tests.strategies import central_difference, close, every_rule, moderate_floats

RULES = every_rule()
IDS = [rule.name for rule in RULES]
README = Path(__file__).parent.parent / "README.md"


def _forward_or_none(rule: Rule, inputs: list[float]) -> float | None:
    try:
        return float(rule.forward(*inputs))
    except (ArithmeticError, ValueError):
        return None


def _moderate_inputs(rule: Rule, data: st.DataObject) -> list[float]:
    return [data.draw(moderate_floats(), label=name) for name in rule.inputs]


@pytest.mark.parametrize("rule", RULES, ids=IDS)
@given(data=st.data())
def test_rule_derivative_matches_finite_differences(rule: Rule, data: st.DataObject) -> None:
    inputs = _moderate_inputs(rule, data)
    out = _forward_or_none(rule, inputs)
    assume(out is not None and math.isfinite(out) and abs(out) < 1e6)
    analytic = rule.local(*inputs, out)
    assert len(analytic) == len(rule.inputs)
    for index in range(len(rule.inputs)):
        try:
            numeric = central_difference(rule.forward, inputs, index)
        except (ArithmeticError, ValueError):
            continue  # e.g. (-1)^y is only defined at integer y: no slope to compare
        assert close(float(analytic[index]), numeric), (rule.name, inputs, index)


@pytest.mark.parametrize("rule", RULES, ids=IDS)
@given(data=st.data())
def test_backward_applies_each_rule(rule: Rule, data: st.DataObject) -> None:
    """A node made from a rule gets exactly the rule's local derivatives back from backward()."""
    inputs = [Value(x) for x in _moderate_inputs(rule, data)]
    assume(_forward_or_none(rule, [x.data for x in inputs]) is not None)
    out = Value.apply(rule, *inputs)
    out.backward()
    # str() so that nan (PyTorch's slope of (-1)^y in y) compares equal to itself
    assert [str(x.grad) for x in inputs] == [str(g) for g in out.local_grads]
    assert out.op == rule.name
    assert out.parents == tuple(inputs)


@pytest.mark.parametrize("rule", RULES, ids=IDS)
@given(data=st.data())
def test_a_rule_gives_the_same_bits_on_numbers_on_nodes_and_as_the_compilers_code(
    rule: Rule, data: st.DataObject
) -> None:
    """One source: the rule's functions, called on numbers, through Values, and as the code the
    compiler reads from them (rule_code) agree bit for bit."""
    numbers = _moderate_inputs(rule, data)
    out = _forward_or_none(rule, numbers)
    assume(out is not None)
    nodes = [Value(x) for x in numbers]
    assert str(rule(*numbers)) == str(out)
    assert str(rule(*nodes).data) == str(out)
    by_numbers = rule.local(*numbers, out)
    by_nodes = Value.apply(rule, *nodes).local_grads
    assert [str(g) for g in by_nodes] == [str(g) for g in by_numbers]
    code = rule_code(rule)
    namespace: dict[str, object] = {"math": math}
    namespace.update((h.__name__, h) for h in code.helpers)
    slots = [repr(x) for x in (*numbers, out)]
    assert str(eval(code.forward.format(*slots), namespace)) == str(out)
    pasted = [eval(local.format(*slots), namespace) for local in code.local]
    assert [str(g) for g in pasted] == [str(g) for g in by_numbers]


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_every_rules_functions_are_real_python(rule: Rule) -> None:
    """A student can read, step into and lint every rule body: inspect finds its source."""
    for function in (rule.forward, rule.local):
        assert "lambda" in inspect.getsource(function) or "def " in inspect.getsource(function)
    engine = Path(autograd.__file__).parent / "engine"
    for path in engine.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "eval(" not in text and "exec(" not in text, path.name


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_every_rule_states_its_facts(rule: Rule) -> None:
    assert "∂" in rule.formula, rule.name
    assert rule.kind in (rules.ARITHMETIC, rules.FUNCTION, rules.ACTIVATION)
    assert rule.inputs in (("x",), ("x", "y"))
    assert len(rule.local(*[0.5] * len(rule.inputs), 0.5)) == len(rule.inputs)


def test_rule_names_are_unique() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))


def test_every_named_rule_has_its_value_method() -> None:
    """Adding an op is one row plus one method: the method is named like the rule."""
    x, y = Value(1.5), Value(0.5)
    made = {
        "+": x + y,
        "-": x - y,
        "*": x * y,
        "/": x / y,
        "neg": -x,
        "**": x**y,
    }
    for name, rule in rules.RULES.items():
        node = made[name] if name in made else getattr(x, name)()
        assert node.rule is rule
        assert node.data == rule.forward(*[p.data for p in node.parents])
    assert (x**2).rule is rules.power(2.0)
    assert x.leaky_relu(0.2).rule is rules.leaky_relu(0.2)
    assert x.leaky_relu().op == "leaky_relu(0.01)"


def test_value_docstring_and_readme_list_every_op() -> None:
    """The op lists people read are checked against the table, so they cannot go stale."""
    doc = inspect.getdoc(Value) or ""
    readme = README.read_text(encoding="utf-8")
    for name in [*rules.RULES, "leaky_relu"]:
        if hasattr(Value, name):  # an op with a method: exp, tanh, …
            assert f"`{name}`" in doc, f"Value's docstring does not mention {name}"
            assert f"`{name}`" in readme, f"README's op list does not mention {name}"
        else:  # an operator: + - * / ** and unary minus (neg)
            symbol = "-" if name == "neg" else name
            assert symbol in doc and symbol in readme, name


# ----- the policies every rule follows ---------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=IDS)
@pytest.mark.parametrize("big", [1e200, -1e200, 710.0, 1e308, -1e308])
def test_overflow_gives_inf_never_an_error(rule: Rule, big: float) -> None:
    """One rule for overflow, for every op, forward and backward: ±inf, as IEEE and PyTorch.

    Only inputs where an op is undefined (log of a negative, x ** 0.5 of a negative) raise.
    """
    inputs = [big] * len(rule.inputs)
    try:
        out = rule.forward(*inputs)
    except OverflowError:
        pytest.fail(f"{rule.name} raised OverflowError at {inputs}")
    except (ValueError, ZeroDivisionError):
        return  # outside the domain: a DomainError for Values, not an overflow
    try:
        rule.local(*inputs, out)
    except OverflowError:
        pytest.fail(f"{rule.name}'s derivative raised OverflowError at {inputs}")
    except (ValueError, ZeroDivisionError):
        pass


def test_overflow_examples() -> None:
    assert (Value(1e200) ** 2).data == math.inf
    assert (Value(1e200) * Value(1e200)).data == math.inf
    assert (1 / Value(1e-320)).data == math.inf
    assert Value(1000.0).exp().data == math.inf
    assert (Value(-1e200) ** 3).data == -math.inf
    x = Value(1e200)
    (x**3).backward()
    assert x.grad == math.inf


@pytest.mark.parametrize("x", [-1e308, -1000.0, -745.0, -1.0, 0.0, 1.0, 745.0, 1000.0, 1e308])
def test_sigmoid_is_stable(x: float) -> None:
    y = Value(x).sigmoid()
    assert 0.0 <= y.data <= 1.0
    y.backward()
    assert 0.0 <= y.parents[0].grad <= 0.25


def test_sigmoid_matches_definition() -> None:
    for x in (-30.0, -2.0, -0.1, 0.0, 0.1, 2.0, 30.0):
        assert math.isclose(Value(x).sigmoid().data, 1.0 / (1.0 + math.exp(-x)), rel_tol=1e-15)


def test_relu_derivative_at_zero_is_zero() -> None:
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0
    z = Value(0.0)
    z.leaky_relu(0.1).backward()
    assert z.grad == 0.1


def test_relu_and_leaky_relu_propagate_nan_as_pytorch() -> None:
    """relu(nan) is nan with slope 1; leaky_relu(nan) is nan with the negative slope."""
    x = Value(math.nan)
    y = x.relu()
    assert math.isnan(y.data)
    y.backward()
    assert x.grad == 1.0
    z = Value(math.nan)
    w = z.leaky_relu(0.1)
    assert math.isnan(w.data)
    w.backward()
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


def test_zero_to_the_zero_has_pytorchs_gradients() -> None:
    """0 ** 0 = 1 with gradients (0, 0), as PyTorch; before, backward raised a DomainError."""
    base, exponent = Value(0.0), Value(0.0)
    out = base**exponent
    assert out.data == 1.0
    out.backward()
    assert (base.grad, exponent.grad) == (0.0, 0.0)
    exponent = Value(0.0)
    (0.0**exponent).backward()
    assert exponent.grad == 0.0


def test_a_new_op_needs_one_row_and_one_method() -> None:
    """The README's recipe: a rule with a name is usable at once through Value.apply."""
    cube = Rule("cube", lambda x: x * x * x, lambda x, out: (3.0 * x * x,), "∂x³/∂x = 3x²")
    x = Value(2.0)
    y = Value.apply(cube, x)
    y.backward()
    assert (y.data, x.grad) == (8.0, 12.0)
    assert autograd.grad(autograd.grad(lambda v: Value.apply(cube, v)))(2.0) == 12.0


def test_the_readmes_recipe_shows_the_sin_row_as_it_is() -> None:
    """The README's sin row is the real one (compared as code, so formatting may differ)."""
    readme = README.read_text(encoding="utf-8")
    block = (
        readme.split("## Adding an operation", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    )
    shown = ast.dump(ast.parse(block).body[0])
    rules_tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    assert shown in [ast.dump(statement) for statement in rules_tree.body]
