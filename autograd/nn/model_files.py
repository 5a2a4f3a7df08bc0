"""Model files: a model's architecture and weights as JSON, written safely and read defensively.

`save`, `load`, `state_dict` and `load_state_dict` are what the models' methods of those names
call. Underneath, the file format and every check of a saved state work on plain data (dicts,
lists, floats). Not pickle: a model file cannot run code.
"""

from __future__ import annotations

import codecs
import contextlib
import itertools
import json
import math
import os
import random
import stat
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from autograd.nn.activations import ACTIVATIONS
from autograd.nn.fit_checks import excerpt, short_repr

if TYPE_CHECKING:
    from autograd.engine import Value

FORMAT_NAME = "scalar-autograd model"  # the marker a saved model file must carry
FORMAT_VERSION = 1  # bump when the file layout changes; loading checks it

# Limits on what loading accepts, so that a hostile or broken file fails fast in bounded memory.
MAX_FILE_BYTES = 64 * 1024 * 1024  # a million parameters take about 30 MB at save's indentation
MAX_PARAMETERS = 1_000_000  # far more than a scalar engine can train (micrograd's demo has 337)
JSON_INDENT = 1  # one number per line: diffable, and still readable by eye
TEMPORARY_NAME_BYTES = 8  # random bytes in a temporary file's name: collisions never happen
NEW_FILE_MODE = 0o666  # a new model file gets this, minus the umask, as open() would give it
EXAMPLE_FILE_NAME = "model.json"  # the file name suggested when a folder is given

#: The architecture keys of each model type a file can hold: "type" and its constructor's
#: arguments (see `rebuild`).
ARCHITECTURE_KEYS: dict[str, frozenset[str]] = {
    "Neuron": frozenset({"type", "n_inputs", "activation"}),
    "Layer": frozenset({"type", "n_inputs", "n_outputs", "activation"}),
    "MLP": frozenset({"type", "n_inputs", "layer_sizes", "activation", "output_activation"}),
}

Shapes = list[tuple[int, int]]
"""``(inputs, neurons)`` of each layer of a model, first layer first (a Neuron is one layer)."""

PathLike = str | os.PathLike[str]


class SavedModel(Protocol):
    """What this module saves and rebuilds: a model's parameters and its architecture."""

    def parameters(self) -> list[Value]:
        """Every trainable Value, in the order the file stores them."""

    def architecture(self) -> dict[str, Any]:
        """``{"type": name, **constructor arguments}``."""


ModelT = TypeVar("ModelT", bound=SavedModel)

ModelTypes = Mapping[str, Callable[..., SavedModel]]
"""Each model type's constructor, by the name its ``architecture()["type"]`` gives."""


# ----- models ⇄ files ----------------------------------------------------------------------------


def save(model: SavedModel, path: PathLike) -> None:
    """Write `model` to `path` as JSON, atomically (see `write`); ``model.save(path)``.

    Raises:
        ValueError: a parameter is NaN or infinite (training diverged), which JSON cannot hold.
        OSError: the file cannot be written; any earlier file at `path` is left whole.

    """
    write(path, model.architecture(), parameter_numbers(model), f"{type(model).__name__}.save")


def load(path: PathLike, expected: type[ModelT], types: ModelTypes) -> ModelT:
    """The model saved at `path`, built by its type's constructor in `types`; ``MLP.load(path)``.

    The whole file is checked (`read`) before a model is built. The model must be an instance
    of `expected` (any model, for the base class ``Module``).

    Raises:
        OSError: the file cannot be read (e.g. FileNotFoundError).
        ValueError: the file is not a valid model file, or holds another kind of model.

    """
    where = f"{expected.__name__}.load({os.fspath(path)!r})"
    architecture, numbers = read(path, where)
    model = rebuild(architecture, numbers, types)
    if not isinstance(model, expected):
        kind = type(model).__name__
        raise ValueError(
            f"{where}: the file holds a {kind}, not a {expected.__name__}; use {kind}.load or "
            f"Module.load"
        )
    return model


