"""autograd.compile: the generated program gives what backward() gives, bit for bit.

Random DAGs over every rule, the moons MLP over several SGD steps, retracing, branches flipping,
parameters changing between calls, higher-order programs, big graphs in segments, and every
error message; plus a snapshot of the code written for a tiny graph.
"""

from __future__ import annotations

import gc
import math
import random
import re
import struct
from builtins import compile as builtins_compile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import autograd
from autograd import DomainError, Value, compiler, gradients, hessian, no_grad
from autograd.compiler import CompileError
from autograd.compiler.step import CompiledStep
from autograd.engine.rules import Rule
from autograd.nn import MLP
from autograd.viz.graph_view import GraphView
from tests.strategies import every_rule

RULES = every_rule()


def bits(x: float) -> bytes:
    """The exact bits of a float: 0.0 and -0.0 differ, nan equals nan."""
    return struct.pack("<d", x)


def assert_same(compiled: float, dynamic: float) -> None:
    assert bits(compiled) == bits(dynamic), (compiled, dynamic)


# ----- random DAGs over every rule ------------------------------------------------------------


@st.composite
def dags(draw: st.DrawFn) -> tuple[list[float], list[tuple[Rule, tuple[int | float, ...]]]]:
    """Leaves' numbers and a list of ops; each op reads earlier nodes (by index) or constants."""
    leaves = draw(st.lists(st.floats(-2.0, 2.0, allow_nan=False), min_size=1, max_size=4))
    ops: list[tuple[Rule, tuple[int | float, ...]]] = []
    for _ in range(draw(st.integers(1, 12))):
        rule = draw(st.sampled_from(RULES))
        n_nodes = len(leaves) + len(ops)
        operands: list[int | float] = []
        for _ in rule.inputs:
            if draw(st.booleans()) or not operands:
                operands.append(draw(st.integers(0, n_nodes - 1)))  # fan-out: reuse any node
            else:
                operands.append(draw(st.floats(-3.0, 3.0, allow_nan=False)))  # a constant
        if draw(st.booleans()):
            operands.reverse()  # constants on either side
        if all(isinstance(o, float) for o in operands):
            operands[0] = draw(st.integers(0, n_nodes - 1))
        ops.append((rule, tuple(operands)))
    return leaves, ops


def build(leaves: list[Value], ops: list[tuple[Rule, tuple[int | float, ...]]]) -> Value:
    nodes: list[Value] = list(leaves)
    for rule, operands in ops:
        inputs = [nodes[o] if isinstance(o, int) else Value(o) for o in operands]
        nodes.append(Value.apply(rule, *inputs))
    # a sum of everything, so every node reaches the output (and fan-out is everywhere)
    return sum(nodes[len(leaves) :], nodes[0] * 0.5)


@pytest.mark.parametrize(
    "layout", ["one line per op", "compact", "segmented"], ids=lambda layout: layout
)
@given(dag=dags())
def test_random_dags_give_the_same_value_and_gradients_bitwise(layout: str, dag: Any) -> None:
    """Also written compactly (as big graphs are: subexpressions inlined), and cut into segments
    of 3 operations (values and gradients crossing segments), still bit for bit."""
    with pytest.MonkeyPatch.context() as patch:
        if layout != "one line per op":
            patch.setattr(compiler.step, "COMPACT_ABOVE_NODES", 0)
        if layout == "segmented":
            patch.setattr(compiler.scale, "CHUNK_LINES", 3)
        _check_random_dag(dag)


def test_a_compact_graph_that_fits_one_segment_is_one_function() -> None:
    x = Value(0.5, label="x")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compiler.step, "COMPACT_ABOVE_NODES", 0)
        source = autograd.compile(lambda: (x * x).tanh() + x).source()
    assert "def segment_" not in source and "yield" not in source


def _check_random_dag(dag: Any) -> None:
    numbers, ops = dag
    dynamic_leaves = [Value(x) for x in numbers]
    try:
        dynamic = build(dynamic_leaves, ops)
        dynamic.backward()
    except DomainError:
        assume(False)
        return
    assume(all(math.isfinite(v.grad) for v in dynamic_leaves) and math.isfinite(dynamic.data))
    compiled_leaves = [Value(x) for x in numbers]
    step = autograd.compile(lambda: build(compiled_leaves, ops))
    assert_same(step(), dynamic.data)
    for ours, theirs in zip(compiled_leaves, dynamic_leaves, strict=True):
        assert_same(ours.grad, theirs.grad)


@given(dags(), st.lists(st.floats(-2.0, 2.0, allow_nan=False), min_size=4, max_size=4))
def test_numbers_as_arguments_are_input_slots(dag: Any, new_numbers: list[float]) -> None:
    """The same program serves new data of the same shape (numbers in args are inputs)."""
    numbers, ops = dag
    scale = Value(1.5)
    step = autograd.compile(lambda xs: build([x * scale for x in xs], ops))
    for point in (numbers, new_numbers[: len(numbers)]):
        try:
            expected = build([Value(x) * scale for x in point], ops)
            scale.grad = 0.0
            expected.backward()
            want = scale.grad
        except DomainError:
            continue
        if not math.isfinite(want):
            continue
        scale.grad = 0.0
        assert_same(step(point), expected.data)
        assert_same(scale.grad, want)
    assert len(step.programs) <= 1  # one shape, one program


