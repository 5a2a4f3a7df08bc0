"""micrograd code runs unchanged: the same code driven through micrograd's Value and ours.

micrograd 0.1.0 (a dev dependency) is the reference: each workload below is written once against
micrograd's API and run with both engines; data and grads must match.
"""

from __future__ import annotations

import random
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import autograd
from autograd import micrograd
from autograd.micrograd.engine import Value as MicrogradValue

micrograd_engine = pytest.importorskip("micrograd.engine")

Workload = Callable[[Any], tuple[Any, list[Any]]]
MICROGRAD_SDIST = "micrograd-0.1.0.tar.gz"


def mixed_ops(value_type: Any) -> tuple[Any, list[Any]]:
    """In-place +=, numbers on both sides, unary minus, ** with an int, / by and of numbers."""
    p, q = value_type(-3.0), value_type(1.5)
    r = p * q - q**2
    r += 2 * r + (q - p).relu()
    s = 1 - p / 4.0 + (-q)
    s += 3.0 / (r * r + 1)
    t = (s * r).relu() + s * 0.5
    return t, [p, q]


def relu_network(value_type: Any) -> tuple[Any, list[Any]]:
    """A two-unit ReLU layer and a squared error, built the way micrograd's neurons are."""
    rng = random.Random(7)
    weights = [[value_type(rng.uniform(-1, 1)) for _ in range(3)] for _ in range(2)]
    inputs = [value_type(0.5), value_type(-1.25), value_type(2.0)]
    hidden = [
        sum((w * x for w, x in zip(row, inputs, strict=True)), value_type(0.1)).relu()
        for row in weights
    ]
    out = hidden[0] * 1.5 - hidden[1] * 0.5
    loss = (out - 1.0) ** 2
    return loss, [w for row in weights for w in row] + inputs


def fan_out(value_type: Any) -> tuple[Any, list[Any]]:
    """One value used in many places, and a deep sum."""
    x = value_type(0.75)
    terms = [x * i - x**2 for i in range(50)]
    return sum(terms) / 10, [x]


@pytest.mark.parametrize("workload", [mixed_ops, relu_network, fan_out])
def test_same_code_same_numbers(workload: Workload) -> None:
    theirs, their_inputs = workload(micrograd_engine.Value)
    ours, our_inputs = workload(autograd.Value)
    assert ours.data == pytest.approx(theirs.data, rel=1e-12)
    theirs.backward()
    ours.backward()
    for mine, reference in zip(our_inputs, their_inputs, strict=True):
        assert mine.grad == pytest.approx(reference.grad, rel=1e-12, abs=1e-12)


def _trace(root: Any) -> tuple[set[Any], set[tuple[Any, Any]]]:
    """micrograd's trace_graph walk: nodes and edges through `_prev`."""
    nodes: set[Any] = set()
    edges: set[tuple[Any, Any]] = set()

    def build(v: Any) -> None:
        if v not in nodes:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                build(child)

    build(root)
    return nodes, edges


def test_trace_graph_style_walk_sees_the_same_graph() -> None:
    shapes = []
    for value_type in (micrograd_engine.Value, MicrogradValue):
        x = value_type(1.0)
        y = (x * 2 + 1).relu()
        y.backward()
        nodes, edges = _trace(y)
        ops = sorted(node._op.lower() for node in nodes)  # micrograd spells it "ReLU"
        shapes.append((len(nodes), len(edges), ops, x.grad))
    assert shapes[0] == shapes[1]


def test_micrograd_repr_and_attributes() -> None:
    v = MicrogradValue(2.0)
    w = v * v
    w.backward()
    assert repr(w) == "Value(data=4.0, grad=1.0)"
    assert v.grad == 4.0
    assert w._op == "*"
    assert list(w._prev) == [v, v]


def _micrograd_sdist() -> Path | None:
    """micrograd 0.1.0's source distribution, which `make` downloads into .venv/sources/."""
    candidates = [
        Path(sys.prefix) / "sources" / MICROGRAD_SDIST,
        Path(__file__).parent.parent / ".venv" / "sources" / MICROGRAD_SDIST,
    ]
    return next((path for path in candidates if path.is_file()), None)


def test_micrograds_own_test_file_runs_with_an_import_swap() -> None:
    """micrograd's test/test_engine.py, unchanged but for `micrograd` → `autograd.micrograd` in
    its imports.

    It compares micrograd (here: this library) with PyTorch on its own expressions.
    """
    pytest.importorskip("torch")
    sdist = _micrograd_sdist()
    if sdist is None:
        pytest.skip(f"{MICROGRAD_SDIST} not downloaded; `make` fetches it into .venv/sources/")
    with tarfile.open(sdist) as archive:
        member = archive.extractfile("micrograd-0.1.0/test/test_engine.py")
        assert member is not None
        source = member.read().decode("utf-8")
    assert "from micrograd.engine import Value" in source
    swapped = source.replace("from micrograd.", "from autograd.micrograd.")
    namespace: dict[str, Any] = {}
    exec(compile(swapped, "micrograd/test/test_engine.py", "exec"), namespace)
    tests = [name for name in namespace if name.startswith("test_")]
    assert tests == ["test_sanity_check", "test_more_ops"]
    for name in tests:
        namespace[name]()


def test_trace_graph_walks_a_neuron_of_micrograd_values() -> None:
    """micrograd's trace_graph.ipynb: `nn.Neuron(2)` on Values, walked through `_prev`/`_op`.

    Every node, the parameters and the constants included, is a micrograd Value, also where the
    library's own Value meets one (the reflected operators of the subclass are found first)."""
    neuron = micrograd.nn.Neuron(2)
    x = [MicrogradValue(1.0), MicrogradValue(-2.0)]
    y = neuron(x)
    nodes, edges = _trace(y)
    assert all(isinstance(node, MicrogradValue) for node in nodes)
    assert (len(nodes), len(edges)) == (10, 9)  # w0 w1 x0 x1 b, 2 products, 2 sums, relu
    assert {node._op for node in nodes} >= {"*", "+", "relu"}
    mixed = autograd.Value(3.0) * MicrogradValue(2.0) + 1
    assert isinstance(mixed, MicrogradValue) and mixed._op == "+"
    assert all(isinstance(p, MicrogradValue) for p in mixed._prev)
    assert isinstance(micrograd.nn.MLP(2, [3, 1]).parameters()[0], MicrogradValue)


def test_micrograd_constructor_is_accepted() -> None:
    a, b = MicrogradValue(2.0), MicrogradValue(3.0)
    made = MicrogradValue(a.data + b.data, (a, b), "+")
    assert made.op == "+" and made.parents == (a, b)
    made.backward()
    assert (a.grad, b.grad) == (1.0, 1.0)


def test_micrograd_constructor_with_unknown_op_fails_at_backward() -> None:
    a = MicrogradValue(2.0, label="a")
    made = MicrogradValue(4.0, (a,), "square")
    assert made.op == "square"
    with pytest.raises(
        autograd.DomainError,
        match=r"^square: .*x0 = 2\.0 \(Value 'a'\).*'square'.*no derivative rule",
    ):
        made.backward()


def test_micrograd_constructor_rejects_non_value_children() -> None:
    with pytest.raises(TypeError, match=r"_children must be Values, got float 1\.0"):
        MicrogradValue(2.0, (1.0,))  # type: ignore[arg-type]


def test_the_librarys_value_has_one_constructor_and_no_micrograd_names() -> None:
    assert not hasattr(autograd.Value(1.0), "_prev")
    with pytest.raises(TypeError, match="label must be a str"):
        autograd.Value(4.0, label=(1,))  # type: ignore[arg-type]
