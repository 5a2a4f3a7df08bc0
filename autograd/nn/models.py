"""Neural networks made of `Value`s: Neuron, Layer, MLP, and Rosenblatt's Perceptron.

Models and their parameters only: saving and loading them is in `model_files.py`, losses in
`losses.py`, parameter updates in `optim.py`, the training loop in `training.py`.
``from autograd.nn import Neuron, Layer, MLP`` works like micrograd's ``micrograd.nn``.
"""

from __future__ import annotations

import numbers
import os
import random
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from autograd.engine import Value
from autograd.nn import fit_checks, model_files, torch_bridge

if TYPE_CHECKING:
    import torch

Activation = Callable[[Value], Value]
"""An activation function: takes a neuron's weighted sum, returns its output."""

Input = Collection[float | Value]
"""What a model is called on: one example's features, as numbers or `Value`s (a list, a tuple,
a 1-D numpy array)."""

ModuleT = TypeVar("ModuleT", bound="Module")


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


#: The activations a model can be built with by name. Each is a `Value -> Value` function made of
#: engine operations, so backprop through it needs no new derivative rule.
ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": _sigmoid,
    "tanh": _tanh,
    "relu": _relu,
    "leaky_relu": _leaky_relu,
    "linear": linear,
}

UNIFORM_INIT_BOUND = 1.0  # weights start uniform in [-1, 1], as in micrograd
INITIAL_BIAS = 0.0


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


