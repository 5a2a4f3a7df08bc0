"""The chain rule: fan-out, ordering, deep graphs, repeated backward(), zero_grad and no_grad."""

from __future__ import annotations

import math
import sys
import threading

import pytest

import autograd
from autograd import Value, is_grad_enabled, no_grad
from autograd.engine.backprop import topological_order


def test_readme_example() -> None:
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    loss = (a * b + a**2).tanh()
    loss.backward()
    slope = 1.0 - math.tanh(-2.0) ** 2  # ∂tanh(u)/∂u at u = a·b + a² = -2
    assert loss.data == math.tanh(-2.0)
    assert a.grad == pytest.approx(slope * (b.data + 2 * a.data), rel=1e-15)
    assert b.grad == pytest.approx(slope * a.data, rel=1e-15)


def test_a_value_used_twice_gets_the_sum() -> None:
    a = Value(3.0)
    (a * a).backward()
    assert a.grad == 6.0
    b = Value(3.0)
    (b + b).backward()
    assert b.grad == 2.0


def test_fan_out_through_shared_subexpression() -> None:
    x = Value(0.7)
    shared = x.tanh()
    y = shared * shared + shared.exp()  # dy/dshared = 2·shared + e^shared
    y.backward()
    expected = (2 * shared.data + math.exp(shared.data)) * (1 - shared.data**2)
    assert x.grad == pytest.approx(expected, rel=1e-14)
    assert shared.grad == pytest.approx(2 * shared.data + math.exp(shared.data), rel=1e-14)


def test_topological_order_puts_parents_first_and_lists_each_node_once() -> None:
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    assert order[-1] is e
    assert len(order) == len({id(n) for n in order}) == 5
    position = {node: i for i, node in enumerate(order)}
    for node in order:
        for parent in node.parents:
            assert position[parent] < position[node]


def test_topological_order_is_the_same_every_run() -> None:
    def build() -> list[float]:
        x, y = Value(1.0), Value(2.0)
        z = (x * y + y.tanh()) * (x - y).exp()
        return [node.data for node in topological_order(z)]

    assert build() == build()


@pytest.mark.slow  # left out of the mutation run (make mutants), kept in make test
def test_million_deep_chain_backprops_without_recursion() -> None:
    depth = 1_000_000
    x = Value(1.0)
    y = x
    for _ in range(depth):
        y = -y
    assert sys.getrecursionlimit() <= 10_000  # the default limit is untouched
    y.backward()
    assert x.grad == 1.0  # (-1)^depth with an even depth
    del y  # freeing a million-deep chain must not overflow the C stack either


def test_long_sum_backprops() -> None:
    values = [Value(float(i)) for i in range(20_000)]
    total = sum(values)
    assert isinstance(total, Value)
    total.backward()
    assert all(v.grad == 1.0 for v in values)


def test_leaves_accumulate_and_interior_nodes_do_not_compound() -> None:
    x = Value(0.5)
    hidden = x.tanh()
    y = hidden * 3.0
    y.backward()
    leaf_once, hidden_once = x.grad, hidden.grad
    y.backward()
    assert x.grad == 2 * leaf_once
    assert hidden.grad == hidden_once
    assert y.grad == 1.0


def test_zero_grad_clears_the_whole_graph() -> None:
    x = Value(0.5)
    y = x.sigmoid() * x
    y.backward()
    assert x.grad != 0.0
    y.zero_grad()
    assert all(node.grad == 0.0 for node in topological_order(y))
    y.backward()
    first = x.grad
    y.zero_grad()
    y.backward()
    assert x.grad == first


def test_backward_on_a_leaf_seeds_it() -> None:
    x = Value(2.0)
    x.backward()
    assert x.grad == 1.0


def test_no_grad_records_nothing_and_restores_after_errors() -> None:
    x = Value(2.0)
    with no_grad():
        y = (x * 3.0).tanh()
        assert not is_grad_enabled()
    assert is_grad_enabled()
    assert y.parents == () and y.is_leaf and y.data == math.tanh(6.0)
    assert y.op == "tanh"  # it keeps its rule, so backward() can say what happened
    with pytest.raises(ZeroDivisionError), no_grad():
        raise ZeroDivisionError
    assert is_grad_enabled()
    with no_grad(), no_grad():
        pass
    assert is_grad_enabled()