# ----- the moons MLP ---------------------------------------------------------------------------


def moons_problem() -> tuple[MLP, MLP, list[list[float]], list[float]]:
    X, labels = autograd.nn.data.moons(100, 0.1, seed=3)  # noqa: N806 -- X for a data matrix
    y = [2.0 * label - 1.0 for label in labels]
    dynamic = MLP(2, [16, 16, 1], rng=random.Random(5))
    compiled = MLP(2, [16, 16, 1], rng=random.Random(5))
    return dynamic, compiled, X, y


def hinge_loss(model: MLP, X: list[list[float]], y: list[float]) -> Value:  # noqa: N803
    scores = [model(x) for x in X]
    losses = [(1.0 - yi * score).relu() for yi, score in zip(y, scores, strict=True)]  # type: ignore[operator]
    data_loss = sum(losses) * (1.0 / len(losses))
    return data_loss + 1e-4 * sum(p * p for p in model.parameters())  # type: ignore[no-any-return]


@pytest.mark.slow  # left out of the mutation run (make mutants), kept in make test
def test_the_moons_mlp_matches_backward_bitwise_over_sgd_steps() -> None:
    dynamic, compiled, X, y = moons_problem()  # noqa: N806
    step = autograd.compile(lambda X, y: hinge_loss(compiled, X, y))  # noqa: N803
    for k in range(3):
        loss = hinge_loss(dynamic, X, y)
        loss.backward()
        assert_same(step(X, y), loss.data)
        parameters = list(zip(dynamic.parameters(), compiled.parameters(), strict=True))
        assert len(parameters) == 337
        for theirs, ours in parameters:
            assert_same(ours.grad, theirs.grad)
        learning_rate = 1.0 - 0.9 * k / 100
        for theirs, ours in parameters:
            theirs.data -= learning_rate * theirs.grad
            ours.data -= learning_rate * ours.grad
            theirs.grad = ours.grad = 0.0
    assert len(step.programs) == 1


# ----- retracing, branches, parameters ----------------------------------------------------------


def test_a_new_shape_traces_again_and_both_programs_are_kept() -> None:
    w = Value(0.5)
    step = autograd.compile(lambda xs: sum((w * x for x in xs), Value(0.0)))
    assert step([1.0, 2.0]) == 1.5
    assert step([1.0, 2.0, 3.0]) == 3.0
    assert step([4.0, 5.0]) == 4.5
    assert len(step.programs) == 2
    assert w.grad == 3.0 + 6.0 + 9.0


def test_a_relu_branch_taken_at_run_time() -> None:
    w = Value(1.0)
    step = autograd.compile(lambda x: (w * x).relu())
    assert step(2.0) == 2.0 and w.grad == 2.0
    w.grad = 0.0
    assert step(-3.0) == 0.0 and w.grad == 0.0  # the other branch: traced at x = 2, still right
    assert "if" in step.source(2.0)


def test_parameters_are_read_at_call_time() -> None:
    w = Value(2.0)
    step = autograd.compile(lambda x: w * w * x)
    assert step(1.0) == 4.0
    w.data = 3.0
    w.grad = 0.0
    assert step(1.0) == 9.0 and w.grad == 6.0


def test_a_model_frozen_by_gc_freeze_keeps_its_parameters() -> None:
    # gc.freeze() hides objects from gc.get_objects(); the parameters must not become constants
    model = MLP(2, [4, 1], "tanh", rng=random.Random(3))
    gc.freeze()
    try:
        step = autograd.compile(lambda x: model(x))
        loss = step([0.5, -1.0])
    finally:
        gc.unfreeze()
    compiled = [p.grad for p in model.parameters()]
    model.zero_grad()
    dynamic = model([0.5, -1.0])
    dynamic.backward()
    assert loss == dynamic.data
    assert compiled == [p.grad for p in model.parameters()] and any(compiled)


def test_an_existing_node_computed_from_existing_values() -> None:
    a, b, c = Value(0.3), Value(-0.7), Value(1.5)
    h = (a * b).tanh()  # made before the call: read from P, like a parameter
    step = autograd.compile(lambda: h * c)
    assert "P[" in step.source()
    value = step()
    dynamic_a, dynamic_b, dynamic_c = Value(0.3), Value(-0.7), Value(1.5)
    dynamic_h = (dynamic_a * dynamic_b).tanh()
    expected = dynamic_h * dynamic_c
    expected.backward()
    assert_same(value, expected.data)
    assert [h.grad, c.grad, a.grad, b.grad] == [
        dynamic_h.grad,
        dynamic_c.grad,
        dynamic_a.grad,
        dynamic_b.grad,
    ]


