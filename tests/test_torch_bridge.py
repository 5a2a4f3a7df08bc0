"""Models to PyTorch and back: the same numbers forward and backward, and clear errors.

PyTorch is optional: the tests that need it skip without it; the missing-PyTorch message and
the lazy import are tested either way.
"""

from __future__ import annotations

import itertools
import math
import random
import re
import subprocess
import sys
from typing import Any

import pytest

from autograd import Value
from autograd.nn import MLP, Layer, Module, Neuron
from autograd.nn.losses import mse

try:
    import torch
except ImportError:
    torch = None

needs_torch = pytest.mark.skipif(
    torch is None, reason="PyTorch is not installed: pip install 'scalar-autograd[torch]'"
)

RELATIVE_TOLERANCE = 1e-12
ACTIVATION_NAMES = ("relu", "tanh", "sigmoid", "leaky_relu", "linear")
N_EXAMPLES = 7


def assert_close(ours: list[float], theirs: list[float]) -> None:
    assert len(ours) == len(theirs)
    for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        assert math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE), f"entry {i}: {a!r} vs {b!r}"


def torch_numbers(net: Any, grads: bool = False) -> list[float]:
    """A Sequential's weights (or their gradients) in `parameters()` order: row, then bias."""
    numbers: list[float] = []
    for linear in (m for m in net if isinstance(m, torch.nn.Linear)):
        weight, bias = (
            (linear.weight.grad, linear.bias.grad) if grads else (linear.weight, linear.bias)
        )
        for row, b in zip(weight.tolist(), bias.tolist(), strict=True):
            numbers += [*row, b]
    return numbers


def outputs(model: Module, x: list[float]) -> list[Value]:
    out = model(x)  # type: ignore[operator]
    return [out] if isinstance(out, Value) else out


def check_same_numbers(model: Module, n_inputs: int, seed: int) -> None:
    """Forward on random inputs, then one MSE loss and backward(), both ways."""
    rng = random.Random(seed)
    X = [[rng.gauss(0.0, 1.0) for _ in range(n_inputs)] for _ in range(N_EXAMPLES)]  # noqa: N806
    net = model.to_torch()
    ours = [outputs(model, x) for x in X]
    theirs = net(torch.tensor(X, dtype=torch.float64))
    assert_close([v.data for row in ours for v in row], theirs.flatten().tolist())

    targets = [rng.gauss(0.0, 1.0) for _ in range(theirs.numel())]
    model.zero_grad()
    loss = mse([v for row in ours for v in row], targets)
    loss.backward()
    torch_loss = (
        (theirs - torch.tensor(targets, dtype=torch.float64).reshape(theirs.shape)) ** 2
    ).mean()
    torch_loss.backward()
    assert_close([loss.data], [torch_loss.item()])
    assert_close([p.grad for p in model.parameters()], torch_numbers(net, grads=True))


# ----- the same numbers ------------------------------------------------------------------------


@needs_torch
@pytest.mark.parametrize(
    ("activation", "output_activation"), list(itertools.product(ACTIVATION_NAMES, ACTIVATION_NAMES))
)
def test_mlp_outputs_and_gradients_agree(activation: str, output_activation: str) -> None:
    model = MLP(3, [5, 4, 2], activation, output_activation, rng=random.Random(1))
    check_same_numbers(model, 3, seed=2)


@needs_torch
@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
def test_layer_and_neuron_outputs_and_gradients_agree(activation: str) -> None:
    check_same_numbers(Layer(4, 3, activation, rng=random.Random(3)), 4, seed=4)
    check_same_numbers(Neuron(4, activation, rng=random.Random(5)), 4, seed=6)


@needs_torch
def test_a_one_output_mlp_agrees_on_a_deep_relu_net() -> None:
    check_same_numbers(MLP(2, [16, 16, 16, 1], rng=random.Random(7)), 2, seed=8)


# ----- the modules to_torch builds -------------------------------------------------------------


@needs_torch
def test_to_torch_builds_float64_linear_layers_and_the_activations() -> None:
    model = MLP(2, [3, 3, 1], "leaky_relu", "sigmoid", rng=random.Random(0))
    net = model.to_torch()
    kinds = [type(m).__name__ for m in net]
    assert kinds == ["Linear", "LeakyReLU", "Linear", "LeakyReLU", "Linear", "Sigmoid"]
    assert net[1].negative_slope == 0.01
    assert all(p.dtype == torch.float64 and p.requires_grad for p in net.parameters())
    assert torch_numbers(net) == [p.data for p in model.parameters()]
    assert [type(m).__name__ for m in MLP(2, [3, 1], "tanh").to_torch()] == [
        "Linear",
        "Tanh",
        "Linear",
    ]
    assert [type(m).__name__ for m in Neuron(2, "linear").to_torch()] == ["Linear"]


@needs_torch
def test_to_torch_draws_no_random_numbers() -> None:
    model = MLP(2, [8, 1], rng=random.Random(0))
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    model.to_torch()
    assert torch.equal(torch.rand(3), expected)


