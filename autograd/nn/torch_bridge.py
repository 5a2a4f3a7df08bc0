"""The bridge to PyTorch: a model as a ``torch.nn.Sequential`` of ``Linear`` layers, and back.

`to_torch` and `from_torch` are what ``model.to_torch()`` and ``MLP.from_torch(module)`` call.
They read a model through its `architecture()` and its numbers in ``parameters()`` order, and
rebuild one as a model file does (`model_files.rebuild`). Not a general converter: only
``Linear`` layers and the built-in activations. PyTorch is optional (the ``torch`` extra) and is
imported only when a conversion runs, so ``import autograd.nn`` never loads it.
"""

from __future__ import annotations

import functools
import itertools
import math
from typing import TYPE_CHECKING, Any

from autograd.engine.rules import DEFAULT_NEGATIVE_SLOPE
from autograd.nn.model_files import (
    ModelT,
    ModelTypes,
    SavedModel,
    layer_shapes,
    parameter_numbers,
    rebuild,
)

if TYPE_CHECKING:
    import torch

TORCH_EXTRA = "scalar-autograd[torch]"  # the optional-dependency group that installs PyTorch
LINEAR = "linear"  # the activation name for "no activation": no module in the Sequential
DEFAULT_KIND = "MLP"  # what ``Module.from_torch`` builds: the base class names no model type

LayerSpec = tuple[int, int, str]
"""``(n_inputs, n_outputs, activation)`` of one layer of neurons."""

TorchActivation = tuple["type[torch.nn.Module]", dict[str, float]]
"""A PyTorch activation module's type and the settings it is built with."""


@functools.cache
def torch_activations() -> dict[str, TorchActivation]:
    """Every built-in activation but ``"linear"``, by name, as a PyTorch module type and settings.

    The one table both directions read: `to_torch` builds ``module_type(**settings)`` and
    `from_torch` takes a module of that type whose settings match (a LeakyReLU only with the
    slope of the built-in "leaky_relu", PyTorch's default 0.01). Built at the first call, so
    that importing this module never imports PyTorch.
    """
    import torch

    return {
        "relu": (torch.nn.ReLU, {}),
        "tanh": (torch.nn.Tanh, {}),
        "sigmoid": (torch.nn.Sigmoid, {}),
        "leaky_relu": (torch.nn.LeakyReLU, {"negative_slope": DEFAULT_NEGATIVE_SLOPE}),
    }


def _described(activation: TorchActivation) -> str:
    """How to build the module in PyTorch, e.g. ``ReLU`` or ``LeakyReLU(negative_slope=0.01)``."""
    module_type, settings = activation
    arguments = ", ".join(f"{name}={value}" for name, value in settings.items())
    return f"{module_type.__name__}({arguments})" if arguments else module_type.__name__


def require_torch(where: str) -> None:
    """Check that PyTorch can be imported.

    Raises:
        ModuleNotFoundError: PyTorch is not installed; the message names the extra to install.

    """
    try:
        import torch  # noqa: F401 -- only checking that it imports
    except ImportError as missing:
        raise ModuleNotFoundError(
            f"{where} needs PyTorch, which scalar-autograd does not install by default; "
            f"install it with: pip install '{TORCH_EXTRA}'  (or: pip install torch)",
            name="torch",
        ) from missing


# ----- scalar model → PyTorch ----------------------------------------------------------------


