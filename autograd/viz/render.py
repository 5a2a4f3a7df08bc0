"""Laying out a Graphviz graph as SVG, with or without a system-wide Graphviz install.

`render_svg` runs the system `dot` when it is on PATH, else the pip-installed `graphviz-pure`;
in a browser (Pyodide, which cannot start processes) it calls Viz.js, Graphviz compiled to
WebAssembly. `use_pip_renderer` is the opt-in that points the `graphviz` package itself at that
renderer, for ``graphviz.Digraph`` objects built by hand (as micrograd's ``draw_dot`` does).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from graphviz import ExecutableNotFound  # type: ignore[import-untyped]  # graphviz has no types
from graphviz.backend import dot_command, execute  # type: ignore[import-untyped]

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

BROWSER_PLATFORM = "emscripten"  # `sys.platform` under Pyodide, Python compiled to WebAssembly
BROWSER_RENDERER = "Viz.js"  # what `find_renderer` names in a browser: the npm @viz-js/viz
#: The environment variable that holds the URL of @viz-js/viz's ``dist/viz-global.js``, for a
#: page (or a JupyterLite kernel, through ``loadPyodideOptions.env``) that has not loaded it.
VIZ_URL_VARIABLE = "AUTOGRAD_VIZ_JS"
#: The JavaScript global that holds a ready Viz.js instance: ``await Viz.instance()``.
VIZ_INSTANCE_GLOBAL = "autogradViz"
VIZ_PENDING_GLOBAL = "autogradVizPending"  # the promise of that instance, while it starts
HTTP_OK = 200  # the status of a successful HTTP request
#: The text formats Viz.js writes that the `graphviz` package can ask for (no png, pdf or ps).
BROWSER_FORMATS = ("svg", "dot", "gv", "canon", "plain", "plain-ext", "json", "json0", "xdot")


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
    if in_browser():
        return no_browser_renderer_message(function)
    return (
        f"{function}: no Graphviz renderer found: neither the system `dot` command nor the "
        f"pip-installed `graphviz-pure` is available. Fix one of: `apt install graphviz` "
        f"(or `brew install graphviz`, or graphviz.org/download), or `pip install graphviz-pure`. "
        f"The DOT source is still there: `print(dot.source)` or `dot.save('graph.gv')`."
    )


def no_browser_renderer_message(function: str) -> str:
    """The error message for `function` in a browser where Viz.js has not been loaded."""
    return (
        f"{function}: no Graphviz renderer in this browser: under Pyodide the renderer is Viz.js "
        f"(the npm package @viz-js/viz), and it is not loaded. Fix one of: in the page, load "
        f"viz-global.js and set `globalThis.{VIZ_INSTANCE_GLOBAL} = await Viz.instance()` "
        f"before drawing; or set the environment variable {VIZ_URL_VARIABLE} to the URL of "
        f"viz-global.js (in JupyterLite: loadPyodideOptions.env); or run "
        f"`await autograd.viz.render.load_browser_renderer(url)` in Python. (`pip install "
        f"graphviz-pure` cannot help here: a browser cannot run programs.) The DOT source is "
        f"still there: `print(dot.source)`."
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
    """The command `render_svg` uses: the system `dot` on PATH, else a pip-installed renderer.

    In a browser (Pyodide) it is `BROWSER_RENDERER`, Viz.js, when it is loaded or can be.
    """
    if in_browser():
        return BROWSER_RENDERER if _browser_renderer_reachable() else None
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

    In a browser (Pyodide), where no program can run, it points the `graphviz` package at
    Viz.js instead (see `render_svg`), which writes svg and the other text formats in
    `BROWSER_FORMATS`.

    Returns:
        The renderer the `graphviz` package will run, or None when there is none.

    """
    if in_browser():
        execute.run_check = _browser_run_check
        return find_renderer()
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

    Uses the system `dot` when it is on PATH, else the pip-installed `graphviz-pure`; in a
    browser (Pyodide), Viz.js (see `load_browser_renderer`). Renderer warnings (e.g.
    graphviz-pure's about non-ASCII characters) are captured, not printed.

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
    if in_browser():
        return render_in_browser("render_svg", source, engine, "svg")
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


# ----- in a browser: Viz.js under Pyodide --------------------------------------------------------


def in_browser() -> bool:
    """Whether this Python runs in a browser (Pyodide): no processes, so Viz.js lays graphs out."""
    return sys.platform == BROWSER_PLATFORM


def _browser_renderer_reachable() -> bool:
    """Whether Viz.js is loaded (an instance or the ``Viz`` global) or its URL is configured."""
    import js  # type: ignore[import-not-found]  # Pyodide's bridge to the JavaScript globals

    return hasattr(js, VIZ_INSTANCE_GLOBAL) or hasattr(js, "Viz") or VIZ_URL_VARIABLE in os.environ


def _load_viz_script(url: str) -> None:
    """Define the JavaScript global ``Viz`` by running viz-global.js, fetched synchronously."""
    import js
    from pyodide.code import run_js  # type: ignore[import-not-found]

    request = js.XMLHttpRequest.new()
    request.open("GET", url, False)  # synchronous: allowed in workers, where kernels run
    request.send(None)
    if request.status != HTTP_OK:
        raise NoRendererError(
            f"Viz.js: fetching {url} (from {VIZ_URL_VARIABLE}) answered HTTP {request.status}; "
            f"set {VIZ_URL_VARIABLE} to the URL of @viz-js/viz's dist/viz-global.js"
        )
    run_js(request.responseText)


def _start_browser_renderer(function: str) -> Any:
    """The promise of a Viz.js instance, stored in `VIZ_INSTANCE_GLOBAL` once it is ready."""
    import js
    from pyodide.code import run_js

    if not hasattr(js, "Viz"):
        url = os.environ.get(VIZ_URL_VARIABLE)
        if url is None:
            raise NoRendererError(no_browser_renderer_message(function))
        _load_viz_script(url)
    pending = getattr(js, VIZ_PENDING_GLOBAL, None)
    if pending is None:
        pending = run_js(
            f"globalThis.{VIZ_PENDING_GLOBAL} = Viz.instance()"
            f".then(viz => globalThis.{VIZ_INSTANCE_GLOBAL} = viz)"
        )
    return pending


async def load_browser_renderer(url: str | None = None) -> None:
    """Load Viz.js (Graphviz for the browser) so that drawings render under Pyodide.

    A page that runs this library through Pyodide either sets the JavaScript global
    ``autogradViz`` to ``await Viz.instance()`` itself, or lets this load it: from `url`, else
    from the environment variable `VIZ_URL_VARIABLE`, the URL of @viz-js/viz's
    ``dist/viz-global.js``. Awaiting it is needed only in browsers without JavaScript promise
    integration (JSPI); elsewhere the first drawing loads Viz.js itself.
    """
    if url is not None:
        os.environ[VIZ_URL_VARIABLE] = url
    await _start_browser_renderer("load_browser_renderer")


def _browser_viz(function: str) -> Any:
    """The ready Viz.js instance, loading it first if need be (waiting needs JSPI)."""
    import js

    if hasattr(js, VIZ_INSTANCE_GLOBAL):
        return getattr(js, VIZ_INSTANCE_GLOBAL)
    pending = _start_browser_renderer(function)
    try:
        from pyodide.ffi import run_sync  # type: ignore[import-not-found]

        return run_sync(pending)
    except (ImportError, RuntimeError) as error:  # no JSPI: the promise resolves later
        raise RenderError(
            f"{function}: Viz.js (Graphviz for the browser) is still starting; run this again "
            f"in a moment, or `await autograd.viz.render.load_browser_renderer()` first"
        ) from error


def render_in_browser(function: str, source: str, engine: str, output_format: str) -> str:
    """Lay out DOT `source` with Viz.js in the browser and return the text in `output_format`.

    Raises:
        NoRendererError: Viz.js is not loaded and no URL says where it is.
        RenderError: Viz.js cannot write `output_format`, or the layout failed.

    """
    if output_format not in BROWSER_FORMATS:
        raise RenderError(
            f"{function}: in the browser, Viz.js writes {', '.join(BROWSER_FORMATS)}, not "
            f"{output_format!r}; use format='svg'"
        )
    from pyodide.ffi import to_js

    viz = _browser_viz(function)
    options = to_js({"format": output_format, "engine": engine}, dict_converter=_js_object())
    result = viz.render(source, options)  # .render reports errors; .renderString only fails
    if result.status != "success":
        messages = [str(error.message).strip() for error in result.errors]
        raise RenderError(
            f"{function}: Viz.js could not lay the graph out: {'; '.join(messages)}; check the "
            f"DOT source (`print(dot.source)`)"
        )
    return str(result.output)


def _js_object() -> Any:
    """``Object.fromEntries``, which turns a Python dict into a plain JavaScript object."""
    import js

    return js.Object.fromEntries


def _browser_run_check(
    cmd: Sequence[Any],
    *,
    input: bytes | str | None = None,  # the name subprocess.run uses
    input_lines: Iterable[bytes | str] | None = None,
    encoding: str | None = None,
    cwd: Any = None,
    **_ignored: Any,
) -> subprocess.CompletedProcess[Any]:
    """The `graphviz` package's ``run_check``, answered by Viz.js instead of a ``dot`` process.

    It reads the command line the `graphviz` package writes: ``-K`` engine, ``-T`` format, the
    DOT text on stdin (``pipe``: `input` or `input_lines`) or in a file (``render``: ``-O FILE``
    or ``-o OUT FILE``).
    """
    engine, output_format, rest = "dot", "svg", [str(part) for part in cmd[1:]]
    for part in rest:
        if part.startswith("-K"):
            engine = part[2:]
        elif part.startswith("-T"):
            output_format = part[2:].split(":")[0]
    folder = Path(cwd) if cwd is not None else Path()
    if "-O" in rest or "-o" in rest:
        source_file = folder / rest[-1]
        output_file = (
            folder / rest[rest.index("-o") + 1]
            if "-o" in rest
            else source_file.with_name(f"{source_file.name}.{output_format}")
        )
        text = source_file.read_text(encoding="utf-8")
        output_file.write_text(
            render_in_browser("render", text, engine, output_format), encoding="utf-8"
        )
        return subprocess.CompletedProcess(list(cmd), 0, b"", b"")
    pieces = list(input_lines) if input_lines is not None else [input or ""]
    source = "".join(p.decode("utf-8") if isinstance(p, bytes) else p for p in pieces)
    result = render_in_browser("pipe", source, engine, output_format)
    stdout: bytes | str = result if encoding is not None else result.encode("utf-8")
    return subprocess.CompletedProcess(list(cmd), 0, stdout, b"" if encoding is None else "")


if in_browser() and VIZ_URL_VARIABLE in os.environ:
    # Start Viz.js now, so that it is ready by the time a later cell draws, even in browsers
    # without JSPI (where a drawing cannot wait for it). A failure is reported by that drawing.
    with contextlib.suppress(RenderError):
        _start_browser_renderer("import autograd.viz")
