"""The learning layer: models, losses, optimisers, datasets, the training loop, and model files.

Built only on the public engine (`autograd.engine`). ``from autograd.nn import Neuron, Layer,
MLP`` is micrograd's ``from micrograd.nn import Neuron, Layer, MLP``. One module per job:
`models` (Neuron, Layer, MLP, Perceptron), `model_files` (saving and loading), `losses`,
`optim` (SGD), `data` (small datasets), `training` (`fit`), `fit_checks` (its argument checks)
and `torch_bridge` (``model.to_torch()`` and ``MLP.from_torch(module)``; PyTorch is optional).
"""

from autograd.nn import data
from autograd.nn.losses import (
    LOSSES,
    LossFunction,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    hinge,
    l2_penalty,
    mse,
)
from autograd.nn.model_files import FORMAT_NAME, FORMAT_VERSION
from autograd.nn.models import (
    ACTIVATIONS,
    MLP,
    Activation,
    Input,
    Layer,
    Module,
    Neuron,
    Perceptron,
    get_activation,
    linear,
)
from autograd.nn.optim import SGD
from autograd.nn.training import (
    DivergenceError,
    History,
    Model,
    accuracy,
    decision_threshold,
    fit,
)

__all__ = [
    "ACTIVATIONS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "LOSSES",
    "MLP",
    "SGD",
    "Activation",
    "DivergenceError",
    "History",
    "Input",
    "Layer",
    "LossFunction",
    "Model",
    "Module",
    "Neuron",
    "Perceptron",
    "accuracy",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "data",
    "decision_threshold",
    "fit",
    "get_activation",
    "hinge",
    "l2_penalty",
    "linear",
    "mse",
]