def to_torch(model: SavedModel) -> torch.nn.Sequential:
    """`model` (a Neuron, a Layer or an MLP) as a ``torch.nn.Sequential``; ``model.to_torch()``.

    Each layer of n neurons reading m inputs becomes ``Linear(m, n)``, whose weight matrix W
    (n × m) holds neuron j's weights in row j, and whose bias b holds the neurons' biases, so the
    layer computes f(W x + b) — the same numbers as the neurons' f(Σᵢ wⱼᵢ xᵢ + bⱼ). Its
    activation f follows as a module (`torch_activations`), none for ``"linear"``. Weights are
    float64 (Python floats), so the two models agree to rounding; call ``.float()`` on the
    result for PyTorch's usual float32. Activations are matched by name, as in model files.

    Raises:
        ModuleNotFoundError: PyTorch is not installed.
        ValueError: a model type or an activation with no PyTorch counterpart.

    """
    where = f"{type(model).__name__}.to_torch"
    require_torch(where)
    import torch

    layers = _layers(model.architecture(), where)

    modules: list[torch.nn.Module] = []
    rest = iter(parameter_numbers(model))
    for n_inputs, n_outputs, activation in layers:
        # one row per neuron: its weights, then its bias (the `parameters()` order)
        rows = [list(itertools.islice(rest, n_inputs + 1)) for _ in range(n_outputs)]
        # on the "meta" device the Linear gets no numbers, so making it draws nothing from
        # torch's global random stream; its parameters are then set to the model's
        linear = torch.nn.Linear(n_inputs, n_outputs, device="meta")
        weights, biases = [row[:-1] for row in rows], [row[-1] for row in rows]
        linear.weight = torch.nn.Parameter(torch.tensor(weights, dtype=torch.float64))
        linear.bias = torch.nn.Parameter(torch.tensor(biases, dtype=torch.float64))
        modules.append(linear)
        if activation != LINEAR:
            module_type, settings = torch_activations()[activation]
            modules.append(module_type(**settings))
    return torch.nn.Sequential(*modules)


def _layers(architecture: dict[str, Any], where: str) -> list[LayerSpec]:
    """The layers of a Neuron, Layer or MLP architecture, after checking every activation."""
    shapes = layer_shapes(architecture)
    if shapes is None:
        raise ValueError(
            f"{where}: only a Neuron, a Layer or an MLP converts to PyTorch, got an architecture "
            f"of type {architecture.get('type')!r}; convert one of those (or write the torch.nn "
            f"module by hand)"
        )
    # every layer has "activation" but an MLP's last, which has "output_activation"
    activations = [architecture["activation"]] * len(shapes)
    activations[-1] = architecture.get("output_activation", activations[-1])
    known = [*torch_activations(), LINEAR]
    for activation in activations:
        if activation not in known:
            raise ValueError(
                f"{where}: the activation {activation!r} has no PyTorch counterpart here; "
                f"build the model with one of {', '.join(map(repr, known))}"
            )
    return [(m, n, f) for (m, n), f in zip(shapes, activations, strict=True)]


# ----- PyTorch → scalar model ----------------------------------------------------------------


def from_torch(module: object, expected: type[ModelT], types: ModelTypes) -> ModelT:
    """The model of type `expected` that `module` computes; ``MLP.from_torch(module)``.

    `module` is a ``torch.nn.Sequential`` of ``Linear`` layers, each followed by at most one
    activation among ReLU, Tanh, Sigmoid and LeakyReLU with slope 0.01. Nested Sequentials are
    opened (messages count positions in the flattened list, from 0), ``Identity`` modules are
    skipped, and a bare ``Linear`` counts as a Sequential of one. Row j of a Linear's weight
    matrix becomes neuron j's weights, its bias entry the neuron's bias. An MLP has one
    activation for all its hidden layers and another for the output layer; a Layer is one
    Linear (and its activation); a Neuron is one Linear with one output.

    Weights of any floating dtype (float32, float16, bfloat16) are converted to Python floats
    exactly — every such number is a float64 — so the scalar model computes what
    ``module.double()`` computes, not what a float32 module computes (they differ by about 1e-7).
    A NaN or infinite weight is refused: a scalar model's numbers are finite (a file could not
    even hold them), so it would only fail later, far from its cause.

    The model is built by its type's own constructor in `types`: the type that `expected` is,
    or an MLP for the base class ``Module``.

    Raises:
        ModuleNotFoundError: PyTorch is not installed.
        TypeError: `module` is not a torch module, or it holds a layer this bridge does not
            convert; the message names that layer and its position. Also: `expected` is a
            subclass of a model type, which this cannot build.
        ValueError: the layers do not make a model of that type — an activation first or
            twice in a row, a Linear without bias, sizes that do not chain, mixed hidden
            activations, a LeakyReLU of another slope — or a Linear holds no numbers (the
            "meta" device) or a NaN or infinite one; the message says which.

    """
    where = f"{expected.__name__}.from_torch"
    require_torch(where)
    import torch

    if not isinstance(module, torch.nn.Module):
        raise TypeError(
            f"{where}: expected a torch.nn.Sequential of Linear layers and activations, got "
            f"{type(module).__name__}"
        )
    linears, names, activations = _read_layers(module, where)
    kind = next((name for name, made in types.items() if _builds(made, expected)), DEFAULT_KIND)
    architecture = _architecture(kind, linears, activations, where)
    numbers = [
        number
        for linear, name in zip(linears, names, strict=True)
        for number in _numbers(linear, name, where)
    ]
    model = rebuild(architecture, numbers, types)
    if not isinstance(model, expected):
        raise TypeError(
            f"{where}: from_torch builds only {_listed(list(types))} objects, not a "
            f"{expected.__name__}; use {type(model).__name__}.from_torch"
        )
    return model


