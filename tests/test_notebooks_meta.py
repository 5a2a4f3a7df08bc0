"""The saved notebooks are clean: built from their sources, executed, no errors, no noise.

nbmake (through plain `pytest`) re-runs every notebook; these checks are about the files as
committed, which is what readers see on GitHub.
"""

from __future__ import annotations

import importlib.util
import itertools
import re
from pathlib import Path
from types import ModuleType

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
EXERCISES = NOTEBOOKS / "exercises"
EXERCISE_PATHS = sorted(EXERCISES.glob("*.ipynb"))
SOLUTION_PATHS = sorted((EXERCISES / "solutions").glob("*.ipynb"))
ALL_PATHS = PATHS + EXERCISE_PATHS + SOLUTION_PATHS
CHECK_CELL = "# ✅"  # an exercise's check cell starts so
ALLOWED_METADATA = {"kernelspec", "language_info"}


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
    for index, cell in enumerate(nb.cells):
        assert cell.metadata == {}, f"cell {index} carries metadata {dict(cell.metadata)}"
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
    folder = NOTEBOOKS / "source" if path.parent == NOTEBOOKS else EXERCISES / "source"
    source = folder / f"{path.stem}.py"
    assert source.exists(), f"{path.name} has no source script {source}"
    expected = load_build().source_cells(path)
    prefix = path.stem[:2] if path.parent == NOTEBOOKS else f"exercises/{path.stem[:2]}"
    assert [(c.cell_type, c.source) for c in nb.cells] == [
        (c.cell_type, c.source) for c in expected
    ], f"{path.name} is stale: run .venv/bin/python notebooks/build.py {prefix}"


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


@pytest.mark.parametrize("path", EXERCISE_PATHS, ids=[p.stem for p in EXERCISE_PATHS])
def test_exercise_and_solution_differ_only_in_the_marked_regions(path: Path) -> None:
    build = load_build()
    text = (EXERCISES / "source" / f"{path.stem}.py").read_text(encoding="utf-8")
    exercise, solution = build.exercise_text(text, False), build.exercise_text(text, True)
    assert exercise != solution, f"{path.stem}: no # [solution] region"
    markers = (build.SOLUTION_MARKER, build.STUB_MARKER, build.END_MARKER)
    unmarked = [line for line in text.splitlines() if line.strip() not in markers]
    assert set(exercise.splitlines()) | set(solution.splitlines()) == set(unmarked)


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
    for source in sorted((NOTEBOOKS / "source").glob("*.py")):
        for cell in build.parse_cells(source.read_text(encoding="utf-8")):
            if cell.cell_type == "code":
                bad = [
                    line for line in cell.source.splitlines() if re.match(r"#+ *(#+ |\$\$)", line)
                ]
                assert not bad, f"{source.name}: markdown in a code cell: {bad}"
