"""Benchmark: scalar-autograd against micrograd, PyTorch scalar tensors and plain Python floats.

Every engine runs the same workload code (micrograd's MLP, its moons demo loss, a long sum, a deep
chain); engines take turns round-robin and the table shows medians and ratios from that one run.
It is a measuring script, not a test: the test suite only smoke-runs it with ``--quick``.

    python benchmarks/compare.py            # the full run (about 3 minutes on 2 cores)
    python benchmarks/compare.py --quick    # tiny sizes, a few seconds
"""

from __future__ import annotations

import argparse
import gc
import itertools
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from importlib import metadata
from operator import mul
from typing import Any

import autograd
from autograd import Value

# ----- what is measured ----------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    """The workload sizes; the defaults are the issue's, `QUICK` the smoke test's."""

    n_points: int = 100  # two-moons training points per step (micrograd's demo)
    hidden_sizes: tuple[int, ...] = (16, 16)  # MLP(2, [16, 16, 1]): ReLU hidden, linear output
    n_terms: int = 100_000  # length of the sum(...) workload
    depth: int = 100_000  # levels of v = relu(v * 1.0001 + 0.0001) in the chain workload
    repeats: int = 10  # round-robin rounds (two full rotations of the 5 columns); medians shown
    huge: int = 1_000_000  # sum length and chain depth our engine must also backprop (run once)


QUICK = Sizes(n_points=8, hidden_sizes=(4, 4), n_terms=300, depth=50, repeats=2, huge=2_000)

N_INPUTS = 2  # moons points are (x, y) pairs
MOONS_NOISE = 0.1  # standard deviation of the Gaussian noise added to each coordinate
SEED = 1337  # data and initial weights; every engine starts from the same numbers
L2_ALPHA = 1e-4  # micrograd's demo: loss = mean hinge + 1e-4 · Σ p²
HINGE_MARGIN = 1.0  # hinge loss max(0, 1 - y·score)
CHAIN_SCALE = 1.0001  # one chain level: relu(v * 1.0001 + 0.0001)
CHAIN_SHIFT = 0.0001
CHAIN_START = 0.5
AGREEMENT_TOLERANCE = 1e-9  # relative; engines differ only by floating-point summation order


def problem(sizes: Sizes) -> tuple[list[list[float]], list[float], list[float]]:
    """The seeded two-moons points, their labels and the MLP's initial weights."""
    rng = random.Random(SEED)
    points, labels = make_moons(sizes.n_points, rng)
    return points, labels, initial_weights((N_INPUTS, *sizes.hidden_sizes, 1), rng)


def learning_rate(step: int) -> float:
    """Micrograd's demo schedule: 1.0 decaying linearly to 0.1 over 100 steps."""
    return 1.0 - 0.9 * (step % 100) / 100


def make_moons(n_points: int, rng: random.Random) -> tuple[list[list[float]], list[float]]:
    """Two interleaving half circles (scikit-learn's make_moons); labels -1 / +1 as in micrograd."""
    n_outer = n_points // 2
    n_inner = n_points - n_outer
    points: list[list[float]] = []
    labels: list[float] = []
    for count, label in ((n_outer, -1.0), (n_inner, 1.0)):
        for i in range(count):
            angle = math.pi * i / max(count - 1, 1)
            if label < 0:
                x, y = math.cos(angle), math.sin(angle)
            else:
                x, y = 1.0 - math.cos(angle), 0.5 - math.sin(angle)
            points.append([x + rng.gauss(0.0, MOONS_NOISE), y + rng.gauss(0.0, MOONS_NOISE)])
            labels.append(label)
    return points, labels


def initial_weights(layer_sizes: Sequence[int], rng: random.Random) -> list[float]:
    """Micrograd's initialisation, in its parameter order: per neuron, weights U(-1, 1), bias 0."""
    weights: list[float] = []
    for n_in, n_out in itertools.pairwise(layer_sizes):
        for _ in range(n_out):
            weights.extend(rng.uniform(-1.0, 1.0) for _ in range(n_in))
            weights.append(0.0)
    return weights


# ----- the workload code, written once for every engine ----------------------------------------