def _micrograd_activation(
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


def _check_input(x: object, n_inputs: int, where: str) -> None:
    """Check that `x` is one example's `n_inputs` features.

    A TypeError unless it is a list, tuple or 1-D array; a ValueError unless of that length.
    Called once per example, by the model called on it: the layers and neurons inside it then
    take their inputs unchecked (`_forward`).
    """
    if type(x) is list and len(x) == n_inputs:  # the usual case: a quick exit
        return
    length = fit_checks.sized_length(x)
    if length is None:
        single = isinstance(x, (numbers.Real, Value))
        raise TypeError(
            f"{where}: expected one example's {n_inputs} features as a list of numbers, got "
            f"{fit_checks.excerpt(x)}{'; for one input write model([x])' if single else ''}"
        )
    if length != n_inputs:
        raise ValueError(
            f"{where}: expected {n_inputs} inputs, got {length}; pass one number per input the "
            f"model was built with"
        )


class Module:
    """Base class of every model: its parameters, and saving and loading them.

    Subclasses define `parameters()` explicitly (no attribute scanning), in a stable order, and
    `architecture()`, the settings needed to rebuild them. The file format and its checks are in
    `model_files.py`; the methods here hand the model's numbers over to it.
    """

    def parameters(self) -> list[Value]:
        """Every trainable `Value`, in a stable order (the order optimisers and files use)."""
        return []

    def zero_grad(self) -> None:
        """Set every parameter's grad to 0, ready for the next ``backward()``."""
        for parameter in self.parameters():
            parameter.grad = 0.0

    def architecture(self) -> dict[str, Any]:
        """The constructor arguments that rebuild this model's shape (saved with its weights)."""
        return {}

    def state_dict(self) -> dict[str, Any]:
        """Everything needed to rebuild this model, as JSON-ready data (see `model_files.to_state`).

        ``{"format": ..., "version": 1, "architecture": {...}, "weights": ...}``, where
        ``weights`` nests like the model (layers → neurons → ``{"w": [...], "b": ...}``).
        """
        return model_files.to_state(self.architecture(), self._numbers())

    def load_state_dict(self, state: object) -> None:
        """Set this model's parameters from `state` (as made by `state_dict`).

        Everything is checked first — format, version, architecture, every number's type,
        finiteness and place — so on any error the model is left unchanged.

        Raises:
            ValueError: the state is malformed or is for a different architecture.

        """
        where = f"{type(self).__name__}.load_state_dict"
        n_parameters = len(self.parameters())
        self._set_numbers(model_files.from_state(state, self.architecture(), n_parameters, where))

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the model to `path` as JSON, atomically (see `model_files.write`).

        Raises:
            ValueError: a parameter is NaN or infinite (training diverged), which JSON cannot
                hold.
            OSError: the file cannot be written; any earlier file at `path` is left whole.

        """
        where = f"{type(self).__name__}.save"
        model_files.write(path, self.architecture(), self._numbers(), where)

    @classmethod
    def load(cls: type[ModuleT], path: str | os.PathLike[str]) -> ModuleT:
        """Build the model saved at `path` (by `save`), with its weights.

        ``MLP.load(path)`` checks the file holds an MLP; ``Module.load(path)`` takes any model.
        The whole file is checked before a model is built, and loading draws no random numbers.

        Raises:
            OSError: the file cannot be read (e.g. FileNotFoundError).
            ValueError: the file is not a valid model file; the message says what is wrong.

        """
        where = f"{cls.__name__}.load({os.fspath(path)!r})"
        architecture, numbers = model_files.read(path, ACTIVATIONS, where)
        model = _rebuild(architecture)
        if not isinstance(model, cls):
            raise ValueError(
                f"{where}: the file holds a {type(model).__name__}, not a {cls.__name__}; "
                f"use {type(model).__name__}.load or Module.load"
            )
        model._set_numbers(numbers)
        return model

    def to_torch(self) -> torch.nn.Sequential:
        """The model as a ``torch.nn.Sequential``: one float64 ``Linear`` per layer, W x + b.

        Row j of a Linear's weight matrix W is neuron j's weights and b holds the biases; each
        layer's activation follows it as a module (none for ``"linear"``). The result computes
        the same numbers up to rounding (see `torch_bridge.to_torch`).

        Raises:
            ModuleNotFoundError: PyTorch is not installed; the message says what to install.
            ValueError: an activation with no PyTorch counterpart (a function of your own).

        """
        return torch_bridge.to_torch(
            self.architecture(), self._numbers(), f"{type(self).__name__}.to_torch"
        )

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
            ValueError: layers that do not make this kind of model; the message says why.

        """
        where = f"{cls.__name__}.from_torch"
        kind = "Neuron" if issubclass(cls, Neuron) else "Layer" if issubclass(cls, Layer) else "MLP"
        architecture, numbers = torch_bridge.from_torch(module, kind, where)
        model = _rebuild(architecture)
        if not isinstance(model, cls):
            raise TypeError(
                f"{where}: from_torch builds only Neuron, Layer and MLP objects, not a "
                f"{cls.__name__}; use {type(model).__name__}.from_torch"
            )
        model._set_numbers(numbers)
        return model

    def _numbers(self) -> list[float]:
        return [parameter.data for parameter in self.parameters()]

    def _set_numbers(self, numbers: list[float]) -> None:
        for parameter, number in zip(self.parameters(), numbers, strict=True):
            parameter.data = number


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
        self.n_inputs = fit_checks.positive_int(n_inputs, "n_inputs", where)
        chosen = _micrograd_activation(activation, nonlin, "relu", where)
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

    def __call__(self, x: Input) -> Value:
        """f(Σᵢ wᵢ xᵢ + b): the weighted sum of `x` plus the bias, through the activation.

        The sum starts from b and adds w₀x₀, w₁x₁, … in turn, exactly as micrograd does, so the
        numbers are bit-identical to micrograd's.
        """
        _check_input(x, self.n_inputs, "Neuron")
        return self._forward(x)

    def _forward(self, x: Input) -> Value:
        """`__call__` without checking `x` (a Layer has checked it once for all its neurons)."""
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
        self.n_inputs = fit_checks.positive_int(n_inputs, "n_inputs", where)
        self.n_outputs = fit_checks.positive_int(n_outputs, "n_outputs", where)
        chosen = _micrograd_activation(activation, nonlin, "relu", where)
        self.activation_name, self.activation = get_activation(chosen, where)
        self.neurons = [Neuron(n_inputs, chosen, rng=rng) for _ in range(n_outputs)]
        self._name_parameters("")

    def forward(self, x: Input) -> list[Value]:
        """Every neuron's output, as a list (even for one neuron)."""
        _check_input(x, self.n_inputs, "Layer")
        return self._forward(x)

    def _forward(self, x: Input) -> list[Value]:
        """`forward` without checking `x` (an MLP has checked its input once)."""
        return [neuron._forward(x) for neuron in self.neurons]

    def __call__(self, x: Input) -> Value | list[Value]:
        """The neurons' outputs; a single `Value` if the layer has one neuron."""
        out = self.forward(x)
        return out[0] if len(out) == 1 else out

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
        self.n_inputs = fit_checks.positive_int(n_inputs, "n_inputs", where)
        if isinstance(layer_sizes, (str, bytes)) or not isinstance(layer_sizes, Iterable):
            raise TypeError(
                f"MLP: layer_sizes must be a list of ints, got {type(layer_sizes).__name__} "
                f"{layer_sizes!r}; e.g. MLP(2, [16, 16, 1])"
            )
        sizes = [fit_checks.positive_int(size, "each layer size", where) for size in layer_sizes]
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

    def __call__(self, x: Input) -> Value | list[Value]:
        """Forward propagation: each layer's outputs are the next layer's inputs."""
        _check_input(x, self.n_inputs, "MLP")
        out = self.layers[0]._forward(x)
        for layer in self.layers[1:]:
            out = layer._forward(out)
        return out[0] if len(out) == 1 else out

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


def _rebuild(architecture: dict[str, Any]) -> Module:
    """A model of the checked, saved `architecture`, whose weights are then set from the file.

    Built with a private random generator: the initial weights are overwritten at once, and
    loading must not change the global `random` stream a user may have seeded.
    """
    rng = random.Random(0)
    if architecture["type"] == "Neuron":
        return Neuron(architecture["n_inputs"], architecture["activation"], rng=rng)
    if architecture["type"] == "Layer":
        n_inputs, n_outputs = architecture["n_inputs"], architecture["n_outputs"]
        return Layer(n_inputs, n_outputs, architecture["activation"], rng=rng)
    return MLP(
        architecture["n_inputs"],
        architecture["layer_sizes"],
        architecture["activation"],
        architecture["output_activation"],
        rng=rng,
    )


# ----- Rosenblatt's perceptron ---------------------------------------------------------------

DEFAULT_PERCEPTRON_EPOCHS = 100
DEFAULT_PERCEPTRON_LEARNING_RATE = 1.0


class Perceptron:
    """Rosenblatt's perceptron (1958): ŷ = step(w · x + b), with step(z) = 1 if z > 0 else 0.

    A linear classifier: it draws one straight line (a hyperplane) between the classes, so it
    learns any linearly separable problem (AND, OR, separable blobs) and can never learn XOR.

    It uses plain floats, not `Value`s: the step function's derivative is 0 almost everywhere, so
    backprop has nothing to follow. It learns by the *perceptron rule* instead, which is not
    gradient descent: after each example, ``w ← w + learning_rate · (y - ŷ) · x`` and
    ``b ← b + learning_rate · (y - ŷ)`` — nothing changes when the prediction is right.

    Weights and bias start at 0 (the perceptron convergence theorem needs no random start).

    Attributes:
        weights, bias: the line's coefficients.
        errors_per_epoch: how many examples each epoch of `fit` got wrong.
        converged: whether the last `fit` reached an epoch with no mistakes.

    """

    def __init__(self, n_inputs: int) -> None:
        self.n_inputs = fit_checks.positive_int(n_inputs, "n_inputs", "Perceptron")
        self.weights = [0.0] * n_inputs
        self.bias = 0.0
        self.errors_per_epoch: list[int] = []
        self.converged = False

    def net_input(self, x: Collection[float]) -> float:
        """The weighted sum before the step, z = w · x + b."""
        _check_input(x, self.n_inputs, "Perceptron")
        return sum((w * xi for w, xi in zip(self.weights, x, strict=True)), self.bias)

    def predict(self, x: Collection[float]) -> int:
        """ŷ = step(w · x + b): 1 if the weighted sum is positive, else 0."""
        return 1 if self.net_input(x) > 0.0 else 0

    def fit(
        self,
        X: fit_checks.Examples,  # noqa: N803 -- X for a data matrix, as in the lecture notes
        y: fit_checks.Targets,
        epochs: int = DEFAULT_PERCEPTRON_EPOCHS,
        lr: float = DEFAULT_PERCEPTRON_LEARNING_RATE,
    ) -> Perceptron:
        """Train with the perceptron rule, one example at a time, for up to `epochs` passes.

        Stops early after an epoch with no mistakes (then `converged` is True). Labels must be
        0 or 1 (see `autograd.nn.data.to_binary` for ±1 labels). Returns the perceptron itself.
        X and y may be lists or numpy arrays.
        """
        where = "Perceptron.fit"
        rows, labels = fit_checks.check_dataset(where, X, y)
        if any(label not in (0.0, 1.0) for label in labels):
            raise ValueError(
                f"{where}: labels must be 0 or 1, got {sorted(set(labels))!r}; convert ±1 labels "
                f"with autograd.nn.data.to_binary(y)"
            )
        fit_checks.positive_int(epochs, "epochs", where)
        fit_checks.check_number(where, "lr", lr, low=0.0, low_allowed=False, example="lr=1.0")
        self.errors_per_epoch = []
        self.converged = False
        for _ in range(epochs):
            errors = 0
            for x, target in zip(rows, labels, strict=True):
                error = target - self.predict(x)  # -1, 0 or +1
                if error:
                    errors += 1
                    self.weights = [
                        w + lr * error * xi for w, xi in zip(self.weights, x, strict=True)
                    ]
                    self.bias += lr * error
            self.errors_per_epoch.append(errors)
            if errors == 0:
                self.converged = True
                break
        return self

    def accuracy(self, X: fit_checks.Examples, y: fit_checks.Targets) -> float:  # noqa: N803
        """The fraction of examples whose prediction equals the label."""
        rows, labels = fit_checks.check_dataset("Perceptron.accuracy", X, y)
        correct = sum(self.predict(x) == label for x, label in zip(rows, labels, strict=True))
        return correct / len(labels)

    def __repr__(self) -> str:
        return f"Perceptron({self.n_inputs} -> 1 step)"