def test_a_domain_error_while_going_back_changes_no_grad() -> None:
    w, x = Value(2.0, label="w"), Value(0.0, label="x")
    step = autograd.compile(lambda: w * w + x**0.5)  # ∂√x/∂x is infinite at x = 0
    with pytest.raises(DomainError):
        step()
    assert (w.grad, x.grad) == (0.0, 0.0)


def test_values_as_arguments_receive_gradients() -> None:
    step = autograd.compile(lambda a, b: a * b + a)
    a, b = Value(2.0), Value(5.0)
    assert step(a, b) == 12.0
    assert (a.grad, b.grad) == (6.0, 2.0)
    c, d = Value(1.0), Value(1.0)
    step(c, d)  # new Values in the same places: the program reads them, not the first ones
    assert (c.grad, d.grad) == (2.0, 1.0) and (a.grad, b.grad) == (6.0, 2.0)


def test_tuples_and_nested_lists_are_slots() -> None:
    w = Value(1.0)
    step = autograd.compile(lambda pairs: sum((w * p[0] * p[1] for p in pairs), Value(0.0)))
    assert step([(1.0, 2.0), (3, 4)]) == 14.0
    assert w.grad == 14.0


# ----- higher order ---------------------------------------------------------------------------


def test_a_function_that_takes_gradients_is_compiled_too() -> None:
    """fn = Σ (∂f/∂x_i)²: the compiled program differentiates the gradient's graph as well."""

    def f(x: Value, y: Value) -> Value:
        return (x * y).sin() + x**3 * y

    def gradient_norm(x: Value, y: Value) -> Value:
        gx, gy = gradients(f(x, y), [x, y], create_graph=True)
        return gx * gx + gy * gy

    point = (0.4, -0.8)
    x, y = Value(point[0]), Value(point[1])
    step = autograd.compile(gradient_norm)
    value = step(x, y)
    # d/dx_i Σ_j g_j² = 2 Σ_j g_j H_ji: a Hessian-vector product, checked against hessian()
    h = hessian(f)(*point)
    xs, ys = Value(point[0]), Value(point[1])
    g = gradients(f(xs, ys), [xs, ys])
    assert math.isclose(value, g[0] ** 2 + g[1] ** 2, rel_tol=1e-12)
    for i, ours in enumerate((x.grad, y.grad)):
        expected = 2 * (g[0] * h[0][i] + g[1] * h[1][i])
        assert math.isclose(ours, expected, rel_tol=1e-10)
    dynamic_x, dynamic_y = Value(point[0]), Value(point[1])
    gradient_norm(dynamic_x, dynamic_y).backward()
    assert_same(x.grad, dynamic_x.grad)
    assert_same(y.grad, dynamic_y.grad)


# ----- big graphs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("depth", "chunk_lines", "segment"),
    [
        pytest.param(20_000, None, "segment_1", marks=pytest.mark.slow, id="real size"),
        pytest.param(20, 10, "segment_5", id="segments of 10"),  # the mutation run's
    ],
)
def test_a_graph_bigger_than_one_segment_is_split_and_still_exact(
    depth: int, chunk_lines: int | None, segment: str
) -> None:
    """A chain's values and gradients cross every segment boundary, forward and backward."""
    x = Value(0.5)

    def chain(start: Value) -> Value:
        v = start
        for _ in range(depth):
            v = (v * 0.9999 + 0.0001).tanh() + v * 0.5
        return v

    with pytest.MonkeyPatch.context() as patch:
        if chunk_lines is not None:
            patch.setattr(compiler.step, "COMPACT_ABOVE_NODES", 0)
            patch.setattr(compiler.scale, "CHUNK_LINES", chunk_lines)
        step = autograd.compile(lambda: chain(x))
        source = step.source()
        assert f"def {segment}(" in source and "yield" in source and "V[" in source
        value = step()
    expected_x = Value(0.5)
    expected = chain(expected_x)
    expected.backward()
    assert_same(value, expected.data)
    assert_same(x.grad, expected_x.grad)


# ----- what the code looks like ------------------------------------------------------------------


def test_source_of_a_tiny_graph_reads_like_backprop() -> None:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    step = autograd.compile(lambda: (a * b + a**2).tanh())
    source = step.source()
    assert source[source.index("def compiled_step") :] == (
        "def compiled_step(X, P, G):\n"
        "    a = P[0].data\n"
        "    b = P[1].data\n"
        "    v3 = a * b\n"
        "    v1 = pow_or_inf(a, 2.0)\n"
        "    v4 = v3 + v1\n"
        "    L = math.tanh(v4)\n"
        "    g_L = 1.0\n"
        "    # through L = tanh(v4): ∂tanh x/∂x = 1 - tanh² x\n"
        "    g_v4 = (1.0 - L * L) * g_L  # ∂L/∂v4 = 1.0 - L * L\n"
        "    # through v4 = v3 + v1: ∂(x+y)/∂x = 1, ∂(x+y)/∂y = 1\n"
        "    # g_v3 is g_v4: ∂v4/∂v3 = 1.0\n"
        "    # g_v1 is g_v4: ∂v4/∂v1 = 1.0\n"
        "    # through v3 = a * b: ∂(x·y)/∂x = y, ∂(x·y)/∂y = x\n"
        "    g_a = b * g_v4  # ∂v3/∂a = b\n"
        "    g_b = a * g_v4  # ∂v3/∂b = a\n"
        "    G[1] = g_b  # added into P[1].grad when the step ends\n"
        "    # through v1 = a**2: ∂(x^2)/∂x = 2·x\n"
        "    g_a += (2.0 * a) * g_v4  # ∂v1/∂a = 2.0 * a\n"
        "    G[0] = g_a  # added into P[0].grad when the step ends\n"
        "    return L\n"
    )
    view = GraphView.of((a * b + a**2).tanh())  # the drawings' names are the code's names
    assert sorted(view.names.values()) == ["L", "a", "b", "v1", "v3", "v4"]


