"""micrograd's `nn`: `Neuron`, `Layer` and `MLP` whose parameters are micrograd Values.

They are the library's own models (`autograd.nn`), with micrograd's signatures
(``Neuron(nin, nonlin=True)``, ``Layer(nin, nout)``, ``MLP(nin, nouts)``); only their parameters
are made micrograd Values, so that every node of their graphs has ``_prev`` and ``_op``.
"""

from __future__ import annotations

from typing import Any

from autograd import nn
from autograd.micrograd.engine import Value

__all__ = ["MLP", "Layer", "Module", "Neuron"]

Module = nn.Module


def _with_micrograd_values(model: Any) -> None:
    """Replace each neuron's weights and bias by micrograd Values with the same numbers."""
    layers = getattr(model, "layers", [model])
    for neuron in (n for layer in layers for n in getattr(layer, "neurons", [layer])):
        neuron.w = [Value(w.data, label=w.label) for w in neuron.w]
        neuron.b = Value(neuron.b.data, label=neuron.b.label)


class Neuron(nn.Neuron):
    """micrograd's ``Neuron(nin, nonlin=True)``: ReLU(w · x + b), or linear with nonlin=False."""

    def __init__(self, nin: int, nonlin: bool = True, **kwargs: Any) -> None:
        super().__init__(nin, nonlin=nonlin, **kwargs)
        _with_micrograd_values(self)


class Layer(nn.Layer):
    """micrograd's ``Layer(nin, nout, nonlin=True)``: `nout` neurons reading the same inputs."""

    def __init__(self, nin: int, nout: int, **kwargs: Any) -> None:
        super().__init__(nin, nout, **kwargs)
        _with_micrograd_values(self)


class MLP(nn.MLP):
    """micrograd's ``MLP(nin, nouts)``: ReLU hidden layers and a linear output layer."""

    def __init__(self, nin: int, nouts: list[int], **kwargs: Any) -> None:
        super().__init__(nin, nouts, **kwargs)
        _with_micrograd_values(self)