# ----- and back --------------------------------------------------------------------------------


@needs_torch
@pytest.mark.parametrize(
    "model",
    [
        MLP(3, [5, 4, 2], "tanh", "sigmoid", rng=random.Random(0)),
        MLP(2, [1], rng=random.Random(1)),
        MLP(2, [4, 1], "linear", "relu", rng=random.Random(2)),
        Layer(3, 2, "leaky_relu", rng=random.Random(3)),
        Neuron(3, "sigmoid", rng=random.Random(4)),
    ],
    ids=repr,
)
def test_round_trip_gives_the_same_model(model: Module) -> None:
    back = type(model).from_torch(model.to_torch())
    assert type(back) is type(model)
    assert back.architecture() == model.architecture()
    assert [p.data for p in back.parameters()] == [p.data for p in model.parameters()]


@needs_torch
def test_from_torch_reads_a_float32_sequential_exactly() -> None:
    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Linear(2, 8),
        torch.nn.Tanh(),
        torch.nn.Linear(8, 8),
        torch.nn.Tanh(),
        torch.nn.Linear(8, 1),
        torch.nn.Sigmoid(),
    )
    model = MLP.from_torch(net)
    assert model.architecture() == {
        "type": "MLP",
        "n_inputs": 2,
        "layer_sizes": [8, 8, 1],
        "activation": "tanh",
        "output_activation": "sigmoid",
    }
    # float32 → float64 is exact, so the model computes what the float64 copy computes
    assert [p.data for p in model.parameters()] == torch_numbers(net.double())
    check_same_numbers(model, 2, seed=9)


@needs_torch
def test_from_torch_takes_a_bare_linear_and_nested_sequentials_and_skips_identity() -> None:
    model = MLP.from_torch(torch.nn.Linear(3, 2))
    assert model.architecture()["layer_sizes"] == [2]
    assert model.architecture()["output_activation"] == "linear"
    nested = torch.nn.Sequential(
        torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Identity(), torch.nn.ReLU()),
        torch.nn.Sequential(torch.nn.Linear(4, 1)),
    )
    assert repr(MLP.from_torch(nested)) == "MLP(2 -> 4 relu -> 1 linear)"
    assert repr(Module.from_torch(nested)) == "MLP(2 -> 4 relu -> 1 linear)"
    layer = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.LeakyReLU())
    assert repr(Layer.from_torch(layer)) == "Layer(2 -> 3 leaky_relu)"


# ----- errors --------------------------------------------------------------------------------


def from_torch_errors() -> list[Any]:
    if torch is None:
        return []
    nn = torch.nn
    return [
        (
            nn.Sequential(nn.Linear(2, 3), nn.GELU(), nn.Linear(3, 1)),
            TypeError,
            "GELU at position 1",
        ),
        (
            nn.Sequential(nn.Linear(2, 3), nn.Dropout(), nn.Linear(3, 1)),
            TypeError,
            "Dropout at position 1",
        ),
        (nn.Conv1d(1, 1, 3), TypeError, "cannot convert Conv1d at position 0"),
        ([nn.Linear(2, 1)], TypeError, "expected a torch.nn.Sequential .* got list"),
        (
            nn.Sequential(nn.ReLU(), nn.Linear(2, 1)),
            ValueError,
            "starts with an activation, ReLU at position 0",
        ),
        (
            nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Tanh(), nn.Linear(3, 1)),
            ValueError,
            "two activations in a row, ReLU at position 1 then Tanh at position 2",
        ),
        (
            nn.Sequential(nn.Linear(2, 3, bias=False)),
            ValueError,
            r"Linear at position 0 has no bias \(bias=False\)",
        ),
        (
            nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(4, 1)),
            ValueError,
            "Linear at position 2 takes 4 inputs but the Linear before it gives 3",
        ),
        (
            nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 3), nn.Tanh(), nn.Linear(3, 1)),
            ValueError,
            r"hidden layers use different activations \(relu, tanh\)",
        ),
        (nn.Sequential(nn.Linear(2, 1), nn.LeakyReLU(0.2)), ValueError, "negative_slope=0.2"),
        (nn.Sequential(), ValueError, "found no Linear layer"),
        (nn.Sequential(nn.Identity()), ValueError, "found no Linear layer"),
    ]


@needs_torch
@pytest.mark.parametrize(("module", "error", "message"), from_torch_errors())
def test_from_torch_errors_name_the_layer(
    module: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=rf"^MLP\.from_torch: (.* )?{message}"):
        MLP.from_torch(module)  # type: ignore[arg-type]


@needs_torch
def test_layer_and_neuron_from_torch_take_one_linear() -> None:
    two = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Linear(3, 1))
    with pytest.raises(ValueError, match=r"a Layer is one Linear layer .* got 2 .* MLP.from_torch"):
        Layer.from_torch(two)
    with pytest.raises(
        ValueError, match=r"a Neuron has one output, got Linear\(2, 3\).* Layer.from_torch"
    ):
        Neuron.from_torch(torch.nn.Linear(2, 3))


