"""The compile contract: a compiled step is never silently wrong.

Aliasing between calls, data-dependent control flow while tracing, errors that match the dynamic
graph's, parameters found from the trace (no heap scan), and a property suite of random graphs
with random aliasing patterns, checked bit for bit against ``fn(*args).backward()``.
"""

from __future__ import annotations

import ast
import gc
import math
import random
import re
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import CompileError, DomainError, Value
from autograd.engine import rules
from autograd.nn import MLP, fit

COMPILER = Path(autograd.__file__).parent / "compiler"


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


# ----- 2. programs are keyed by what they depend on ---------------------------------------------


def test_the_same_value_in_two_positions_traces_its_own_program() -> None:
    a, b = Value(1.0, label="a"), Value(10.0, label="b")
    step = autograd.compile(lambda p, q: p * 2.0 + q * 3.0)
    assert step(a, a) == 5.0 and a.grad == 5.0
    a.grad = 0.0
    assert step(a, b) == 32.0
    assert (a.grad, b.grad) == (2.0, 3.0)
    a.grad = b.grad = 0.0
    assert step(a, a) == 5.0 and a.grad == 5.0  # the aliased program, reused
    assert len(step.programs) == 2


def test_repeats_inside_a_list_trace_their_own_program() -> None:
    a, b = Value(1.0), Value(10.0)
    step = autograd.compile(lambda xs: xs[0] * 2.0 + xs[1] * 3.0)
    assert step([a, a]) == 5.0
    a.grad = 0.0
    assert step([a, b]) == 32.0
    assert (a.grad, b.grad) == (2.0, 3.0)


def test_a_parameter_passed_as_the_argument_is_not_baked_in() -> None:
    w, v = Value(3.0, label="w"), Value(2.0, label="v")
    step = autograd.compile(lambda x: x * w + w)
    assert step(w) == 12.0 and w.grad == 7.0  # d/dw (w·w + w) = 2w + 1
    w.grad = 0.0
    assert step(v) == 9.0  # v·w + w
    assert (v.grad, w.grad) == (3.0, 3.0)
    w.grad = v.grad = 0.0
    dynamic = v * w + w
    dynamic.backward()
    grads = (v.grad, w.grad)
    w.grad = v.grad = 0.0
    assert step(v) == dynamic.data
    assert (v.grad, w.grad) == grads


def test_lists_and_tuples_are_different_shapes() -> None:
    step = autograd.compile(lambda xs: sum(xs, Value(0.0)) if isinstance(xs, list) else xs[0] * 2.0)
    assert step([1.0, 2.0]) == 3.0
    assert step((1.0, 2.0)) == 2.0
    assert len(step.programs) == 2


def test_a_value_computed_from_others_is_refused_as_an_argument() -> None:
    a = Value(2.0)
    h = a * 3.0
    step = autograd.compile(lambda x: x * x)
    with pytest.raises(CompileError, match=r"computed from other Values \(\*\).*detach"):
        step(h)


def test_the_cache_lookup_does_no_work_per_node() -> None:
    """Without Value arguments the key is the shape alone: no aliasing walk at all."""
    model = MLP(2, [4, 1], rng=random.Random(0))
    step = autograd.compile(lambda x: model(x))
    step([0.5, -1.0])
    program = step.program([0.5, -1.0])
    assert autograd.compiler.step.aliasing([], program) is None
    assert len(step.programs) == 1


# ----- 1. data-dependent control flow is an error while tracing ---------------------------------


@pytest.mark.parametrize(
    ("fn", "what"),
    [
        (lambda w, x: w * x if x > 0 else w * -x, ">"),
        (lambda w, x: w * x if x < 0 else w, "<"),
        (lambda w, x: w * x if x <= 0 else w, "<="),
        (lambda w, x: w * x if x >= 0 else w, ">="),
        (lambda w, x: max(w * x, 0.5 * w), "max"),
        (lambda w, x: min(w * x, 0.5 * w), "min"),
        (lambda w, x: w * x if (w * x).data > 0 and bool(x) else w, "bool()"),
        (lambda w, x: w * float(x), "float()"),
        (lambda w, x: w * round(x, 1), "round()"),
    ],
)
def test_branching_on_a_traced_value_is_a_compile_error(
    fn: Callable[..., Value], what: str
) -> None:
    w = Value(2.0, label="w")
    step = autograd.compile(lambda x: fn(w, x))
    with pytest.raises(CompileError) as caught:
        step(3.0)
    message = str(caught.value)
    assert what.rstrip("()") in message
    assert "freeze its branch" in message and "relu" in message and "compile=False" in message
    assert w.grad == 0.0