class HandMLP:
    """micrograd's Neuron / Layer / MLP forward code, verbatim, over any engine's scalar type."""

    def __init__(
        self,
        make_param: Callable[[float], Any],
        layer_sizes: Sequence[int],
        weights: Iterator[float],
    ) -> None:
        n_layers = len(layer_sizes) - 1
        self.layers: list[tuple[list[tuple[list[Any], Any]], bool]] = []
        for i, (n_in, n_out) in enumerate(itertools.pairwise(layer_sizes)):
            neurons = []
            for _ in range(n_out):
                w = [make_param(next(weights)) for _ in range(n_in)]
                neurons.append((w, make_param(next(weights))))
            self.layers.append((neurons, i != n_layers - 1))

    def __call__(self, x: list[Any]) -> Any:
        for neurons, nonlin in self.layers:
            out = []
            for w, b in neurons:
                act = sum((wi * xi for wi, xi in zip(w, x, strict=False)), b)
                out.append(act.relu() if nonlin else act)
            x = out
        return x[0] if len(x) == 1 else x

    def parameters(self) -> list[Any]:
        return [p for neurons, _ in self.layers for w, b in neurons for p in [*w, b]]


def mlp_loss(
    make_input: Callable[[float], Any], model: Any, points: list[list[float]], labels: list[float]
) -> Any:
    """Micrograd's demo loss: mean hinge loss over the points + L2 regularisation."""
    inputs = [[make_input(v) for v in row] for row in points]
    scores = [model(x) for x in inputs]
    losses = [(HINGE_MARGIN + -yi * score).relu() for yi, score in zip(labels, scores, strict=True)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = L2_ALPHA * sum(p * p for p in model.parameters())
    return data_loss + reg_loss


def compiled_mlp_step(model: Any) -> Any:
    """`mlp_loss` of `model`, compiled: the points are the step's inputs, read at each call."""
    return autograd.compile(lambda xs, ys: mlp_loss(_as_given, model, xs, ys))


def _as_given(x: Any) -> Any:
    return x  # a traced input stays the Value slot (float(x) would freeze it as a constant)


def long_sum(leaves: list[Any]) -> Any:
    return sum(leaves)


def deep_chain(start: Any, depth: int) -> Any:
    v = start
    for _ in range(depth):
        v = (v * CHAIN_SCALE + CHAIN_SHIFT).relu()
    return v


# ----- engines: how to make a scalar, backprop, read and update ---------------------------------


@dataclass
class Engine:
    """One scalar autodiff library, seen through the few calls the workloads need."""

    name: str
    version: str
    make_input: Callable[[float], Any]  # a constant leaf (an input)
    make_param: Callable[[float], Any]  # a leaf that gets a gradient
    backward: Callable[[Any], None]
    data: Callable[[Any], float]
    grad: Callable[[Any], float]
    sgd_step: Callable[[list[Any], float], None]  # p -= lr · grad, then zero the grad
    make_model: Callable[[Sequence[int], list[float]], Any]  # (layer sizes, weights) -> model


def _value_sgd(params: list[Any], lr: float) -> None:
    for p in params:
        p.data -= lr * p.grad
        p.grad = 0.0


def _hand_mlp(make_param: Callable[[float], Any]) -> Callable[[Sequence[int], list[float]], Any]:
    return lambda sizes, weights: HandMLP(make_param, sizes, iter(weights))


def _value_engine(name: str, version: str, value_class: Callable[[float], Any]) -> Engine:
    """A micrograd-style engine: a Value class with .data, .grad and .backward()."""
    return Engine(
        name=name,
        version=version,
        make_input=value_class,
        make_param=value_class,
        backward=lambda v: v.backward(),
        data=lambda v: float(v.data),
        grad=lambda v: float(v.grad),
        sgd_step=_value_sgd,
        make_model=_hand_mlp(value_class),
    )


def micrograd_engine() -> Engine | None:
    try:
        from micrograd.engine import Value as MicroValue  # type: ignore[import-untyped]
    except ImportError:
        return None
    return _value_engine("micrograd", metadata.version("micrograd"), MicroValue)


def torch_engine() -> Engine | None:
    try:
        import torch
    except ImportError:
        return None

    def make_input(x: float) -> Any:
        return torch.tensor(x, dtype=torch.float64)

    def make_param(x: float) -> Any:
        return torch.tensor(x, dtype=torch.float64, requires_grad=True)

    def grad(v: Any) -> float:
        return 0.0 if v.grad is None else float(v.grad)

    def sgd_step(params: list[Any], lr: float) -> None:
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad = None

    return Engine(
        name="PyTorch",
        version=torch.__version__.split("+")[0],
        make_input=make_input,
        make_param=make_param,
        backward=lambda v: v.backward(),
        data=lambda v: float(v.item()),
        grad=grad,
        sgd_step=sgd_step,
        make_model=_hand_mlp(make_param),
    )


def autograd_engine() -> Engine:
    return _value_engine("autograd Value", metadata.version("scalar-autograd"), Value)


def autograd_nn_engine() -> Engine | None:
    """Our engine driven through `autograd.nn.MLP` instead of the hand-written micrograd MLP."""
    try:
        from autograd import nn
    except ImportError:
        return None

    def make_model(sizes: Sequence[int], weights: list[float]) -> Any:
        model = nn.MLP(sizes[0], list(sizes[1:]), rng=random.Random(0))
        params = model.parameters()
        if len(params) != len(weights):
            raise RuntimeError(f"nn.MLP has {len(params)} parameters, expected {len(weights)}")
        for p, w in zip(params, weights, strict=True):
            p.data = w
        return model

    return replace(autograd_engine(), name="autograd nn.MLP", make_model=make_model)


# ----- the pure-Python limit: the same maths on floats, derivatives written by hand -------------


class PlainMLP:
    """The MLP step on plain floats with hand-derived backprop: what pure Python cannot beat."""

    def __init__(self, layer_sizes: Sequence[int], weights: list[float]) -> None:
        it = iter(weights)
        self.w: list[list[list[float]]] = []  # w[layer][neuron][input]
        self.b: list[list[float]] = []
        for n_in, n_out in itertools.pairwise(layer_sizes):
            rows, biases = [], []
            for _ in range(n_out):
                rows.append([next(it) for _ in range(n_in)])
                biases.append(next(it))
            self.w.append(rows)
            self.b.append(biases)
        self.gw = [[[0.0] * len(row) for row in rows] for rows in self.w]
        self.gb = [[0.0] * len(biases) for biases in self.b]

    def forward(self, points: list[list[float]], labels: list[float]) -> tuple[float, list[Any]]:
        """The loss, and per point the layer inputs and pre-activations backprop needs."""
        last = len(self.w) - 1
        tape = []
        data_loss = 0.0
        for x, label in zip(points, labels, strict=True):
            acts = [x]
            pres = []
            for i, (rows, biases) in enumerate(zip(self.w, self.b, strict=True)):
                pre = [sum(map(mul, row, x), b) for row, b in zip(rows, biases, strict=True)]
                pres.append(pre)
                x = pre if i == last else [p if p > 0.0 else 0.0 for p in pre]
                acts.append(x)
            margin = HINGE_MARGIN - label * x[0]
            if margin > 0.0:
                data_loss += margin
            tape.append((acts, pres, label, margin))
        reg = sum(p * p for rows in self.w for row in rows for p in row)
        reg += sum(b * b for biases in self.b for b in biases)
        return data_loss / len(points) + L2_ALPHA * reg, tape

    def backward(self, tape: list[Any]) -> None:
        scale = 1.0 / len(tape)
        n_layers = len(self.w)
        for acts, pres, label, margin in tape:
            if margin <= 0.0:
                continue
            upstream = [-label * scale]  # ∂loss/∂score
            for i in range(n_layers - 1, -1, -1):
                rows, grows, gbias, x = self.w[i], self.gw[i], self.gb[i], acts[i]
                if i != n_layers - 1:  # through the ReLU
                    upstream = [
                        g if p > 0.0 else 0.0 for g, p in zip(upstream, pres[i], strict=True)
                    ]
                below = [0.0] * len(x)
                for j, g in enumerate(upstream):
                    if g == 0.0:
                        continue
                    gbias[j] += g
                    grow, row = grows[j], rows[j]
                    for k, xk in enumerate(x):
                        grow[k] += g * xk
                        below[k] += g * row[k]
                upstream = below
        two_alpha = 2.0 * L2_ALPHA
        for rows, grows in zip(self.w, self.gw, strict=True):
            for row, grow in zip(rows, grows, strict=True):
                for k, p in enumerate(row):
                    grow[k] += two_alpha * p
        for biases, gbias in zip(self.b, self.gb, strict=True):
            for j, b in enumerate(biases):
                gbias[j] += two_alpha * b

    def gradients(self) -> list[float]:
        """In micrograd's parameter order: per neuron, its weights then its bias."""
        return [
            g
            for grows, gbias in zip(self.gw, self.gb, strict=True)
            for grow, gb in zip(grows, gbias, strict=True)
            for g in [*grow, gb]
        ]

    def sgd_step(self, lr: float) -> None:
        for rows, grows, biases, gbias in zip(self.w, self.gw, self.b, self.gb, strict=True):
            for row, grow in zip(rows, grows, strict=True):
                for k, g in enumerate(grow):
                    row[k] -= lr * g
                    grow[k] = 0.0
            for j, g in enumerate(gbias):
                biases[j] -= lr * g
                gbias[j] = 0.0


def plain_long_sum(leaves: list[float]) -> tuple[float, list[float]]:
    return sum(leaves), [1.0] * len(leaves)


def plain_deep_chain(start: float, depth: int) -> tuple[float, float]:
    """The chain and its derivative d(end)/d(start), keeping each level's pre-activation."""
    pres = []
    v = start
    for _ in range(depth):
        pre = v * CHAIN_SCALE + CHAIN_SHIFT
        pres.append(pre)
        v = pre if pre > 0.0 else 0.0
    grad = 1.0
    for pre in reversed(pres):
        grad = grad * CHAIN_SCALE if pre > 0.0 else 0.0
    return v, grad


# ----- contenders: an engine plus its model, or the plain-float limit ---------------------------

PLAIN = "plain floats"


class Contender:
    """One column of the table: runs the MLP training step in four timed phases."""

    def __init__(
        self,
        engine: Engine | None,
        sizes: Sizes,
        points: list[list[float]],
        labels: list[float],
        weights: list[float],
    ) -> None:
        self.engine = engine
        self.name = PLAIN if engine is None else engine.name
        self.points, self.labels = points, labels
        layer_sizes = (N_INPUTS, *sizes.hidden_sizes, 1)
        if engine is None:
            self.plain = PlainMLP(layer_sizes, weights)
        else:
            self.model = engine.make_model(layer_sizes, weights)
            self.params = self.model.parameters()

    def forward(self) -> Any:
        if self.engine is None:
            return self.plain.forward(self.points, self.labels)
        return mlp_loss(self.engine.make_input, self.model, self.points, self.labels)

    def backward(self, result: Any) -> None:
        if self.engine is None:
            self.plain.backward(result[1])
        else:
            self.engine.backward(result)

    def loss(self, result: Any) -> float:
        return float(result[0]) if self.engine is None else self.engine.data(result)

    def gradients(self) -> list[float]:
        if self.engine is None:
            return self.plain.gradients()
        return [self.engine.grad(p) for p in self.params]

    def update(self, lr: float) -> None:
        if self.engine is None:
            self.plain.sgd_step(lr)
        else:
            self.engine.sgd_step(self.params, lr)

    def timed_step(self, step: int) -> dict[str, float]:
        """One training step; seconds per phase.

        'free' drops the graph and runs the collector, so an engine whose graphs are reference
        cycles (micrograd's closures) pays for reclaiming them in its own column.
        """
        t0 = time.perf_counter()
        result = self.forward()
        t1 = time.perf_counter()
        self.backward(result)
        t2 = time.perf_counter()
        self.update(learning_rate(step))
        t3 = time.perf_counter()
        del result
        gc.collect()
        t4 = time.perf_counter()
        return {
            "forward": t1 - t0,
            "backward": t2 - t1,
            "update": t3 - t2,
            "free": t4 - t3,
            "step": t4 - t0,
        }


COMPILED = "autograd compiled"


class CompiledContender(Contender):
    """Our engine with the step run as the program `autograd.compile` writes.

    Forward and backward are one call, so the forward phase holds both and backward is empty.
    The program is traced and compiled when the contender is made. `time_trace` times a fresh
    trace + compile of the same step, once every contender exists.
    """

    def __init__(
        self, sizes: Sizes, points: list[list[float]], labels: list[float], weights: list[float]
    ) -> None:
        super().__init__(autograd_engine(), sizes, points, labels, weights)
        self.name = COMPILED
        self.step = compiled_mlp_step(self.model)
        self.trace_seconds = math.nan

    def time_trace(self) -> None:
        """Time tracing, code generation and compile() of the step once more, in a new program."""
        start = time.perf_counter()
        autograd.compiler.step.build(self.step.fn, (self.points, self.labels), False, True)
        self.trace_seconds = time.perf_counter() - start
        gc.collect()

    def forward(self) -> Any:
        return self.step(self.points, self.labels)

    def backward(self, result: Any) -> None:
        pass  # done by forward: the compiled program runs both passes

    def loss(self, result: Any) -> float:
        return float(result)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=AGREEMENT_TOLERANCE, abs_tol=AGREEMENT_TOLERANCE)