@needs_torch
def test_from_torch_rejects_complex_weights() -> None:
    with pytest.raises(TypeError, match=r"complex64 weights.*real numbers"):
        MLP.from_torch(torch.nn.Linear(2, 1, dtype=torch.complex64))


def with_number(linear: Any, place: str, number: float) -> Any:
    with torch.no_grad():
        if place == "bias":
            linear.bias[1] = number
        else:
            linear.weight[1, 0] = number
    return linear


@needs_torch
@pytest.mark.parametrize(
    ("place", "number", "shown"),
    [
        ("weight", math.nan, "weight[1][0] = nan"),
        ("weight", math.inf, "weight[1][0] = inf"),
        ("bias", -math.inf, "bias[1] = -inf"),
    ],
)
def test_from_torch_refuses_non_finite_weights_and_names_the_entry(
    place: str, number: float, shown: str
) -> None:
    """NaN weights were accepted silently; the model then failed only when saved."""
    net = torch.nn.Sequential(
        torch.nn.Linear(2, 3), torch.nn.ReLU(), with_number(torch.nn.Linear(3, 2), place, number)
    )
    with pytest.raises(
        ValueError,
        match=rf"^MLP\.from_torch: Linear at position 2 has {re.escape(shown)}, but a model's "
        r"weights are finite numbers; .*smaller learning rate",
    ):
        MLP.from_torch(net)


@needs_torch
def test_from_torch_refuses_an_overflowing_half_precision_weight() -> None:
    linear = torch.nn.Linear(2, 1, dtype=torch.float16)
    with torch.no_grad():
        linear.weight[0, 1] = 70000.0  # beyond float16's largest number, 65504: inf
    with pytest.raises(ValueError, match=r"Linear at position 0 has weight\[0\]\[1\] = inf"):
        Neuron.from_torch(linear)


@needs_torch
def test_from_torch_names_a_meta_device_linear_in_its_own_words() -> None:
    """It leaked torch's NotImplementedError ("Cannot copy out of meta tensor; no data!")."""
    net = torch.nn.Sequential(
        torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1, device="meta")
    )
    with pytest.raises(
        ValueError,
        match=r"^MLP\.from_torch: Linear at position 2 is on the 'meta' device, which holds "
        r"shapes but no numbers.*to_empty\(device='cpu'\)",
    ):
        MLP.from_torch(net)
    materialised = torch.nn.Linear(2, 1, device="meta").to_empty(device="cpu")
    materialised.reset_parameters()  # the advice in the message works
    assert Neuron.from_torch(materialised).n_inputs == 2


@needs_torch
def test_one_table_maps_every_built_in_activation_both_ways() -> None:
    from autograd.nn import ACTIVATIONS
    from autograd.nn.torch_bridge import LINEAR, torch_activations

    assert {*torch_activations(), LINEAR} == set(ACTIVATIONS)
    for name in torch_activations():
        net = Neuron(2, name, rng=random.Random(0)).to_torch()
        assert Neuron.from_torch(net).activation_name == name
    gelu = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.GELU())
    supported = "ReLU, Tanh, Sigmoid, LeakyReLU\\(negative_slope=0.01\\), and Identity"
    with pytest.raises(TypeError, match=f"the activations {supported} convert"):
        MLP.from_torch(gelu)
    with pytest.raises(ValueError, match=r"use LeakyReLU\(negative_slope=0.01\)$"):
        MLP.from_torch(torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.LeakyReLU(0.2)))


@needs_torch
def test_to_torch_errors() -> None:
    with pytest.raises(ValueError, match=r"MLP.to_torch: the activation 'square' has no PyTorch"):
        MLP(2, [1], output_activation=square).to_torch()
    with pytest.raises(ValueError, match=r"Module.to_torch: only a Neuron, a Layer or an MLP"):
        Module().to_torch()


def square(x: Value) -> Value:
    return x * x


@needs_torch
def test_a_subclass_cannot_be_built_from_torch() -> None:
    class Wide(MLP):
        pass

    with pytest.raises(
        TypeError,
        match=r"builds only Neuron, Layer and MLP objects, not a Wide; use MLP.from_torch",
    ):
        Wide.from_torch(torch.nn.Linear(2, 1))


# ----- torch stays optional ----------------------------------------------------------------------


def test_importing_the_package_does_not_import_torch() -> None:
    code = (
        "import sys, autograd, autograd.nn, autograd.nn.models, autograd.nn.torch_bridge; "
        "print('torch' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_without_torch_the_message_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now fails
    model = MLP(2, [3, 1], rng=random.Random(0))
    with pytest.raises(
        ModuleNotFoundError, match=r"MLP.to_torch needs PyTorch.*'scalar-autograd\[torch\]'"
    ):
        model.to_torch()
    with pytest.raises(ModuleNotFoundError, match=r"Neuron.from_torch needs PyTorch.*pip install"):
        Neuron.from_torch(object())  # type: ignore[arg-type]
