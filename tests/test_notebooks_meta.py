"""The saved notebooks are clean: built from their paired sources, executed, no errors, no noise.

nbmake (through plain `pytest`) re-runs every notebook; these checks are about the files as
committed, which is what readers see on GitHub, and about the Jupytext pairing that keeps each
notebook and its `.py` source together.
"""

from __future__ import annotations

import importlib.util
import itertools
import re
from pathlib import Path
from types import ModuleType

import jupytext
import nbformat
import pytest
from jupytext.config import load_jupytext_config
from jupytext.formats import long_form_multiple_formats
from jupytext.paired_paths import paired_paths

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
EXERCISES = NOTEBOOKS / "exercises"
EXERCISE_PATHS = sorted(EXERCISES.glob("*.ipynb"))
SOLUTION_PATHS = sorted((EXERCISES / "solutions").glob("*.ipynb"))
ALL_PATHS = PATHS + EXERCISE_PATHS + SOLUTION_PATHS
CHECK_CELL = "# ✅"  # an exercise's check cell starts so
ALLOWED_METADATA = {"kernelspec", "language_info"}
SOURCE_PATHS = sorted((NOTEBOOKS / "source").glob("*.py")) + sorted(
    (EXERCISES / "source").glob("*.py")
)


def load_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("notebooks_build", NOTEBOOKS / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(
    params=ALL_PATHS, ids=[str(p.relative_to(NOTEBOOKS).with_suffix("")) for p in ALL_PATHS]
)
def notebook(request: pytest.FixtureRequest) -> tuple[Path, nbformat.NotebookNode]:
    path: Path = request.param
    return path, nbformat.read(path, as_version=4)


def test_there_are_notebooks() -> None:
    assert len(PATHS) >= 4


def test_valid_and_metadata_stripped(notebook: tuple[Path, nbformat.NotebookNode]) -> None:
    _, nb = notebook
    nbformat.validate(nb)
    assert set(nb.metadata) <= ALLOWED_METADATA
    assert nb.metadata.kernelspec.name == "python3"
    assert dict(nb.metadata.get("language_info", {})) == {"name": "python"}
    path, _ = notebook
    allowed = {"nbgrader"} if path.parent != NOTEBOOKS else set()  # marks an exercise's cells
    for index, cell in enumerate(nb.cells):
        assert set(cell.metadata) <= allowed, f"cell {index} carries {dict(cell.metadata)}"
        assert cell.id == f"cell-{index:02d}"


def test_executed_in_order_without_errors(notebook: tuple[Path, nbformat.NotebookNode]) -> None:
    _, nb = notebook
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1))
    outputs = [output for cell in code for output in cell.outputs]
    assert outputs, "saved without outputs: rebuild with notebooks/build.py"
    for cell in code:
        kinds = [(o.output_type, o.get("name")) for o in cell.outputs]
        assert all(a != b or a[0] != "stream" for a, b in itertools.pairwise(kinds)), (
            "split stream output: rebuild with notebooks/build.py (it merges them)"
        )
    for output in outputs:
        assert output.output_type != "error", f"{output.ename}: {output.evalue}"
        if output.output_type == "stream" and output.name == "stderr":
            # only progress bars (tqdm writes to stderr); a warning here is a defect to fix
            assert "%|" in output.text, f"stderr output: {output.text[:300]}"
            assert "Warning" not in output.text, output.text[:300]


def test_has_pictures(notebook: tuple[Path, nbformat.NotebookNode]) -> None:
    _, nb = notebook
    kinds = {
        kind
        for cell in nb.cells
        for output in cell.get("outputs", [])
        for kind in output.get("data", {})
    }
    assert kinds & {"image/png", "image/svg+xml", "text/html"}


def test_graph_drawings_saved_as_svg(notebook: tuple[Path, nbformat.NotebookNode]) -> None:
    _, nb = notebook
    drawing_cells = [
        cell for cell in nb.cells if cell.cell_type == "code" and "draw_dot(" in cell.source
    ]
    for cell in drawing_cells:
        kinds = {kind for output in cell.outputs for kind in output.get("data", {})}
        assert "image/svg+xml" in kinds, f"no SVG saved for: {cell.source[:80]!r}"