def check_mlp_agreement(contenders: list[Contender]) -> dict[str, tuple[float, list[float]]]:
    """Each contender's loss and gradients for one forward + backward (weights left unchanged).

    Raises RuntimeError naming the first contender whose loss or any gradient differs from the
    first contender's, so nothing is timed unless every engine computes the same numbers.
    """
    results = {}
    for contender in contenders:
        result = contender.forward()
        contender.backward(result)
        results[contender.name] = (contender.loss(result), contender.gradients())
        contender.update(0.0)  # zero the gradients, weights unchanged
        del result
    reference_name, (reference_loss, reference_grads) = next(iter(results.items()))
    for name, (loss, grads) in results.items():
        if not close(loss, reference_loss):
            raise RuntimeError(
                f"{name}: loss {loss!r} differs from {reference_name}'s {reference_loss!r}"
            )
        if len(grads) != len(reference_grads):
            raise RuntimeError(
                f"{name}: {len(grads)} gradients, {reference_name} has {len(reference_grads)}"
            )
        for i, (g, ref) in enumerate(zip(grads, reference_grads, strict=True)):
            if not close(g, ref):
                raise RuntimeError(
                    f"{name}: gradient of parameter {i} is {g!r}, {reference_name} says {ref!r}"
                )
    return results


# ----- the sum and chain workloads: forward + backward + free, or the error it raised -----------


