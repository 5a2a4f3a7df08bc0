"""The site's Python without a browser: the playground's answers, its copied code, the build.

The playground's module (docs/playground/playground.py) runs here in CPython, the same file the
page runs under Pyodide; tests/browser/ drives the built site in Chromium.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import math
import sys
from pathlib import Path
from types import ModuleType

import nbformat
import pytest

from autograd import Value
from autograd.viz import find_renderer

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
needs_renderer = pytest.mark.skipif(
    find_renderer() is None, reason="no Graphviz renderer (pip install graphviz-pure)"
)


def load(name: str, path: Path) -> ModuleType:
    """Import a module of docs/ (not a package) by its path."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


playground = load("playground", DOCS / "playground" / "playground.py")
build_site = load("build_site", DOCS / "build_site.py")
NETWORK = {
    "dataset": "xor",
    "layers": [4],
    "activation": "tanh",
    "loss": "mse",
    "learning_rate": 0.2,
    "l2": 0.0,
    "seed": 0,
    "batch_size": None,
}


@needs_renderer
def test_expression_answers_equal_the_library_to_the_last_bit() -> None:
    answer = json.loads(playground.expression("(a*b + a**2).tanh()", '{"a": 2, "b": -3}', "b"))
    a, b = Value(2.0), Value(-3.0)
    out = (a * b + a**2).tanh()
    out.backward()
    assert answer["inputs"] == ["a", "b"]
    assert float.fromhex(answer["output"]["hex"]) == out.data
    assert float.fromhex(answer["grads"]["a"]["hex"]) == a.grad
    assert float.fromhex(answer["grads"]["b"]["hex"]) == b.grad
    assert answer["explained"] == "b"
    assert "∂L/∂b" in answer["explain"]
    assert answer["svg"].count('class="node"') > 0
    assert 'class="backprop-player"' in answer["player"]


@needs_renderer
def test_function_spelling_and_methods_give_the_same_graph() -> None:
    as_function = json.loads(playground.expression("tanh(a) * relu(b)", '{"a": 0.5}', "a"))
    as_method = json.loads(playground.expression("a.tanh() * b.relu()", '{"a": 0.5}', "a"))
    assert as_function["grads"] == as_method["grads"]
    assert as_function["inputs"] == ["a", "b"]  # b was not given: its slider starts at 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("(a*", "syntax error at column 1"),
        ("", "the expression is empty"),
        ("2 + 3", "has no inputs"),
        ("a.foo()", "the functions are exp, log"),
        ("__import__('os')", "the functions are"),
        ("a.__class__", "is not allowed here"),
        ("[a for a in b]", "is not allowed here"),
        ("a.log()", "log: got x = -1.0 (Value 'a'); log(x) needs x > 0"),
        ("b / (a + 1)", "x / y needs y ≠ 0"),
    ],
)
def test_bad_expressions_say_what_is_wrong(text: str, message: str) -> None:
    answer = json.loads(playground.expression(text, '{"a": -1.0, "b": 2.0}', "a"))
    assert message in answer["error"]