def test_the_source_is_a_module_that_runs_on_its_own() -> None:
    """Pasted into a fresh interpreter, with no autograd: every helper it calls is defined."""
    x = Value(0.7, label="x")
    w = Value(-1.3, label="w")
    step = autograd.compile(
        lambda: (x * w).sigmoid() + (w**3).exp() + (x / -w) ** x + x.sin() + x**2
    )
    source = step.source()
    assert "import autograd" not in source and "from autograd" not in source
    namespace: dict[str, Any] = {}
    exec(compile(source, "pasted.py", "exec", dont_inherit=True), namespace)
    P = [Value(x.data), Value(w.data)]  # noqa: N806 -- the program's names
    G = [0.0, 0.0]  # noqa: N806
    out = namespace["compiled_step"]([], P, G)
    assert_same(out, step())
    assert [bits(g) for g in G] == [bits(x.grad), bits(w.grad)]


def test_labels_become_identifiers_or_comments_never_code() -> None:
    w = Value(1.0, label="w; import os")
    x = Value(2.0, label="L1.n0.w0")
    evil = Value(3.0, label="\nprint('hi')  #")
    step = autograd.compile(lambda: w * x * evil)
    source = step.source()
    assert re.search(r"\n    w__import_os = P\[\d\]\.data  # 'w; import os'\n", source)
    assert re.search(r"\n    L1_n0_w0 = P\[\d\]\.data  # 'L1\.n0\.w0'\n", source)
    assert "print('hi')" not in source.replace(repr("\nprint('hi')  #"), "")
    assert step() == 6.0


def test_constants_are_written_exactly() -> None:
    x = Value(1.0)
    step = autograd.compile(lambda: x * 0.1 + x ** (-2.0) - 1e-300 * x)
    source = step.source()
    assert "v0 * 0.1" in source and "pow_or_inf(v0, -2.0)" in source and "1e-300 * v0" in source
    negative = autograd.compile(lambda: x * -3.5)
    assert "v1 * (-3.5)" in negative.source()
    assert "g_v1 = (-3.5) * g_L" in negative.source()
    expected_x = Value(1.0)
    expected = expected_x * 0.1 + expected_x ** (-2.0) - 1e-300 * expected_x
    expected.backward()
    assert_same(step(), expected.data)
    assert_same(x.grad, expected_x.grad)


# ----- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: autograd.compile(3.0), CompileError, r"expected a function that returns a Value"),
        (lambda: autograd.compile(lambda x: [x])(1.0), CompileError, r"must return one Value"),
        (lambda: autograd.compile(lambda x: x)("a"), CompileError, r"args\[0\] is str 'a'"),
        (lambda: autograd.compile(lambda x: x)([1.0, {}]), CompileError, r"args\[0\]\[1\] is dict"),
        (lambda: autograd.compile(lambda x: x)(True), CompileError, r"args\[0\] is bool"),
    ],
)
def test_errors_say_what_to_do(call: Callable[[], object], error: type, pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        call()


def test_calling_inside_no_grad_is_an_error() -> None:
    w = Value(1.0)
    step = autograd.compile(lambda x: w * x)
    step(1.0)
    with pytest.raises(CompileError, match=r"inside no_grad\(\).*outside the no_grad"), no_grad():
        step(1.0)
    with pytest.raises(CompileError, match=r"inside no_grad"), no_grad():
        autograd.compile(lambda x: w * x)(1.0)


def test_a_domain_error_at_run_time_names_the_op_the_value_and_the_label() -> None:
    x = Value(1.0, label="x")
    step = autograd.compile(lambda shift: (x + shift).log())
    assert step(1.0) == math.log(2.0)
    x.grad = 0.0
    with pytest.raises(DomainError, match=r"^log: got x = -1\.0.*needs x > 0"):
        step(-2.0)
    assert x.grad == 0.0  # nothing written before the failure
    with pytest.raises(DomainError) as dynamic:
        (x + -2.0).log()
    with pytest.raises(DomainError) as compiled:
        step(-2.0)
    assert str(compiled.value) == str(dynamic.value)


def test_values_computed_in_no_grad_inside_fn_are_refused() -> None:
    w = Value(1.0)

    def fn(x: Value) -> Value:
        with no_grad():
            scale = w * 2.0
        return scale * x * w

    with pytest.raises(CompileError, match=r"inside no_grad\(\).*frozen at trace time"):
        autograd.compile(fn)(1.0)


def test_a_micrograd_node_without_a_rule_is_refused() -> None:
    w = Value(1.0)
    from autograd.micrograd.engine import Value as MicrogradValue

    step = autograd.compile(lambda: MicrogradValue(2.0, (w,), "square") * w)
    with pytest.raises(CompileError, match=r"micrograd's Value\(data, children, 'square'\)"):
        step()


def test_the_compiled_step_looks_like_its_function() -> None:
    def loss(x: float) -> Value:
        """The loss."""
        return Value(x) * 2.0

    step = autograd.compile(loss)
    assert isinstance(step, CompiledStep)
    assert step.__name__ == "loss" and step.__doc__ == "The loss."
    assert "compiled loss" in repr(step)


def test_big_graphs_are_written_compactly_and_small_ones_one_line_per_op() -> None:
    x = Value(0.5, label="x")
    w = [Value(0.1 * i) for i in range(3)]
    small = autograd.compile(lambda: sum((wi * x for wi in w), Value(0.0)))
    assert small.source().count(" = ") > 6  # every product and partial sum on its own line
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compiler.step, "COMPACT_ABOVE_NODES", 0)
        compact = autograd.compile(lambda: sum((wi * x for wi in w), Value(0.0)))
        assert "L = ((0.0 + (v5 * x)) + (v3 * x)) + (v1 * x)" in compact.source()
        value = compact()
    x.grad = 0.0
    assert value == small()