def run_sum(engine: Engine | None, n_terms: int) -> tuple[float, float]:
    """(output, gradient of the first term) of the long sum, forward and backward."""
    values = [i / n_terms for i in range(n_terms)]
    if engine is None:
        total, grads = plain_long_sum(values)
        return total, grads[0]
    leaves = [engine.make_param(v) for v in values]
    total = long_sum(leaves)
    engine.backward(total)
    return engine.data(total), engine.grad(leaves[0])


def run_chain(engine: Engine | None, depth: int) -> tuple[float, float]:
    """(output, d output / d start) of the deep chain."""
    if engine is None:
        return plain_deep_chain(CHAIN_START, depth)
    start = engine.make_param(CHAIN_START)
    end = deep_chain(start, depth)
    engine.backward(end)
    return engine.data(end), engine.grad(start)


def compiled_workload(
    first: Value, build: Callable[[], Value]
) -> Callable[[], tuple[float, float]]:
    """`build` as a compiled program, traced now: calling it runs forward + backward.

    It returns (output, gradient of `first`).
    """
    step = autograd.compile(build)
    step.program()

    def run() -> tuple[float, float]:
        first.grad = 0.0
        return step(), first.grad

    return run


def compiled_sum(n_terms: int) -> Callable[[], tuple[float, float]]:
    """The long sum as a compiled program, traced now; calling it runs forward + backward."""
    leaves = [Value(i / n_terms) for i in range(n_terms)]
    return compiled_workload(leaves[0], lambda: long_sum(leaves))


