"""The exercise notebooks as files: made from nbgrader source notebooks as nbgrader makes them,
graded by nbgrader as a teacher would, handed out without solutions, and quick to run (each
under 20 s, as a class runs them on old laptops)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograd.exercises import copy_exercise_notebooks, exercise_notebooks
from tests.test_notebooks_meta import load_build

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
EXERCISES = NOTEBOOKS / "exercises"
SOLUTIONS = EXERCISES / "solutions"
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


def cell(source: str, **nbgrader: object) -> nbformat.NotebookNode:
    made = nbformat.v4.new_code_cell(source)
    if nbgrader:
        made.metadata["nbgrader"] = {"schema_version": 3, "task": False, **nbgrader}
    return made


def test_release_clears_solutions_and_hidden_tests_as_nbgrader_does() -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        cell("x = 1"),
        cell(
            "def f():\n    ### BEGIN SOLUTION\n    return 2\n    ### END SOLUTION",
            grade_id="f",
            solution=True,
            grade=False,
            locked=False,
        ),
        cell(
            "r = f()\n### BEGIN HIDDEN TESTS\nassert r == 2\n### END HIDDEN TESTS\nr",
            grade_id="check",
            solution=False,
            grade=True,
            locked=True,
            points=1,
        ),
    ]
    released = load_build().release(notebook)
    assert [c.source for c in released.cells] == [
        "x = 1",
        "def f():\n    # YOUR CODE HERE\n    raise NotImplementedError()",
        "r = f()\nr",
    ]
    assert "return 2" in notebook.cells[1].source  # the solutions are left as they were


def test_release_refuses_a_solution_outside_a_solution_cell() -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")]
    with pytest.raises(RuntimeError, match="non-solution cell"):
        load_build().release(notebook)


def nbgrader(course: Path, *arguments: str) -> None:
    """Run nbgrader's command line in `course`, as a teacher would."""
    bin_folder = str(Path(sys.executable).parent)  # nbgrader runs `alembic` from there
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *arguments, f"--CourseDirectory.root={course}"],
        capture_output=True,
        text=True,
        check=False,
        cwd=course,
        env={**os.environ, "PATH": bin_folder + os.pathsep + os.environ.get("PATH", "")},
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def course_with_the_solutions(folder: Path, names: list[str]) -> Path:
    """A fresh nbgrader course whose assignment "exercises" is the given solution notebooks."""
    source = folder / "source" / "exercises"
    source.mkdir(parents=True)
    for name in names:
        shutil.copyfile(SOLUTIONS / name, source / name)
    return folder


def test_nbgrader_generate_assignment_makes_the_student_notebooks(tmp_path: Path) -> None:
    names = [p.name for p in sorted(SOLUTIONS.glob("*.ipynb"))]
    course = course_with_the_solutions(tmp_path, names)
    nbgrader(course, "generate_assignment", "exercises", "--force")
    for name in names:
        released = nbformat.read(course / "release" / "exercises" / name, as_version=4)
        ours = nbformat.read(EXERCISES / name, as_version=4)
        assert [(c.cell_type, c.source) for c in released.cells] == [
            (c.cell_type, c.source) for c in ours.cells
        ], f"{name}: nbgrader's release differs from notebooks/exercises/{name}"


def autograded_scores(course: Path, name: str, submissions: dict[str, str]) -> dict[str, float]:
    """Each submission's score: {student: notebook text}, autograded by nbgrader."""
    from nbgrader.api import Gradebook

    nbgrader(course, "generate_assignment", "exercises", "--force")
    for student, text in submissions.items():
        folder = course / "submitted" / student / "exercises"
        folder.mkdir(parents=True)
        (folder / name).write_text(text, encoding="utf-8")
    nbgrader(course, "autograde", "exercises", "--create", "--force")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {s: gradebook.find_submission("exercises", s).score for s in submissions}


@pytest.mark.slow
def test_nbgrader_autograde_gives_points_only_for_right_answers(tmp_path: Path) -> None:
    name = "03_gradient_descent.ipynb"  # three checks, and quick to run
    solution = (SOLUTIONS / name).read_text(encoding="utf-8")
    one_wrong = solution.replace("return 1.5", "return 0.3")  # a rate that does not diverge
    assert one_wrong != solution
    scores = autograded_scores(
        course_with_the_solutions(tmp_path, [name]),
        name,
        {
            "blank": (EXERCISES / name).read_text(encoding="utf-8"),
            "solved": solution,
            "one_wrong": one_wrong,
        },
    )
    assert scores == {"blank": 0.0, "solved": 3.0, "one_wrong": 2.0}


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