def test_the_readme_shows_the_source_compile_writes() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    shown = readme.split("prints a module that runs on its own", 1)[1].split("```python\n", 1)[1]
    shown = shown.split("```", 1)[0]
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    source = autograd.compile(lambda: (a * b + a**2).tanh()).source()
    assert source.endswith(shown)


# ----- edges found by mutation testing (mutation/REPORT.md) ------------------------------------


def test_a_function_that_returns_a_parameter_itself_gives_it_gradient_one() -> None:
    """fn returns a leaf: ∂w/∂w = 1 goes into w.grad, as w.backward() does."""
    w = Value(2.0, label="w")
    step = autograd.compile(lambda: w)
    assert (step(), w.grad) == (2.0, 1.0)
    assert (step(), w.grad) == (2.0, 2.0)  # accumulated, as backward() accumulates


def test_labels_that_are_not_python_names_become_names() -> None:
    """A label starting with a digit, or the same label twice, still gives a program that runs."""
    first, second = Value(2.0, label="1st"), Value(3.0, label="1st")
    step = autograd.compile(lambda: first * second + first)
    source = step.source()
    assert "_1st" in source
    assert step() == 8.0 and (first.grad, second.grad) == (4.0, 2.0)


def test_a_bug_in_a_program_is_not_hidden_by_the_dynamic_graph(monkeypatch: Any) -> None:
    """Only domain errors rerun on the dynamic graph; anything else is a bug and is raised."""
    w = Value(2.0)
    step = autograd.compile(lambda x: x * w)
    program = step.program(3.0)
    monkeypatch.setattr(program, "entry", lambda *args: [][1])
    with pytest.raises(IndexError):
        step(3.0)


def _deepest_parentheses(source: str) -> int:
    deepest = 0
    for line in source.splitlines():
        depth = 0
        for char in line:
            depth += {"(": 1, ")": -1}.get(char, 0)
            deepest = max(deepest, depth)
    return deepest


def test_compact_code_nests_subexpressions_exactly_max_inline_depth_deep() -> None:
    """A chain of single-use products is inlined MAX_INLINE_DEPTH levels deep, no more or less."""
    x = Value(0.5, label="x")

    def chain() -> Value:
        v = x
        for _ in range(60):
            v = v * 1.5
        return v

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compiler.step, "COMPACT_ABOVE_NODES", 0)
        step = autograd.compile(chain)
        source = step.source()
        assert _deepest_parentheses(source) == compiler.scale.MAX_INLINE_DEPTH
        assert step() == 0.5 * 1.5**60 and x.grad == 1.5**60


def test_a_compact_program_of_a_leaf_alone_is_one_function() -> None:
    w = Value(2.0, label="w")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compiler.step, "COMPACT_ABOVE_NODES", 0)
        step = autograd.compile(lambda: w)
        assert "def segment_" not in step.source()
        assert (step(), w.grad) == (2.0, 1.0)


def test_constant_comparisons_in_a_rule_fold_as_python_compares_them() -> None:
    """A chained comparison of constants (0 < 1 > 2 is False) is folded whole, or not at all."""
    odd = Rule(
        "odd", lambda x: 2.0 * x, lambda x, out: (1.0 if 0.0 < 1.0 > 2.0 else 2.0,), "∂(2x)/∂x = 2"
    )
    x = Value(3.0)
    step = autograd.compile(lambda: Value.apply(odd, x))
    assert step() == 6.0 and x.grad == 2.0


