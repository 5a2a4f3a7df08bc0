"""`draw_example`: one example's squared error through an MLP, every box named, its gradients."""

from __future__ import annotations

import random
import re

import pytest

from autograd.nn import MLP, mse
from autograd.viz.examples import EXAMPLE_PRECISION, draw_example


def boxes(source: str) -> dict[str, tuple[float, float]]:
    """The labelled boxes of a drawing's DOT text: label → (data, grad) as drawn."""
    found = re.findall(r'label="\{ ([^|]+) \| data (\S+) \| grad (\S+) \}"', source)
    return {label: (float(data), float(grad)) for label, data, grad in found}


def test_every_box_is_named_and_shows_this_examples_gradients() -> None:
    model = MLP(2, [3, 1], activation="tanh", rng=random.Random(0))
    x, target = [1.0, 0.5], 0.0
    drawn = boxes(draw_example(model, x, target).source)
    assert {"x1", "x2", "h1", "h2", "h3", "prediction", "target", "loss"} <= set(drawn)
    assert {p.label for p in model.parameters()} <= set(drawn)
    # the same gradients as the mean squared error of a batch of one, to the drawn decimals
    loss = mse([model(x)], [target])  # type: ignore[list-item]
    loss.backward()
    for parameter in model.parameters():
        shown = drawn[parameter.label][1]
        assert shown == pytest.approx(parameter.grad, abs=0.6 * 10**-EXAMPLE_PRECISION)
    assert drawn["loss"] == (round(loss.data, EXAMPLE_PRECISION), 1.0)


def test_the_models_own_gradients_are_left_as_they_were() -> None:
    model = MLP(2, [2, 1], rng=random.Random(1))
    for i, parameter in enumerate(model.parameters()):
        parameter.grad = float(i)
    draw_example(model, [1.0, 1.0], 1.0)
    assert [p.grad for p in model.parameters()] == [float(i) for i in range(9)]


def test_several_hidden_layers_name_each_output_by_layer_and_neuron() -> None:
    model = MLP(2, [2, 2, 1], rng=random.Random(0))
    drawn = boxes(draw_example(model, [0.5, -0.5], 1.0).source)
    assert {"h1.1", "h1.2", "h2.1", "h2.2"} <= set(drawn)
    assert "h1" not in drawn


def test_a_model_without_hidden_layers_is_drawn_too() -> None:
    drawn = boxes(draw_example(MLP(2, [1], rng=random.Random(0)), [1.0, 2.0], 0.0).source)
    assert {"x1", "x2", "prediction", "target", "loss"} <= set(drawn)
    assert not [label for label in drawn if label.startswith("h")]


def test_bad_examples_and_models_are_clear_errors() -> None:
    with pytest.raises(ValueError, match=r"^draw_example: the model takes 2 inputs, got 3"):
        draw_example(MLP(2, [1]), [1.0, 2.0, 3.0], 0.0)
    with pytest.raises(ValueError, match=r"^draw_example: the model has 2 outputs"):
        draw_example(MLP(2, [3, 2]), [1.0, 2.0], 0.0)
