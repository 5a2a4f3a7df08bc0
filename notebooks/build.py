"""Build the teaching notebooks from `notebooks/source/*.py`, run them, and save them with outputs.

Each source file is a plain Python script split into cells by ``# %%`` lines (``# %% [markdown]``
starts a markdown cell whose lines are ``# ``-comments), the "percent" format Jupytext and VS Code
read. This script turns every source into ``notebooks/<name>.ipynb``, formats its code with ruff,
runs it top to bottom in a fresh ``python3`` kernel, and strips what changes from run to run
(timestamps, kernel versions, random cell ids, how output happened to be split into chunks,
memory addresses in the text shown beside a picture, and a progress bar's intermediate states,
elapsed time and speed), so rebuilding an unchanged notebook gives no diff.

The exercise notebooks come from ``notebooks/exercises/source/*.py``, one source per notebook
with the answers marked: lines between ``# [solution]`` and ``# [stub]`` are the answer, lines
between ``# [stub]`` and ``# [end]`` what the student starts from (a region may have no stub).
Each source is built twice: without the answers into ``notebooks/exercises/<name>.ipynb`` and
without the stubs into ``notebooks/exercises/solutions/<name>.ipynb``.

Usage (from the repository root)::

    .venv/bin/python notebooks/build.py                # every notebook, exercises included
    .venv/bin/python notebooks/build.py 03 07          # only the walkthroughs whose names start so
    .venv/bin/python notebooks/build.py exercises      # every exercise notebook and its solutions
    .venv/bin/python notebooks/build.py exercises/02   # the exercises whose names start so
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent
SOURCES = NOTEBOOKS / "source"
EXERCISES = NOTEBOOKS / "exercises"  # the exercise notebooks, as handed out
EXERCISE_SOURCES = EXERCISES / "source"
SOLUTIONS = EXERCISES / "solutions"  # the same notebooks with the answers filled in
EXERCISES_ARGUMENT = "exercises"  # `build.py exercises` or `build.py exercises/02`
SOLUTION_MARKER, STUB_MARKER, END_MARKER = "# [solution]", "# [stub]", "# [end]"
KERNEL_NAME = "python3"
NEEDS = {"09": "torch"}  # notebooks that need an optional package, by number
CELL_TIMEOUT_SECONDS = 120  # one cell; the whole notebook should take well under a minute
CELL_MARKER = "# %%"
MARKDOWN_MARKER = "# %% [markdown]"
KERNELSPEC = {"name": KERNEL_NAME, "display_name": "Python 3 (ipykernel)", "language": "python"}


def parse_cells(text: str) -> list[nbformat.NotebookNode]:
    """Split a percent-format script into notebook cells (markdown and code, in order)."""
    cells: list[nbformat.NotebookNode] = []
    kind, lines = "", []

    def close() -> None:
        body = "\n".join(lines).strip("\n")
        if kind == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(body))
        elif kind == "code" and body:
            cells.append(nbformat.v4.new_code_cell(body))

    for line in text.splitlines():
        if line.startswith(CELL_MARKER):
            close()
            kind = "markdown" if line.startswith(MARKDOWN_MARKER) else "code"
            lines = []
        elif kind == "markdown":
            lines.append(line[2:] if line.startswith("# ") else line.lstrip("#"))
        elif kind == "code":
            lines.append(line)
    close()
    return cells


def exercise_text(text: str, solutions: bool) -> str:
    """An exercise source with only its answers (`solutions`) or only its stubs kept.

    The marker lines themselves are dropped; they may be indented like the code they mark.
    """
    moves = {  # (region, marker) -> the region after the marker
        ("", SOLUTION_MARKER): "solution",
        ("solution", STUB_MARKER): "stub",
        ("solution", END_MARKER): "",
        ("stub", END_MARKER): "",
    }
    kept: list[str] = []
    region = ""  # "", "solution" or "stub"
    for number, line in enumerate(text.splitlines(), start=1):
        marker = line.strip()
        if marker in (SOLUTION_MARKER, STUB_MARKER, END_MARKER):
            if (region, marker) not in moves:
                raise SystemExit(f"build.py: line {number}: {marker!r} out of place")
            region = moves[region, marker]
        elif region == "" or (region == "solution") == solutions:
            kept.append(line)
    if region:
        raise SystemExit(f"build.py: a {region} region is not closed with {END_MARKER!r}")
    return "\n".join(kept) + "\n"


def exercise_targets(source: Path) -> dict[Path, str]:
    """The two notebooks built from an exercise source, each with its text."""
    text = source.read_text(encoding="utf-8")
    return {
        EXERCISES / f"{source.stem}.ipynb": exercise_text(text, solutions=False),
        SOLUTIONS / f"{source.stem}.ipynb": exercise_text(text, solutions=True),
    }


def source_cells(notebook: Path) -> list[nbformat.NotebookNode]:
    """The cells a built notebook should have, from its source (walkthrough or exercise)."""
    notebook = notebook.resolve()
    if notebook.parent == NOTEBOOKS:
        return parse_cells((SOURCES / f"{notebook.stem}.py").read_text(encoding="utf-8"))
    source = EXERCISE_SOURCES / f"{notebook.stem}.py"
    return parse_cells(exercise_targets(source)[notebook])


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
    """Remove volatile metadata; give cells stable ids and sequential execution counts."""
    notebook.metadata = nbformat.from_dict(
        {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    )
    count = 0
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index:02d}"
        cell.metadata = nbformat.from_dict({})
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        cell.outputs = merge_streams(cell.outputs)
        for output in cell.outputs:
            if output.output_type == "stream" and output.name == "stderr":
                output.text = steady_progress_bars(output.text)
            if "text/plain" in output.get("data", {}):
                output.data["text/plain"] = MEMORY_ADDRESS.sub(">", output.data["text/plain"])
        for output in cell.outputs:
            if "execution_count" in output:
                output.execution_count = count


def build(source: Path, target: Path | None = None, text: str | None = None) -> float:
    """Write, format, execute and clean one notebook; returns its run time in seconds.

    By default a walkthrough: `source`'s text into ``notebooks/<name>.ipynb``; an exercise
    passes its `target` and the `text` (one variant of its source) to build.
    """
    target = target or NOTEBOOKS / f"{source.stem}.ipynb"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = parse_cells(text if text is not None else source.read_text(encoding="utf-8"))
    clean(notebook)
    nbformat.write(notebook, target)
    subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", str(target)], check=True)

    notebook = nbformat.read(target, as_version=4)
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
        print(f"{source.stem}: {build(source):.1f} s", flush=True)
    for source in chosen_exercises:
        for target, text in exercise_targets(source).items():
            seconds = build(source, target, text)
            print(f"{target.relative_to(NOTEBOOKS)}: {seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