def compiled_chain(depth: int) -> Callable[[], tuple[float, float]]:
    """The deep chain as a compiled program, traced now; calling it runs forward + backward."""
    start = Value(CHAIN_START)
    return compiled_workload(start, lambda: deep_chain(start, depth))


def timed(work: Callable[[], tuple[float, float]]) -> tuple[float, tuple[float, float] | str]:
    """Seconds taken (including freeing the graph) and the result, or the error's name."""
    t0 = time.perf_counter()
    try:
        result: tuple[float, float] | str = work()
    except RecursionError as error:
        result = type(error).__name__
    gc.collect()  # as in the MLP step: cyclic garbage is reclaimed on the engine's own clock
    return time.perf_counter() - t0, result


# ----- memory per node ------------------------------------------------------------------------


def resident_bytes(peak: bool = False) -> int:
    """Resident memory of this process (its peak so far with `peak`), from /proc (Linux).

    0 where unavailable. The peak is VmHWM, which starts afresh in a new process (ru_maxrss
    would carry the parent's peak across fork).
    """
    field = "VmHWM:" if peak else "VmRSS:"
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def graph_bytes(contender: Contender, resident: bool) -> tuple[int, int]:
    """Bytes held by one step's graph (after forward; after backward), by tracemalloc or RSS."""
    gc.collect()
    if resident:
        before = resident_bytes()
        result = contender.forward()
        after_forward = resident_bytes()
        contender.backward(result)
        after_backward = resident_bytes()
    else:
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        result = contender.forward()
        after_forward = tracemalloc.get_traced_memory()[0]
        contender.backward(result)
        after_backward = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    contender.update(0.0)
    del result
    gc.collect()
    return after_forward - before, after_backward - before