def test_no_memory_addresses(notebook: tuple[Path, nbformat.NotebookNode]) -> None:
    _, nb = notebook
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/plain", "") + output.get("text", "")
            assert not re.search(r" at 0x[0-9a-f]+", text), text[:200]


def test_matches_its_source(notebook: tuple[Path, nbformat.NotebookNode]) -> None:
    path, nb = notebook
    build = load_build()
    source = build.source_of(path)
    assert source.exists(), f"{path.name} has no source script {source}"
    expected = build.expected(path)
    prefix = path.stem[:2] if path.parent == NOTEBOOKS else f"exercises/{path.stem[:2]}"
    assert [(c.cell_type, c.source, c.metadata) for c in nb.cells] == [
        (c.cell_type, c.source, c.metadata) for c in expected.cells
    ], f"{path.name} is stale: run .venv/bin/python notebooks/build.py {prefix}"


# ----- the pairing: a notebook and its source are one document ---------------------------------


@pytest.mark.parametrize("source", SOURCE_PATHS, ids=[p.stem for p in SOURCE_PATHS])
def test_a_source_round_trips_through_jupytext(source: Path) -> None:
    """What Jupytext writes when the notebook is saved in Jupyter is the source, unchanged."""
    text = source.read_text(encoding="utf-8")
    notebook = jupytext.read(source, fmt="py:percent")
    assert jupytext.writes(notebook, fmt="py:percent") == text


def paired_with(path: Path) -> list[Path]:
    """The files Jupytext keeps in step with `path` (the repository's jupytext.toml)."""
    config = load_jupytext_config(str(path))
    assert config is not None, "no jupytext.toml found"
    formats = config.default_formats(str(path))
    if formats is None:
        return []
    own = next(
        fmt for fmt in long_form_multiple_formats(formats) if fmt["extension"] == path.suffix
    )
    return sorted(Path(p) for p, _ in paired_paths(str(path), own, formats) if Path(p) != path)


@pytest.mark.parametrize("path", PATHS + SOLUTION_PATHS, ids=lambda p: p.stem)
def test_jupytext_pairs_each_notebook_with_its_source(path: Path) -> None:
    assert paired_with(path) == [load_build().source_of(path)]
    assert paired_with(load_build().source_of(path)) == [path]


@pytest.mark.parametrize("path", EXERCISE_PATHS, ids=lambda p: p.stem)
def test_student_notebooks_are_not_paired(path: Path) -> None:
    """They are made from the solutions; saving one must never write a source."""
    assert paired_with(path) == []


def test_a_save_in_jupyter_writes_the_source_too(tmp_path: Path) -> None:
    """Jupytext's contents manager (what Jupyter saves through) keeps an edit in the source."""
    from jupytext import TextFileContentsManager

    (tmp_path / "jupytext.toml").write_bytes((ROOT / "jupytext.toml").read_bytes())
    solution = "notebooks/exercises/solutions/02_activation_functions.ipynb"
    source = "notebooks/exercises/source/02_activation_functions.py"
    for name in (solution, source):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    original = (ROOT / source).read_text(encoding="utf-8")
    manager = TextFileContentsManager(root_dir=str(tmp_path))
    notebook = manager.get(solution)["content"]
    answer = next(cell for cell in notebook.cells if "nbgrader" in cell.metadata)
    answer.source = answer.source.replace("# ✏️ Exercise 1", "# ✏️ Exercise 1, edited in Jupyter")
    manager.save({"type": "notebook", "content": notebook}, solution)
    saved = (tmp_path / source).read_text(encoding="utf-8")
    assert saved == original.replace("# ✏️ Exercise 1", "# ✏️ Exercise 1, edited in Jupyter")


def test_every_notebook_listed_in_readme() -> None:
    readme = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"\((\d\d_\w+\.ipynb)\)", readme))
    assert {p.name for p in PATHS} <= listed
    sources = {p.stem for p in (NOTEBOOKS / "source").glob("*.py")}
    assert {Path(name).stem for name in listed} == sources


