"""Laying out a Graphviz graph as SVG, with or without a system-wide Graphviz install.

`render_svg` runs the system `dot` when it is on PATH, else the pip-installed `graphviz-pure`.
`use_pip_renderer` is the opt-in that points the `graphviz` package itself at that renderer, for
``graphviz.Digraph`` objects built by hand (as micrograd's ``draw_dot`` does).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

from graphviz import ExecutableNotFound  # type: ignore[import-untyped]  # graphviz has no types
from graphviz.backend import dot_command  # type: ignore[import-untyped]

SYSTEM_RENDERER = "dot"  # the Graphviz command, when Graphviz is installed system-wide
#: Renderers installed by pip that accept dot's command line (-K engine, -T format, stdin).
PIP_RENDERERS = ("graphviz-pure",)
#: The output formats graphviz-pure 0.2.2 writes (its own list, from ``-Tnone``); no pdf or ps.
PIP_RENDERER_FORMATS = (
    "svg",
    "png",
    "jpeg",
    "jpg",
    "jpe",
    "dot",
    "gv",
    "canon",
    "plain",
    "plain-ext",
    "xdot",
    "xdot1.2",
    "xdot1.4",
    "json",
    "json0",
    "dot_json",
    "xdot_json",
)
RENDER_TIMEOUT_SECONDS = 120  # a layout taking longer than this is reported, not waited for
# how graphviz-pure reports a format it cannot write: Format: "pdf" not recognized. Use one of: …
_UNKNOWN_FORMAT = re.compile(r'Format: "([^"]*)" not recognized')


class RenderError(RuntimeError):
    """No Graphviz renderer could lay the graph out (none installed, or it failed)."""


class NoRendererError(RenderError, ExecutableNotFound):  # type: ignore[misc]  # graphviz: untyped
    """No Graphviz renderer is installed; the message names both fixes.

    Also a ``graphviz.ExecutableNotFound``, so code written for the `graphviz` package that
    catches that error keeps working.
    """

    def __init__(self, message: str) -> None:
        RuntimeError.__init__(self, message)  # ExecutableNotFound's own __init__ wants a command


def no_renderer_message(function: str) -> str:
    """The error message for `function` when no renderer is installed: both fixes, and the DOT."""
    return (
        f"{function}: no Graphviz renderer found: neither the system `dot` command nor the "
        f"pip-installed `graphviz-pure` is available. Fix one of: `apt install graphviz` "
        f"(or `brew install graphviz`, or graphviz.org/download), or `pip install graphviz-pure`. "
        f"The DOT source is still there: `print(dot.source)` or `dot.save('graph.gv')`."
    )


def unsupported_format_message(function: str, output_format: str) -> str:
    """The error message for `function` when the pip renderer cannot write `output_format`."""
    return (
        f"{function}: the pip-installed renderer graphviz-pure cannot write format "
        f"{output_format!r}; it writes {', '.join(PIP_RENDERER_FORMATS)}. Use format='svg' or "
        f"format='png', or install the system Graphviz (`apt install graphviz` or `brew install "
        f"graphviz`), which writes pdf too."
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


def use_pip_renderer() -> str | None:
    """Opt in: make the `graphviz` package use the pip-installed renderer when `dot` is missing.

    The `graphviz` package runs the command ``dot``; with only pip packages installed there is
    none, and ``Digraph.render()``, ``.pipe()`` and Jupyter's inline display raise
    ``graphviz.ExecutableNotFound``. Call this once (e.g. at the top of a notebook that builds
    ``graphviz.Digraph`` objects itself, as micrograd's ``draw_dot`` does) and they run
    `graphviz-pure` instead. It sets ``graphviz.backend.dot_command.DOT_BINARY``, for the whole
    process, and only when that still names ``dot`` (a binary you chose is respected) and no
    system `dot` is on PATH (which stays preferred). Drawings from `draw_dot` call this
    themselves when they are rendered.

    graphviz-pure writes the formats in `PIP_RENDERER_FORMATS` (svg, png, jpeg, …), not pdf or
    ps; for those, install the system Graphviz.

    Returns:
        The renderer the `graphviz` package will run, or None when there is none.

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


use_pip_renderer_if_needed = use_pip_renderer
"""The earlier name of `use_pip_renderer`."""


def uses_pip_renderer() -> bool:
    """Whether the `graphviz` package currently runs a pip-installed renderer."""
    return Path(dot_command.DOT_BINARY).name in PIP_RENDERERS


def explain_render_failure(function: str, error: Exception) -> RenderError | None:
    """The library's clear error for a failure of the `graphviz` package, or None if it has none.

    No renderer at all becomes `NoRendererError`; a format graphviz-pure cannot write becomes
    a `RenderError` that lists the formats it can.
    """
    if isinstance(error, ExecutableNotFound):
        return NoRendererError(no_renderer_message(function))
    stderr = getattr(error, "stderr", None)
    if isinstance(error, subprocess.CalledProcessError) and stderr:
        text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else str(stderr)
        unknown = _UNKNOWN_FORMAT.search(text)
        if unknown is not None and uses_pip_renderer():
            return RenderError(unsupported_format_message(function, unknown[1]))
    return None


def render_svg(dot: Any) -> str:
    """Lay out a `graphviz.Digraph` (or DOT text) and return the SVG text.

    Uses the system `dot` when it is on PATH, else the pip-installed `graphviz-pure`. Renderer
    warnings (e.g. graphviz-pure's about non-ASCII characters) are captured, not printed.

    Raises:
        NoRendererError: (a `RenderError`) no renderer is installed; the message names both
            fixes.
        RenderError: the renderer failed.
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
        raise NoRendererError(no_renderer_message("render_svg"))
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
