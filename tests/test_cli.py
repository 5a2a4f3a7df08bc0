"""`python -m autograd`: the demo writes its files, train reports accuracy, bad input is clean."""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

import autograd
from autograd import cli
from autograd.cli import build_parser, format_loss, main
from autograd.nn import MLP
from autograd.viz.draw import ROLE_COLOURS

ROOT = Path(__file__).resolve().parent.parent
LAPTOP_WIDTH_PT = 1400  # the demo's graph must fit a laptop screen this wide
READABLE_GRADIENT = 1e-3  # smaller gradients print as 0.000 at the graph's 3 decimals
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"


def test_demo_command_runs_and_writes_its_outputs(tmp_path: Path) -> None:
    # the real command, as CI and the README run it
    result = subprocess.run(
        [sys.executable, "-m", "autograd", "demo", "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "x1  x2 | XOR" in out
    assert "final loss" in out and "100% of the truth table right" in out
    assert "wrong" not in out
    assert "training" in result.stderr  # the progress bar
    for name in ("model.json", "graph.svg", "decision_boundary.png"):
        path = tmp_path / "out" / name
        assert path.stat().st_size > 0
        assert f"wrote {path}" in out
    svg = (tmp_path / "out" / "graph.svg").read_text()
    assert "<svg" in svg and "tanh" in svg
    assert "one XOR example, (1, 1) -> 0, through the untrained network" in out
    assert (tmp_path / "out" / "decision_boundary.png").read_bytes()[:4] == b"\x89PNG"
    model = MLP.load(tmp_path / "out" / "model.json")
    assert repr(model) == "MLP(2 -> 4 tanh -> 1 linear)"
    assert model([0.0, 1.0]).data > 0.5 > model([1.0, 1.0]).data  # type: ignore[union-attr]


@pytest.mark.skipif(shutil.which("dot") is None, reason="measured with the system Graphviz")
def test_demo_graph_is_small_labelled_and_readable(tmp_path: Path) -> None:
    assert main(["demo", "--out", str(tmp_path), "--no-progress"]) == 0
    svg = (tmp_path / "graph.svg").read_text(encoding="utf-8")
    width = re.search(r'<svg width="(\d+)pt"', svg)
    assert width is not None and int(width[1]) <= LAPTOP_WIDTH_PT
    tree = ET.fromstring(svg[svg.index("<svg") :])
    boxes = []  # the texts of each value's box, and its fill colour
    for group in tree.iter(f"{SVG_NAMESPACE}g"):
        if group.get("class") != "node" or not (group.get("id") or "").startswith("n"):
            continue
        texts = [t.text or "" for t in group.iter(f"{SVG_NAMESPACE}text")]
        fills = [shape.get("fill") for shape in group.iter(f"{SVG_NAMESPACE}polygon")]
        if any(text.startswith("data ") for text in texts):
            boxes.append((texts, fills[0]))
    titles = {texts[0] for texts, _ in boxes}
    assert {"x1", "x2", "target", "prediction", "loss", "h1", "L1.n0.w0", "L2.n0.b"} <= titles
    # every input and parameter box says what it is (no bare "data 1.0000" boxes)
    leaves = [texts for texts, fill in boxes if fill != ROLE_COLOURS["intermediate"]]
    assert all(not texts[0].startswith("data ") for texts in leaves)
    grads = [float(text.split()[1]) for texts, _ in boxes for text in texts if "grad " in text]
    readable = sum(abs(grad) >= READABLE_GRADIENT for grad in grads)
    assert readable >= 0.9 * len(grads)


def test_demo_skips_the_graph_when_viz_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "autograd.viz", None)
    # `from autograd import viz` finds the attribute if another test imported it already
    monkeypatch.delattr(autograd, "viz", raising=False)
    assert main(["demo", "--out", str(tmp_path), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "skipped the computation graph" in out
    assert not (tmp_path / "graph.svg").exists()
    assert (tmp_path / "model.json").exists()


def test_demo_skips_the_picture_without_matplotlib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    assert main(["demo", "--out", str(tmp_path), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "skipped the decision boundary" in out and "scalar-autograd[plot]" in out
    assert not (tmp_path / "decision_boundary.png").exists()


def test_demo_unwritable_output_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--out", str(blocker / "sub"), "--no-progress"])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert "cannot write to" in captured.err
    assert "Training" not in captured.out  # reported before training, not after


def test_train_reports_progress_and_accuracy_and_saves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save = tmp_path / "model.json"
    argv = ["train", "--dataset", "blobs", "--samples", "30", "--layers", "4", "--epochs", "20"]
    argv += ["--lr", "0.1", "--seed", "0", "--save", str(save), "--no-progress"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "MLP(2 -> 4 relu -> 1 linear)" in out
    assert "epoch   20/20  loss" in out
    assert "final training accuracy, after the last update: 100.0% (30/30)" in out
    # the epoch lines are measured before the updates, the final accuracy after: both say so
    assert "measured during the epoch, before its updates" in out
    assert f"wrote {save}" in out
    assert json.loads(save.read_text())["architecture"]["layer_sizes"] == [4, 1]


def test_train_with_progress_bar_and_truth_table(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["train", "--dataset", "xor", "--layers", "4", "--activation", "tanh"]
    argv += ["--loss", "mse", "--epochs", "10", "--batch-size", "2"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "final training accuracy" in captured.out
    assert "loss=" in captured.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["train", "--epochs", "0"], "argument --epochs: must be at least 1"),
        (["train", "--epochs", "ten"], "argument --epochs: expected a whole number"),
        # 0 and -1 get the same message
        (["train", "--lr", "-1"], "argument --lr: must be a finite number > 0, got '-1'"),
        (["train", "--lr", "0"], "argument --lr: must be a finite number > 0, got '0'"),
        (["train", "--lr", "nan"], "argument --lr: must be a finite number > 0, got 'nan'"),
        (["train", "--lr", "inf"], "argument --lr: must be a finite number > 0"),
        (["train", "--momentum", "2"], "argument --momentum: must be a finite number ≥ 0 and < 1"),
        (["train", "--momentum", "1"], "argument --momentum: must be a finite number ≥ 0 and < 1"),
        (["train", "--momentum", "-0.5"], "argument --momentum: must be a finite number ≥ 0"),
        (["train", "--samples", "1"], "argument --samples: must be at least 2, got 1"),
        # was accepted: it printed nothing and grew by about 75 MB/s until killed
        (
            ["train", "--samples", "99999999999999999999"],
            "argument --samples: must be at most 100,000, got 99,999,999,999,999,999,999",
        ),
        (["train", "--samples", "100001"], "argument --samples: must be at most 100,000"),
        # 2 -> 1000 -> 1000 -> 1 has 3,000 + 1,001,000 + 1,001 parameters: more than 1,000,000
        (["train", "--layers", "1000,1000"], "makes a model of 1,005,001 parameters"),
        (["train", "--layers", "10000000000"], "argument --layers: '10000000000' makes a model"),
        (["train", "--noise", "-1"], "argument --noise: must be a finite number ≥ 0"),
        (["train", "--l2", "nan"], "argument --l2: must be a finite number ≥ 0"),
        (["train", "--batch-size", "0"], "argument --batch-size: must be at least 1"),
        (["train", "--layers", "16,x"], "argument --layers: expected hidden layer sizes"),
        # an empty size is an error wherever it is; no hidden layer is spelled "none"
        (["train", "--layers", ""], "argument --layers: expected hidden layer sizes"),
        (["train", "--layers", "4,"], "or 'none' for no hidden layer; got '4,'"),
        (["train", "--layers", ","], "argument --layers: expected hidden layer sizes"),
        (["train", "--layers", "4,,4"], "argument --layers: expected hidden layer sizes"),
        (["train", "--layers", "0"], "argument --layers: expected hidden layer sizes"),
        (["train", "--dataset", "mnist"], "argument --dataset: invalid choice: 'mnist'"),
        (["train", "--activation", "swish"], "argument --activation: invalid choice"),
        (["fly"], "invalid choice: 'fly'"),
    ],
)
def test_bad_arguments_are_argparse_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "usage: python -m autograd" in err
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--layers", "0"], "error: argument --layers"),
        (["--samples", "1", "--epochs", "1"], "error: argument --samples"),  # was a traceback
        (["--momentum", "2"], "error: argument --momentum"),  # was a traceback
        (["--samples", "99999999999999999999"], "error: argument --samples"),  # was a memory leak
    ],
)
def test_bad_arguments_in_a_real_process_show_no_traceback(argv: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "autograd", "train", *argv],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""  # nothing was trained


def test_the_largest_sample_count_is_accepted() -> None:
    args = build_parser().parse_args(["train", "--samples", "100000"])
    assert args.samples == cli.MAX_SAMPLES == 100_000


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--samples", "10"], "--samples cannot apply"),
        (["--noise", "0.3"], "--noise cannot apply"),
        (["--samples", "10", "--noise", "0.3"], "--samples and --noise cannot apply"),
    ],
)
def test_a_truth_table_refuses_the_options_of_generated_data(
    options: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--dataset xor --samples 10` used to train on 4 points without a word."""
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--dataset", "xor", *options, "--epochs", "1", "--no-progress"])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line.startswith(f"python -m autograd train: error: {named} to --dataset xor: ")
    assert "a truth table has exactly its 4 rows" in line
    assert "moons, circles, blobs, spiral" in line
    assert captured.out == ""  # nothing was trained


def test_generated_data_without_samples_uses_the_default_count(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["train", "--dataset", "blobs", "--layers", "none", "--epochs", "1", "--no-progress"]
    assert main(argv) == 0
    assert f"on blobs ({cli.data.DEFAULT_SAMPLES} points)" in capsys.readouterr().out


def test_layers_none_trains_a_model_without_a_hidden_layer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["train", "--dataset", "and", "--layers", "none", "--loss", "mse", "--epochs", "2"]
    assert main([*argv, "--no-progress"]) == 0
    assert "MLP(2 -> 1 linear)" in capsys.readouterr().out


def test_divergence_is_a_one_line_error_that_suggests_a_smaller_rate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--lr", "1e6", "--samples", "20", "--layers", "4", "--no-progress"])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line.startswith("python -m autograd train: error: training diverged in epoch ")
    assert line.endswith("the learning rate 1e+06 is too large: try e.g. --lr 100000")
    assert "nan" not in captured.out and "final training accuracy" not in captured.out


def test_huge_losses_print_in_scientific_notation() -> None:
    assert format_loss(0.12345) == "0.1235"
    assert format_loss(18311520000222012.0) == "1.8312e+16"  # was 17 digits and 4 decimals
    assert format_loss(float("inf")) == "inf"


def test_version_prints_the_distribution_and_its_version(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"scalar-autograd {autograd.__version__}\n"
    # the one place the version is written: pyproject.toml reads it from autograd/__init__.py
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert not re.search(r"^version\s*=", pyproject, re.MULTILINE)


def test_the_installed_command_names_itself_in_its_messages(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["scalar-autograd", "train", "--epochs", "0"])
    with pytest.raises(SystemExit) as exit_info:
        cli.console_main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "usage: scalar-autograd train" in err
    assert "scalar-autograd train: error: argument --epochs" in err


def test_the_console_script_in_the_venv_runs_the_cli() -> None:
    script = Path(sys.executable).with_name("scalar-autograd")
    if not script.exists():
        pytest.skip("scalar-autograd is not installed beside this Python (pip install -e .)")
    done = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"scalar-autograd {autograd.__version__}\n"


def test_main_module_is_three_lines_that_call_the_cli() -> None:
    source = (ROOT / "autograd" / "__main__.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    code = tree.body[1:]  # after the docstring
    assert len(code) == 2  # the import, and the `if __name__ == "__main__":` that runs main
    assert ast.unparse(code[0]) == "from autograd.cli import main"
    assert sum(1 for line in ast.unparse(ast.Module(code, [])).splitlines() if line) == 3


def test_every_command_runs_through_its_own_function() -> None:
    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    runs = {name: command.get_default("run") for name, command in commands.choices.items()}
    assert runs == {"demo": cli.run_demo, "train": cli.run_train, "exercises": cli.run_exercises}


def _options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if a.option_strings and a.dest not in ("help", "version")]


def test_every_option_has_a_description_and_its_default_in_one_style() -> None:
    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(commands.choices) == {"demo", "train", "exercises"}
    for name, command in commands.choices.items():
        assert command.description, name
        for action in _options(command):
            where = f"{name} {action.option_strings[0]}"
            assert action.help, where
            assert re.search(r"\(default: [^)]+\)$", action.help), where
    assert {"--version", "-h"} <= {o for a in parser._actions for o in a.option_strings}


def stub_exercises(monkeypatch: pytest.MonkeyPatch, copy: object) -> None:
    module = ModuleType("autograd.exercises")
    module.copy_exercise_notebooks = copy  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "autograd.exercises", module)


def test_exercises_copies_the_notebooks_one_line_per_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def copy(out: Path) -> list[Path]:
        out.mkdir()
        paths = [out / "01_derivatives.ipynb", out / "02_descent.ipynb"]
        for path in paths:
            path.write_text("{}")
        return paths

    stub_exercises(monkeypatch, copy)
    out = tmp_path / "class"
    assert main(["exercises", "--out", str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"wrote {out / '01_derivatives.ipynb'}",
        f"wrote {out / '02_descent.ipynb'}",
    ]


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (FileExistsError("exists"), "{out} exists; choose a new folder or remove it"),
        (
            PermissionError(13, "Permission denied"),
            "cannot write to {out}: [Errno 13] Permission denied",
        ),
        (FileNotFoundError("no exercise notebooks found"), "no exercise notebooks found"),
    ],
)
def test_exercises_errors_are_one_line(
    error: OSError,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def copy(out: Path) -> list[Path]:
        raise error

    stub_exercises(monkeypatch, copy)
    out = tmp_path / "class"
    with pytest.raises(SystemExit) as exit_info:
        main(["exercises", "--out", str(out)])
    assert exit_info.value.code == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line == f"python -m autograd exercises: error: {message.format(out=out)}"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_notebooks_installs_the_extra_into_the_venv_and_opens_jupyterlab() -> None:
    done = subprocess.run(
        ["make", "-n", "notebooks"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    lines = done.stdout.splitlines()
    install = lines.index(".venv/bin/python -m pip install --quiet -e '.[notebooks]'")
    # then PyTorch, for notebook 09 (it failed in cell 1 without it); if that install fails,
    # the line after it says so, before JupyterLab opens
    assert lines[install + 1].startswith('echo "Installing PyTorch (the torch extra)')
    assert lines[install + 2] == ".venv/bin/python -m pip install --quiet -e '.[torch]' || \\"
    assert "could not install PyTorch: notebook 09" in lines[install + 3]
    assert lines[install + 4] == ".venv/bin/jupyter lab notebooks/"
    help_line = next(
        line
        for line in (ROOT / "Makefile").read_text().splitlines()
        if line.startswith("notebooks:")
    )
    assert "##" in help_line


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "demo" in err and "train" in err and "usage:" in err


@pytest.mark.parametrize(
    ("save", "message"),
    [
        ("missing/model.json", "the folder {tmp}/missing does not exist; create it first"),
        ("", "--save: {tmp} is a folder; give a file name, e.g. {tmp}/model.json"),
    ],
)
def test_save_to_unwritable_path_is_reported_before_training(
    save: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["train", "--dataset", "and", "--layers", "none", "--epochs", "1", "--no-progress"]
    argv += ["--save", f"{tmp_path}/{save}"]
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert message.format(tmp=tmp_path) in captured.err
    assert captured.out == ""  # nothing was trained