def torch_graph_bytes(sizes: Sizes) -> tuple[int, int]:
    """`graph_bytes` for PyTorch, in a fresh process so memory freed earlier is not reused."""
    command = [sys.executable, __file__, "--torch-resident", str(sizes.n_points)]
    command += [str(n) for n in sizes.hidden_sizes]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    after_forward, after_backward = done.stdout.split()
    return int(after_forward), int(after_backward)


def print_torch_graph_bytes(n_points: int, hidden_sizes: tuple[int, ...]) -> None:
    """The child side of `torch_graph_bytes`: warm PyTorch up on one point, then measure."""
    engine = torch_engine()
    if engine is None:
        raise SystemExit("--torch-resident: PyTorch is not installed; pip install torch")
    for size in (1, n_points):
        sizes = Sizes(n_points=size, hidden_sizes=hidden_sizes)
        contender = Contender(engine, sizes, *problem(sizes))
        after_forward, after_backward = graph_bytes(contender, resident=True)
    print(after_forward, after_backward)


def print_compiled_huge(workload: str, size: int) -> None:
    """Child process: trace, compile and run a huge sum or chain; print seconds and peak MB."""
    start = time.perf_counter()
    run = compiled_sum(size) if workload == "sum" else compiled_chain(size)
    built = time.perf_counter()
    run()
    ran = time.perf_counter()
    print(built - start, ran - built, resident_bytes(peak=True) / 2**20)


