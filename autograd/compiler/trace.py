"""Tracing: run the function once on Values, and list what its program must do.

Numbers among the arguments become new leaves, the program's inputs (``X``). Values among them
are read at every call (``P``), and so is every Value that existed before the call and that the
function used (its parameters): a trace lists every Value it makes (`tracing`), so any other Value
in the graph existed before. While tracing, Python control flow on a Value's number is an error
(value.py), so nothing data-dependent is frozen into the program.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from autograd.engine import rules
from autograd.engine.backprop import topological_order
from autograd.engine.grad_mode import CompileError, enable_grad, tracing
from autograd.engine.value import Value

NUMBER_TYPES = (int, float)  # an argument of these types becomes an input slot


@dataclass
class Trace:
    """One traced call of the function: its graph, and where each leaf's number comes from.

    Attributes:
        created: the nodes the function computed, in the order it computed them (unused ones
            too: the program computes them, so that their errors are raised as they would be).
        order: every node, parents before children: the output's graph in `topological_order`
            (the order backward() walks, reversed), then the other computed nodes.
        graph: how many nodes of `order` are the output's graph, the part differentiated.
        output: the Value that is differentiated; `auxiliary`: others whose numbers are returned.
        inputs: leaf → its index in ``X``, for the numbers among the arguments.
        captured: Value → its index in ``P``: the arguments' Values, then the parameters.
        parameters: the Values that existed before the call and that the function used, in the
            order it first used them (``P`` after the arguments).

    """

    created: list[Value]
    order: list[Value]
    graph: int
    output: Value
    auxiliary: list[Value]
    inputs: dict[Value, int]
    captured: dict[Value, int]
    parameters: list[Value]


def flatten(
    args: Sequence[Any], numbers: list[float], values: list[Value], where: str = "args"
) -> Any:
    """Every number of `args` into `numbers` and every Value into `values`, depth first.

    Returns a hashable description of the arguments' structure (what a program is cached by).
    """
    shape: list[Any] = []
    for i, arg in enumerate(args):
        if isinstance(arg, Value):
            shape.append("V")
            values.append(arg)
        elif isinstance(arg, NUMBER_TYPES) and not isinstance(arg, bool):
            shape.append("n")
            numbers.append(float(arg))
        elif isinstance(arg, list | tuple):
            shape.append((type(arg).__name__, flatten(arg, numbers, values, f"{where}[{i}]")))
        else:
            raise CompileError(
                f"compile: {where}[{i}] is {type(arg).__name__} {arg!r:.60}; a compiled step takes "
                f"numbers, Values, and (nested) lists or tuples of them — pass other settings to "
                f"fn through a closure, e.g. compile(lambda x: fn(x, setting))"
            )
    return tuple(shape)


def traced_arguments(
    args: Sequence[Any], inputs: list[Value], values: list[Value], stand_ins: bool
) -> list[Any]:
    """`args` with every number replaced by a new leaf (listed in `inputs`).

    With `stand_ins`, every Value is replaced by a new leaf with its number and label too (listed
    in `values`), so that the graph tells a use of the argument from a use of the same Value by
    the function itself; without, the Values themselves are used (and listed).
    """
    traced: list[Any] = []
    for arg in args:
        if isinstance(arg, Value):
            if arg.parents:
                raise CompileError(
                    f"compile: argument {arg!r} was computed from other Values ({arg.op}); a "
                    f"compiled step's program cannot follow the graph that made it. Pass a leaf "
                    f"(its number, or arg.detach() if no gradient should flow back), or compute "
                    f"it inside fn"
                )
            value = Value(arg.data, label=arg.label) if stand_ins else arg
            values.append(value)
            traced.append(value)
        elif isinstance(arg, list | tuple):
            inner = traced_arguments(arg, inputs, values, stand_ins)
            traced.append(inner if isinstance(arg, list) else tuple(inner))
        else:
            inputs.append(Value(float(arg)))
            traced.append(inputs[-1])
    return traced


def trace(fn: Callable[..., Any], args: Sequence[Any], has_aux: bool, stand_ins: bool) -> Trace:
    """Run `fn` once on Values, listing every node it makes (see the module doc).

    The garbage collector is paused meanwhile: tracing makes a great many objects and no
    reference cycles, so its passes (over everything else alive, too) would find nothing.
    """
    inputs: list[Value] = []
    values: list[Value] = []
    traced = traced_arguments(args, inputs, values, stand_ins)
    created: list[Value] = []
    collecting = gc.isenabled()
    gc.disable()
    token = tracing.set(created)
    try:
        with enable_grad():  # tracing records the graph, even inside no_grad()
            result = fn(*traced)
    finally:
        tracing.reset(token)
        if collecting:
            gc.enable()
    output, auxiliary = _results(result, has_aux)
    order = topological_order(output)
    graph = len(order)
    placed = set(order)
    for node in (*created, *auxiliary):  # the rest, and the leaves only they read
        for needed in (*node.parents, node):
            if needed not in placed:
                placed.add(needed)
                order.append(needed)
    captured = {value: i for i, value in reversed(list(enumerate(values)))}  # first position
    parameters = _parameters(created, order, inputs, captured, len(values))
    slots = {leaf: i for i, leaf in enumerate(inputs)}
    return Trace(created, order, graph, output, auxiliary, slots, captured, parameters)


def _results(result: Any, has_aux: bool) -> tuple[Value, list[Value]]:
    """The output and the auxiliary values of what `fn` returned, checked."""
    auxiliary: list[Value] = []
    if has_aux:
        if not (isinstance(result, tuple) and len(result) == 2):
            raise CompileError(
                f"compile: with has_aux=True, fn must return (output, values), got "
                f"{type(result).__name__}"
            )
        result, auxiliary = result[0], list(result[1])
        if not all(isinstance(value, Value) for value in auxiliary):
            raise CompileError("compile: with has_aux=True, the values fn returns must be Values")
    if not isinstance(result, Value):
        raise CompileError(
            f"compile: fn must return one Value (the loss), got {type(result).__name__}; reduce "
            f"the result to a single Value, e.g. sum(...)"
        )
    return result, auxiliary


def _parameters(
    created: list[Value],
    order: list[Value],
    inputs: list[Value],
    captured: dict[Value, int],
    first: int,
) -> list[Value]:
    """The Values fn used that it did not make, first use first, numbered from `first` on.

    They join `captured` after every argument position.

    Raises:
        CompileError: fn made a node inside no_grad() (its number would be frozen), or with
            micrograd's constructor and an op that has no rule (there is no code to write).

    """
    made = set(created)
    for node in order:
        if node.parents and node.rule.kind == rules.UNKNOWN:
            raise CompileError(
                f"compile: {node!r} was made with micrograd's Value(data, children, {node.op!r}); "
                f"that op has no rule, so it has no code to compile; build it from Value "
                f"operations (+, *, tanh, …)"
            )
        if node in made and not node.parents and node.rule is not rules.LEAF_RULE:
            raise CompileError(
                f"compile: fn computed {node!r} ({node.op}) inside no_grad(), so its graph was "
                f"not recorded and its number would be frozen at trace time; compute it outside "
                f"no_grad() inside fn"
            )
    known = made.union(inputs)
    parameters: list[Value] = []
    uses = [parent for node in created for parent in node.parents]
    for node in (*uses, *order):  # first uses, then what only the graph reaches
        if node not in known and node not in captured:
            captured[node] = first + len(parameters)
            parameters.append(node)
    return parameters
