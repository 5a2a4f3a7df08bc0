"""Run the notebooks' `.py` sources into the committed notebooks, with outputs and no noise.

Each notebook is paired with a percent-format source (cells split by ``# %%`` lines) through
Jupytext (``jupytext.toml`` at the repository root says which with which): walkthroughs
``notebooks/source/NN_*.py`` ↔ ``notebooks/NN_*.ipynb``, exercises
``notebooks/exercises/source/NN_*.py`` ↔ ``notebooks/exercises/solutions/NN_*.ipynb``. Jupytext
reads the source; this script only runs it top to bottom in a fresh ``python3`` kernel and
cleans what changes from run to run (timestamps, kernel versions, random cell ids, how output
happened to be split into chunks, memory addresses in the text shown beside a picture, and a
progress bar's intermediate states, elapsed time and speed), so an unchanged notebook rebuilds
with no diff.

An exercise source is an nbgrader source notebook: answers between ``### BEGIN SOLUTION`` and
``### END SOLUTION``, the graded part of a check between ``### BEGIN HIDDEN TESTS`` and
``### END HIDDEN TESTS``, and nbgrader's cell metadata. The student notebook,
``notebooks/exercises/NN_*.ipynb``, is what nbgrader's own ClearSolutions and ClearHiddenTests
make of it (each answer becomes ``# YOUR CODE HERE`` / ``raise NotImplementedError()``), so a
teacher's ``nbgrader generate_assignment`` gives the same notebook.

Usage (from the repository root)::

    .venv/bin/python notebooks/build.py                # every notebook, exercises included
    .venv/bin/python notebooks/build.py 03 07          # only the walkthroughs whose names start so
    .venv/bin/python notebooks/build.py exercises      # every exercise notebook and its solutions
    .venv/bin/python notebooks/build.py exercises/02   # the exercises whose names start so
"""

from __future__ import annotations

import copy
import importlib.util
import re
import sys
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent
SOURCES = NOTEBOOKS / "source"
EXERCISES = NOTEBOOKS / "exercises"  # the exercise notebooks, as handed out
EXERCISE_SOURCES = EXERCISES / "source"
SOLUTIONS = EXERCISES / "solutions"  # the same notebooks with the answers filled in
EXERCISES_ARGUMENT = "exercises"  # `build.py exercises` or `build.py exercises/02`
SOURCE_FORMAT = "py:percent"
KERNEL_NAME = "python3"
NEEDS = {"09": "torch"}  # notebooks that need an optional package, by number
CELL_TIMEOUT_SECONDS = 120  # one cell; the whole notebook should take well under a minute
KERNELSPEC = {"name": KERNEL_NAME, "display_name": "Python 3 (ipykernel)", "language": "python"}
KEPT_CELL_METADATA = ("nbgrader",)  # what marks an exercise's answer and check cells
USAGE = __doc__[__doc__.index("Usage") :] if __doc__ else ""


def read_source(source: Path) -> nbformat.NotebookNode:
    """The notebook a percent-format source describes, as Jupytext reads it."""
    return jupytext.read(source, fmt=SOURCE_FORMAT)