def state_dict(model: SavedModel) -> dict[str, Any]:
    """`model`'s state as JSON-ready data (see `to_state`); ``model.state_dict()``."""
    return to_state(model.architecture(), parameter_numbers(model))


def load_state_dict(model: SavedModel, state: object) -> None:
    """Set `model`'s parameters from `state`; ``model.load_state_dict(state)``.

    Everything is checked first (`from_state`), so on any error the model is left unchanged.

    Raises:
        ValueError: the state is malformed or is for a different architecture.

    """
    where = f"{type(model).__name__}.load_state_dict"
    architecture, n_parameters = model.architecture(), len(model.parameters())
    set_parameters(model, from_state(state, architecture, n_parameters, where))


def rebuild(architecture: dict[str, Any], numbers: list[float], types: ModelTypes) -> SavedModel:
    """A model of a checked `architecture`, with these parameters (in ``parameters()`` order).

    Made by its type's own constructor: ``types[architecture["type"]]`` called with the
    architecture's other keys as its arguments. Built with a private random generator: its
    initial weights are overwritten at once, and rebuilding must not change the global `random`
    stream a user may have seeded.
    """
    settings = {key: value for key, value in architecture.items() if key != "type"}
    model = types[architecture["type"]](**settings, rng=random.Random(0))
    set_parameters(model, numbers)
    return model


def parameter_numbers(model: SavedModel) -> list[float]:
    """Every parameter's number, in ``parameters()`` order."""
    return [parameter.data for parameter in model.parameters()]


def set_parameters(model: SavedModel, numbers: list[float]) -> None:
    """Set each parameter's ``data`` to its number in `numbers` (in ``parameters()`` order)."""
    for parameter, number in zip(model.parameters(), numbers, strict=True):
        parameter.data = number


def check_writable(path: PathLike, where: str) -> None:
    """Check, before the work that makes a model, that `save` will be able to write `path`.

    A quick look, not a guarantee (the disk may still fill up): `path` is not a folder, its
    folder exists and may be written to.

    Raises:
        ValueError: `path` is a folder, or its folder is missing or not writable.

    """
    shown = os.fspath(path)
    folder = os.path.dirname(shown) or os.curdir
    if os.path.isdir(shown):
        suggestion = os.path.join(shown, EXAMPLE_FILE_NAME)
        raise ValueError(f"{where}: {shown} is a folder; give a file name, e.g. {suggestion}")
    if not os.path.isdir(folder):
        raise ValueError(
            f"{where}: cannot write {shown}: the folder {folder} does not exist; create it first"
        )
    if not os.access(folder, os.W_OK):
        raise ValueError(f"{where}: cannot write {shown}: the folder {folder} is not writable")


# ----- state ⇄ numbers ---------------------------------------------------------------------------


def to_state(architecture: dict[str, Any], numbers: list[float]) -> dict[str, Any]:
    """A model's state as JSON-ready data: format, version, architecture and nested weights.

    ``{"format": ..., "version": 1, "architecture": {...}, "weights": ...}``; the weights nest
    like the model (layers → neurons → ``{"w": [...], "b": ...}``), or are a flat list for a
    model type this module does not know. `numbers` are the parameters in ``parameters()`` order.
    """
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "architecture": architecture,
        "weights": _nest(architecture, numbers),
    }


def from_state(
    state: object, architecture: dict[str, Any], n_parameters: int, where: str
) -> list[float]:
    """The numbers in `state`, in ``parameters()`` order, for a model with `architecture`.

    Everything is checked — format, version, that the state is for this architecture, every
    number's type, finiteness and place — before anything is returned.

    Raises:
        ValueError: the state is malformed or is for a different architecture.

    """
    checked = _check_header(state, where)
    if checked["architecture"] != architecture:
        raise ValueError(
            f"{where}: the state is for {short_repr(checked['architecture'])}, but this model is "
            f"{short_repr(architecture)}; build a model with the saved architecture, or load the "
            f"file with Module.load(path)"
        )
    shapes = layer_shapes(architecture)
    if shapes is None:  # a model type this module does not know: its weights are a flat list
        return _read_numbers(checked["weights"], n_parameters, f"{where}: weights")
    return _read_weights(architecture["type"], shapes, checked["weights"], f"{where}: weights")


