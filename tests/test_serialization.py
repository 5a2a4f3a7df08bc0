"""Saving and loading models as JSON: round trips; every corrupted or hostile file is a clear
error; saves are atomic; loading draws no random numbers."""

from __future__ import annotations

import contextlib
import copy
import json
import os
import random
import stat
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value
from autograd.nn import FORMAT_NAME, FORMAT_VERSION, MLP, Layer, Module, Neuron, model_files, models
from autograd.nn.model_files import MAX_FILE_BYTES


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


# ----- hostile files: only ValueError or OSError, fast, in bounded memory (issue 12 item 9) ----

FAST_SECONDS = 2.0  # generous: each of these fails in milliseconds
SMALL_PEAK_BYTES = 20 * 2**20  # memory a hostile 1 KB file may make loading allocate


def write_state(path: Path, state: dict[str, Any]) -> Path:
    path.write_text(json.dumps(state))
    return path


def load_fails_fast(path: Path, message: str) -> None:
    """Loading `path` raises a ValueError matching `message`, quickly and in little memory."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(ValueError, match=message):
            Module.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < FAST_SECONDS
    assert peak < SMALL_PEAK_BYTES


def test_integer_weight_beyond_floats(saved: Path) -> None:
    text = saved.read_text()
    state = json.loads(text)
    state["weights"]["layers"][0]["neurons"][0]["b"] = 10**400
    write_state(saved, state)
    load_fails_fast(saved, r"\.b: expected a finite number, got an integer of 401 digits")


def test_integer_too_long_to_parse(saved: Path) -> None:
    saved.write_text(saved.read_text().replace('"version": 1', '"version": ' + "9" * 5000))
    load_fails_fast(saved, "holds a number that cannot be read")


def test_deeply_nested_lists(saved: Path) -> None:
    depth = 100_000
    state = json.loads(saved.read_text())
    state["weights"] = "PLACEHOLDER"
    saved.write_text(json.dumps(state).replace('"PLACEHOLDER"', "[" * depth + "]" * depth))
    load_fails_fast(saved, "nests lists or objects too deeply")


@pytest.mark.parametrize(
    ("architecture", "message"),
    [
        ({"n_inputs": 1e9}, "n_inputs must be a positive int up to 1,000,000, got float"),
        ({"n_inputs": 10**9}, "n_inputs must be a positive int up to 1,000,000, got int"),
        ({"n_inputs": 10**400}, "n_inputs must be a positive int"),
        ({"layer_sizes": [1000, 1000, 1]}, "has 1,005,001 parameters, more than a model file"),
        ({"layer_sizes": [10**6] * 1000}, "more than a model file holds"),
        ({"layer_sizes": []}, "layer_sizes must be a non-empty list"),
    ],
)
def test_huge_architecture_in_a_small_file_fails_before_building(
    saved: Path, architecture: dict[str, Any], message: str
) -> None:
    state = json.loads(saved.read_text())
    state["architecture"].update(architecture)
    write_state(saved, state)
    load_fails_fast(saved, message)


@pytest.mark.parametrize("n_inputs", [10**9, 3])
def test_neuron_sizes_are_checked_against_the_weights_before_building(
    tmp_path: Path, n_inputs: int
) -> None:
    path = tmp_path / "n.json"
    Neuron(2, rng=random.Random(0)).save(path)
    state = json.loads(path.read_text())
    state["architecture"]["n_inputs"] = n_inputs
    write_state(path, state)
    load_fails_fast(path, "positive int up to|expected 3 numbers, got 2")


def test_file_larger_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: takes no disk space
    load_fails_fast(path, r"larger than 64 MB, the most a model file may be")


def test_a_file_that_grows_while_being_read(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fstat = os.fstat

    def stale_fstat(descriptor: int) -> os.stat_result:  # the size from before a writer appended
        fields = list(real_fstat(descriptor))
        fields[stat.ST_SIZE] -= 10
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", stale_fstat)
    with pytest.raises(ValueError, match="the file grew while it was being read"):
        MLP.load(saved)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_symlink_to_dev_zero(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.symlink_to("/dev/zero")
    load_fails_fast(path, "is a character device, not a regular file")


def test_directory(tmp_path: Path) -> None:
    load_fails_fast(tmp_path, "is a directory, not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
def test_fifo_without_a_writer_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    os.mkfifo(path)
    errors: list[BaseException] = []

    def load() -> None:
        try:
            Module.load(path)
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(timeout=FAST_SECONDS)
    if thread.is_alive():  # a regression: free the blocked reader, then fail
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("Module.load blocked on a named pipe")
    assert len(errors) == 1 and isinstance(errors[0], ValueError)
    assert "is a named pipe (FIFO), not a regular file" in str(errors[0])


def test_bad_utf8_names_the_file(saved: Path) -> None:
    saved.write_bytes(saved.read_bytes().replace(b'"tanh"', b'"t\xffnh"'))
    with pytest.raises(ValueError, match=r"model\.json.*not UTF-8 text \(byte 0xff at offset"):
        MLP.load(saved)


def test_a_byte_order_mark_is_skipped(model: MLP, saved: Path) -> None:
    """Decision: a UTF-8 BOM (Windows Notepad writes one) is read past, as JSON allows."""
    saved.write_bytes(b"\xef\xbb\xbf" + saved.read_bytes())
    assert weights(MLP.load(saved)) == weights(model)


def test_a_byte_order_mark_counts_in_the_offset_of_a_bad_byte(saved: Path) -> None:
    content = saved.read_bytes().replace(b'"tanh"', b'"t\xffnh"')
    offset = content.index(b"\xff") + 3
    saved.write_bytes(b"\xef\xbb\xbf" + content)
    with pytest.raises(ValueError, match=rf"not UTF-8 text \(byte 0xff at offset {offset}\)"):
        MLP.load(saved)


def test_only_a_leading_byte_order_mark_is_skipped(saved: Path) -> None:
    text = saved.read_text(encoding="utf-8")
    saved.write_text(text.replace('"tanh"', '"\ufefftanh"', 1), encoding="utf-8")
    with pytest.raises(ValueError, match="is not a built-in activation"):
        MLP.load(saved)


@settings(max_examples=200)
@given(st.binary(max_size=300))
def test_any_bytes_give_only_value_errors(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "m.json"
        path.write_bytes(content)
        with pytest.raises(ValueError):
            Module.load(path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(["w", "b", "neurons", "layers", "type"]), children)
    ),
    max_leaves=12,
)


@given(st.data())
def test_any_json_in_any_place_gives_only_value_errors(draws: st.DataObject) -> None:
    state = MLP(2, [2, 1], rng=random.Random(0)).state_dict()
    target: Any = state
    path: list[Any] = []
    while isinstance(target, (dict, list)) and target and draws.draw(st.booleans()):
        key = draws.draw(
            st.sampled_from(sorted(target) if isinstance(target, dict) else range(len(target)))
        )
        path.append(key)
        target = target[key]
    broken = corrupt(state, path, draws.draw(json_values)) if path else draws.draw(json_values)
    with tempfile.TemporaryDirectory() as directory:
        file = Path(directory) / "m.json"
        file.write_text(json.dumps(broken))
        with contextlib.suppress(ValueError):  # a ValueError, or a valid model: nothing else
            Module.load(file)


# ----- saving: atomic, concurrent, keeps modes and symlinks (issue 12 item 10) ---------------

SAVING_THREADS = 8
SAVES_PER_THREAD = 15


def test_concurrent_saves_and_reads_always_see_a_whole_model(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    models = [MLP(2, [4, 1], rng=random.Random(seed)) for seed in range(SAVING_THREADS)]
    models[0].save(path)
    states = [json.dumps(model.state_dict()) for model in models]
    errors: list[BaseException] = []
    done = threading.Event()

    def save(model: MLP) -> None:
        try:
            for _ in range(SAVES_PER_THREAD):
                model.save(path)
        except BaseException as error:
            errors.append(error)

    def read() -> None:
        try:
            while not done.is_set():
                assert json.dumps(MLP.load(path).state_dict()) in states
        except BaseException as error:
            errors.append(error)

    reader = threading.Thread(target=read)
    savers = [threading.Thread(target=save, args=(model,)) for model in models]
    reader.start()
    for thread in savers:
        thread.start()
    for thread in savers:
        thread.join()
    done.set()
    reader.join()
    assert errors == []
    assert json.dumps(MLP.load(path).state_dict()) in states
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]  # no temporary files left


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_resaving_keeps_the_files_mode(tmp_path: Path, model: MLP) -> None:
    path = tmp_path / "model.json"
    model.save(path)
    path.chmod(0o600)
    model.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_new_file_gets_the_usual_mode(tmp_path: Path, model: MLP) -> None:
    model.save(tmp_path / "model.json")
    (tmp_path / "plain.txt").write_text("made by open()")
    mode = stat.S_IMODE((tmp_path / "model.json").stat().st_mode)
    assert mode == stat.S_IMODE((tmp_path / "plain.txt").stat().st_mode)  # 0o666 & ~umask


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_saving_through_a_symlink_updates_its_target(tmp_path: Path) -> None:
    target = tmp_path / "models" / "real.json"
    target.parent.mkdir()
    MLP(2, [3, 1], rng=random.Random(0)).save(target)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    second = MLP(2, [3, 1], rng=random.Random(1))
    second.save(link)
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert MLP.load(target).state_dict() == second.state_dict()
    assert sorted(p.name for p in target.parent.iterdir()) == ["real.json"]


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_a_symlink_planted_at_the_old_temporary_name_is_not_followed(
    tmp_path: Path, model: MLP
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    path = tmp_path / "model.json"
    Path(f"{path}.{os.getpid()}.tmp").symlink_to(victim)
    model.save(path)
    assert victim.read_text() == "precious"
    assert MLP.load(path).state_dict() == model.state_dict()


@pytest.mark.parametrize(
    "interruption", [OSError(28, "No space left on device"), KeyboardInterrupt()]
)
def test_an_error_while_writing_keeps_the_old_file(
    tmp_path: Path, model: MLP, monkeypatch: pytest.MonkeyPatch, interruption: BaseException
) -> None:
    path = tmp_path / "model.json"
    model.save(path)
    before = path.read_bytes()

    def fail(descriptor: int) -> None:
        raise interruption

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(type(interruption)) as error:
        MLP(2, [3, 2, 1], rng=random.Random(9)).save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]
    if isinstance(interruption, OSError):
        assert "model.json" in str(error.value) and ".tmp" not in str(error.value)
        assert "No space left on device" in str(error.value)


def test_save_into_a_missing_directory_names_the_path_not_a_temporary(
    tmp_path: Path, model: MLP
) -> None:
    path = tmp_path / "missing" / "model.json"
    with pytest.raises(FileNotFoundError) as error:
        model.save(path)
    assert error.value.filename == str(path)
    assert ".tmp" not in str(error.value)


def test_save_over_a_directory_is_refused(tmp_path: Path, model: MLP) -> None:
    (tmp_path / "model.json").mkdir()
    with pytest.raises(ValueError, match="is a directory, not a regular file"):
        model.save(tmp_path / "model.json")
    assert (tmp_path / "model.json").is_dir()


# ----- checking a path before the work, and rebuilding by each type's own constructor --------


def test_check_writable_accepts_a_new_file_in_an_existing_folder(tmp_path: Path) -> None:
    model_files.check_writable(tmp_path / "model.json", "here")
    assert not (tmp_path / "model.json").exists()  # only looked; wrote nothing


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "here: {tmp} is a folder; give a file name, e.g. {tmp}/model.json"),
        (
            "missing/m.json",
            "here: cannot write {tmp}/missing/m.json: the folder {tmp}/missing does not exist; "
            "create it first",
        ),
    ],
)
def test_check_writable_says_why_not(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        model_files.check_writable(tmp_path / name if name else tmp_path, "here")
    assert str(error.value) == message.format(tmp=tmp_path)


def test_check_writable_names_a_read_only_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a stand-in for a read-only folder that works as root too (root may write anywhere)
    monkeypatch.setattr(os, "access", lambda path, mode: mode != os.W_OK)
    with pytest.raises(ValueError, match=rf"the folder {tmp_path} is not writable$"):
        model_files.check_writable(tmp_path / "model.json", "here")


def test_every_saved_type_is_rebuilt_by_its_own_constructor() -> None:
    """The registry and the file format agree: an architecture's keys are "type" and the
    constructor's arguments, so ``MODEL_TYPES[type](**rest)`` rebuilds it (no if-chain)."""
    import inspect

    assert set(models.MODEL_TYPES) == set(model_files.ARCHITECTURE_KEYS)
    for name, model_type in models.MODEL_TYPES.items():
        assert model_type.__name__ == name
        parameters = set(inspect.signature(model_type).parameters) - {"rng", "nonlin"}
        assert {"type", *parameters} == model_files.ARCHITECTURE_KEYS[name]
        made = MODEL_MAKERS[name]()
        assert set(made.architecture()) == model_files.ARCHITECTURE_KEYS[name]


# ----- loading draws no random numbers (issue 12 item 11) -------------------------------------

MODEL_MAKERS = {
    "Neuron": lambda: Neuron(3, "tanh", rng=random.Random(1)),
    "Layer": lambda: Layer(2, 4, rng=random.Random(1)),
    "MLP": lambda: MLP(2, [3, 1], rng=random.Random(1)),
}


@pytest.mark.parametrize("kind", MODEL_MAKERS)
@pytest.mark.parametrize("breaks", [False, True], ids=["valid", "broken"])
def test_loading_leaves_the_global_random_state_alone(
    tmp_path: Path, kind: str, breaks: bool
) -> None:
    original = MODEL_MAKERS[kind]()
    path = tmp_path / "m.json"
    original.save(path)
    state = original.state_dict()
    if breaks:
        state["weights"] = {"nonsense": []}
        write_state(path, state)
    random.seed(8)
    before = random.getstate()
    if breaks:
        with pytest.raises(ValueError):
            Module.load(path)
        with pytest.raises(ValueError):
            original.load_state_dict(state)
    else:
        assert weights(Module.load(path)) == weights(original)
        original.load_state_dict(state)
    assert random.getstate() == before
