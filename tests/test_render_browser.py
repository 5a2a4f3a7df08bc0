"""Rendering under Pyodide: Viz.js through the library's own renderer choice, with clear errors.

CPython stands in for the browser: `sys.platform` says "emscripten", and small fakes of
Pyodide's `js`, `pyodide.ffi` and `pyodide.code` modules hand the DOT text to a Viz.js whose
layouts come from this machine's Graphviz. The real thing runs in Chromium in
tests/browser/test_site.py.
"""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from graphviz.backend import execute

from autograd import Value
from autograd.viz import RenderError, backprop_player, draw_dot, render, render_svg

NODE_GROUP = 'class="node"'


class FakeResult:
    """What Viz.js's ``render`` returns: a status, the output, and the errors."""

    def __init__(self, status: str, output: str = "", errors: tuple[str, ...] = ()) -> None:
        self.status = status
        self.output = output
        self.errors = [types.SimpleNamespace(message=message) for message in errors]


class FakeViz:
    """A Viz.js instance whose layouts come from the system `dot` or graphviz-pure."""

    def __init__(self, renderer: str) -> None:
        self.renderer = renderer
        self.calls: list[dict[str, str]] = []

    def render(self, source: str, options: dict[str, str]) -> FakeResult:
        self.calls.append(options)
        done = subprocess.run(
            [self.renderer, f"-K{options['engine']}", f"-T{options['format']}"],
            input=source.encode(),
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            return FakeResult("failure", errors=("syntax error in line 1 near 'oops'",))
        return FakeResult("success", done.stdout.decode())


class Promise:
    """A JavaScript promise that has already resolved (what `run_sync` waits for)."""

    def __init__(self, value: Any) -> None:
        self.value = value


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> types.SimpleNamespace:
    """Pretend to be Pyodide: the platform, the `js` globals and the `pyodide` modules."""
    renderer = render.find_renderer()
    if renderer is None:
        pytest.skip("no Graphviz renderer to stand in for Viz.js (pip install graphviz-pure)")
    state = types.SimpleNamespace(viz=FakeViz(renderer), scripts=[], jspi=True, status=200)
    js = types.ModuleType("js")
    js.Object = types.SimpleNamespace(fromEntries=dict)  # type: ignore[attr-defined]

    class XMLHttpRequest:
        @staticmethod
        def new() -> Any:
            request = types.SimpleNamespace(status=0, responseText="")
            request.open = lambda method, url, synchronous: state.scripts.append(url)
            request.send = lambda body: (
                setattr(request, "status", state.status)
                or setattr(request, "responseText", "// viz-global.js")
            )
            return request

    js.XMLHttpRequest = XMLHttpRequest  # type: ignore[attr-defined]

    def run_js(code: str) -> Any:
        if code.startswith("// viz-global.js"):
            js.Viz = types.SimpleNamespace()  # type: ignore[attr-defined]
            return None
        assert "Viz.instance()" in code
        promise = Promise(state.viz)
        setattr(js, render.VIZ_PENDING_GLOBAL, promise)
        return promise

    def run_sync(promise: Promise) -> Any:
        if not state.jspi:
            raise RuntimeError("Cannot stack switch: no JavaScript promise integration")
        setattr(js, render.VIZ_INSTANCE_GLOBAL, promise.value)
        return promise.value

    ffi = types.ModuleType("pyodide.ffi")
    ffi.to_js = lambda value, dict_converter: dict_converter(value.items())  # type: ignore[attr-defined]
    ffi.run_sync = run_sync  # type: ignore[attr-defined]
    code = types.ModuleType("pyodide.code")
    code.run_js = run_js  # type: ignore[attr-defined]
    package = types.ModuleType("pyodide")
    for name, module in {
        "js": js,
        "pyodide": package,
        "pyodide.ffi": ffi,
        "pyodide.code": code,
    }.items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(sys, "platform", render.BROWSER_PLATFORM)
    monkeypatch.setattr(execute, "run_check", execute.run_check)  # restored after the test
    monkeypatch.delenv(render.VIZ_URL_VARIABLE, raising=False)
    state.js = js
    return state


def graph() -> Value:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    out = (a * b + a**2).tanh()
    out.backward()
    return out


def test_render_svg_uses_a_page_made_viz_instance(browser: types.SimpleNamespace) -> None:
    browser.js.autogradViz = browser.viz
    assert render.in_browser()
    assert render.find_renderer() == render.BROWSER_RENDERER
    svg = render_svg(draw_dot(graph()))
    assert svg.count(NODE_GROUP) > 0
    assert browser.viz.calls == [{"format": "svg", "engine": "dot"}]


def test_draw_dot_display_pipe_and_render_go_through_viz_js(
    browser: types.SimpleNamespace, tmp_path: Path
) -> None:
    browser.js.autogradViz = browser.viz
    drawing = draw_dot(graph())
    svg = drawing._repr_mimebundle_()["image/svg+xml"]  # what Jupyter shows
    assert svg.count(NODE_GROUP) > 0
    assert drawing.pipe(format="svg", encoding="utf-8").count(NODE_GROUP) > 0
    assert drawing.pipe(format="svg").startswith(b"<?xml")
    saved = Path(drawing.render(tmp_path / "graph", format="svg"))
    assert saved.name == "graph.svg"
    assert saved.read_text(encoding="utf-8").count(NODE_GROUP) > 0
    with pytest.raises(RenderError, match=r"Viz\.js writes svg.*not 'png'"):
        drawing.pipe(format="png")


def test_the_player_renders_in_the_browser(browser: types.SimpleNamespace) -> None:
    browser.js.autogradViz = browser.viz
    player = backprop_player(graph())
    assert player.svg.count(NODE_GROUP) > 0
    assert len(player.steps) > 0


def test_the_viz_global_is_started_once_and_waited_for(browser: types.SimpleNamespace) -> None:
    browser.js.Viz = types.SimpleNamespace()
    render_svg(draw_dot(graph()))
    render_svg(draw_dot(graph()))
    assert getattr(browser.js, render.VIZ_INSTANCE_GLOBAL) is browser.viz
    assert len(browser.viz.calls) == 2


def test_the_url_variable_loads_viz_js(
    browser: types.SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(render.VIZ_URL_VARIABLE, "/vendor/viz-global.js")
    assert render.find_renderer() == render.BROWSER_RENDERER
    assert render_svg(draw_dot(graph())).count(NODE_GROUP) > 0
    assert browser.scripts == ["/vendor/viz-global.js"]


def test_a_wrong_url_says_which_and_what_to_set(
    browser: types.SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(render.VIZ_URL_VARIABLE, "/nowhere/viz-global.js")
    browser.status = 404
    with pytest.raises(render.NoRendererError, match=r"/nowhere/viz-global.js.*HTTP 404"):
        render_svg("digraph { a -> b }")


def test_without_jspi_the_error_says_to_run_again(browser: types.SimpleNamespace) -> None:
    browser.js.Viz = types.SimpleNamespace()
    browser.jspi = False
    with pytest.raises(RenderError, match="still starting; run this again"):
        render_svg("digraph { a -> b }")


def test_no_viz_js_gives_the_browser_advice_not_pip(browser: types.SimpleNamespace) -> None:
    assert render.find_renderer() is None
    drawing = draw_dot(graph())
    for attempt in (lambda: render_svg(drawing), drawing._repr_mimebundle_):
        with pytest.raises(render.NoRendererError) as caught:
            attempt()
        message = str(caught.value)
        assert "Viz.js" in message
        assert render.VIZ_URL_VARIABLE in message
        assert "globalThis.autogradViz = await Viz.instance()" in message
        assert "cannot help here" in message  # graphviz-pure is named only as what won't work


def test_a_layout_error_names_viz_js_and_the_fix(browser: types.SimpleNamespace) -> None:
    browser.js.autogradViz = browser.viz
    with pytest.raises(RenderError, match=r"Viz\.js could not lay the graph out: syntax error"):
        render_svg("digraph { oops")


def test_outside_the_browser_nothing_changes() -> None:
    assert not render.in_browser()
    assert "pip install graphviz-pure" in render.no_renderer_message("render_svg")
