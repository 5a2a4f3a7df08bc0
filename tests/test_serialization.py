"""Saving and loading models as JSON: round trips; every corrupted file is a clear error."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest

from autograd import Value
from autograd.nn import FORMAT_NAME, FORMAT_VERSION, MLP, Layer, Module, Neuron


def weights(model: Module) -> list[float]:
    return [p.data for p in model.parameters()]


@pytest.fixture
def model() -> MLP:
    return MLP(2, [3, 2, 1], activation="tanh", rng=random.Random(0))


@pytest.fixture
def saved(model: MLP, tmp_path: Path) -> Path:
    path = tmp_path / "model.json"
    model.save(path)
    return path


def test_save_load_gives_identical_predictions(model: MLP, saved: Path) -> None:
    loaded = MLP.load(saved)
    assert isinstance(loaded, MLP)
    assert repr(loaded) == repr(model)
    assert weights(loaded) == weights(model)
    for x in ([0.1, 0.2], [-3.0, 1.5], [10.0, -7.0]):
        assert loaded(x).data == model(x).data  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "make",
    [
        lambda: Neuron(3, "sigmoid", rng=random.Random(1)),
        lambda: Layer(2, 4, "leaky_relu", rng=random.Random(1)),
        lambda: MLP(2, [16, 16, 1], rng=random.Random(1)),
    ],
)
def test_every_model_kind_round_trips(make: Any, tmp_path: Path) -> None:
    original = make()
    original.save(tmp_path / "m.json")
    loaded = Module.load(tmp_path / "m.json")
    assert type(loaded) is type(original)
    assert weights(loaded) == weights(original)
    assert loaded.architecture() == original.architecture()


def test_load_does_not_touch_the_global_random_stream(saved: Path) -> None:
    random.seed(4)
    expected = random.random()
    random.seed(4)
    MLP.load(saved)
    assert random.random() == expected


def test_state_dict_layout(model: MLP) -> None:
    state = model.state_dict()
    assert state["format"] == FORMAT_NAME
    assert state["version"] == FORMAT_VERSION
    assert state["architecture"] == {
        "type": "MLP",
        "n_inputs": 2,
        "layer_sizes": [3, 2, 1],
        "activation": "tanh",
        "output_activation": "linear",
    }
    first = state["weights"]["layers"][0]["neurons"][0]
    assert first == {"w": [p.data for p in model.layers[0].neurons[0].w], "b": 0.0}
    json.dumps(state, allow_nan=False)  # plain JSON data


def test_load_state_dict_into_a_fresh_model(model: MLP) -> None:
    other = MLP(2, [3, 2, 1], activation="tanh", rng=random.Random(99))
    other.load_state_dict(model.state_dict())
    assert weights(other) == weights(model)


def test_file_holds_no_code(saved: Path) -> None:
    text = saved.read_text()
    json.loads(text)
    assert "pickle" not in text and "__" not in text


# ----- bad states: a clear ValueError and the model left unchanged --------------------------


def corrupt(state: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    broken = copy.deepcopy(state)
    target = broken
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return broken


DELETE = object()
NEURON0 = ["weights", "layers", 0, "neurons", 0]

BAD_STATES = [
    (["format"], "pytorch", "not a scalar-autograd model"),
    (["version"], 99, "unsupported model file version 99"),
    (["weights"], DELETE, "no 'weights'"),
    (["architecture", "layer_sizes"], [3, 3, 1], "the state is for"),
    (["architecture", "activation"], "relu", "the state is for"),
    (["weights", "layers"], [], "expected 3 layers, got 0"),
    ([*NEURON0, "w"], [0.1], r"neurons\[0\]\.w: expected 2 numbers, got 1"),
    ([*NEURON0, "w", 1], "0.5", r"w\[1\]: expected a number, got str"),
    ([*NEURON0, "w", 1], None, r"w\[1\]: expected a number, got NoneType"),
    ([*NEURON0, "w", 1], True, r"w\[1\]: expected a number, got bool"),
    ([*NEURON0, "b"], [1.0], r"\.b: expected a number, got list"),
    ([*NEURON0, "b"], float("inf"), r"\.b: expected a finite number, got inf"),
    ([*NEURON0, "b"], float("nan"), r"\.b: expected a finite number, got nan"),
    ([*NEURON0, "bias"], 1.0, "expected a neuron's weights"),
    (["weights", "layers", 2], {"neurons": []}, r"layers\[2\]\.neurons: expected 1 neurons, got 0"),
]


@pytest.mark.parametrize(("path", "value", "message"), BAD_STATES)
def test_bad_state_is_a_clear_error_and_changes_nothing(
    model: MLP, path: list[Any], value: Any, message: str
) -> None:
    before = weights(model)
    broken = corrupt(model.state_dict(), path, value)
    with pytest.raises(ValueError, match=message):
        model.load_state_dict(broken)
    assert weights(model) == before


def test_partially_valid_state_changes_nothing(model: MLP) -> None:
    before = weights(model)
    state = model.state_dict()
    state["weights"]["layers"][0]["neurons"][0]["w"] = [5.0, 5.0]  # valid, early
    state["weights"]["layers"][2]["neurons"][0]["b"] = "oops"  # invalid, late
    with pytest.raises(ValueError, match="expected a number, got str"):
        model.load_state_dict(state)
    assert weights(model) == before


def test_state_that_is_not_an_object(model: MLP) -> None:
    with pytest.raises(ValueError, match="expected a model state"):
        model.load_state_dict([1, 2, 3])


# ----- bad files ---------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"nope\.json"):
        MLP.load(tmp_path / "nope.json")


def test_truncated_file(saved: Path) -> None:
    text = saved.read_text()
    saved.write_text(text[: len(text) // 2])
    with pytest.raises(ValueError, match=r"not valid JSON.*truncated"):
        MLP.load(saved)


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text("this is not a model")
    with pytest.raises(ValueError, match="not valid JSON"):
        MLP.load(path)


def test_json_that_is_not_a_model(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text('{"hello": "world"}')
    with pytest.raises(ValueError, match="not a scalar-autograd model"):
        MLP.load(path)
    path.write_text("[1, 2]")
    with pytest.raises(ValueError, match="expected a model state"):
        MLP.load(path)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_in_file(saved: Path, constant: str) -> None:
    state = json.loads(saved.read_text())
    state["weights"]["layers"][0]["neurons"][0]["b"] = "PLACEHOLDER"
    saved.write_text(json.dumps(state).replace('"PLACEHOLDER"', constant))
    with pytest.raises(ValueError, match=f"non-finite number {constant}"):
        MLP.load(saved)


def test_wrong_shapes_in_file(saved: Path) -> None:
    state = json.loads(saved.read_text())
    state["weights"]["layers"][1]["neurons"].pop()
    saved.write_text(json.dumps(state))
    with pytest.raises(ValueError, match=r"MLP\.load.*layers\[1\]\.neurons: expected 2 neurons"):
        MLP.load(saved)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"type": "Transformer"}, "unknown model type 'Transformer'"),
        ({"activation": "swish"}, "'swish' is not a built-in activation"),
        ({"layer_sizes": "16,16"}, "bad architecture"),
        ({"layer_sizes": [0, 1]}, "bad architecture"),
        ({"n_inputs": -2}, "bad architecture"),
        ({"extra": 1}, "should have keys"),
    ],
)
def test_bad_architecture_in_file(saved: Path, change: dict[str, Any], message: str) -> None:
    state = json.loads(saved.read_text())
    state["architecture"].update(change)
    saved.write_text(json.dumps(state))
    with pytest.raises(ValueError, match=message):
        MLP.load(saved)


def test_wrong_model_kind(tmp_path: Path) -> None:
    Neuron(2, rng=random.Random(0)).save(tmp_path / "n.json")
    with pytest.raises(ValueError, match="holds a Neuron, not a MLP"):
        MLP.load(tmp_path / "n.json")


def test_saving_a_diverged_model_is_refused(model: MLP, tmp_path: Path) -> None:
    model.parameters()[3].data = float("nan")
    with pytest.raises(ValueError, match="NaN or infinite"):
        model.save(tmp_path / "m.json")
    assert not (tmp_path / "m.json").exists()


def test_custom_activation_saves_but_needs_code_to_rebuild(tmp_path: Path) -> None:
    def square(x: Value) -> Value:
        return x * x

    model = MLP(2, [2, 1], activation=square, rng=random.Random(0))
    model.save(tmp_path / "m.json")
    with pytest.raises(
        ValueError, match=r"build the model in code and call model\.load_state_dict"
    ):
        MLP.load(tmp_path / "m.json")
    twin = MLP(2, [2, 1], activation=square, rng=random.Random(5))
    twin.load_state_dict(json.loads((tmp_path / "m.json").read_text()))
    assert weights(twin) == weights(model)


def test_failed_save_keeps_the_earlier_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    good = MLP(2, [3, 1], rng=random.Random(0))
    good.save(path)
    before = path.read_text()
    broken = MLP(2, [3, 1], rng=random.Random(1))
    broken.parameters()[0].data = float("nan")
    with pytest.raises(ValueError, match="NaN or infinite"):
        broken.save(path)
    assert path.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]  # no temporary left


def test_save_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    MLP(2, [3, 1], rng=random.Random(0)).save(path)
    second = MLP(2, [3, 1], rng=random.Random(1))
    second.save(path)
    assert MLP.load(path).state_dict() == second.state_dict()