# two rules on one line: their lambdas have the same arguments, told apart by their columns
DOUBLE, TRIPLE = Rule("double", lambda x: 2.0 * x, lambda x, out: (2.0,), "2"), Rule("triple", lambda x: 3.0 * x, lambda x, out: (3.0,), "3")  # noqa: E501  # fmt: skip


def test_two_rules_written_on_one_line_are_each_pasted_as_themselves() -> None:
    x = Value(0.5, label="x")
    step = autograd.compile(lambda: Value.apply(DOUBLE, x) * Value.apply(TRIPLE, x))
    source = step.source()
    assert "2.0 * x" in source and "3.0 * x" in source
    assert step() == 1.5 and x.grad == 6.0  # 6x²: ∂/∂x = 12x


def test_a_rule_that_uses_a_module_other_than_math_is_refused_by_name() -> None:
    """The program knows math only; any other module is a clear CompileError, at trace time."""
    import operator

    doubled = Rule("doubled", lambda x: operator.mul(x, 2.0), lambda x, out: (2.0,), "2")
    x = Value(0.5)
    with pytest.raises(CompileError, match="the name 'operator'"):
        autograd.compile(lambda: Value.apply(doubled, x))()


def test_has_aux_is_a_keyword_argument() -> None:
    """compile(fn, True) would be unclear: has_aux is named, as in the docs."""
    with pytest.raises(TypeError):
        autograd.compile(lambda w: w, True)  # type: ignore[misc]


def test_the_dynamic_rerun_gives_gradients_to_the_callers_values() -> None:
    """step.dynamic(*args) is fn(*args).backward(): the Values passed in receive the gradients."""
    w = Value(2.0)
    step = autograd.compile(lambda v, x: v * x)
    assert step.dynamic(w, 3.0) == 6.0
    assert w.grad == 3.0


FMA = Rule("fma", lambda x, y, z: x * y + z, lambda x, y, z, out: (y, x, 1.0), "∂(xy+z)/∂x = y …")


def test_a_three_input_rule_is_written_with_all_its_inputs() -> None:
    a, b, c = Value(2.0, label="a"), Value(3.0, label="b"), Value(4.0, label="c")
    step = autograd.compile(lambda: Value.apply(FMA, a, b, c))
    assert "# through L = fma(a, b, c): " in step.source()
    assert (step(), a.grad, b.grad, c.grad) == (10.0, 3.0, 2.0, 1.0)


def test_a_label_that_is_not_a_name_is_kept_as_a_comment() -> None:
    w = Value(2.0, label="w~")
    source = autograd.compile(lambda: w * w).source()
    assert "    w_ = P[0].data  # 'w~'\n" in source


def test_a_rule_whose_source_cannot_be_read_is_named_with_the_fix() -> None:
    """A rule typed where Python keeps no source (exec, a bare prompt) cannot be pasted."""
    namespace: dict[str, Any] = {"Rule": Rule}
    exec('r = Rule("typed", lambda x: 2.0 * x, lambda x, out: (2.0,), "2")', namespace)
    x = Value(1.0)
    with pytest.raises(CompileError, match="'typed' uses a lambda whose source cannot be read"):
        autograd.compile(lambda: Value.apply(namespace["r"], x))()


@pytest.mark.parametrize("text", ["this is not Python (", "a null byte: \0"])
def test_a_rule_whose_file_is_not_python_now_is_named_with_the_fix(
    tmp_path: Path, text: str
) -> None:
    """The file a lambda came from changed into something `ast` cannot parse."""
    path = tmp_path / "gone.py"
    path.write_text(text, encoding="utf-8")
    namespace: dict[str, Any] = {"Rule": Rule}
    made = 'r = Rule("gone", lambda x: 2.0 * x, lambda x, out: (2.0,), "2")'
    exec(builtins_compile(made, str(path), "exec"), namespace)
    x = Value(1.0)
    with pytest.raises(CompileError, match="'gone' uses a lambda whose source cannot be read"):
        autograd.compile(lambda: Value.apply(namespace["r"], x))()


def test_a_rule_made_of_a_callable_object_is_refused_by_name() -> None:
    """functools.partial has no source to paste: a CompileError that names it, not a crash."""
    import functools
    import operator

    scaled = Rule("scaled", functools.partial(operator.mul, 2.0), lambda x, out: (2.0,), "2")
    x = Value(1.0)
    assert Value.apply(scaled, x).data == 2.0  # the dynamic graph runs it
    with pytest.raises(CompileError, match=r"'scaled' uses a call of functools\.partial"):
        autograd.compile(lambda: Value.apply(scaled, x))()


def test_import_autograd_leaves_the_compilers_modules_for_the_first_compile() -> None:
    """import autograd stays quick: the compiler's modules load on the first compile()."""
    import subprocess
    import sys

    check = (
        "import sys, autograd\n"
        "assert 'autograd.compiler.step' not in sys.modules, 'step imported early'\n"
        "autograd.compile(lambda x: x * 2.0)(1.0)\n"
        "assert 'autograd.compiler.step' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", check], check=True)


