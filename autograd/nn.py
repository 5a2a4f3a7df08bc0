"""Neural networks made of `Value`s: Neuron, Layer, MLP, Rosenblatt's Perceptron, and saving them.

Models and their parameters only: losses are in `losses.py`, parameter updates in `optim.py`,
the training loop in `training.py`. Compatible with micrograd's ``micrograd.nn``.
"""

from __future__ import annotations

import json
import math
import os
import random
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from autograd.value import Value, weighted_sum

Activation = Callable[[Value], Value]
"""An activation function: takes a neuron's weighted sum, returns its output."""

Input = Sequence[float] | Sequence[Value] | Sequence[float | Value]
"""What a model is called on: one example's features, as numbers or `Value`s."""

PathLike = str | os.PathLike[str]


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

FORMAT_NAME = "scalar-autograd model"  # the marker a saved model file must carry
FORMAT_VERSION = 1  # bump when the file layout changes; loading checks it


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


def _positive_int(value: object, name: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"{where}: {name} must be a positive int, got {type(value).__name__} {value!r}"
        )
    return value


class Module:
    """Base class of every model: a list of parameters, and saving/loading them.

    Subclasses define `parameters()` explicitly (no attribute scanning), in a stable order, and
    `architecture()`, the settings needed to rebuild them.
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

    def _weights(self) -> Any:
        """The parameters' numbers, nested like the model (what `state_dict` stores)."""
        return [parameter.data for parameter in self.parameters()]

    def _read_weights(self, weights: Any, where: str) -> list[float]:
        """Check `weights` has this model's nesting; its numbers in `parameters()` order."""
        return _read_numbers(weights, len(self.parameters()), where)

    # ----- saving and loading ------------------------------------------------------------

    def state_dict(self) -> dict[str, Any]:
        """Everything needed to rebuild this model, as JSON-ready data.

        ``{"format": ..., "version": 1, "architecture": {...}, "weights": ...}``, where
        ``weights`` nests like the model (layers → neurons → ``{"w": [...], "b": ...}``).
        """
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "architecture": self.architecture(),
            "weights": self._weights(),
        }

    def load_state_dict(self, state: object) -> None:
        """Set this model's parameters from `state` (as made by `state_dict`).

        Everything is checked first — format, version, architecture, every number's type,
        finiteness and place — so on any error the model is left unchanged.

        Raises:
            ValueError: the state is malformed or is for a different architecture.

        """
        self._load_state(state, f"{type(self).__name__}.load_state_dict")

    def _load_state(self, state: object, where: str) -> None:
        checked = _check_header(state, where)
        saved = checked["architecture"]
        if saved != self.architecture():
            raise ValueError(
                f"{where}: the state is for {saved!r}, but this model is {self.architecture()!r}; "
                f"build a model with the saved architecture, or use {type(self).__name__}.load"
            )
        numbers = self._read_weights(checked["weights"], f"{where}: weights")
        for parameter, number in zip(self.parameters(), numbers, strict=True):
            parameter.data = number

    def save(self, path: PathLike) -> None:
        """Write the model to `path` as JSON (never pickle: a model file cannot run code).

        Raises:
            ValueError: a parameter is NaN or infinite (training diverged), which JSON cannot
                hold.

        """
        state = self.state_dict()
        if not all(math.isfinite(parameter.data) for parameter in self.parameters()):
            raise ValueError(
                f"{type(self).__name__}.save: some parameters are NaN or infinite (training "
                f"diverged); lower the learning rate and train again before saving"
            )
        text = json.dumps(state, indent=1) + "\n"
        # Write beside the target, then rename over it: an error part-way (disk full, Ctrl-C)
        # leaves any earlier file at `path` whole instead of truncated.
        target = os.fspath(path)
        temporary = f"{target}.{os.getpid()}.tmp"
        try:
            with open(temporary, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.remove(temporary)

    @classmethod
    def load(cls, path: PathLike) -> Module:
        """Build the model saved at `path` (by `save`), with its weights.

        ``MLP.load(path)`` checks the file holds an MLP; ``Module.load(path)`` takes any model.

        Raises:
            OSError: the file cannot be read (e.g. FileNotFoundError).
            ValueError: the file is not a valid model file; the message says what is wrong.

        """
        where = f"{cls.__name__}.load({os.fspath(path)!r})"
        with open(path, encoding="utf-8") as file:
            text = file.read()
        try:
            state = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as error:
            raise ValueError(
                f"{where}: the file is not valid JSON ({error}); it may be truncated or not a "
                f"model file — save the model again with model.save(path)"
            ) from None
        except _NonFiniteNumberError as error:
            raise ValueError(
                f"{where}: the file holds the non-finite number {error}; a saved model has only "
                f"finite weights — save the model again with model.save(path)"
            ) from None
        checked = _check_header(state, where)
        model = _build(checked["architecture"], where)
        if cls is not Module and not isinstance(model, cls):
            raise ValueError(
                f"{where}: the file holds a {type(model).__name__}, not a {cls.__name__}; "
                f"use {type(model).__name__}.load or Module.load"
            )
        model._load_state(checked, where)
        return model


class _NonFiniteNumberError(ValueError):
    """JSON held NaN or Infinity (Python's json accepts them; a model file must not)."""


def _reject_constant(name: str) -> float:
    raise _NonFiniteNumberError(name)


def _check_header(state: object, where: str) -> dict[str, Any]:
    """`state` as a dict with the right format marker, version, architecture and weights keys."""
    if not isinstance(state, dict):
        raise ValueError(
            f"{where}: expected a model state (a JSON object), got {type(state).__name__}; "
            f"use the output of model.state_dict() or a file written by model.save(path)"
        )
    if state.get("format") != FORMAT_NAME:
        raise ValueError(
            f"{where}: not a scalar-autograd model (format is {state.get('format')!r}, expected "
            f"{FORMAT_NAME!r}); use a file written by model.save(path)"
        )
    if state.get("version") != FORMAT_VERSION:
        raise ValueError(
            f"{where}: unsupported model file version {state.get('version')!r} (this library "
            f"reads version {FORMAT_VERSION}); save the model again with this version"
        )
    missing = [key for key in ("architecture", "weights") if key not in state]
    if missing:
        raise ValueError(
            f"{where}: the model state has no {' or '.join(map(repr, missing))}; "
            f"the file is incomplete — save the model again with model.save(path)"
        )
    if not isinstance(state["architecture"], dict):
        raise ValueError(
            f"{where}: 'architecture' must be a JSON object, got "
            f"{type(state['architecture']).__name__}; save the model again with model.save(path)"
        )
    return state


def _read_number(value: object, where: str) -> float:
    """`value` as a float if it is a finite int or float (not a bool), else a ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(
            f"{where}: expected a number, got {type(value).__name__} {value!r}; "
            f"the weights in a model file are numbers"
        )
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{where}: expected a finite number, got {number!r}")
    return number


def _read_numbers(values: object, length: int, where: str) -> list[float]:
    """`values` as a list of `length` finite floats, else a ValueError naming the bad entry."""
    if not isinstance(values, list):
        raise ValueError(
            f"{where}: expected a list of {length} numbers, got {type(values).__name__}"
        )
    if len(values) != length:
        raise ValueError(
            f"{where}: expected {length} numbers, got {len(values)}; the weights do not fit "
            f"this architecture"
        )
    return [_read_number(value, f"{where}[{i}]") for i, value in enumerate(values)]


def _read_list(values: object, length: int, what: str, where: str) -> list[Any]:
    if not isinstance(values, list):
        raise ValueError(
            f"{where}: expected a list of {length} {what}, got {type(values).__name__}"
        )
    if len(values) != length:
        raise ValueError(
            f"{where}: expected {length} {what}, got {len(values)}; the weights do not fit "
            f"this architecture"
        )
    return values


class Neuron(Module):
    """One neuron: out = f(w · x + b) = f(Σᵢ wᵢ xᵢ + b), for an activation function f.

    Args:
        n_inputs: how many numbers it takes (the length of w).
        activation: a name from `ACTIVATIONS` (default ``"relu"``) or a function Value -> Value.
        nonlin: micrograd's flag instead of `activation`: True is ReLU, False is linear.
        rng: where the initial weights come from; default the `random` module, so
            ``random.seed(k)`` makes runs repeatable.
        fused: compute Σᵢ wᵢ xᵢ + b as one graph node (`autograd.value.weighted_sum`) instead
            of n products and n sums: the same numbers and gradients, several times faster to
            train, but a drawing shows one ``w*x+b`` node instead of each product.

    Weights start uniform in [-1, 1] and the bias at 0, as in micrograd.

    """

    def __init__(
        self,
        n_inputs: int,
        activation: str | Activation | None = None,
        *,
        nonlin: bool | None = None,
        rng: random.Random | None = None,
        fused: bool = False,
    ) -> None:
        where = "Neuron"
        self.fused = fused
        self.n_inputs = _positive_int(n_inputs, "n_inputs", where)
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
        """f(Σᵢ wᵢ xᵢ + b): the weighted sum of `x` plus the bias, through the activation."""
        if len(x) != len(self.w):
            raise ValueError(
                f"Neuron: expected {len(self.w)} inputs, got {len(x)}; pass one number per "
                f"input the model was built with"
            )
        if self.fused:
            return self.activation(weighted_sum(self.w, x, self.b))
        act = sum((wi * xi for wi, xi in zip(self.w, x, strict=True)), self.b)
        return self.activation(act)

    def parameters(self) -> list[Value]:
        """The weights w₀ … wₙ₋₁, then the bias b."""
        return [*self.w, self.b]

    def architecture(self) -> dict[str, Any]:
        """``{"type": "Neuron", "n_inputs": …, "activation": …}``."""
        return {"type": "Neuron", "n_inputs": self.n_inputs, "activation": self.activation_name}

    def _weights(self) -> dict[str, Any]:
        return {"w": [wi.data for wi in self.w], "b": self.b.data}

    def _read_weights(self, weights: Any, where: str) -> list[float]:
        if not isinstance(weights, dict) or set(weights) != {"w", "b"}:
            raise ValueError(
                f"{where}: expected a neuron's weights {{'w': [...], 'b': number}}, got "
                f"{_describe(weights)}"
            )
        return [
            *_read_numbers(weights["w"], self.n_inputs, f"{where}.w"),
            _read_number(weights["b"], f"{where}.b"),
        ]

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
        fused: bool = False,
    ) -> None:
        where = "Layer"
        self.n_inputs = _positive_int(n_inputs, "n_inputs", where)
        self.n_outputs = _positive_int(n_outputs, "n_outputs", where)
        chosen = _micrograd_activation(activation, nonlin, "relu", where)
        self.activation_name, self.activation = get_activation(chosen, where)
        self.neurons = [Neuron(n_inputs, chosen, rng=rng, fused=fused) for _ in range(n_outputs)]
        self._name_parameters("")

    def forward(self, x: Input) -> list[Value]:
        """Every neuron's output, as a list (even for one neuron)."""
        return [neuron(x) for neuron in self.neurons]

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

    def _weights(self) -> dict[str, Any]:
        return {"neurons": [neuron._weights() for neuron in self.neurons]}

    def _read_weights(self, weights: Any, where: str) -> list[float]:
        if not isinstance(weights, dict) or set(weights) != {"neurons"}:
            raise ValueError(
                f"{where}: expected a layer's weights {{'neurons': [...]}}, got "
                f"{_describe(weights)}"
            )
        neurons = _read_list(weights["neurons"], self.n_outputs, "neurons", f"{where}.neurons")
        return [
            number
            for i, (neuron, saved) in enumerate(zip(self.neurons, neurons, strict=True))
            for number in neuron._read_weights(saved, f"{where}.neurons[{i}]")
        ]

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
        fused: one graph node per neuron's weighted sum (see `Neuron`): same numbers and
            gradients, several times faster training, less detailed drawings.

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
        fused: bool = False,
    ) -> None:
        where = "MLP"
        self.n_inputs = _positive_int(n_inputs, "n_inputs", where)
        if isinstance(layer_sizes, (str, bytes)) or not isinstance(layer_sizes, Iterable):
            raise TypeError(
                f"MLP: layer_sizes must be a list of ints, got {type(layer_sizes).__name__} "
                f"{layer_sizes!r}; e.g. MLP(2, [16, 16, 1])"
            )
        sizes = [_positive_int(size, "each layer size", where) for size in layer_sizes]
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
                fused=fused,
            )
            for i in range(len(sizes))
        ]
        for i, layer in enumerate(self.layers):
            layer._name_parameters(f"L{i + 1}.")

    def __call__(self, x: Input) -> Value | list[Value]:
        """Forward propagation: each layer's outputs are the next layer's inputs."""
        out = self.layers[0].forward(x)
        for layer in self.layers[1:]:
            out = layer.forward(out)
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

    def _weights(self) -> dict[str, Any]:
        return {"layers": [layer._weights() for layer in self.layers]}

    def _read_weights(self, weights: Any, where: str) -> list[float]:
        if not isinstance(weights, dict) or set(weights) != {"layers"}:
            raise ValueError(
                f"{where}: expected an MLP's weights {{'layers': [...]}}, got {_describe(weights)}"
            )
        layers = _read_list(weights["layers"], len(self.layers), "layers", f"{where}.layers")
        return [
            number
            for i, (layer, saved) in enumerate(zip(self.layers, layers, strict=True))
            for number in layer._read_weights(saved, f"{where}.layers[{i}]")
        ]

    def __repr__(self) -> str:
        parts = [str(self.n_inputs)]
        parts += [f"{layer.n_outputs} {layer.activation_name}" for layer in self.layers]
        return f"MLP({' -> '.join(parts)})"


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return f"an object with keys {sorted(map(str, value))}"
    return f"{type(value).__name__} {value!r}"[:80]


