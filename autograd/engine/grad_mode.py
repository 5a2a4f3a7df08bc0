"""Grad mode: whether new operations record their parents. `no_grad()` turns recording off.

The switch is a `contextvars.ContextVar`, so it is per thread (and per asyncio task): one thread
inside ``no_grad()`` never stops another from recording.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar, Token
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

#: True while new operations record their parents; every Value reads it as it is made.
recording: ContextVar[bool] = ContextVar("autograd_grad_enabled", default=True)


def is_grad_enabled() -> bool:
    """Whether new operations record their parents here (False inside ``with no_grad():``)."""
    return recording.get()


def require_graph(value: Any, where: str) -> None:
    """A clear error when `value` was computed inside ``no_grad()``: it has no graph to walk.

    Such a value keeps the rule that made it but no parents, unlike a leaf made by ``Value(x)``.
    """
    if value.parents or not value.rule.inputs:
        return
    raise RuntimeError(
        f"{where}: {value!r} was computed inside no_grad(), so it remembers no graph to "
        f"differentiate; compute it outside the no_grad() block"
    )


class _GradMode:
    """Recording set on or off for a ``with`` block or a decorated function.

    The previous setting is restored on exit, even when the block raises.
    """

    recording: bool  # what the subclass sets inside the block

    def __init__(self) -> None:
        self._tokens: list[Token[bool]] = []  # a stack, so one instance can be re-entered

    def __enter__(self) -> None:
        self._tokens.append(recording.set(self.recording))

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        recording.reset(self._tokens.pop())

    def __call__(self, function: Callable[P, R]) -> Callable[P, R]:
        """Use as a decorator, e.g. ``@no_grad()``: the function runs inside the block."""

        @functools.wraps(function)
        def inside_block(*args: P.args, **kwargs: P.kwargs) -> R:
            with type(self)():
                return function(*args, **kwargs)

        return inside_block


class no_grad(_GradMode):  # noqa: N801 -- lower-case like PyTorch's torch.no_grad, which users know
    """Context manager and decorator: operations inside record no parents (no graph is built).

    Use it for evaluation, plotting and parameter updates, where no gradient is needed: forward
    passes are cheaper and use less memory. It affects only the current thread.

    Example:
        >>> with no_grad():
        ...     prediction = model(x)      # prediction.parents == ()

    """

    recording = False


class enable_grad(_GradMode):  # noqa: N801 -- lower-case like PyTorch's torch.enable_grad
    """Context manager and decorator: record graphs inside, even within an enclosing `no_grad()`."""

    recording = True