def test_segments_hold_chunk_lines_forward_lines_each_in_graph_order() -> None:
    """Forward line i (in graph order) goes to segment i // CHUNK_LINES."""
    from autograd.compiler.emit import emit
    from autograd.compiler.scale import segments_of
    from autograd.compiler.trace import trace

    x = Value(0.5)

    def chain() -> Value:
        v = x
        for _ in range(15):
            v = (v * 0.9).tanh()
        return v

    listing = emit(trace(chain, (), False, True), False, False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compiler.scale, "CHUNK_LINES", 7)
        forward, segment = segments_of(listing)
    assert len(forward) == 30
    assert [segment[line.position] for line in forward] == [i // 7 for i in range(30)]


@pytest.mark.parametrize(
    "local", [lambda x, y, out: (y,), lambda x, y, out: (y, x, 1.0), lambda x, y, out: y]
)
def test_a_rule_with_the_wrong_number_of_local_derivatives_is_refused(local: Any) -> None:
    """One derivative per input, in a tuple: otherwise a CompileError says how to write it."""
    odd = Rule("odd", lambda x, y: x * y, local, "∂(xy)/∂x = y, ∂(xy)/∂y = x")
    a, b = Value(2.0), Value(3.0)
    with pytest.raises(CompileError, match="returning a tuple of 2 expression"):
        autograd.compile(lambda: Value.apply(odd, a, b))()


def test_two_values_with_one_label_are_told_apart_by_their_place() -> None:
    """As in every drawing: the label, then the node's topological index (w_0, w_1)."""
    first, second = Value(2.0, label="w"), Value(3.0, label="w")
    source = autograd.compile(lambda: first * second + first).source()
    assert "    w_0 = P[0].data  # 'w'\n    w_1 = P[1].data  # 'w'\n" in source


def test_only_pow_is_simplified_for_the_exponents_zero_and_one() -> None:
    """x^1 → x is pow_or_inf's; another two-argument call with 1.0 (copysign) is kept."""
    unsigned = Rule(
        "unsigned",
        lambda x: math.copysign(x, 1.0),
        lambda x, out: (math.copysign(1.0, x),),
        "∂|x|/∂x = sign x",
    )
    x = Value(-2.0)
    step = autograd.compile(lambda: Value.apply(unsigned, x))
    assert "copysign" in step.source()
    assert (step(), x.grad) == (2.0, -1.0)


# ----- found by the mutation run ----------------------------------------------------------------


def _gate(low: float, high: float) -> Rule:
    """A rule whose code compares its closure's numbers in a chain: `a < b < c` is two tests."""
    return Rule(
        f"gate({low:g}, {high:g})",
        lambda x: x if 0.0 < low < high else 2.0 * x,
        lambda x, out: (1.0 if 0.0 < low < high else 2.0,),
        "∂gate(x)/∂x = 1 if 0 < low < high, else 2",
    )


@pytest.mark.parametrize(("low", "high"), [(0.5, 1.0), (0.5, 0.25), (-1.0, 1.0)])
def test_a_chain_of_comparisons_of_constants_folds_as_python_compares(
    low: float, high: float
) -> None:
    gate = _gate(low, high)
    w = Value(3.0)
    step = autograd.compile(lambda w: Value.apply(gate, w) * w)
    expected = 9.0 if 0.0 < low < high else 18.0
    assert step(w) == expected and w.grad == 2.0 * expected / 3.0  # a chain is not one test


def test_an_auxiliary_value_from_an_early_segment_reaches_the_result() -> None:
    xs = [Value(0.1 * i) for i in range(40)]

    def with_aux() -> tuple[Value, list[Value]]:
        first = (xs[0] * xs[1]).tanh()  # made and used in the first segment only
        total = first
        for x in xs:
            total = total + (x * x).tanh()
        return total, [first]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compiler.step, "COMPACT_ABOVE_NODES", 0)
        patch.setattr(compiler.scale, "CHUNK_LINES", 10)
        step = autograd.compile(with_aux, has_aux=True)
        assert step.source().count("def segment_") >= 4
        loss, aux = step()
    expected, [first] = with_aux()
    assert loss == expected.data and aux == [first.data]


def test_a_comparison_of_constants_is_folded_away_in_the_code() -> None:
    from autograd.compiler.rule_code import rule_code
    from autograd.engine.rules import power

    # power(n)'s derivative tests `n == 0.0`: for a known n that test is decided when compiling
    assert rule_code(power(3.0)).local == ("3.0 * pow_or_inf({0}, 2.0)",)
    assert rule_code(power(0.0)).local == ("0.0",)
    # and x ** 1 is x, x ** 0 is 1, exactly: x² has the slope 2·x, x¹ the slope 1
    assert rule_code(power(2.0)).local == ("2.0 * {0}",)
    assert rule_code(power(1.0)).local == ("1.0",)


def test_a_rules_code_is_read_once() -> None:
    from autograd.compiler.rule_code import rule_code
    from autograd.engine import rules

    assert rule_code(rules.TANH) is rule_code(rules.TANH)  # reading source is slow: cached