def run_copied(code: str) -> str:
    """Run copied code as a user would after pip install, and return what it prints."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "<copied>", "exec"), {"__name__": "__copied__"})
    return printed.getvalue()


@needs_renderer
def test_copied_expression_code_prints_the_same_gradients(tmp_path: Path) -> None:
    answer = json.loads(playground.expression("(x*y).sigmoid()", '{"x": 0.5, "y": -1.5}', "y"))
    code = answer["python"].replace("'graph'", repr(str(tmp_path / "graph")))
    code = code.replace("'backprop.html'", repr(str(tmp_path / "backprop.html")))
    printed = run_copied(code)
    assert f"dL/dx = {answer['grads']['x']['grad']!r}" in printed
    assert f"dL/dy = {answer['grads']['y']['grad']!r}" in printed
    assert (tmp_path / "graph.svg").exists() and (tmp_path / "backprop.html").exists()


@pytest.mark.parametrize("batch_size", [None, 2])
def test_copied_network_code_reproduces_the_loss_to_the_last_bit(batch_size: int | None) -> None:
    trainer = playground.Trainer(json.dumps({**NETWORK, "batch_size": batch_size}))
    for _ in range(37):
        trainer.train_epoch()
    state = json.loads(trainer.state())
    printed = run_copied(state["python"])
    assert f"epoch 37: loss {trainer.losses[-1]!r}" in printed
    assert state["loss_text"] == repr(trainer.losses[-1])


def test_network_mode_trains_xor_to_full_accuracy() -> None:
    trainer = playground.Trainer(json.dumps(NETWORK))
    while trainer.epoch < 400:
        trainer.train_epoch()
    assert trainer.accuracy() == 1.0
    assert trainer.losses[-1] < trainer.losses[0]


def test_a_diverging_learning_rate_stops_with_advice() -> None:
    settings = {**NETWORK, "dataset": "moons", "layers": [8, 8], "learning_rate": 100.0}
    trainer = playground.Trainer(json.dumps(settings))
    # run() returns as soon as training diverges (epoch 2 here); the long budget is for a busy
    # machine, where 2 s may not hold two epochs
    state = json.loads(trainer.run(120_000, 0))
    assert "diverged" in state["diverged"] or "stopped" in state["diverged"]
    assert "try 10" in state["diverged"]
    assert all(x is None or math.isfinite(x) for x in state["losses"])  # valid JSON numbers


@needs_renderer
def test_one_training_point_has_a_graph_and_a_player() -> None:
    trainer = playground.Trainer(json.dumps({**NETWORK, "dataset": "moons", "n": 20}))
    trainer.train_epoch()
    answer = json.loads(trainer.point_graph(3, True))
    assert answer["svg"].count('class="node"') > 0
    assert 'class="backprop-player"' in answer["player"]
    assert all(p.grad == 0.0 for p in trainer.model.parameters())  # training is unaffected


def test_every_method_the_playground_offers_is_a_value_method() -> None:
    for name in playground.METHODS:
        assert callable(getattr(Value, name)), name


def test_browser_copies_of_notebooks_say_what_is_missing_and_guard_matplotlib() -> None:
    notebook = nbformat.read(ROOT / "notebooks" / "01_values_and_the_chain_rule.ipynb", 4)
    copy = build_site.lite_copy(notebook)
    assert "matplotlib" in copy.cells[1].source and "Not available here" in copy.cells[1].source
    code = "\n".join(c.source for c in copy.cells if c.cell_type == "code")
    assert "except ModuleNotFoundError:" in code
    namespace: dict[str, object] = {}
    exec(build_site.NO_MATPLOTLIB.replace("matplotlib.pyplot", "no_such_module"), namespace)
    with pytest.raises(ModuleNotFoundError, match="cannot plot"):
        namespace["plt"].subplots()  # type: ignore[attr-defined]
    plain = nbformat.read(ROOT / "notebooks" / "05_backprop_step_by_step.ipynb", 4)
    assert build_site.missing_in_browser(plain) == []


def test_the_link_check_finds_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "guide").mkdir()
    (tmp_path / "index.html").write_text('<a href="guide/a.html#x">a</a><img src="b.png">')
    (tmp_path / "guide" / "a.html").write_text('<a href="../index.html">home</a>')
    assert build_site.check_links(tmp_path) == ["index.html: b.png"]


def test_npm_pins_are_exact_and_pyodide_matches_the_jupyterlite_kernel() -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    for name, version in package["dependencies"].items():
        assert version[0].isdigit(), f"{name} must be pinned exactly, not {version}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    constants = pytest.importorskip(
        "jupyterlite_pyodide_kernel.constants", reason="the docs extra is not installed"
    )
    assert package["dependencies"]["pyodide"] == constants.PYODIDE_VERSION
