"""Grad mode: whether new operations record their parents, and whether `compile` traces them.

`no_grad()` turns recording off. Both are `contextvars.ContextVar`s, so they are per thread (and
per asyncio task): one thread inside ``no_grad()`` never stops another from recording, nor does
one thread's trace see another's.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

# typing.TYPE_CHECKING without importing typing, which would take half of `import autograd`'s time
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

#: True while new operations record their parents; every Value reads it as it is made.
recording: ContextVar[bool] = ContextVar("autograd_grad_enabled", default=True)
#: While `compile` traces a function: the list that every new Value adds itself to; else None.
tracing: ContextVar[list[Any] | None] = ContextVar("autograd_tracing", default=None)


class CompileError(TypeError):
    """`compile` cannot trace this function or these arguments; the message says why and how."""


def frozen_branch(what: str) -> CompileError:
    """The error for reading a traced Value's number as Python control flow would (``if v > 0``)."""
    return CompileError(
        f"compile: {what} on a Value while tracing (as `if v > 0:`, max(), min() and sorted() do) "
        f"would freeze its branch into the program, giving wrong gradients when the data changes; "
        f"use an op that branches inside it (v.relu() for max(v, 0), v.leaky_relu()), or don't "
        f"compile: fit(..., compile=False), `train --no-compile`, or fn(...).backward()"
    )


def is_grad_enabled() -> bool:
    """Whether new operations record their parents here (False inside ``with no_grad():``)."""
    return recording.get()


def require_graph(value: Any, where: str) -> None:
    """A clear error when `value` was computed inside ``no_grad()``: it has no graph to walk.

    Such a value keeps the rule that made it but no parents, unlike a leaf made by ``Value(x)``.
    """
    if not value.parents and value.rule.inputs:  # computed by an op, its parents forgotten
        raise RuntimeError(
            f"{where}: {value!r} was computed inside no_grad(), so it has no graph; compute it "
            f"outside the no_grad() block"
        )


@contextlib.contextmanager
def _recording(on: bool) -> Iterator[None]:
    """Recording set on or off inside the block (or the decorated function); then restored."""
    token = recording.set(on)
    try:
        yield
    finally:
        recording.reset(token)


def no_grad() -> contextlib.AbstractContextManager[None]:
    """Context manager and decorator: operations inside record no parents (no graph is built).

    Use it for evaluation, plotting and parameter updates, where no gradient is needed: forward
    passes are cheaper and use less memory. It affects only the current thread. As a
    decorator: ``@no_grad()``.

    Example:
        >>> with no_grad():
        ...     prediction = model(x)      # prediction.parents == ()

    """
    return _recording(False)


def enable_grad() -> contextlib.AbstractContextManager[None]:
    """Context manager and decorator: record graphs inside, even within an enclosing `no_grad()`."""
    return _recording(True)