# ----- files -------------------------------------------------------------------------------------


def write(path: PathLike, architecture: dict[str, Any], numbers: list[float], where: str) -> None:
    """Save a model's state to `path` as JSON, atomically: readers see the old file or the new one.

    The text goes to a new, uniquely named file beside the target, is flushed to disk, and then
    renamed over the target. So an error part-way (disk full, Ctrl-C) leaves any earlier file
    whole; concurrent saves never share a temporary file; a symlink at `path` stays a symlink
    and its target is updated; an existing file keeps its permissions.

    Raises:
        ValueError: a number is NaN or infinite (training diverged), there are too many
            parameters for `read` to accept, or `path` is not a regular file.
        OSError: the file cannot be written; the message names `path`.

    """
    if not all(math.isfinite(number) for number in numbers):
        raise ValueError(
            f"{where}: some parameters are NaN or infinite (training diverged); lower the "
            f"learning rate and train again before saving"
        )
    if len(numbers) > MAX_PARAMETERS:
        raise ValueError(
            f"{where}: the model has {len(numbers):,} parameters, more than a model file holds "
            f"({MAX_PARAMETERS:,}); save a smaller model"
        )
    text = json.dumps(to_state(architecture, numbers), indent=JSON_INDENT, allow_nan=False) + "\n"
    shown = os.fspath(path)
    target = os.path.realpath(shown)  # through any symlinks: the link stays, its target changes
    try:
        mode = stat.S_IMODE(_regular_file_mode(target, where))
    except FileNotFoundError:
        mode = None  # a new file: created below with NEW_FILE_MODE minus the umask
    try:
        _replace(target, text.encode("utf-8"), mode)
    except OSError as error:
        # The original error may name the temporary file, which would only confuse.
        raise OSError(
            error.errno, f"{where}: cannot write the model file ({error.strerror})", shown
        ) from None


def read(path: PathLike, where: str) -> tuple[dict[str, Any], list[float]]:
    """The architecture and numbers (in ``parameters()`` order) of the model saved at `path`.

    Checked before anything is built: the file is a regular file of at most `MAX_FILE_BYTES`,
    UTF-8 JSON with only finite numbers; the architecture names a known model type with sizes
    giving at most `MAX_PARAMETERS` parameters and built-in activations (`ACTIVATIONS`); the
    weights nest exactly as the architecture says. A UTF-8 byte-order mark at the start, which
    some editors write (Windows Notepad does), is skipped: JSON lets a reader ignore it
    (RFC 8259, section 8.1), and it changes no number.

    Raises:
        OSError: the file cannot be opened (e.g. FileNotFoundError).
        ValueError: the file is not a valid model file; the message says what is wrong.

    """
    state = _parse(_read_text(path, where), where)
    checked = _check_header(state, where)
    architecture = checked["architecture"]
    shapes = _check_architecture(architecture, where)
    numbers = _read_weights(architecture["type"], shapes, checked["weights"], f"{where}: weights")
    return architecture, numbers


