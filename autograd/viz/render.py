"""Laying out a Graphviz graph as SVG, with or without a system-wide Graphviz install.

`render_svg` runs the system `dot` when it is on PATH, else the pip-installed `graphviz-pure`;
`use_pip_renderer_if_needed` points the `graphviz` package itself at that renderer.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

from graphviz.backend import dot_command  # type: ignore[import-untyped]  # graphviz has no types

SYSTEM_RENDERER = "dot"  # the Graphviz command, when Graphviz is installed system-wide
#: Renderers installed by pip that accept dot's command line (-K engine, -T format, stdin).
PIP_RENDERERS = ("graphviz-pure",)
RENDER_TIMEOUT_SECONDS = 120  # a layout taking longer than this is reported, not waited for


class RenderError(RuntimeError):
    """No Graphviz renderer could lay the graph out (none installed, or it failed)."""


def no_renderer_message(function: str) -> str:
    """The error message for `function` when no renderer is installed: both fixes, and the DOT."""
    return (
        f"{function}: no Graphviz renderer found: neither the system `dot` command nor the "
        f"pip-installed `graphviz-pure` is available. Fix one of: `apt install graphviz` "
        f"(or `brew install graphviz`, or graphviz.org/download), or `pip install graphviz-pure`. "
        f"The DOT source is still there: `print(dot.source)` or `dot.save('graph.gv')`."
    )


# ----- finding a renderer ----------------------------------------------------------------------


def pip_renderer() -> str | None:
    """Path of a pip-installed renderer (`PIP_RENDERERS`), or None if there is none.

    Looked for in this environment's scripts directory, next to the Python executable, then on
    PATH.
    """
    folders = [sysconfig.get_path("scripts"), str(Path(sys.executable).parent)]
    for name in PIP_RENDERERS:
        for folder in folders:
            found = shutil.which(name, path=folder)
            if found is not None:
                return found
        found = shutil.which(name)
        if found is not None:
            return found
    return None


def find_renderer() -> str | None:
    """The command `render_svg` uses: the system `dot` on PATH, else a pip-installed renderer."""
    return shutil.which(SYSTEM_RENDERER) or pip_renderer()


def use_pip_renderer_if_needed() -> str | None:
    """Point the `graphviz` package at a pip-installed renderer when there is no system `dot`.

    Makes ``dot.render(...)``, ``dot.pipe(...)`` and Jupyter's inline display work with pip
    alone, by setting ``graphviz.backend.dot_command.DOT_BINARY``. Leaves it alone when the
    system `dot` is on PATH or the setting was changed by someone else. Returns the renderer
    graphviz will run, or None when there is none.
    """
    current = dot_command.DOT_BINARY
    if str(current) != SYSTEM_RENDERER and Path(current).name not in PIP_RENDERERS:
        return str(current)  # chosen by the user: respect it
    system = shutil.which(SYSTEM_RENDERER)
    if system is not None:
        return system
    pip = pip_renderer()
    if pip is not None:
        dot_command.DOT_BINARY = Path(pip)
    return pip


def render_svg(dot: Any) -> str:
    """Lay out a `graphviz.Digraph` (or DOT text) and return the SVG text.

    Uses the system `dot` when it is on PATH, else the pip-installed `graphviz-pure`. Renderer
    warnings are captured, not printed.

    Raises:
        RenderError: no renderer is installed (the message names both fixes), or it failed.
        TypeError: `dot` is neither a graphviz graph nor a str.

    """
    if isinstance(dot, str):
        source, engine = dot, "dot"
    elif isinstance(getattr(dot, "source", None), str):
        source, engine = dot.source, getattr(dot, "engine", "dot")
    else:
        raise TypeError(
            f"render_svg: expected a graphviz.Digraph (e.g. from draw_dot) or DOT text, got "
            f"{type(dot).__name__}; pass draw_dot(root)"
        )
    renderer = find_renderer()
    if renderer is None:
        raise RenderError(no_renderer_message("render_svg"))
    try:
        done = subprocess.run(
            [renderer, f"-K{engine}", "-Tsvg"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=RENDER_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise RenderError(f"render_svg: running {renderer} failed: {error}") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise RenderError(
            f"render_svg: {renderer} exited with status {done.returncode}: {message}; "
            f"check the DOT source (`print(dot.source)`)"
        )
    return str(done.stdout.decode("utf-8"))
