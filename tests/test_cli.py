"""`python -m autograd`: the demo writes its files, train reports accuracy, bad input is clean."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import autograd
from autograd.__main__ import main
from autograd.nn import MLP


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
    assert (tmp_path / "out" / "decision_boundary.png").read_bytes()[:4] == b"\x89PNG"
    model = MLP.load(tmp_path / "out" / "model.json")
    assert repr(model) == "MLP(2 -> 4 tanh -> 1 linear)"
    assert model([0.0, 1.0]).data > 0.5 > model([1.0, 1.0]).data  # type: ignore[union-attr]


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
    assert "cannot write to" in capsys.readouterr().err


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
    assert "final training accuracy: 100.0% (30/30)" in out
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
        (["train", "--lr", "-1"], "argument --lr: must be a finite number ≥ 0"),
        (["train", "--lr", "0"], "argument --lr: must be greater than 0"),
        (["train", "--layers", "16,x"], "argument --layers: expected hidden layer sizes"),
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


def test_bad_arguments_in_a_real_process_show_no_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "autograd", "train", "--layers", "0"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert "error: argument --layers" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "demo" in err and "train" in err and "usage:" in err


def test_save_to_unwritable_path_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["train", "--dataset", "and", "--layers", "", "--epochs", "1", "--no-progress"]
    argv += ["--save", str(tmp_path / "missing" / "model.json")]
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 1
    assert "cannot write" in capsys.readouterr().err
