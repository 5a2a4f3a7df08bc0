"""Neuron, Layer and MLP: models made of `Value`s, each neuron f(w · x + b).

Only the models and their parameters. Activations are in `activations.py`, the file format in
`model_files.py`, PyTorch conversion in `torch_bridge.py`, Rosenblatt's `Perceptron` in
`perceptron.py`. ``from autograd.nn import Neuron, Layer, MLP`` works like micrograd's
``micrograd.nn``.
"""

from __future__ import annotations

import os
import random
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from autograd.engine import Value
from autograd.nn import model_files, torch_bridge
from autograd.nn.activations import (
    ACTIVATIONS,
    Activation,
    get_activation,
    linear,
    micrograd_activation,
)
from autograd.nn.fit_checks import check_input, positive_int

if TYPE_CHECKING:
    import torch

__all__ = ["ACTIVATIONS", "MLP", "MODEL_TYPES", "Activation", "Input", "Layer", "Module", "Neuron"]

Input = Collection[float | Value]
"""What a model is called on: one example's features, as numbers or `Value`s (a list, a tuple,
a 1-D numpy array)."""

ModuleT = TypeVar("ModuleT", bound="Module")

UNIFORM_INIT_BOUND = 1.0  # weights start uniform in [-1, 1], as in micrograd
INITIAL_BIAS = 0.0


class Module:
    """Base class of every model: its parameters, and calling it on one example.

    A subclass sets `n_inputs` and defines `forward` (its output for an example already
    checked), `parameters()` explicitly (no attribute scanning) in a stable order, and
    `architecture()`: its type's name and the arguments of its constructor, from which a file or
    a PyTorch module rebuilds it. Saving, loading and PyTorch conversion are functions in
    `model_files` and `torch_bridge`; the methods here only hand the model to them.
    """

    n_inputs: int
    """How many numbers one example has."""

    def __call__(self, x: Input) -> Value | list[Value]:
        """The model's output for one example `x`: `forward` after checking `x`, once, here.

        One `Value` when the model has one output, else a list (as in micrograd). The layers
        and neurons inside a model are reached through their ``forward``, so an MLP's input is
        checked once, not once per neuron.
        """
        check_input(x, self.n_inputs, type(self).__name__)
        out = self.forward(x)
        return out[0] if isinstance(out, list) and len(out) == 1 else out

    def forward(self, x: Input) -> Value | list[Value]:
        """The output for `x`, which the caller has checked (calling the model checks it)."""
        raise TypeError(
            f"{type(self).__name__} has no forward(x): a model subclass defines forward(x) and "
            f"sets n_inputs (or defines __call__ itself)"
        )

    def parameters(self) -> list[Value]:
        """Every trainable `Value`, in a stable order (the order optimisers and files use)."""
        return []

    def zero_grad(self) -> None:
        """Set every parameter's grad to 0, ready for the next ``backward()``."""
        for parameter in self.parameters():
            parameter.grad = 0.0

    def architecture(self) -> dict[str, Any]:
        """``{"type": …}`` and the constructor arguments that rebuild this model's shape."""
        return {}

    def state_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data: its architecture and weights (`model_files.state_dict`).

        ``{"format": ..., "version": 1, "architecture": {...}, "weights": ...}``, where
        ``weights`` nests like the model (layers → neurons → ``{"w": [...], "b": ...}``).
        """
        return model_files.state_dict(self)

    def load_state_dict(self, state: object) -> None:
        """Set this model's parameters from `state`, as made by `state_dict`.

        Everything is checked first (`model_files.load_state_dict`), so on any error the model
        is left unchanged.

        Raises:
            ValueError: the state is malformed or is for a different architecture.

        """
        model_files.load_state_dict(self, state)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the model to `path` as JSON, atomically (see `model_files.save`).

        Raises:
            ValueError: a parameter is NaN or infinite (training diverged), which JSON cannot
                hold.
            OSError: the file cannot be written; any earlier file at `path` is left whole.

        """
        model_files.save(self, path)

    @classmethod
    def load(cls: type[ModuleT], path: str | os.PathLike[str]) -> ModuleT:
        """Build the model saved at `path` (by `save`), with its weights (`model_files.load`).

        ``MLP.load(path)`` checks the file holds an MLP; ``Module.load(path)`` takes any model.
        The whole file is checked before a model is built, and loading draws no random numbers.

        Raises:
            OSError: the file cannot be read (e.g. FileNotFoundError).
            ValueError: the file is not a valid model file; the message says what is wrong.

        """
        return model_files.load(path, cls, MODEL_TYPES)

    def to_torch(self) -> torch.nn.Sequential:
        """The model as a ``torch.nn.Sequential``: one float64 ``Linear`` per layer, W x + b.

        Row j of a Linear's weight matrix W is neuron j's weights and b holds the biases; each
        layer's activation follows it as a module (none for ``"linear"``). The result computes
        the same numbers up to rounding (see `torch_bridge.to_torch`).

        Raises:
            ModuleNotFoundError: PyTorch is not installed; the message says what to install.
            ValueError: an activation with no PyTorch counterpart (a function of your own).

        """
        return torch_bridge.to_torch(self)

    @classmethod
    def from_torch(cls: type[ModuleT], module: torch.nn.Module) -> ModuleT:
        """The model a ``torch.nn.Sequential`` of ``Linear`` layers and activations computes.

        ``MLP.from_torch(nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1)))`` is an
        ``MLP(2, [8, 1])`` with those weights: the reverse of `to_torch`. ``Layer.from_torch``
        and ``Neuron.from_torch`` take one Linear (and its activation); ``Module.from_torch``
        builds an MLP. Weights are copied as Python floats (see `torch_bridge.from_torch`).

        Raises:
            ModuleNotFoundError: PyTorch is not installed.
            TypeError: a layer that does not convert; the message names it and its position.
            ValueError: layers that do not make this kind of model, NaN or infinite weights, or
                a layer on the "meta" device (no numbers); the message says which.

        """
        return torch_bridge.from_torch(module, cls, MODEL_TYPES)