def test_comparisons_outside_a_trace_work_as_before() -> None:
    a, b = Value(1.0), Value(2.0)
    assert a < b and b > a and a <= 1.0 and b >= 2.0
    assert max(a, b) is b and min(a, b) is a
    assert round(Value(2.345), 2) == 2.35 and f"{Value(0.5):.2f}" == "0.50"


def test_the_librarys_losses_and_models_trace_cleanly() -> None:
    X, y = autograd.nn.data.moons(30, 0.1, seed=1)  # noqa: N806
    for loss, labels in (
        ("hinge", [2 * t - 1 for t in y]),
        ("mse", y),
        ("binary_cross_entropy_with_logits", y),
    ):
        for activation in ("relu", "tanh", "sigmoid", "leaky_relu"):
            model = MLP(2, [3, 1], activation, rng=random.Random(2))
            fit(model, X, labels, loss=loss, epochs=2, batch_size=10, progress=False)
    probabilities = MLP(2, [3, 1], output_activation="sigmoid", rng=random.Random(2))
    fit(probabilities, X, y, loss="binary_cross_entropy", epochs=2, progress=False)


def test_fit_with_a_branching_loss_says_to_pass_compile_false() -> None:
    X, y = [[0.0, 1.0], [1.0, 0.0]], [1.0, 0.0]  # noqa: N806

    def absolute_error(scores: list[Value], targets: list[float]) -> Value:
        errors = [s - t for s, t in zip(scores, targets, strict=True)]
        return sum((e if e > 0 else -e for e in errors), Value(0.0))

    model = MLP(2, [2, 1], rng=random.Random(0))
    before = [p.data for p in model.parameters()]
    with pytest.raises(CompileError, match="compile=False"):
        fit(model, X, y, loss=absolute_error, epochs=1, progress=False)
    assert [p.data for p in model.parameters()] == before  # nothing was trained on a guess
    fit(model, X, y, loss=absolute_error, epochs=1, progress=False, compile=False)


# ----- 4. errors match the dynamic graph --------------------------------------------------------


def _dynamic_error(fn: Callable[..., Value], *args: float) -> str:
    with pytest.raises(DomainError) as caught:
        fn(*[Value(a) for a in args]).backward()
    return str(caught.value)


@pytest.mark.parametrize(
    ("fn", "good", "bad"),
    [
        (lambda x: x.log(), 2.0, -1.0),
        (lambda x: x * 2.0 + 0.0 * (x - 2.0).log(), 3.0, 1.0),  # used, with a zero weight
        (lambda x: [(x - 2.0).log(), x * 3.0][1], 3.0, 1.0),  # computed, then unused
        (lambda x: x * x ** Value(1.5), 1.0, -1.0),  # x^1.5 at x < 0
        (lambda x: 1.0 / x, 2.0, 0.0),
    ],
)
def test_a_domain_error_at_run_time_is_the_dynamic_graphs_error(
    fn: Callable[[Value], Value], good: float, bad: float
) -> None:
    step = autograd.compile(fn)
    step(good)
    with pytest.raises(DomainError) as caught:
        step(bad)
    assert str(caught.value) == _dynamic_error(fn, bad)


def test_an_undefined_derivative_in_a_constant_is_the_dynamic_graphs_error() -> None:
    """x ** p at x = 0 with p = 0.5: the slope in x (a constant here) is undefined; backward()
    computes it anyway, so the step raises the same error."""
    w = Value(1.0, label="w")
    step = autograd.compile(lambda x: w * x**0.5)
    step(4.0)
    w.grad = 0.0
    with pytest.raises(DomainError, match=r"derivative undefined") as caught:
        step(0.0)
    assert str(caught.value) == _dynamic_error(lambda x: w * x**0.5, 0.0)
    assert w.grad == 0.0  # an error changes no grad