def test_no_grad_as_decorator() -> None:
    @no_grad()
    def predict(v: Value) -> Value:
        return v * 2.0

    out = predict(Value(1.0))
    assert out.parents == ()
    assert (Value(1.0) * 2.0).parents != ()


def test_detach_stops_gradient_flow() -> None:
    x = Value(3.0, label="x")
    frozen = x.detach()
    assert frozen.data == 3.0 and frozen.is_leaf and frozen.label == "x"
    (x * frozen).backward()
    assert x.grad == 3.0


def test_enable_grad_records_inside_no_grad() -> None:
    from autograd import enable_grad

    @enable_grad()
    def recorded(v: Value) -> Value:
        return v * 2.0

    with no_grad():
        with enable_grad():
            inside = Value(1.0) * 2.0
        decorated = recorded(Value(1.0))
        outside = Value(1.0) * 2.0
    assert inside.parents != () and decorated.parents != ()
    assert outside.parents == ()
    assert is_grad_enabled()


def test_backward_takes_pytorchs_seed_and_keyword_only_create_graph() -> None:
    x = Value(3.0)
    (x * x).backward(2.0)  # PyTorch's backward(gradient): ∂/∂x of 2·x² = 4x
    assert x.grad == 12.0
    with pytest.raises(TypeError):
        (x * x).backward(1.0, True)  # type: ignore[misc]  # create_graph is keyword-only
    with pytest.raises(TypeError, match=r"backward: gradient: expected a real number, got str"):
        (x * x).backward("1")  # type: ignore[arg-type]


def test_backward_on_a_value_computed_in_no_grad_says_why_it_cannot() -> None:
    x = Value(2.0)
    with no_grad():
        y = x * x
    with pytest.raises(RuntimeError, match=r"computed inside no_grad\(\).*outside the no_grad"):
        y.backward()
    with pytest.raises(RuntimeError, match=r"gradients: .*inside no_grad"):
        autograd.gradients(y, [x])


def test_create_graph_inside_no_grad_still_builds_the_gradients_graphs() -> None:
    """As in PyTorch: create_graph records the derivative's graph whatever the grad mode."""
    x = Value(2.0)
    y = x * x * x
    with no_grad():
        gradients = y.backward(create_graph=True)
    assert gradients is not None
    dy_dx = gradients[x]
    assert dy_dx.data == 12.0 and x.grad == 12.0
    x.grad = 0.0
    dy_dx.backward()
    assert x.grad == 12.0  # d/dx 3x² = 6x at 2, so the graph was recorded


def test_grad_mode_is_per_thread() -> None:
    """One thread inside no_grad() never stops another from recording (issue: one global flag)."""
    inside = threading.Event()
    done = threading.Event()
    seen: dict[str, object] = {}

    def evaluate_without_grad() -> None:
        with no_grad():
            seen["inside"] = is_grad_enabled()
            inside.set()
            done.wait(timeout=10)

    def record() -> None:
        inside.wait(timeout=10)
        x = Value(3.0)
        y = x * x
        y.backward()
        seen["grad"] = x.grad
        seen["recording"] = is_grad_enabled()
        done.set()

    threads = [threading.Thread(target=evaluate_without_grad), threading.Thread(target=record)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert seen == {"inside": False, "grad": 6.0, "recording": True}
    assert is_grad_enabled()


def test_interleaved_no_grad_in_threads_leaves_recording_on() -> None:
    barrier = threading.Barrier(4)

    def enter_and_leave() -> None:
        for _ in range(200):
            with no_grad():
                barrier.wait(timeout=10)
            barrier.wait(timeout=10)

    threads = [threading.Thread(target=enter_and_leave) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert is_grad_enabled()
    assert (Value(1.0) * 2.0).parents != ()
