"""Activation functions by name: what a neuron applies to its weighted sum.

Each is a `Value -> Value` function made of engine operations, so backprop through it needs no
new derivative rule. Models look them up here; model files and the PyTorch bridge name them.
"""

from __future__ import annotations

from collections.abc import Callable

from autograd.engine import Value

Activation = Callable[[Value], Value]
"""An activation function: takes a neuron's weighted sum, returns its output."""


def linear(x: Value) -> Value:
    """The identity f(x) = x (no activation), for output layers; derivative 1."""
    return x


def _sigmoid(x: Value) -> Value:
    """σ(x) = 1 / (1 + e^{-x}), in (0, 1); derivative σ(x)(1 - σ(x))."""
    return x.sigmoid()


def _tanh(x: Value) -> Value:
    """The hyperbolic tangent tanh x, in (-1, 1); derivative 1 - tanh² x."""
    return x.tanh()


def _relu(x: Value) -> Value:
    """ReLU(x) = max(0, x); derivative 1 for x > 0, else 0."""
    return x.relu()


def _leaky_relu(x: Value) -> Value:
    """Leaky ReLU: x for x > 0, else 0.01·x (PyTorch's default slope); derivative 1 or 0.01."""
    return x.leaky_relu()


#: The activations a model can be built with by name (and rebuilt with from a file).
ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": _sigmoid,
    "tanh": _tanh,
    "relu": _relu,
    "leaky_relu": _leaky_relu,
    "linear": linear,
}


def get_activation(
    activation: str | Activation, where: str = "activation"
) -> tuple[str, Activation]:
    """The name and function of `activation`, given by name (see `ACTIVATIONS`) or as a callable.

    A callable is named by its ``__name__`` (it appears in ``repr`` and in saved files).

    Raises:
        ValueError: an unknown name; the message lists the valid ones.
        TypeError: neither a string nor a callable.

    """
    if isinstance(activation, str):
        function = ACTIVATIONS.get(activation)
        if function is None:
            raise ValueError(
                f"{where}: unknown activation {activation!r}; "
                f"use one of {', '.join(map(repr, ACTIVATIONS))} or a function Value -> Value"
            )
        return activation, function
    if callable(activation) and not isinstance(activation, bool):
        return getattr(activation, "__name__", type(activation).__name__), activation
    hint = "; for micrograd's flag write nonlin=True/False" if isinstance(activation, bool) else ""
    raise TypeError(
        f"{where}: expected an activation name or a function Value -> Value, got "
        f"{type(activation).__name__} {activation!r}{hint}"
    )


def micrograd_activation(
    activation: str | Activation | None, nonlin: bool | None, default: str, where: str
) -> str | Activation:
    """Resolve micrograd's ``nonlin`` flag (True: ReLU, False: linear) against `activation`."""
    if nonlin is None:
        return default if activation is None else activation
    if activation is not None:
        raise TypeError(
            f"{where}: got both activation={activation!r} and nonlin={nonlin!r}; "
            f"give only one (nonlin=True means 'relu', nonlin=False means 'linear')"
        )
    return "relu" if nonlin else "linear"
