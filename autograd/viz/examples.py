"""One example through a layered model, drawn with every box named: the demo's picture.

`draw_example` builds the squared error of one example through an MLP and draws its graph with
the gradients, labelled as a lecture names them (inputs, parameters, hidden outputs, prediction,
target, loss). It reads the model by duck typing, so `autograd.viz` still imports no `nn`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from autograd.engine import Value
from autograd.viz.draw import GraphDrawing, draw_dot

EXAMPLE_DIRECTION = "TB"  # top to bottom: a 2-4-1 MLP's graph then fits a laptop (~1,300 pt)
EXAMPLE_PRECISION = 3  # decimals of data and grad in the boxes
EXAMPLE_FONT_SIZE = "12"  # points; Graphviz's default, 14, makes the graph ~20% wider
EXAMPLE_NODE_SEPARATION = "0.1"  # inches between boxes side by side (Graphviz's default: 0.25)


class _Layer(Protocol):
    """One layer of neurons: its outputs, as a list, for inputs it takes unchecked."""

    def forward(self, x: Sequence[Value], /) -> list[Value]: ...


class LayeredModel(Protocol):
    """What `draw_example` draws: an `autograd.nn.MLP`, or any model shaped like one."""

    n_inputs: int

    @property
    def layers(self) -> Sequence[_Layer]:
        """The layers, first to last."""

    def parameters(self) -> list[Value]:
        """The trainable Values (coloured as parameters)."""


def draw_example(model: LayeredModel, x: Sequence[float], target: float) -> GraphDrawing:
    """The graph of one example's loss (prediction - target)² through `model`, with gradients.

    The squared error of one example is the mean squared error of a batch of one. Every box is
    named: the inputs ``x1, x2 …``, the parameters by their labels (``L1.n0.w0`` = layer 1,
    neuron 0, weight 0), the hidden outputs ``h1, h2 …`` (``h2.1`` = hidden layer 2, neuron 1
    when there are several hidden layers), then ``prediction``, ``target`` and ``loss``. The
    gradients shown are those of this loss alone; the model's own ``grad`` values are put back
    as they were.

    Raises:
        ValueError: `x` does not have `model.n_inputs` numbers, or the model has several
            outputs (the loss needs one prediction).

    """
    where = "draw_example"
    if len(x) != model.n_inputs:
        raise ValueError(
            f"{where}: the model takes {model.n_inputs} inputs, got {len(x)}; pass one example's "
            f"features, e.g. X[0]"
        )
    loss = _example_loss(model, x, target, where)
    parameters = model.parameters()
    saved = [parameter.grad for parameter in parameters]
    for parameter in parameters:
        parameter.grad = 0.0  # the picture shows this example's gradients, not accumulated ones
    loss.backward()
    drawing: GraphDrawing = draw_dot(
        loss, rankdir=EXAMPLE_DIRECTION, precision=EXAMPLE_PRECISION, parameters=parameters
    )
    for parameter, grad in zip(parameters, saved, strict=True):
        parameter.grad = grad
    drawing.graph_attr.update(nodesep=EXAMPLE_NODE_SEPARATION)
    drawing.node_attr.update(fontsize=EXAMPLE_FONT_SIZE)
    return drawing


def _example_loss(model: LayeredModel, x: Sequence[float], target: float, where: str) -> Value:
    """(prediction - target)², with the inputs, hidden outputs and prediction labelled."""
    values = [Value(number, label=f"x{i + 1}") for i, number in enumerate(x)]
    *hidden_layers, output_layer = model.layers
    for depth, layer in enumerate(hidden_layers, start=1):
        values = layer.forward(values)
        for i, hidden in enumerate(values, start=1):
            hidden.label = f"h{i}" if len(hidden_layers) == 1 else f"h{depth}.{i}"
    outputs = output_layer.forward(values)
    if len(outputs) != 1:
        raise ValueError(
            f"{where}: the model has {len(outputs)} outputs; the squared error needs one "
            f"prediction, e.g. MLP(2, [4, 1])"
        )
    (prediction,) = outputs
    prediction.label = "prediction"
    loss = (prediction - Value(float(target), label="target")) ** 2
    loss.label = "loss"
    return loss