def release(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student's version of an exercise notebook, made as nbgrader makes it.

    nbgrader's ClearSolutions replaces each solution region with its stub, and ClearHiddenTests
    removes each hidden-test region (both check that such regions sit in cells marked as
    solution or grade cells).
    """
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions  # a large import

    student = copy.deepcopy(solution)
    student, _ = ClearSolutions().preprocess(student, {})
    student, _ = ClearHiddenTests().preprocess(student, {})
    return student


def exercise_targets(source: Path) -> dict[Path, nbformat.NotebookNode]:
    """The two notebooks an exercise source makes: the student's and the solutions."""
    solution = read_source(source)
    return {
        EXERCISES / f"{source.stem}.ipynb": release(solution),
        SOLUTIONS / f"{source.stem}.ipynb": solution,
    }


def source_of(notebook: Path) -> Path:
    """The source a built notebook comes from (walkthrough, exercise or solution)."""
    notebook = notebook.resolve()
    folder = SOURCES if notebook.parent == NOTEBOOKS else EXERCISE_SOURCES
    return folder / f"{notebook.stem}.py"


def expected(notebook: Path) -> nbformat.NotebookNode:
    """What a built notebook should hold before it runs: its source's cells, cleaned."""
    notebook = notebook.resolve()
    source = source_of(notebook)
    if notebook.parent == NOTEBOOKS:
        built = read_source(source)
    else:
        built = exercise_targets(source)[notebook]
    clean(built)
    return built


def merge_streams(outputs: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """Join consecutive stdout (or stderr) chunks: where the kernel splits them is timing luck."""
    merged: list[nbformat.NotebookNode] = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


# tqdm's "[00:04<00:00, 24.10epoch/s, " (elapsed<remaining, speed): different on every run
PROGRESS_TIMING = re.compile(r"\[\d+:\d+(?::\d+)?<[\d:?]+, *[\d.?]+ *(?:\w+/s|s/\w+)(?:, |(?=\]))")


# IPython's fallback text for an object shown as a picture: "<GraphDrawing at 0x7f3a…>"
MEMORY_ADDRESS = re.compile(r" at 0x[0-9a-f]+>")


def steady_progress_bars(text: str) -> str:
    """A progress bar's final state only (what Jupyter shows), without its timings."""
    lines = [line.rsplit("\r", 1)[-1] for line in text.split("\n")]
    return "\n".join(PROGRESS_TIMING.sub("[", line).replace(" []", "") for line in lines)


def clean(notebook: nbformat.NotebookNode) -> None:
    """Remove volatile metadata; give cells stable ids and sequential execution counts.

    A cell keeps only nbgrader's metadata (which marks an exercise's answers and checks);
    Jupytext's own (blank lines between cells) lives in the source.
    """
    notebook.metadata = nbformat.from_dict(
        {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    )
    count = 0
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index:02d}"
        kept = {key: cell.metadata[key] for key in KEPT_CELL_METADATA if key in cell.metadata}
        cell.metadata = nbformat.from_dict(kept)
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        cell.outputs = merge_streams(cell.get("outputs", []))
        for output in cell.outputs:
            if output.output_type == "stream" and output.name == "stderr":
                output.text = steady_progress_bars(output.text)
            if "text/plain" in output.get("data", {}):
                output.data["text/plain"] = MEMORY_ADDRESS.sub(">", output.data["text/plain"])
        for output in cell.outputs:
            if "execution_count" in output:
                output.execution_count = count


def build(notebook: nbformat.NotebookNode, target: Path) -> float:
    """Execute `notebook` in a fresh kernel, clean it and write it to `target`; returns seconds."""
    notebook = nbformat.from_dict(notebook)
    clean(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    client = NotebookClient(
        notebook,
        kernel_name=KERNEL_NAME,
        timeout=CELL_TIMEOUT_SECONDS,
        record_timing=False,
        resources={"metadata": {"path": str(target.parent)}},
    )
    started = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - started
    clean(notebook)
    nbformat.validate(notebook)
    nbformat.write(notebook, target)
    return seconds


def main(prefixes: list[str]) -> None:
    """Build every source whose file name starts with one of `prefixes` (all when empty).

    ``exercises`` selects every exercise source, ``exercises/02`` those starting with 02.
    """
    if any(p in ("-h", "--help") for p in prefixes):
        print(USAGE)
        return
    sources = sorted(SOURCES.glob("*.py"))
    exercises = sorted(EXERCISE_SOURCES.glob("*.py"))
    walkthrough_prefixes = [p for p in prefixes if not p.startswith(EXERCISES_ARGUMENT)]
    exercise_prefixes = [
        p.removeprefix(EXERCISES_ARGUMENT).lstrip("/")
        for p in prefixes
        if p not in walkthrough_prefixes
    ]
    chosen = [s for s in sources if not prefixes or s.name.startswith(tuple(walkthrough_prefixes))]
    chosen_exercises = [
        s for s in exercises if not prefixes or s.name.startswith(tuple(exercise_prefixes))
    ]
    missing = {
        s.stem: NEEDS[s.name[:2]]
        for s in chosen
        if s.name[:2] in NEEDS and importlib.util.find_spec(NEEDS[s.name[:2]]) is None
    }
    if missing:  # checked before anything is written, so no notebook is left without outputs
        raise SystemExit(
            "build.py: "
            + "; ".join(f"{name} needs {package}" for name, package in missing.items())
            + ", which is not installed; install it (e.g. .venv/bin/pip install torch==2.13.0) "
            "or build the other notebooks"
        )
    if not chosen and not chosen_exercises:
        names = ", ".join([s.stem for s in sources] + [f"exercises/{s.stem}" for s in exercises])
        raise SystemExit(f"build.py: no notebook source starts with {prefixes}; have: {names}")
    for source in chosen:
        seconds = build(read_source(source), NOTEBOOKS / f"{source.stem}.ipynb")
        print(f"{source.stem}: {seconds:.1f} s", flush=True)
    for source in chosen_exercises:
        for target, notebook in exercise_targets(source).items():
            seconds = build(notebook, target)
            print(f"{target.relative_to(NOTEBOOKS)}: {seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