class Neuron(Module):
    """One neuron: out = f(w · x + b) = f(Σᵢ wᵢ xᵢ + b), for an activation function f.

    Args:
        n_inputs: how many numbers it takes (the length of w).
        activation: a name from `ACTIVATIONS` (default ``"relu"``) or a function Value -> Value.
        nonlin: micrograd's flag instead of `activation`: True is ReLU, False is linear.
        rng: where the initial weights come from; default the `random` module, so
            ``random.seed(k)`` makes runs repeatable.

    Weights start uniform in [-1, 1] and the bias at 0, as in micrograd.

    """

    def __init__(
        self,
        n_inputs: int,
        activation: str | Activation | None = None,
        *,
        nonlin: bool | None = None,
        rng: random.Random | None = None,
    ) -> None:
        where = "Neuron"
        self.n_inputs = positive_int(n_inputs, "n_inputs", where)
        chosen = micrograd_activation(activation, nonlin, "relu", where)
        self.activation_name, self.activation = get_activation(chosen, where)
        uniform = rng.uniform if rng is not None else random.uniform
        self.w = [
            Value(uniform(-UNIFORM_INIT_BOUND, UNIFORM_INIT_BOUND), label=f"w{i}")
            for i in range(n_inputs)
        ]
        self.b = Value(INITIAL_BIAS, label="b")

    @property
    def nonlin(self) -> bool:
        """The micrograd flag: whether the activation is anything but linear."""
        return self.activation is not linear

    def forward(self, x: Input) -> Value:
        """f(Σᵢ wᵢ xᵢ + b): the weighted sum of `x` plus the bias, through the activation.

        The sum starts from b and adds w₀x₀, w₁x₁, … in turn, exactly as micrograd does, so the
        numbers are bit-identical to micrograd's.
        """
        act = sum((wi * xi for wi, xi in zip(self.w, x, strict=True)), self.b)
        return self.activation(act)

    def parameters(self) -> list[Value]:
        """The weights w₀ … wₙ₋₁, then the bias b."""
        return [*self.w, self.b]

    def architecture(self) -> dict[str, Any]:
        """``{"type": "Neuron", "n_inputs": …, "activation": …}``."""
        return {"type": "Neuron", "n_inputs": self.n_inputs, "activation": self.activation_name}

    def _name_parameters(self, prefix: str) -> None:
        """Label the parameters ``{prefix}w0 … {prefix}b`` so graph drawings can tell them apart."""
        for i, wi in enumerate(self.w):
            wi.label = f"{prefix}w{i}"
        self.b.label = f"{prefix}b"

    def __repr__(self) -> str:
        return f"Neuron({self.n_inputs} -> 1 {self.activation_name})"