def _build(architecture: dict[str, Any], where: str) -> Module:
    """A new model with the saved `architecture`; the saved weights then replace its own."""
    kind = architecture.get("type")
    expected = {
        "Neuron": {"type", "n_inputs", "activation"},
        "Layer": {"type", "n_inputs", "n_outputs", "activation"},
        "MLP": {"type", "n_inputs", "layer_sizes", "activation", "output_activation"},
    }
    if kind not in expected:
        raise ValueError(
            f"{where}: unknown model type {kind!r} in 'architecture'; "
            f"a model file holds one of {', '.join(map(repr, expected))}"
        )
    if set(architecture) != expected[kind]:
        raise ValueError(
            f"{where}: the {kind} architecture should have keys {sorted(expected[kind])}, got "
            f"{sorted(architecture)}; save the model again with model.save(path)"
        )
    for key in ("activation", "output_activation"):
        name = architecture.get(key, "linear")
        if not isinstance(name, str) or name not in ACTIVATIONS:
            raise ValueError(
                f"{where}: {key} {name!r} is not a built-in activation, so it cannot be rebuilt "
                f"from a file; build the model in code and call model.load_state_dict(state)"
            )
    try:
        if kind == "Neuron":
            return Neuron(architecture["n_inputs"], architecture["activation"])
        if kind == "Layer":
            return Layer(
                architecture["n_inputs"], architecture["n_outputs"], architecture["activation"]
            )
        if not isinstance(architecture["layer_sizes"], list):
            raise ValueError(f"layer_sizes must be a list, got {architecture['layer_sizes']!r}")
        return MLP(
            architecture["n_inputs"],
            architecture["layer_sizes"],
            architecture["activation"],
            architecture["output_activation"],
            # the random initial weights are about to be overwritten; keep the global stream as is
            rng=random.Random(0),
        )
    except (TypeError, ValueError) as error:
        raise ValueError(f"{where}: bad architecture {architecture!r}: {error}") from None


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
        self.n_inputs = _positive_int(n_inputs, "n_inputs", "Perceptron")
        self.weights = [0.0] * n_inputs
        self.bias = 0.0
        self.errors_per_epoch: list[int] = []
        self.converged = False

    def net_input(self, x: Sequence[float]) -> float:
        """The weighted sum before the step, z = w · x + b."""
        if len(x) != self.n_inputs:
            raise ValueError(
                f"Perceptron: expected {self.n_inputs} inputs, got {len(x)}; pass one number per "
                f"input"
            )
        return sum((w * xi for w, xi in zip(self.weights, x, strict=True)), self.bias)

    def predict(self, x: Sequence[float]) -> int:
        """ŷ = step(w · x + b): 1 if the weighted sum is positive, else 0."""
        return 1 if self.net_input(x) > 0.0 else 0

    def fit(
        self,
        X: Sequence[Sequence[float]],  # noqa: N803 -- X for a data matrix, as in the lecture notes
        y: Sequence[int],
        epochs: int = DEFAULT_PERCEPTRON_EPOCHS,
        lr: float = DEFAULT_PERCEPTRON_LEARNING_RATE,
    ) -> Perceptron:
        """Train with the perceptron rule, one example at a time, for up to `epochs` passes.

        Stops early after an epoch with no mistakes (then `converged` is True). Labels must be
        0 or 1 (see `autograd.data.to_binary` for ±1 labels). Returns the perceptron itself.
        """
        where = "Perceptron.fit"
        if len(X) != len(y) or not X:
            raise ValueError(
                f"{where}: X has {len(X)} examples and y has {len(y)} labels; give one label per "
                f"example (and at least one example)"
            )
        if any(label not in (0, 1) for label in y):
            raise ValueError(
                f"{where}: labels must be 0 or 1, got {sorted(set(y))!r}; convert ±1 labels with "
                f"autograd.data.to_binary(y)"
            )
        _positive_int(epochs, "epochs", where)
        if not math.isfinite(lr) or lr <= 0.0:
            raise ValueError(f"{where}: lr must be a positive number, got {lr!r}; try lr=1.0")
        self.errors_per_epoch = []
        self.converged = False
        for _ in range(epochs):
            errors = 0
            for x, target in zip(X, y, strict=True):
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

    def accuracy(self, X: Sequence[Sequence[float]], y: Sequence[int]) -> float:  # noqa: N803
        """The fraction of examples whose prediction equals the label."""
        if len(X) != len(y) or not X:
            raise ValueError(
                f"Perceptron.accuracy: X has {len(X)} examples and y has {len(y)} labels; give "
                f"one label per example"
            )
        return sum(self.predict(x) == label for x, label in zip(X, y, strict=True)) / len(y)

    def __repr__(self) -> str:
        return f"Perceptron({self.n_inputs} -> 1 step)"
