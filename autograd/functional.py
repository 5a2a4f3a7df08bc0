"""The user API on top of the engine: switching graph recording off, and gradients as functions.

Everything here uses only `Value` and the chain rule in `graph.py`; it adds no calculus.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import TracebackType
from typing import ParamSpec, TypeVar

from autograd import graph

P = ParamSpec("P")
R = TypeVar("R")


class no_grad:  # noqa: N801 -- lower-case like PyTorch's torch.no_grad, which users know
    """Context manager and decorator: operations inside record no parents (no graph is built).

    Use it for evaluation, plotting and parameter updates, where no gradient is needed; forward
    passes are cheaper and use less memory. The previous setting is restored on exit, even when
    the block raises.

    Example:
        >>> with no_grad():
        ...     prediction = model(x)      # prediction.parents == ()

    """

    def __init__(self) -> None:
        self._previous: list[bool] = []

    def __enter__(self) -> None:
        self._previous.append(graph.set_grad_enabled(False))

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        graph.set_grad_enabled(self._previous.pop())

    def __call__(self, function: Callable[P, R]) -> Callable[P, R]:
        """Use as ``@no_grad()``: the decorated function runs with recording off."""

        @functools.wraps(function)
        def without_grad(*args: P.args, **kwargs: P.kwargs) -> R:
            with no_grad():
                return function(*args, **kwargs)

        return without_grad