def _read_layers(
    module: torch.nn.Module, where: str
) -> tuple[list[torch.nn.Linear], list[str], list[str]]:
    """The Linears of `module`, their names (type and position) and the activation after each.

    The activation is "linear" when none follows a Linear; each Linear is checked as it is read.
    """
    import torch

    flat = _flatten(module)
    linears: list[torch.nn.Linear] = []
    names: list[str] = []  # each Linear's name and position, for messages
    activations: list[str] = []  # one per Linear, "linear" when none follows it
    previous_activation = ""  # the activation module just read, as named in messages
    for position, layer in enumerate(flat):
        name = f"{type(layer).__name__} at position {position}"
        if isinstance(layer, torch.nn.Identity):
            continue
        if isinstance(layer, torch.nn.Linear):
            _check_linear(layer, name, linears[-1] if linears else None, where)
            linears.append(layer)
            names.append(name)
            activations.append(LINEAR)
            previous_activation = ""
            continue
        activation = _activation_name(layer, name, where)
        if not linears:
            raise ValueError(
                f"{where}: the Sequential starts with an activation, {name}; a layer applies "
                f"its activation after its Linear, so begin with a Linear layer"
            )
        if previous_activation:
            raise ValueError(
                f"{where}: two activations in a row, {previous_activation} then {name}; a "
                f"layer has one activation: remove one of them"
            )
        activations[-1] = activation
        previous_activation = name
    if not linears:
        raise ValueError(
            f"{where}: found no Linear layer in {type(module).__name__}; a model needs at least "
            f"one, e.g. torch.nn.Sequential(torch.nn.Linear(2, 1))"
        )
    return linears, names, activations


def _listed(names: list[str]) -> str:
    """``["a", "b", "c"]`` as ``"a, b and c"``."""
    return f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else "".join(names)


def _builds(made: object, expected: type) -> bool:
    """Whether `made`, a model type's constructor, is the class `expected` or a base of it."""
    return isinstance(made, type) and issubclass(expected, made)


def _numbers(linear: torch.nn.Linear, name: str, where: str) -> list[float]:
    """A Linear's numbers in ``parameters()`` order: each neuron's weights (a row), then its bias.

    A ValueError names the first NaN or infinite one: a scalar model's numbers are finite.
    """
    import torch

    weights = linear.weight.detach().to(device="cpu", dtype=torch.float64).tolist()
    biases = linear.bias.detach().to(device="cpu", dtype=torch.float64).tolist()
    numbers = [number for row, bias in zip(weights, biases, strict=True) for number in (*row, bias)]
    bad = next((i for i, number in enumerate(numbers) if not math.isfinite(number)), None)
    if bad is not None:
        neuron, column = divmod(bad, linear.in_features + 1)
        place = f"bias[{neuron}]" if column == linear.in_features else f"weight[{neuron}][{column}]"
        raise ValueError(
            f"{where}: {name} has {place} = {numbers[bad]}, but a model's weights are finite "
            f"numbers; if the torch model's training diverged, train it again with a smaller "
            f"learning rate (or re-initialise it: linear.reset_parameters())"
        )
    return numbers