def test_where_the_dynamic_graph_gives_a_number_so_does_the_step() -> None:
    step = autograd.compile(lambda x: (x * 1e200 * 1e200).exp() + x.relu())
    assert step(1.0) == math.inf
    step2 = autograd.compile(lambda x: x ** Value(2.0))
    assert step2(-3.0) == 9.0


def test_no_attribute_or_type_error_reaches_the_user() -> None:
    step = autograd.compile(lambda x: x.log())
    assert step(2.0) == math.log(2.0)
    with pytest.raises(DomainError, match=r"^log: got x = -1\.0"):
        step(-1.0)


# ----- 3. parameters are found without scanning the heap ---------------------------------------


def test_the_compiler_never_scans_the_heap() -> None:
    for path in COMPILER.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert not names & {"get_objects", "get_referents", "get_referrers"}, path.name


def test_parameters_are_found_after_gc_freeze_and_in_first_use_order() -> None:
    model = MLP(2, [2, 1], "tanh", rng=random.Random(3))
    gc.freeze()
    try:
        step = autograd.compile(lambda x: model(x))
        step([0.5, -0.25])
        program = step.program([0.5, -0.25])
    finally:
        gc.unfreeze()
    assert set(program.parameters) == set(model.parameters())
    loads = [int(i) for i in re.findall(r"= P\[(\d+)\]\.data", program.source)]
    assert loads == sorted(loads)  # numbered in the order the program first reads them
    assert all(p.grad != 0.0 for p in model.parameters()[:2])


def test_values_made_inside_fn_are_constants_not_parameters() -> None:
    w = Value(2.0, label="w")
    step = autograd.compile(lambda x: w * x + Value(3.0) * 2.0)
    step(1.0)
    assert step.program(1.0).parameters == [w]


# ----- 6. random graphs and random aliasing, bit for bit ----------------------------------------

UNARY = [
    rules.TANH,
    rules.SIGMOID,
    rules.EXP,
    rules.NEG,
    rules.RELU,
    rules.leaky_relu(0.2),
    rules.power(2.0),
    rules.SIN,
    rules.LOG,
    rules.power(0.5),
]
BINARY = [rules.ADD, rules.SUB, rules.MUL, rules.DIV, rules.POW]


@st.composite
def programs(draw: st.DrawFn) -> tuple[list[tuple[Any, ...]], int]:
    """A function of `n` argument Values and two parameters: ops reading earlier nodes."""
    n = draw(st.integers(1, 3))
    ops: list[tuple[Any, ...]] = []
    for _ in range(draw(st.integers(1, 8))):
        pool = n + 2 + len(ops)  # arguments, the two parameters, earlier ops
        if draw(st.booleans()):
            ops.append((draw(st.sampled_from(UNARY)), draw(st.integers(0, pool - 1))))
        else:
            left, right = draw(st.integers(0, pool - 1)), draw(st.integers(0, pool - 1))
            ops.append((draw(st.sampled_from(BINARY)), left, right))
    return ops, n


def _run(ops: list[tuple[Any, ...]], args: list[Value], params: list[Value]) -> Value:
    nodes = [*args, *params]
    for rule, *inputs in ops:
        nodes.append(Value.apply(rule, *[nodes[i] for i in inputs]))
    return sum(nodes[len(args) + 2 :], nodes[0] * 0.5)


def _outcome(call: Callable[[], Any], values: list[Value]) -> tuple[Any, ...]:
    for v in values:
        v.grad = 0.0
    try:
        result = call()
    except DomainError as error:
        return ("error", str(error), [bits(v.grad) for v in values])
    return ("ok", bits(result), [bits(v.grad) for v in values])