# ----- the exercise notebooks ------------------------------------------------------------------


def check_outputs(nb: nbformat.NotebookNode) -> list[str]:
    """The text each check cell (one starting with ✅) displayed."""
    return [
        "".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in cell.outputs)
        for cell in nb.cells
        if cell.cell_type == "code" and cell.source.startswith(CHECK_CELL)
    ]


def test_exercises_and_solutions_come_from_one_source_each() -> None:
    sources = {p.stem for p in (EXERCISES / "source").glob("*.py")}
    assert len(sources) >= 6
    assert {p.stem for p in EXERCISE_PATHS} == sources
    assert {p.stem for p in SOLUTION_PATHS} == sources


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=[p.stem for p in SOLUTION_PATHS])
def test_exercise_cells_follow_nbgrader(path: Path) -> None:
    """Each ✏️ cell is a solution cell with a solution region; each ✅ cell a graded test whose
    hidden part asserts the checker's verdict; grade ids are unique."""
    nb = nbformat.read(path, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    answers = [cell for cell in code if "### BEGIN SOLUTION" in cell.source]
    checks = [cell for cell in code if cell.source.startswith(CHECK_CELL)]
    assert answers and checks
    for cell in answers:
        assert cell.metadata["nbgrader"]["solution"] is True, cell.source[:80]
        assert cell.source.count("### BEGIN SOLUTION") == cell.source.count("### END SOLUTION")
    assert all("✏️" in cell.source for cell in answers)
    for cell in checks:
        marks = cell.metadata["nbgrader"]
        assert marks["grade"] is True and marks["locked"] is True and marks["points"] > 0
        hidden = cell.source.split("### BEGIN HIDDEN TESTS\n")[1].split("### END HIDDEN TESTS")[0]
        assert hidden == "assert feedback.passed, feedback.text()\n", cell.source
        assert cell.source.endswith("\nfeedback")  # the feedback shows, below the hidden part
    ids = [cell.metadata["nbgrader"]["grade_id"] for cell in code if "nbgrader" in cell.metadata]
    assert len(ids) == len(set(ids))
    assert not [c for c in nb.cells if c.cell_type == "markdown" and "BEGIN SOLUTION" in c.source]


@pytest.mark.parametrize("path", EXERCISE_PATHS, ids=[p.stem for p in EXERCISE_PATHS])
def test_student_notebooks_hold_no_solution_and_no_hidden_test(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(cell.source for cell in nb.cells)
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
    solution = nbformat.read(EXERCISES / "solutions" / path.name, as_version=4)
    assert len(nb.cells) == len(solution.cells)
    stubs = text.count("# YOUR CODE HERE\n")
    assert stubs == sum(c.source.count("### BEGIN SOLUTION") for c in solution.cells) > 0


@pytest.mark.parametrize("path", EXERCISE_PATHS, ids=[p.stem for p in EXERCISE_PATHS])
def test_untouched_exercises_say_not_answered_yet(path: Path) -> None:
    outputs = check_outputs(nbformat.read(path, as_version=4))
    assert outputs, f"{path.name} has no check cell (a code cell starting with {CHECK_CELL!r})"
    for text in outputs:
        assert "Not answered yet" in text, text[:300]


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=[p.stem for p in SOLUTION_PATHS])
def test_solutions_pass_every_check(path: Path) -> None:
    outputs = check_outputs(nbformat.read(path, as_version=4))
    assert outputs
    for text in outputs:
        assert "✅ Correct!" in text, text[:300]


def test_no_markdown_inside_code_cells() -> None:
    """A markdown heading or formula in a code cell means a missing `# %% [markdown]` line."""
    build = load_build()
    for source in sorted((NOTEBOOKS / "source").glob("*.py")):  # (nbgrader's ### markers aside)
        for cell in build.read_source(source).cells:
            if cell.cell_type == "code":
                bad = [
                    line for line in cell.source.splitlines() if re.match(r"#+ *(#+ |\$\$)", line)
                ]
                assert not bad, f"{source.name}: markdown in a code cell: {bad}"