class Layer(Module):
    """A layer of `n_outputs` neurons that all read the same `n_inputs` numbers.

    Calling it returns a list of the neurons' outputs — or a single `Value` when it has one
    neuron, as in micrograd. Arguments are as for `Neuron`; every neuron gets the same activation.
    """

    def __init__(
        self,
        n_inputs: int,
        n_outputs: int,
        activation: str | Activation | None = None,
        *,
        nonlin: bool | None = None,
        rng: random.Random | None = None,
    ) -> None:
        where = "Layer"
        self.n_inputs = positive_int(n_inputs, "n_inputs", where)
        self.n_outputs = positive_int(n_outputs, "n_outputs", where)
        chosen = micrograd_activation(activation, nonlin, "relu", where)
        self.activation_name, self.activation = get_activation(chosen, where)
        self.neurons = [Neuron(n_inputs, chosen, rng=rng) for _ in range(n_outputs)]
        self._name_parameters("")

    def forward(self, x: Input) -> list[Value]:
        """Every neuron's output, as a list (even for one neuron)."""
        return [neuron.forward(x) for neuron in self.neurons]

    def parameters(self) -> list[Value]:
        """Each neuron's parameters (weights, then bias), neuron by neuron."""
        return [p for neuron in self.neurons for p in neuron.parameters()]

    def architecture(self) -> dict[str, Any]:
        """``{"type": "Layer", "n_inputs": …, "n_outputs": …, "activation": …}``."""
        return {
            "type": "Layer",
            "n_inputs": self.n_inputs,
            "n_outputs": self.n_outputs,
            "activation": self.activation_name,
        }

    def _name_parameters(self, prefix: str) -> None:
        for j, neuron in enumerate(self.neurons):
            neuron._name_parameters(f"{prefix}n{j}.")

    def __repr__(self) -> str:
        return f"Layer({self.n_inputs} -> {self.n_outputs} {self.activation_name})"


class MLP(Module):
    """A multi-layer perceptron: layers applied one after another, x → layer₁ → … → output.

    Args:
        n_inputs: how many numbers each example has.
        layer_sizes: the number of neurons in each layer; the last is the number of outputs,
            e.g. ``[16, 16, 1]`` is two hidden layers of 16 and one output.
        activation: the hidden layers' activation (default ``"relu"``).
        output_activation: the last layer's activation (default ``"linear"``: raw scores).
        rng: where the initial weights come from; default the `random` module.

    ``MLP(nin, nouts)`` is micrograd's model: ReLU hidden layers and a linear output.
    Calling it returns one `Value` when the last layer has one neuron, else a list.

    """

    def __init__(
        self,
        n_inputs: int,
        layer_sizes: Sequence[int],
        activation: str | Activation = "relu",
        output_activation: str | Activation = "linear",
        *,
        rng: random.Random | None = None,
    ) -> None:
        where = "MLP"
        self.n_inputs = positive_int(n_inputs, "n_inputs", where)
        if isinstance(layer_sizes, (str, bytes)) or not isinstance(layer_sizes, Iterable):
            raise TypeError(
                f"MLP: layer_sizes must be a list of ints, got {type(layer_sizes).__name__} "
                f"{layer_sizes!r}; e.g. MLP(2, [16, 16, 1])"
            )
        sizes = [positive_int(size, "each layer size", where) for size in layer_sizes]
        if not sizes:
            raise ValueError("MLP: layer_sizes is empty; give at least the output layer, e.g. [1]")
        self.layer_sizes = sizes
        self.activation_name, _ = get_activation(activation, where)
        self.output_activation_name, _ = get_activation(output_activation, where)
        widths = [n_inputs, *sizes]
        last = len(sizes) - 1
        self.layers = [
            Layer(
                widths[i],
                widths[i + 1],
                output_activation if i == last else activation,
                rng=rng,
            )
            for i in range(len(sizes))
        ]
        for i, layer in enumerate(self.layers):
            layer._name_parameters(f"L{i + 1}.")

    def forward(self, x: Input) -> list[Value]:
        """Forward propagation: each layer's outputs are the next layer's inputs."""
        out = self.layers[0].forward(x)
        for layer in self.layers[1:]:
            out = layer.forward(out)
        return out

    def parameters(self) -> list[Value]:
        """Each layer's parameters, first layer first."""
        return [p for layer in self.layers for p in layer.parameters()]

    def architecture(self) -> dict[str, Any]:
        """``{"type": "MLP", "n_inputs": …, "layer_sizes": […], "activation": …, …}``."""
        return {
            "type": "MLP",
            "n_inputs": self.n_inputs,
            "layer_sizes": list(self.layer_sizes),
            "activation": self.activation_name,
            "output_activation": self.output_activation_name,
        }

    def __repr__(self) -> str:
        parts = [str(self.n_inputs)]
        parts += [f"{layer.n_outputs} {layer.activation_name}" for layer in self.layers]
        return f"MLP({' -> '.join(parts)})"


#: The model types a file or a PyTorch module is rebuilt as, by the name in ``architecture()``:
#: ``MODEL_TYPES[a["type"]](**the other keys of a)`` is the model again (its own constructor).
MODEL_TYPES: dict[str, type[Module]] = {"Neuron": Neuron, "Layer": Layer, "MLP": MLP}