def test_a_compact_program_of_a_leaf_or_a_constant_is_one_function() -> None:
    x = Value(2.0, label="x")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compiler.step, "COMPACT_ABOVE_NODES", 0)
        step = autograd.compile(lambda: x)
        assert step() == 2.0 and x.grad == 1.0
        assert "def segment_" not in step.source()
        constant = autograd.compile(lambda: Value(3.0))  # no operation, no gradient: no lines
        assert constant() == 3.0
        assert "def segment_" not in constant.source()
        assert "#" not in autograd.compile(lambda: x * x + x).source()  # compact: no comments


@pytest.mark.parametrize("kind", ["function", "activation"])
def test_a_two_input_function_is_written_as_a_call_in_the_comments(kind: str) -> None:
    hypot = Rule(
        "hypot",
        lambda x, y: math.hypot(x, y),
        lambda x, y, out: (x / out, y / out),
        "∂hypot(x, y)/∂x = x/hypot",
        kind=kind,
    )
    x, y = Value(3.0, label="x"), Value(4.0, label="y")
    step = autograd.compile(lambda: Value.apply(hypot, x, y))
    assert "# through L = hypot(x, y): ∂hypot(x, y)/∂x = x/hypot" in step.source()
    assert step() == 5.0 and (x.grad, y.grad) == (0.6, 0.8)


def test_a_value_computed_before_the_call_gets_its_gradient_set_not_added() -> None:
    w = Value(3.0, label="w")
    doubled = w * 2.0  # computed before the call: backward() sets its grad afresh each time
    doubled.label = "doubled"
    step = autograd.compile(lambda: doubled * doubled)
    for _ in range(2):
        assert step() == 36.0
        assert doubled.grad == 12.0  # set, as backward() sets it; w, a leaf, accumulates
    assert w.grad == 48.0


def test_an_auxiliary_value_keeps_its_label_as_its_name() -> None:
    x = Value(2.0, label="x")

    def with_aux() -> tuple[Value, list[Value]]:
        accuracy = x * 3.0  # only in the auxiliary values, not in the loss's graph
        accuracy.label = "accuracy"
        return x * x, [accuracy]

    step = autograd.compile(with_aux, has_aux=True)
    assert "accuracy = " in step.source()
    assert step() == (4.0, [6.0])


def test_has_aux_refuses_a_triple() -> None:
    x = Value(2.0)
    with pytest.raises(CompileError, match=r"must return \(output, values\), got tuple"):
        autograd.compile(lambda: (x * x, [x], [x]), has_aux=True)()


def test_a_rule_may_write_a_unary_plus_on_a_number() -> None:
    plus = Rule("plus2", lambda x: x + +2.0, lambda x, out: (+1.0,), "∂(x + 2)/∂x = 1")
    x = Value(1.5, label="x")
    step = autograd.compile(lambda: Value.apply(plus, x) * x)
    assert step() == 5.25 and x.grad == 5.0  # (x + 2)·x: slope 2x + 2


K_2_X = 2.0  # a global whose name has digits between letters: a number, not an argument slot


def __double(x: float) -> float:  # a helper whose name starts with two underscores
    return 2.0 * x


def test_a_rules_globals_may_have_any_names() -> None:
    scaled = Rule("scaled", lambda x: __double(x) * K_2_X, lambda x, out: (4.0,), "∂(4x)/∂x = 4")
    x = Value(1.5, label="x")
    step = autograd.compile(lambda: Value.apply(scaled, x))
    assert step() == 6.0 and x.grad == 4.0
    assert "6.0" not in step.source()  # the helper is called, not folded away


HALVE = lambda x: 0.5 * x  # noqa: E731 -- a module-level lambda, which compile cannot copy


def test_a_rule_calling_a_lambda_is_a_clear_compile_error() -> None:
    halved = Rule("halved", lambda x: HALVE(x), lambda x, out: (0.5,), "∂(x/2)/∂x = 1/2")
    x = Value(1.0)
    with pytest.raises(CompileError, match=r"rule 'halved' uses a call of <function <lambda>"):
        autograd.compile(lambda: Value.apply(halved, x))()


def test_a_rules_cached_code_cannot_be_changed_by_accident() -> None:
    import dataclasses

    from autograd.compiler.rule_code import rule_code
    from autograd.engine import rules

    with pytest.raises(dataclasses.FrozenInstanceError):
        rule_code(rules.TANH).forward = "{0}"  # type: ignore[misc]


def test_a_compact_program_still_computes_a_value_nothing_reads() -> None:
    x = Value(2.0, label="x")

    def with_unused() -> Value:
        (x * 3.0).tanh()  # made and dropped: computed anyway, so its errors are raised as fn's
        return x * x + 1.0

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compiler.step, "COMPACT_ABOVE_NODES", 0)
        step = autograd.compile(with_unused)
        assert "math.tanh((x * 3.0))" in step.source()
        assert step() == 5.0 and x.grad == 4.0
