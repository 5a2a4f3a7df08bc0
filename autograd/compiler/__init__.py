"""Compile: trace a function's graph once, then run it as generated straight-line Python.

``step = autograd.compile(fn)`` returns a function that does what ``fn(*args).backward()`` does
(the output's number, and ∂output/∂v added into ``.grad`` of every Value that existed before the
call), bit for bit, at close to the speed of hand-written float code. The first call traces
``fn``: it runs it once on Values and writes its graph out as Python, one line per operation
forward and one per edge backward, each line pasted from its rule's functions in the rules table::

    L = math.tanh(v3)
    g_v3 = (1.0 - L * L) * g_L  # ∂tanh x/∂x = 1 - tanh² x

``step.source(*args)`` shows that code, a module that runs on its own. Three readers of the
graph make it: `trace` (the graph, and where each number comes from), `emit` (the readable
program) and `scale` (passes for graphs of a million nodes); `step` caches and runs programs
(`step.CompiledStep`, `step.Program`, `step.build`).

The contract (as ``jax.jit``'s): see `compile`. Where the code comes from: rule code read from
the rules' functions, slot numbers, float constants written with `repr`, and identifiers made
from labels by replacing every character that is not a letter, digit or underscore. No other
text from a label, a model file or any other input reaches Python's `compile()`; labels appear
only as such identifiers or in escaped comments.
"""

from __future__ import annotations

from autograd.engine.grad_mode import CompileError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see engine/grad_mode.py)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from autograd.compiler.step import CompiledStep

__all__ = ["CompileError", "compile"]


def compile(fn: Callable[..., Any], *, has_aux: bool = False) -> CompiledStep:
    """Compile `fn` (arguments → one Value) into a step that runs forward and backward fast.

    ``step(*args)`` returns ``fn(*args).data`` and adds ∂output/∂v into ``.grad`` of every Value
    that existed before the call and that the output depends on, exactly as
    ``fn(*args).backward()`` does, bit for bit. The contract:

    - **Inputs:** numbers in `args` (also inside lists and tuples) are read afresh at every
      call; numbers made inside `fn` are constants of the program.
    - **Parameters:** Values passed in `args`, and Values that existed before the call and that
      `fn` uses (a model's weights), have their ``.data`` read at every call (so optimiser
      updates are seen) and receive gradients. They are the Values `fn` used when it was traced:
      if `fn` later uses other Values (a new model), compile it again.
    - **Errors:** Python control flow on a Value while tracing (``if v > 0``, ``max(v, w)``,
      ``bool(v)``, ``round(v)``) raises `CompileError`, because the branch would be frozen
      into the program; use ``relu``/``leaky_relu``, which branch inside it. Reading
      ``v.data`` inside `fn` does freeze that number. Wherever the dynamic graph raises
      `DomainError`, the step raises the same error; wherever it returns a number, so does
      the step.
    - **Retracing:** a new shape of the arguments (list lengths, nesting, numbers or Values),
      or a new aliasing of the argument Values (the same Value twice, or a parameter of `fn`
      passed as an argument), traces a new program; other calls reuse a cached one.

    With ``has_aux=True`` (as in JAX), `fn` returns ``(output, values)`` and the step returns
    ``(output's number, [each value's number])``: for example the loss and every score.

    Example:
        >>> step = compile(lambda x: (model(x) - 1.0) ** 2)
        >>> loss = step([0.5, -1.0])       # model's parameters now hold their gradients
        >>> print(step.source([0.5, -1.0]))  # the code backprop writes

    Raises:
        CompileError: (a TypeError) fn is not callable; at a call, an argument of another type,
            a Value argument computed from others, fn not returning one Value, control flow on
            a traced Value, or a call inside ``no_grad()``.
        DomainError: at a call, an operation got an input outside its domain (as in the
            dynamic graph: the op, the value and its label).

    """
    # the compiler's modules load on first use, so that `import autograd` stays quick
    from autograd.compiler.step import CompiledStep

    return CompiledStep(fn, has_aux)
