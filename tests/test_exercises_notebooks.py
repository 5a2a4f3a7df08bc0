"""The exercise notebooks as files: built from marked sources, handed out without solutions,
and quick to run (each under 20 s, as a class runs them on old laptops)."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograd.exercises import copy_exercise_notebooks, exercise_notebooks
from tests.test_notebooks_meta import load_build

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
EXERCISES = NOTEBOOKS / "exercises"
BUILT = sorted(EXERCISES.glob("*.ipynb")) + sorted((EXERCISES / "solutions").glob("*.ipynb"))
MAX_SECONDS = 20.0  # the limit for one exercise notebook, top to bottom
CELL_TIMEOUT_SECONDS = 60


def test_copy_hands_out_the_exercises_without_solutions(tmp_path: Path) -> None:
    out = tmp_path / "class" / "week1"
    copied = copy_exercise_notebooks(out)
    assert [p.name for p in copied] == [p.name for p in sorted(EXERCISES.glob("*.ipynb"))]
    assert all(
        p.parent == out and p.read_bytes() == (EXERCISES / p.name).read_bytes() for p in copied
    )
    assert sorted(out.iterdir()) == copied  # nothing else: no solutions, no sources


def test_copy_refuses_an_existing_folder(tmp_path: Path) -> None:
    (tmp_path / "student.ipynb").write_text("my work", encoding="utf-8")
    with pytest.raises(FileExistsError, match="already exists"):
        copy_exercise_notebooks(tmp_path)
    assert (tmp_path / "student.ipynb").read_text(encoding="utf-8") == "my work"


def test_copy_reports_a_folder_it_cannot_make(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(OSError):
        copy_exercise_notebooks(blocker / "out")


def test_exercise_notebooks_are_found_in_a_checkout() -> None:
    assert [p.name for p in exercise_notebooks()] == [
        p.name for p in sorted(EXERCISES.glob("*.ipynb"))
    ]


SOURCE = """x = 1
def f():
    # [solution]
    return 2
    # [stub]
    raise NotImplementedError
    # [end]
# [solution]
# only in the solutions
# [end]
"""


def test_exercise_text_keeps_one_side_of_each_region() -> None:
    build = load_build()
    assert build.exercise_text(SOURCE, False) == "x = 1\ndef f():\n    raise NotImplementedError\n"
    assert build.exercise_text(SOURCE, True) == (
        "x = 1\ndef f():\n    return 2\n# only in the solutions\n"
    )


@pytest.mark.parametrize("broken", ["# [stub]\n", "# [solution]\nx\n", "# [end]\n"])
def test_exercise_text_rejects_misplaced_markers(broken: str) -> None:
    with pytest.raises(SystemExit, match=r"build\.py"):
        load_build().exercise_text(broken, True)


@pytest.mark.slow
@pytest.mark.parametrize("path", BUILT, ids=[str(p.relative_to(EXERCISES)) for p in BUILT])
def test_each_notebook_runs_in_under_20_seconds(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=CELL_TIMEOUT_SECONDS,
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - started
    assert seconds < MAX_SECONDS, f"{path.name} took {seconds:.1f} s"
