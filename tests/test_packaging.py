"""The wheel ships what the package needs at run time: the player's files and py.typed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = (
    "autograd/py.typed",  # the package is fully typed (PEP 561)
    "autograd/viz/player.js",
    "autograd/viz/player.css",
    "autograd/viz/frame.css",
    "autograd/engine/rules.py",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(folder),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(
            f"could not build a wheel here (no network for hatchling?): {done.stderr[-300:]}"
        )
    (built,) = folder.glob("scalar_autograd-*.whl")
    return built


@pytest.mark.parametrize("name", SHIPPED)
def test_the_wheel_ships(wheel: Path, name: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        assert name in archive.namelist()


def test_the_wheel_ships_no_tests_or_notebooks(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert not [n for n in names if n.startswith(("tests/", "notebooks/", "benchmarks/"))]


EXERCISE_NOTEBOOKS = sorted((ROOT / "notebooks" / "exercises").glob("*.ipynb"))
PACKAGED_EXERCISES = "autograd/exercises/notebooks/"


def test_the_wheel_ships_every_exercise_notebook_but_no_solutions(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    shipped = {
        n.removeprefix(PACKAGED_EXERCISES) for n in names if n.startswith(PACKAGED_EXERCISES)
    }
    assert EXERCISE_NOTEBOOKS, "no built exercise notebooks: run notebooks/build.py exercises"
    assert shipped == {path.name for path in EXERCISE_NOTEBOOKS}, (
        "list every notebooks/exercises/*.ipynb in pyproject.toml (wheel.force-include)"
    )
    assert not [n for n in names if "solutions" in n]


def test_the_installed_wheel_copies_the_exercise_notebooks(wheel: Path, tmp_path: Path) -> None:
    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)  # a pure-Python wheel, unpacked, is an installed package
    out = tmp_path / "class"
    script = (
        "import sys, pathlib, autograd.exercises as e; "
        "assert pathlib.Path(e.__file__).is_relative_to(sys.argv[1]), e.__file__; "
        "print('\\n'.join(p.name for p in e.copy_exercise_notebooks(pathlib.Path(sys.argv[2]))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(installed), str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"PYTHONPATH": str(installed), "PATH": ""},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [path.name for path in EXERCISE_NOTEBOOKS]
    assert sorted(p.name for p in out.iterdir()) == [path.name for path in EXERCISE_NOTEBOOKS]


def _wheel_text(wheel: Path, name: str) -> str:
    with zipfile.ZipFile(wheel) as archive:
        (path,) = [n for n in archive.namelist() if n.endswith(f".dist-info/{name}")]
        return archive.read(path).decode("utf-8")


def test_version_is_one_number_the_wheel_and_the_cli_agree_on(wheel: Path) -> None:
    metadata = _wheel_text(wheel, "METADATA")
    (version,) = [
        line.split(": ", 1)[1] for line in metadata.splitlines() if line.startswith("Version: ")
    ]
    assert wheel.name.startswith(f"scalar_autograd-{version}-")
    done = subprocess.run(
        [sys.executable, "-m", "autograd", "--version"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert done.stdout == f"scalar-autograd {version}\n"


def test_the_wheel_installs_the_scalar_autograd_command(wheel: Path) -> None:
    entry_points = _wheel_text(wheel, "entry_points.txt")
    assert "[console_scripts]" in entry_points
    assert "scalar-autograd = autograd.cli:console_main" in entry_points
