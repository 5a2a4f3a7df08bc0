"""The compiled step: programs cached by what they depend on, run, and checked against errors.

A program depends on the arguments' shape (list lengths, nesting, numbers or Values) and on
which argument Values are the same object, or are parameters the function also uses directly:
a call that differs in any of these from every traced program traces again.
"""

from __future__ import annotations

import builtins
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from autograd.compiler.emit import Listing, emit, program_text
from autograd.compiler.scale import compact_text
from autograd.compiler.trace import flatten, trace, traced_arguments
from autograd.engine.grad_mode import CompileError, is_grad_enabled
from autograd.engine.value import Value

# Graphs bigger than this are written compactly (scale.py): numbers used once inlined, no
# comments (nobody reads 100,000 backward lines, and writing them costs a tenth of the tracing
# time). Small graphs keep one line per operation, with comments, to be read.
COMPACT_ABOVE_NODES = 5000


@dataclass
class Program:
    """One traced graph, as generated Python, for one shape and aliasing of the arguments.

    Attributes:
        source: the generated module (what `CompiledStep.source` shows, and what runs).
        entry: its function ``compiled_step(X, P, G)``.
        parameters: the Values fn used directly, read after the arguments' Values in ``P``.
        added: ``P`` indices whose gradient is added into ``.grad``; `assigned`: set as it.

    """

    source: str
    entry: Callable[[list[float], list[Value], list[float]], Any]
    parameters: list[Value]
    added: list[int]
    assigned: list[int]

    @functools.cached_property
    def parameter_index(self) -> dict[Value, int]:
        """Each parameter's place among the parameters (what an aliasing key names)."""
        return {value: i for i, value in enumerate(self.parameters)}

    def run(self, numbers: list[float], values: list[Value]) -> Any:
        """Forward and backward; gradients go into ``.grad`` only once the program is done."""
        captured = values + self.parameters
        gradients = [0.0] * len(captured)
        result = self.entry(numbers, captured, gradients)
        for i in self.added:  # as backward(): leaves accumulate (None counts as 0) …
            value = captured[i]
            value.grad = gradients[i] if value.grad is None else value.grad + gradients[i]
        for i in self.assigned:  # … and Values computed before the call are set
            captured[i].grad = gradients[i]
        return result


def build(fn: Callable[..., Any], args: Sequence[Any], has_aux: bool, stand_ins: bool) -> Program:
    """Trace `fn` on `args` and compile the program (see trace.py, emit.py, scale.py)."""
    traced = trace(fn, args, has_aux, stand_ins)
    compact = len(traced.order) > COMPACT_ABOVE_NODES
    listing: Listing = emit(traced, has_aux, comments=not compact)
    parameters = traced.parameters
    del traced  # the graph is not needed any more: free it before compiling
    source = compact_text(listing) if compact else program_text(listing)
    added, assigned = listing.added, listing.assigned
    del listing  # nor are the lines: only the text is compiled
    namespace: dict[str, Any] = {}
    for part in re.split(r"\n(?=def )", source):  # one function at a time: bounded compile() memory
        exec(builtins.compile(part, "<autograd.compile>", "exec", dont_inherit=True), namespace)
    return Program(source, namespace["compiled_step"], parameters, added, assigned)


def aliasing(values: list[Value], program: Program) -> tuple[int, ...] | None:
    """How the argument Values alias: None if all differ and none is a parameter of `program`.

    Otherwise, for each: its own position, the position of the first argument that is the same
    Value, or -1-k for the k-th parameter.
    """
    pattern: list[int] = []
    first: dict[Value, int] = {}
    for i, value in enumerate(values):
        k = program.parameter_index.get(value)
        pattern.append(-1 - k if k is not None else first.setdefault(value, i))
    return None if pattern == list(range(len(values))) else tuple(pattern)


class CompiledStep:
    """A compiled `fn`: call it like ``fn(*args).backward()``; it returns the output's number.

    Built by `compile`. Programs are traced on first use and cached by the arguments' shape and
    aliasing (module doc), so new data of the same shape reuses them.
    """

    def __init__(self, fn: Callable[..., Any], has_aux: bool) -> None:
        if not callable(fn):
            raise CompileError(
                f"compile: expected a function that returns a Value, got {type(fn).__name__} "
                f"{fn!r:.60}"
            )
        self.fn, self.has_aux = fn, has_aux
        self.programs: dict[Any, Program] = {}
        functools.update_wrapper(self, fn)

    def program(self, *args: Any) -> Program:
        """The program for arguments of this shape and aliasing (traced now if it is new)."""
        values: list[Value] = []
        return self._program(args, flatten(args, [], values), values)

    def _program(self, args: Sequence[Any], shape: Any, values: list[Value]) -> Program:
        base = self.programs.get(("shape", shape))  # argument Values traced as stand-ins
        if base is None:
            base = self.programs["shape", shape] = build(self.fn, args, self.has_aux, True)
        pattern = aliasing(values, base) if values else None
        if pattern is None:
            return base
        found = self.programs.get(("aliased", shape, pattern))
        if found is None:  # traced with the Values themselves: their aliasing is in the graph
            found = build(self.fn, args, self.has_aux, stand_ins=False)
            self.programs["aliased", shape, pattern] = found
        return found

    def __call__(self, *args: Any) -> Any:
        """Forward and backward: the output's number; gradients are added into ``.grad``.

        With ``has_aux``, ``(output's number, [the auxiliary values' numbers])``.
        """
        if not is_grad_enabled():
            raise CompileError(
                "compile: the compiled step was called inside no_grad(), but it computes "
                "gradients; call it outside the no_grad() block, or call fn itself for a "
                "forward pass only"
            )
        numbers: list[float] = []
        values: list[Value] = []
        program = self._program(args, flatten(args, numbers, values), values)
        try:
            return program.run(numbers, values)
        except (ArithmeticError, ValueError):  # a domain error: the engine names it (dynamic)
            return self.dynamic(*args)

    def dynamic(self, *args: Any) -> Any:
        """The same call on the dynamic graph: ``fn(*args).backward()``, numbers as new leaves.

        Where the program fails (a domain error at run time) this raises the engine's own error,
        naming the op, the value and its label; nothing was written to ``.grad`` before.
        """
        output = self.fn(*traced_arguments(args, [], [], stand_ins=False))
        loss, auxiliary = output if self.has_aux else (output, [])
        loss.backward()
        return (loss.data, [v.data for v in auxiliary]) if self.has_aux else loss.data

    def source(self, *args: Any) -> str:
        """The generated Python for arguments of this shape: a module that runs on its own."""
        return self.program(*args).source

    def __repr__(self) -> str:
        name = getattr(self.fn, "__name__", "function")
        return f"<compiled {name}: {len(self.programs)} program(s) traced>"
