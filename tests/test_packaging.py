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