def _flatten(module: torch.nn.Module) -> list[torch.nn.Module]:
    """The modules of a Sequential in order, nested Sequentials opened; other modules as one."""
    import torch

    if not isinstance(module, torch.nn.Sequential):
        return [module]
    return [inner for child in module for inner in _flatten(child)]


def _check_linear(
    linear: torch.nn.Linear, name: str, previous: torch.nn.Linear | None, where: str
) -> None:
    """Check that `linear` has a real bias, holds numbers, and reads what `previous` gives."""
    if linear.bias is None:
        raise ValueError(
            f"{where}: {name} has no bias (bias=False), but every neuron has one; build it "
            f"with bias=True (a zero bias computes the same)"
        )
    if linear.weight.is_meta or linear.bias.is_meta:
        raise ValueError(
            f"{where}: {name} is on the 'meta' device, which holds shapes but no numbers, so "
            f"there are no weights to copy; give it numbers first, e.g. "
            f"linear.to_empty(device='cpu') then linear.reset_parameters(), or build it on the CPU"
        )
    if not linear.weight.is_floating_point() or not linear.bias.is_floating_point():
        raise TypeError(
            f"{where}: {name} has {linear.weight.dtype} weights, but a neuron's weights are real "
            f"numbers; build the Linear with dtype=torch.float64 (or float32)"
        )
    if previous is not None and linear.in_features != previous.out_features:
        raise ValueError(
            f"{where}: {name} takes {linear.in_features} inputs but the Linear before it gives "
            f"{previous.out_features}; make each in_features equal the previous out_features"
        )


def _activation_name(layer: torch.nn.Module, name: str, where: str) -> str:
    """The built-in activation's name for a PyTorch activation module."""
    for activation, (module_type, settings) in torch_activations().items():
        if not isinstance(layer, module_type):
            continue
        for setting, value in settings.items():
            if getattr(layer, setting) != value:
                raise ValueError(
                    f"{where}: {name} has {setting}={getattr(layer, setting)}, but the built-in "
                    f"{activation} has {setting}={value}; use "
                    f"{_described((module_type, settings))}"
                )
        return activation
    supported = ", ".join(map(_described, torch_activations().values()))
    raise TypeError(
        f"{where}: cannot convert {name}: only Linear layers, the activations {supported}, and "
        f"Identity convert, in a torch.nn.Sequential; remove it or rebuild the model from those"
    )


def _architecture(
    kind: str, linears: list[torch.nn.Linear], activations: list[str], where: str
) -> dict[str, Any]:
    """The `kind` architecture (as `architecture()` gives it) of these layers."""
    n_inputs = linears[0].in_features
    if kind == "MLP":
        hidden = sorted(set(activations[:-1]))
        if len(hidden) > 1:
            raise ValueError(
                f"{where}: the hidden layers use different activations ({', '.join(hidden)}), "
                f"but an MLP has one activation for all of them; use the same one throughout"
            )
        return {
            "type": "MLP",
            "n_inputs": n_inputs,
            "layer_sizes": [linear.out_features for linear in linears],
            # a one-layer MLP has no hidden layers: MLP's default hidden activation
            "activation": hidden[0] if hidden else "relu",
            "output_activation": activations[-1],
        }
    if len(linears) != 1:
        raise ValueError(
            f"{where}: a {kind} is one Linear layer (and its activation), got {len(linears)} "
            f"Linear layers; convert it with MLP.from_torch"
        )
    if kind == "Layer":
        return {
            "type": "Layer",
            "n_inputs": n_inputs,
            "n_outputs": linears[0].out_features,
            "activation": activations[0],
        }
    if linears[0].out_features != 1:
        raise ValueError(
            f"{where}: a Neuron has one output, got Linear({n_inputs}, "
            f"{linears[0].out_features}); convert it with Layer.from_torch"
        )
    return {"type": "Neuron", "n_inputs": n_inputs, "activation": activations[0]}
