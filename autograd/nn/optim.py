"""Optimisers: how parameters change once ``backward()`` has filled their gradients.

`SGD` is gradient descent as in the lecture notes and PyTorch. Updates are plain float
arithmetic on ``p.data``, so they record no graph; losses live in `losses.py`.
"""

from __future__ import annotations

from collections.abc import Iterable

from autograd.engine import Value
from autograd.nn.fit_checks import check_number


class SGD:
    """Stochastic gradient descent: new_weight = old_weight - learning_rate · gradient.

    With the defaults, `step` is exactly that rule for every parameter p::

        p.data -= lr * p.grad

    Options, with PyTorch's names and meaning:

    - ``weight_decay`` λ adds λ·p to the gradient (L2 regularisation): g = ∇p + λ·p.
    - ``momentum`` μ keeps a running velocity v ← μ·v + g (v = g on the first step) and steps
      along it, p ← p - lr·v, so steps that agree build up speed and noisy ones cancel.

    **Build a new graph after every step.** `step` changes ``p.data`` in place; a loss computed
    before the step still holds the numbers it was computed with. Calling ``backward()`` on it
    again uses the old numbers with the new weights' gradients silently mixed in (PyTorch stops
    this with "modified by an inplace operation"; this library does not check). Each training
    step therefore runs the forward pass again: loss = f(model(x)), zero_grad, backward, step.

    Args:
        parameters: the values to train, e.g. ``model.parameters()``.
        lr: the learning rate, the step size (> 0). It is an attribute: change ``opt.lr``
            between steps to schedule it.
        momentum: μ in [0, 1).
        weight_decay: λ ≥ 0.

    """

    def __init__(
        self,
        parameters: Iterable[Value],
        lr: float,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
    ) -> None:
        if isinstance(parameters, Value) or not isinstance(parameters, Iterable):
            raise TypeError(
                f"SGD: parameters must be a list of Values, got {type(parameters).__name__}; "
                f"pass model.parameters()"
            )
        self.parameters = list(parameters)
        if not self.parameters:
            raise ValueError("SGD: got an empty parameter list; pass model.parameters()")
        for p in self.parameters:
            if not isinstance(p, Value):
                raise TypeError(
                    f"SGD: every parameter must be a Value, got {type(p).__name__} {p!r}; "
                    f"pass model.parameters()"
                )
        self.lr = check_number("SGD", "lr", lr, low=0.0, low_allowed=False, example="lr=0.1")
        self.momentum = check_number(
            "SGD", "momentum", momentum, low=0.0, high=1.0, example="momentum=0.9"
        )
        self.weight_decay = check_number(
            "SGD", "weight_decay", weight_decay, low=0.0, example="weight_decay=1e-4"
        )
        self._velocity: list[float] | None = None  # one per parameter, made by the first step

    def step(self) -> None:
        """Move every parameter against its gradient by one step of size `lr`.

        A parameter whose ``grad`` is None (as PyTorch's ``zero_grad(set_to_none=True)`` leaves
        it, before any backward pass reached it) is left as it is, as in PyTorch.
        """
        if self.momentum == 0.0 and self.weight_decay == 0.0:
            for p in self.parameters:
                if p.grad is not None:
                    p.data -= self.lr * p.grad
            return
        gradients: list[float | None] = [
            None if p.grad is None else p.grad + self.weight_decay * p.data for p in self.parameters
        ]
        if self.momentum != 0.0:
            previous = self._velocity or [0.0] * len(gradients)
            first = self._velocity is None
            self._velocity = [
                v if g is None else g if first else self.momentum * v + g
                for v, g in zip(previous, gradients, strict=True)
            ]
            gradients = [
                None if g is None else v for v, g in zip(self._velocity, gradients, strict=True)
            ]
        for p, g in zip(self.parameters, gradients, strict=True):
            if g is not None:
                p.data -= self.lr * g

    def zero_grad(self) -> None:
        """Set every parameter's grad to 0 (gradients accumulate across ``backward()`` calls)."""
        for p in self.parameters:
            p.grad = 0.0

    def __repr__(self) -> str:
        return (
            f"SGD({len(self.parameters)} parameters, lr={self.lr:g}, momentum={self.momentum:g}, "
            f"weight_decay={self.weight_decay:g})"
        )