def compiled_huge(workload: str, size: int) -> tuple[float, float, float]:
    """(trace + compile seconds, run seconds, peak MB) of `print_compiled_huge`, fresh process."""
    command = [sys.executable, __file__, "--compiled-huge", workload, str(size)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    build, run, peak = done.stdout.split()
    return float(build), float(run), float(peak)


def program_bytes(sizes: Sizes) -> int:
    """Bytes the compiled W1 program keeps, measured by tracemalloc."""
    points, labels, weights = problem(sizes)
    model = HandMLP(Value, (N_INPUTS, *sizes.hidden_sizes, 1), iter(weights))
    step = compiled_mlp_step(model)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    step.program(points, labels)
    gc.collect()  # the traced graph is dropped; what stays is the program
    kept = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return kept


def count_nodes(root: Value) -> int:
    """Operation nodes (not leaves) in our engine's graph of `root`."""
    # imported here: versus.py runs this file's workloads on older checkouts without this module
    from autograd.engine.backprop import topological_order

    return sum(1 for node in topological_order(root) if node.parents)


# ----- the run and the table ------------------------------------------------------------------


def fmt_seconds(seconds: float) -> str:
    if seconds >= 1.0:
        return f"{seconds:.2f} s"
    return f"{seconds * 1e3:.3g} ms" if seconds >= 1e-4 else f"{seconds * 1e6:.3g} µs"


def fmt_ratio(ratio: float) -> str:
    return f"{ratio:.3g}×"


def run(sizes: Sizes, out: Callable[[str], None] = print) -> dict[str, Any]:
    """Check agreement, time everything round-robin, measure memory; print and return the table."""
    points, labels, weights = problem(sizes)
    engines: list[Engine | None] = [
        micrograd_engine(),
        torch_engine(),
        autograd_engine(),
        autograd_nn_engine(),
    ]
    available = [e for e in engines if e is not None]
    contenders = [Contender(e, sizes, points, labels, weights) for e in available]
    compiled = CompiledContender(sizes, points, labels, weights)
    contenders.append(compiled)
    contenders.append(Contender(None, sizes, points, labels, weights))
    names = [c.name for c in contenders]
    versions = {e.name: e.version for e in available}
    missing = [
        n
        for n, e in zip(
            ("micrograd", "PyTorch", "", "autograd nn.MLP"),
            engines,
            strict=True,
        )
        if e is None and n
    ]

    agreement = check_mlp_agreement(contenders)

    # the graph held by one step, before any timing (RSS for PyTorch: its graph lives in C++)
    memory = {
        c.name: torch_graph_bytes(sizes) if c.name == "PyTorch" else graph_bytes(c, resident=False)
        for c in contenders
        if c.name != COMPILED
    }
    program_kept = program_bytes(sizes)
    memory[COMPILED] = (program_kept, program_kept)
    ours = Contender(autograd_engine(), sizes, points, labels, weights)
    n_nodes = count_nodes(ours.forward())
    del ours

    # freeze what exists now (imports, data, models) so the collector's cost does not depend on
    # which peer libraries happen to be loaded; it stays on, with default thresholds
    sum_workloads: dict[str, Callable[[], tuple[float, float]]] = {}
    chain_workloads: dict[str, Callable[[], tuple[float, float]]] = {}
    for c in contenders:
        if c.name == COMPILED:  # traced once, before timing; each call runs the program
            sum_workloads[c.name] = compiled_sum(sizes.n_terms)
            chain_workloads[c.name] = compiled_chain(sizes.depth)
        else:
            sum_workloads[c.name] = lambda e=c.engine: run_sum(e, sizes.n_terms)
            chain_workloads[c.name] = lambda e=c.engine: run_chain(e, sizes.depth)

    compiled.time_trace()  # before the freeze: a user's process has frozen nothing
    gc.collect()
    gc.freeze()
    phases: dict[str, dict[str, list[float]]] = {n: {} for n in names}
    sums: dict[str, list[float]] = {n: [] for n in names}
    chains: dict[str, list[float]] = {n: [] for n in names}
    failures: dict[tuple[str, str], str] = {}
    try:
        for step in range(sizes.repeats):
            # each round starts with a different engine, so none always follows the same one
            shift = step % len(contenders)
            turns = contenders[shift:] + contenders[:shift]
            for contender in turns:
                for phase, seconds in contender.timed_step(step).items():
                    phases[contender.name].setdefault(phase, []).append(seconds)
            for contender in turns:
                for workload, work, store in (
                    ("sum", sum_workloads[contender.name], sums),
                    ("chain", chain_workloads[contender.name], chains),
                ):
                    seconds, result = timed(work)
                    if isinstance(result, str):
                        failures[(contender.name, workload)] = result
                    else:
                        store[contender.name].append(seconds)
    finally:
        gc.unfreeze()

    huge_compiled = {}
    for workload, size in (("sum", sizes.huge // 2), ("chain", sizes.huge // 3)):
        build, run_seconds, peak = compiled_huge(workload, size)
        huge_compiled[workload] = (
            f"{fmt_seconds(build)} to compile, {fmt_seconds(run_seconds)} to run, "
            f"{peak:.0f} MB peak"
        )
    huge = {}
    for workload, seconds_and_result in (
        ("sum", timed(lambda: run_sum(autograd_engine(), sizes.huge))),
        ("chain", timed(lambda: run_chain(autograd_engine(), sizes.huge))),
    ):
        seconds, result = seconds_and_result
        huge[workload] = result if isinstance(result, str) else fmt_seconds(seconds)

    median = {n: {p: statistics.median(v) for p, v in phases[n].items()} for n in names}
    plain_step = median[PLAIN]["step"]
    rows: list[tuple[str, list[str]]] = []
    for phase in ("forward", "backward", "update", "free", "step"):
        label = "**MLP step, total**" if phase == "step" else f"MLP step: {phase}"
        rows.append((label, [fmt_seconds(median[n][phase]) for n in names]))
    if "micrograd" in names:
        micro = median["micrograd"]["step"]
        rows.append(
            (
                "MLP step: micrograd time ÷ this",
                [fmt_ratio(micro / median[n]["step"]) for n in names],
            )
        )
    rows.append(
        (
            "MLP step: this ÷ plain floats",
            [fmt_ratio(median[n]["step"] / plain_step) for n in names],
        )
    )
    for workload, store, size in (("sum", sums, sizes.n_terms), ("chain", chains, sizes.depth)):
        title = (
            f"{size:,}-term sum: forward + backward"
            if workload == "sum"
            else f"{size:,}-deep chain: forward + backward"
        )
        rows.append(
            (
                title,
                [
                    failures.get((n, workload)) or fmt_seconds(statistics.median(store[n]))
                    for n in names
                ],
            )
        )
    rows.append(("bytes per node (graph built)", [f"{memory[n][0] / n_nodes:.0f}" for n in names]))
    rows.append(
        ("bytes per node (after backward)", [f"{memory[n][1] / n_nodes:.0f}" for n in names])
    )
    for workload in ("sum", "chain"):
        title = (
            f"{sizes.huge:,}-term sum: forward + backward, once"
            if workload == "sum"
            else f"{sizes.huge:,}-deep chain: forward + backward, once"
        )
        rows.append(
            (
                title,
                [
                    huge[workload]
                    if n == "autograd Value"
                    else huge_compiled[workload]
                    if n == COMPILED
                    else "—"
                    for n in names
                ],
            )
        )
    dynamic_step = median["autograd Value"]["step"]
    rows.append(
        (
            "compiled: trace + codegen + compile() (once)",
            [
                f"{fmt_seconds(compiled.trace_seconds)} = "
                f"{compiled.trace_seconds / dynamic_step:.3g} dynamic steps"
                if n == COMPILED
                else "—"
                for n in names
            ],
        )
    )

    headers = [
        f"{n} {versions[n]}" if n in versions and not n.startswith("autograd") else n for n in names
    ]
    out(
        f"MLP{(N_INPUTS, *sizes.hidden_sizes, 1)} on {sizes.n_points} two-moons points, "
        f"hinge loss + L2: {n_nodes:,} operation nodes per step; medians of {sizes.repeats} "
        f"round-robin rounds."
    )
    out("")
    out("| | " + " | ".join(headers) + " |")
    out("|---|" + "---:|" * len(headers))
    for label, cells in rows:
        out(f"| {label} | " + " | ".join(cells) + " |")
    out("")
    out(
        "Garbage collector on, default thresholds; objects alive before timing are frozen "
        "(gc.freeze) so peers' imports do not slow the collector for everyone. 'free' drops the "
        "graph and runs gc.collect(): micrograd's graphs are reference cycles that only the "
        "collector reclaims."
    )
    out(
        f"PyTorch: 0-dim float64 tensors; its bytes per node are resident memory (its graph "
        f"lives in C++), the others' are tracemalloc. The chain is relu(v·{CHAIN_SCALE} + "
        f"{CHAIN_SHIFT}) per level (micrograd 0.1.0 has no tanh). Bytes per node divide each "
        f"engine's graph memory by the {n_nodes:,} nodes of the micrograd-style graph."
    )
    out(
        f"'{COMPILED}' runs the same step as the program autograd.compile writes (loss and "
        f"gradients checked against the others first): its forward row holds forward and "
        f"backward, and its bytes per node are the program it keeps (code, constants, names) "
        f"divided by the nodes of the graph it replaces. Its huge rows are about "
        f"{sizes.huge:,} nodes: a sum of {sizes.huge // 2:,} terms and a chain "
        f"{sizes.huge // 3:,} levels deep (3 nodes a level), each in a fresh process."
    )
    if missing:
        out(f"Not installed, so not measured: {', '.join(missing)}.")
    out(
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs."
    )
    return {
        "names": names,
        "agreement": agreement,
        "median": median,
        "rows": rows,
        "n_nodes": n_nodes,
        "failures": failures,
        "huge": huge,
        "huge_compiled": huge_compiled,
        "trace_seconds": compiled.trace_seconds,
        "memory": memory,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes (the smoke test)")
    parser.add_argument("--repeats", type=int, help="round-robin rounds (default 10)")
    parser.add_argument("--torch-resident", nargs="+", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--compiled-huge", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.compiled_huge:
        workload, size = args.compiled_huge
        print_compiled_huge(workload, int(size))
        return
    if args.torch_resident:
        n_points, *hidden_sizes = args.torch_resident
        print_torch_graph_bytes(n_points, tuple(hidden_sizes))
        return
    sizes = QUICK if args.quick else Sizes()
    if args.repeats is not None:
        if args.repeats < 1:
            parser.error(f"--repeats must be at least 1, got {args.repeats}")
        sizes = Sizes(**{**sizes.__dict__, "repeats": args.repeats})
    run(sizes)


if __name__ == "__main__":
    main()