def _regular_file_mode(path: str, where: str) -> int:
    """The mode of the file at `path` (FileNotFoundError if none); a ValueError if not regular."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise ValueError(
            f"{where}: {path!r} is {_file_kind(mode)}, not a regular file; a model file is a "
            f"file written by model.save(path)"
        )
    return mode


def _file_kind(mode: int) -> str:
    kinds = [
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ]
    return next((name for is_kind, name in kinds if is_kind(mode)), "not a regular file")


def _replace(target: str, content: bytes, mode: int | None) -> None:
    """Write `content` to a new file beside `target`, flush it to disk, rename it over `target`."""
    directory, name = os.path.split(target)
    # O_EXCL creates a new file or fails, and never follows a symlink planted at the name.
    # (Not tempfile.mkstemp: it always makes mode 0600, and the umask cannot be read safely
    # from a thread; created with NEW_FILE_MODE, a new file gets the umask applied as usual.)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    temporary = os.path.join(directory, f".{name}.{os.urandom(TEMPORARY_NAME_BYTES).hex()}.tmp")
    descriptor = os.open(temporary, flags, NEW_FILE_MODE)
    try:
        with open(descriptor, "wb") as file:
            if mode is not None:
                os.chmod(descriptor if os.chmod in os.supports_fd else temporary, mode)
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:  # even Ctrl-C: leave no temporary file behind
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise
    _sync_directory(directory)


def _sync_directory(directory: str) -> None:
    """Flush the rename to disk too, where the system allows opening a directory (POSIX)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):  # the file is already in place; this only adds durability
        descriptor = os.open(directory or os.curdir, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _read_text(path: PathLike, where: str) -> str:
    """The file's text, without a leading byte-order mark; at most `MAX_FILE_BYTES` of it."""
    _regular_file_mode(os.fspath(path), where)  # before opening: opening a FIFO may block
    # O_NONBLOCK: should the path be swapped for a FIFO after the check, open still returns.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise ValueError(
                f"{where}: the file is {_file_kind(status.st_mode)}, not a regular file"
            )
        if status.st_size > MAX_FILE_BYTES:
            raise ValueError(
                f"{where}: the file is larger than {MAX_FILE_BYTES // 2**20} MB, the most a model "
                f"file may be ({MAX_PARAMETERS:,} parameters); it is not a model file"
            )
        content = file.read(status.st_size + 1)  # a byte more than the size: did it grow?
    if len(content) > status.st_size:
        raise ValueError(
            f"{where}: the file grew while it was being read; load it again once it is written "
            f"(model.save replaces a file in one step, so this never happens with it)"
        )
    start = len(codecs.BOM_UTF8) if content.startswith(codecs.BOM_UTF8) else 0
    try:
        return content[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = start + error.start  # in the file, byte-order mark included
        raise ValueError(
            f"{where}: the file is not UTF-8 text (byte {content[offset]:#04x} at offset "
            f"{offset}); a model file is JSON written by model.save(path)"
        ) from None


class _NonFiniteNumberError(ValueError):
    """JSON held NaN or Infinity (Python's json accepts them; a model file must not)."""


def _reject_constant(name: str) -> float:
    raise _NonFiniteNumberError(name)


def _parse(text: str, where: str) -> object:
    """The JSON value in `text`; a ValueError (naming the file) for anything that is not JSON."""
    advice = "save the model again with model.save(path)"
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except _NonFiniteNumberError as error:
        problem = f"holds the non-finite number {error}; a saved model has only finite weights"
    except json.JSONDecodeError as error:
        problem = f"is not valid JSON ({error}); it may be truncated or not a model file"
    except RecursionError:
        problem = "nests lists or objects too deeply to be a model file"
    except ValueError as error:  # e.g. an integer of more than 4300 digits
        problem = f"holds a number that cannot be read ({str(error).split(':')[0]})"
    raise ValueError(f"{where}: the file {problem} — {advice}")


# ----- checks ------------------------------------------------------------------------------------


def _check_header(state: object, where: str) -> dict[str, Any]:
    """`state` as a dict with the right format marker, version, architecture and weights keys."""
    if not isinstance(state, dict):
        raise ValueError(
            f"{where}: expected a model state (a JSON object), got {type(state).__name__}; "
            f"use the output of model.state_dict() or a file written by model.save(path)"
        )
    if state.get("format") != FORMAT_NAME:
        raise ValueError(
            f"{where}: not a scalar-autograd model (format is {short_repr(state.get('format'))}, "
            f"expected {FORMAT_NAME!r}); use a file written by model.save(path)"
        )
    version = state.get("version")
    if isinstance(version, bool) or version != FORMAT_VERSION:
        raise ValueError(
            f"{where}: unsupported model file version {short_repr(version)} (this library reads "
            f"version {FORMAT_VERSION}); save the model again with this version"
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


def _check_architecture(architecture: dict[str, Any], where: str) -> Shapes:
    """The layer shapes of a saved architecture, after checking everything needed to rebuild it.

    Sizes are checked against `MAX_PARAMETERS` here, before the weights are read and long before
    a model is built, so a file cannot make loading allocate more than it holds.
    """
    kind = architecture.get("type")
    if not isinstance(kind, str) or kind not in ARCHITECTURE_KEYS:
        raise ValueError(
            f"{where}: unknown model type {short_repr(kind)} in 'architecture'; "
            f"a model file holds one of {', '.join(map(repr, ARCHITECTURE_KEYS))}"
        )
    if set(architecture) != ARCHITECTURE_KEYS[kind]:
        raise ValueError(
            f"{where}: the {kind} architecture should have keys "
            f"{sorted(ARCHITECTURE_KEYS[kind])}, got {short_repr(sorted(map(str, architecture)))}; "
            f"save the model again with model.save(path)"
        )
    for key in ("activation", "output_activation"):
        name = architecture.get(key, "linear")
        if not isinstance(name, str) or name not in ACTIVATIONS:
            raise ValueError(
                f"{where}: {key} {short_repr(name)} is not a built-in activation, so it cannot be "
                f"rebuilt from a file; build the model in code and call "
                f"model.load_state_dict(state)"
            )
    sizes = architecture.get("layer_sizes", [architecture.get("n_outputs", 1)])
    if not isinstance(sizes, list) or not sizes or len(sizes) > MAX_PARAMETERS:
        raise ValueError(
            f"{where}: bad architecture: layer_sizes must be a non-empty list of ints, got "
            f"{excerpt(sizes)}; save the model again with model.save(path)"
        )
    _size(architecture["n_inputs"], "n_inputs", where)
    for size in sizes:
        _size(size, "n_outputs" if kind == "Layer" else "each layer size", where)
    shapes = layer_shapes(architecture)
    assert shapes is not None  # kind is one of ARCHITECTURE_KEYS, checked above
    n_parameters = parameter_count(shapes)
    if n_parameters > MAX_PARAMETERS:
        raise ValueError(
            f"{where}: the architecture has {n_parameters:,} parameters, more than a model file "
            f"holds ({MAX_PARAMETERS:,}); it is not a file written by model.save(path)"
        )
    return shapes


def _size(value: object, name: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PARAMETERS:
        raise ValueError(
            f"{where}: bad architecture: {name} must be a positive int up to {MAX_PARAMETERS:,}, "
            f"got {excerpt(value)}; save the model again with model.save(path)"
        )
    return value


def layer_shapes(architecture: dict[str, Any]) -> Shapes | None:
    """``(inputs, neurons)`` per layer of a trusted architecture; None for an unknown type."""
    kind = architecture.get("type")
    if kind == "Neuron":
        return [(architecture["n_inputs"], 1)]
    if kind == "Layer":
        return [(architecture["n_inputs"], architecture["n_outputs"])]
    if kind == "MLP":
        widths = [architecture["n_inputs"], *architecture["layer_sizes"]]
        return list(itertools.pairwise(widths))
    return None


def parameter_count(shapes: Shapes) -> int:
    """How many parameters layers of these shapes have: each neuron's weights and its bias."""
    return sum((n_inputs + 1) * n_neurons for n_inputs, n_neurons in shapes)


# ----- the weights' nesting: neuron {"w", "b"} → layer {"neurons"} → MLP {"layers"} --------------


def _nest(architecture: dict[str, Any], numbers: list[float]) -> Any:
    """`numbers` (in ``parameters()`` order) nested like the model; a flat list if unknown."""
    shapes = layer_shapes(architecture)
    if shapes is None:
        return list(numbers)
    expected = parameter_count(shapes)
    if len(numbers) != expected:
        raise ValueError(
            f"state_dict: the {architecture['type']} architecture has {expected} parameters but "
            f"parameters() gave {len(numbers)}; a subclass must keep the two consistent"
        )
    rest = iter(numbers)

    def neuron(n_inputs: int) -> dict[str, Any]:
        return {"w": [next(rest) for _ in range(n_inputs)], "b": next(rest)}

    def layer(n_inputs: int, n_neurons: int) -> dict[str, Any]:
        return {"neurons": [neuron(n_inputs) for _ in range(n_neurons)]}

    if architecture["type"] == "Neuron":
        return neuron(shapes[0][0])
    if architecture["type"] == "Layer":
        return layer(*shapes[0])
    return {"layers": [layer(*shape) for shape in shapes]}


def _read_weights(kind: str, shapes: Shapes, weights: object, where: str) -> list[float]:
    """The numbers in `weights`, checked to nest exactly as a `kind` model of these shapes does."""
    if kind == "Neuron":
        return _read_neuron(weights, shapes[0][0], where)
    if kind == "Layer":
        return _read_layer(weights, *shapes[0], where)
    layers = _read_list(weights, "layers", len(shapes), "an MLP's", where)
    return [
        number
        for i, (saved, shape) in enumerate(zip(layers, shapes, strict=True))
        for number in _read_layer(saved, *shape, f"{where}.layers[{i}]")
    ]


def _read_layer(weights: object, n_inputs: int, n_neurons: int, where: str) -> list[float]:
    neurons = _read_list(weights, "neurons", n_neurons, "a layer's", where)
    return [
        number
        for i, saved in enumerate(neurons)
        for number in _read_neuron(saved, n_inputs, f"{where}.neurons[{i}]")
    ]


def _read_neuron(weights: object, n_inputs: int, where: str) -> list[float]:
    if not isinstance(weights, dict) or set(weights) != {"w", "b"}:
        raise ValueError(
            f"{where}: expected a neuron's weights {{'w': [...], 'b': number}}, got "
            f"{excerpt(weights)}"
        )
    return [
        *_read_numbers(weights["w"], n_inputs, f"{where}.w"),
        _read_number(weights["b"], f"{where}.b"),
    ]


def _read_list(weights: object, key: str, length: int, whose: str, where: str) -> list[Any]:
    """``weights[key]``: a list of `length` items, in an object with only that key."""
    if not isinstance(weights, dict) or set(weights) != {key}:
        raise ValueError(
            f"{where}: expected {whose} weights {{{key!r}: [...]}}, got {excerpt(weights)}"
        )
    values = weights[key]
    if not isinstance(values, list) or len(values) != length:
        got = len(values) if isinstance(values, list) else excerpt(values)
        raise ValueError(
            f"{where}.{key}: expected {length} {key}, got {got}; the weights do not fit this "
            f"architecture"
        )
    return values


def _read_numbers(values: object, length: int, where: str) -> list[float]:
    """`values` as a list of `length` finite floats, else a ValueError naming the bad entry."""
    if not isinstance(values, list):
        raise ValueError(f"{where}: expected a list of {length} numbers, got {excerpt(values)}")
    if len(values) != length:
        raise ValueError(
            f"{where}: expected {length} numbers, got {len(values)}; the weights do not fit "
            f"this architecture"
        )
    return [_read_number(value, f"{where}[{i}]") for i, value in enumerate(values)]


def _read_number(value: object, where: str) -> float:
    """`value` as a float if it is a finite int or float (not a bool), else a ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(
            f"{where}: expected a number, got {excerpt(value)}; the weights in a model file are "
            f"numbers"
        )
    try:
        number = float(value)
    except OverflowError:  # an int beyond the largest float, about 1.8e308
        raise ValueError(
            f"{where}: expected a finite number, got an integer of {len(str(value))} digits"
        ) from None
    if not math.isfinite(number):
        raise ValueError(f"{where}: expected a finite number, got {number!r}")
    return number
