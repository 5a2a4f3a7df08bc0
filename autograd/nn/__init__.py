"""The learning layer: models, losses, optimisers, datasets, the training loop, and model files.

Built only on the public engine (`autograd.engine`). ``from autograd.nn import Neuron, Layer,
MLP`` is micrograd's ``from micrograd.nn import Neuron, Layer, MLP``. One module per job:
`models` (Neuron, Layer, MLP), `activations`, `perceptron` (Rosenblatt's), `model_files`
(saving and loading), `torch_bridge` (``model.to_torch()``, ``MLP.from_torch(module)``; PyTorch
is optional), `losses`, `optim` (SGD), `data` (small datasets), `training` (`fit`) and
`fit_checks` (the argument checks).
"""

from autograd.nn import data
from autograd.nn.activations import ACTIVATIONS, Activation, get_activation, linear
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
from autograd.nn.models import MLP, Input, Layer, Module, Neuron
from autograd.nn.optim import SGD
from autograd.nn.perceptron import Perceptron
from autograd.nn.training import (
    DivergenceError,
    History,
    Model,
    accuracy,
    decision_threshold,
    fit,
    scores,
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
    "scores",
]