@settings(max_examples=150, deadline=None)
@given(
    programs(),
    st.lists(st.lists(st.integers(0, 4), min_size=3, max_size=3), min_size=2, max_size=4),
    st.lists(st.floats(-2.0, 2.0, allow_nan=False), min_size=5, max_size=5),
)
def test_random_graphs_with_random_aliasing_match_the_dynamic_graph_bit_for_bit(
    program: tuple[list[tuple[Any, ...]], int], calls: list[list[int]], numbers: list[float]
) -> None:
    """Each call picks its argument Values from a pool that holds the two parameters too, so
    calls differ in aliasing (the same Value twice, a parameter passed as an argument)."""
    ops, n = program
    pool = [Value(x, label=f"p{i}") for i, x in enumerate(numbers)]
    params = pool[:2]
    step = autograd.compile(lambda *args: _run(ops, list(args), params))
    for picks in calls:
        args = [pool[i] for i in picks[:n]]

        def compiled(args: list[Value] = args) -> float:
            return float(step(*args))

        def dynamic(args: list[Value] = args) -> float:
            out = _run(ops, args, params)
            out.backward()
            return out.data

        assert _outcome(compiled, pool) == _outcome(dynamic, pool), (picks[:n], ops)


# ----- has_aux: the loss and other values of the same step ---------------------------------------


def _with_aux(w: Value, b: Value, x: float) -> tuple[Value, list[Value]]:
    hidden = (w * x + b).tanh()
    loss = (hidden - 0.25) ** 2
    unused = (w * 3.0).exp()  # a value the loss does not depend on: reported, not differentiated
    return loss, [hidden, unused, w]


@pytest.mark.parametrize("x", [0.5, -2.0])
def test_has_aux_returns_the_auxiliary_numbers_and_the_losss_gradients(x: float) -> None:
    w, b = Value(0.3, label="w"), Value(-0.1, label="b")
    step = autograd.compile(_with_aux, has_aux=True)
    results = [step(w, b, x) for _ in range(2)]  # traced, then run from the cache
    w2, b2 = Value(0.3), Value(-0.1)
    for _ in range(2):
        loss, values = _with_aux(w2, b2, x)
        loss.backward()
        assert results.pop(0) == (loss.data, [v.data for v in values])
    assert (w.grad, b.grad) == (w2.grad, b2.grad)


def test_has_aux_with_aliased_arguments_traces_again_and_stays_exact() -> None:
    w = Value(0.3)
    step = autograd.compile(_with_aux, has_aux=True)
    step(w, Value(0.2), 0.5)
    w.grad = 0.0
    result = step(w, w, 0.5)  # the same Value as w and as b
    w2 = Value(0.3)
    loss, values = _with_aux(w2, w2, 0.5)
    loss.backward()
    assert result == (loss.data, [v.data for v in values]) and w.grad == w2.grad


def test_has_aux_raises_the_dynamic_graphs_domain_error() -> None:
    w = Value(1.0, label="w")
    step = autograd.compile(lambda x: ((w * x).log(), [w * x]), has_aux=True)
    assert step(2.0) == (math.log(2.0), [2.0])
    with pytest.raises(DomainError, match="log"):
        step(-1.0)
    assert (
        w.grad == 1.0
    )  # ∂log(wx)/∂w = 1/w, from the first call only: the failed one wrote nothing


@pytest.mark.parametrize(
    ("returned", "message"),
    [
        (lambda w: w * 2.0, "must return \\(output, values\\), got Value"),
        (lambda w: (w * 2.0,), "must return \\(output, values\\), got tuple"),
        (lambda w: (w * 2.0, [1.0]), "the values fn returns must be Values"),
        (lambda w: ([w], [w]), "must return one Value"),
    ],
)
def test_has_aux_refuses_what_is_not_a_loss_and_values(
    returned: Callable[[Value], Any], message: str
) -> None:
    with pytest.raises(CompileError, match=message):
        autograd.compile(returned, has_aux=True)(Value(1.0))


def test_without_has_aux_a_tuple_is_not_a_loss() -> None:
    with pytest.raises(CompileError, match="must return one Value"):
        autograd.compile(lambda w: (w * 2.0, [w]))(Value(1.0))


@pytest.mark.parametrize("enabled", [True, False])
def test_tracing_leaves_the_garbage_collector_as_it_found_it(enabled: bool) -> None:
    """The trace pauses the collector while it records; afterwards it is on or off as before."""
    w = Value(2.0)
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        autograd.compile(lambda x: x * w)(3.0)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
