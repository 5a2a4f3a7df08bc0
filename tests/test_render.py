"""Rendering: the system `dot` if present, else the pip-installed graphviz-pure, else a clear error.

SVG is checked by structure (how many `<g class="node">`), never by bytes: layouts differ between
Graphviz versions.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import graphviz
import pytest
from graphviz.backend import dot_command

from autograd import Value
from autograd.engine.backprop import topological_order
from autograd.viz import RenderError, draw_dot, render, render_svg

NODE_GROUP = 'class="node"'
PIP_RENDERER_MARK = "graphviz-pure"  # graphviz-pure names itself in the SVG's header comment
SVG_HEADER_LENGTH = 400

needs_system_dot = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="system Graphviz not installed (CI installs it: apt-get install graphviz)",
)
needs_pip_renderer = pytest.mark.skipif(
    render.pip_renderer() is None,
    reason="graphviz-pure not installed (wheels: Linux x86_64/aarch64, macOS, Windows)",
)


@pytest.fixture
def without_system_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Hide the system `dot` (an empty PATH) and reset graphviz's choice of binary."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setattr(dot_command, "DOT_BINARY", Path("dot"))
    assert shutil.which("dot") is None


@pytest.fixture
def without_any_renderer(without_system_dot: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "PIP_RENDERERS", ("no-such-graphviz-renderer",))


def small_graph() -> tuple[Value, int]:
    """A graph and how many nodes its drawing has (values + ops + the legend)."""
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    out = (a * b + a).tanh()
    out.backward()
    values = len(topological_order(out))
    ops = sum(not node.is_leaf for node in topological_order(out))
    legend = 1  # one key: leaf, intermediate, output, operation, edge labels
    return out, values + ops + legend


@needs_system_dot
def test_system_dot_is_used_first() -> None:
    out, expected_nodes = small_graph()
    svg = render_svg(draw_dot(out))
    assert svg.count(NODE_GROUP) == expected_nodes
    assert PIP_RENDERER_MARK not in svg[:SVG_HEADER_LENGTH]
    assert render.find_renderer() == shutil.which("dot")


@needs_pip_renderer
def test_pip_renderer_without_system_dot(without_system_dot: None, tmp_path: Path) -> None:
    out, expected_nodes = small_graph()
    dot = draw_dot(out)
    svg = render_svg(dot)
    assert PIP_RENDERER_MARK in svg[:SVG_HEADER_LENGTH]
    assert svg.count(NODE_GROUP) == expected_nodes
    # the graphviz package itself (pipe, render, Jupyter display) now finds the pip renderer
    assert dot.pipe(format="svg", encoding="utf-8").count(NODE_GROUP) == expected_nodes
    png = Path(dot.render(tmp_path / "graph", format="png"))
    assert png.read_bytes().startswith(b"\x89PNG")
    saved_svg = Path(dot.render(tmp_path / "graph", format="svg"))
    assert saved_svg.read_text(encoding="utf-8").count(NODE_GROUP) == expected_nodes
    bundle = dot._repr_mimebundle_()
    assert bundle["image/svg+xml"].count(NODE_GROUP) == expected_nodes


@needs_pip_renderer
@needs_system_dot
def test_both_renderers_draw_the_same_nodes(monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = small_graph()
    dot = draw_dot(out)
    system = render_svg(dot)
    monkeypatch.setattr(render, "find_renderer", render.pip_renderer)
    pure = render_svg(dot)
    assert PIP_RENDERER_MARK in pure[:SVG_HEADER_LENGTH]
    ids = sorted(part.split('"')[0] for part in system.split('<g id="')[1:])
    assert ids == sorted(part.split('"')[0] for part in pure.split('<g id="')[1:])


def test_no_renderer_names_both_fixes_and_the_dot_source(without_any_renderer: None) -> None:
    out, _ = small_graph()
    dot = draw_dot(out)  # drawing needs no renderer
    assert "digraph" in dot.source
    with pytest.raises(RenderError) as caught:
        render_svg(dot)
    message = str(caught.value)
    assert "no Graphviz renderer found" in message
    assert "apt install graphviz" in message
    assert "pip install graphviz-pure" in message
    assert "dot.source" in message
    assert isinstance(caught.value, RuntimeError)
    with pytest.raises(RenderError, match="pip install graphviz-pure"):
        dot._repr_mimebundle_()


def test_a_binary_chosen_by_the_user_is_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    custom = Path("/opt/my-graphviz/bin/dot")
    monkeypatch.setattr(dot_command, "DOT_BINARY", custom)
    assert render.use_pip_renderer() == str(custom)
    assert str(dot_command.DOT_BINARY) == str(custom)
    assert render.use_pip_renderer_if_needed is render.use_pip_renderer  # the earlier name


def test_without_a_renderer_draw_dot_render_and_pipe_give_the_librarys_message(
    without_any_renderer: None, tmp_path: Path
) -> None:
    out, _ = small_graph()
    dot = draw_dot(out)
    for attempt in (lambda: dot.render(tmp_path / "graph"), lambda: dot.pipe(format="svg")):
        with pytest.raises(RenderError, match="no Graphviz renderer found") as caught:
            attempt()
        assert "pip install graphviz-pure" in str(caught.value)
        assert "apt install graphviz" in str(caught.value)
        # still graphviz's own error, for code written against the graphviz package
        assert isinstance(caught.value, graphviz.ExecutableNotFound)
    assert not (tmp_path / "graph.svg").exists()


@needs_pip_renderer
def test_a_plain_graphviz_digraph_renders_with_the_pip_renderer_after_opting_in(
    without_system_dot: None,
) -> None:
    # what code written for micrograd does: build a graphviz.Digraph itself
    digraph = graphviz.Digraph()
    digraph.node("a", "a = 2.0")
    digraph.edge("a", "b")
    draw_dot(small_graph()[0])  # drawing changes nothing global: the opt-in is explicit
    assert str(dot_command.DOT_BINARY) == "dot"
    with pytest.raises(graphviz.ExecutableNotFound):
        digraph.pipe(format="svg")
    assert render.use_pip_renderer() == render.pip_renderer()
    svg = digraph.pipe(format="svg", encoding="utf-8")
    assert PIP_RENDERER_MARK in svg[:SVG_HEADER_LENGTH]
    assert svg.count(NODE_GROUP) == 2
    assert render.use_pip_renderer() == render.pip_renderer()  # calling it again is harmless


@needs_pip_renderer
def test_pdf_with_the_pip_renderer_names_the_formats_it_writes(
    without_system_dot: None, tmp_path: Path
) -> None:
    out, _ = small_graph()
    dot = draw_dot(out)
    expected = r"graphviz-pure cannot write format 'pdf'; it writes svg, png"
    with pytest.raises(RenderError, match=expected) as caught:
        dot.render(tmp_path / "graph", format="pdf")
    assert "apt install graphviz" in str(caught.value)
    with pytest.raises(RenderError, match=expected):
        dot.pipe(format="pdf")
    assert Path(dot.render(tmp_path / "graph", format="png")).read_bytes()[:4] == b"\x89PNG"


@needs_pip_renderer
def test_the_pip_renderer_formats_are_the_ones_it_lists() -> None:
    renderer = render.pip_renderer()
    assert renderer is not None
    done = subprocess.run(
        [renderer, "-Tno-such-format"], input=b"digraph {}", capture_output=True, check=False
    )
    listed = re.search(r"Use one of: (.*)", done.stderr.decode("utf-8"))
    assert listed is not None
    assert set(listed[1].split()) == set(render.PIP_RENDERER_FORMATS)


@needs_pip_renderer
def test_renderer_warnings_do_not_reach_stderr(
    without_system_dot: None, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    accented = Value(2.0, label="poids ω₁ (é)")
    dot = draw_dot(accented * 3.0)
    # the pip renderer does warn about non-ASCII text; Jupyter showed that as a red box
    renderer = render.pip_renderer()
    assert renderer is not None
    raw = subprocess.run(
        [renderer, "-Tsvg"], input=dot.source.encode("utf-8"), capture_output=True, check=False
    )
    assert b"non-ASCII" in raw.stderr
    assert "image/svg+xml" in dot._repr_mimebundle_()  # the Jupyter display path
    dot.pipe(format="svg")
    dot.render(tmp_path / "graph", format="svg")
    render_svg(dot)
    assert capfd.readouterr().err == ""


def test_render_svg_rejects_what_is_not_a_graph() -> None:
    with pytest.raises(TypeError, match=r"render_svg: expected a graphviz\.Digraph .* got int"):
        render_svg(42)


@pytest.mark.skipif(render.find_renderer() is None, reason="no Graphviz renderer installed")
def test_renderer_failure_is_reported() -> None:
    with pytest.raises(RenderError, match="exited with status"):
        render_svg("digraph { this is not DOT")
    assert render_svg("digraph { a -> b }").count(NODE_GROUP) == 2


@pytest.mark.slow
@needs_pip_renderer
def test_a_two_hidden_layer_mlp_renders_with_the_pip_renderer(without_system_dot: None) -> None:
    nn = pytest.importorskip("autograd.nn")
    model = nn.MLP(2, [16, 16, 1], rng=random.Random(0))
    loss = (model([0.5, -1.0]) - 1.0) ** 2
    loss.backward()
    values = topological_order(loss)
    ops = sum(not node.is_leaf for node in values)
    grouped = render_svg(draw_dot(loss, group_by=model, legend=False))
    assert grouped.count(NODE_GROUP) == len(values) + ops
    n_neurons = sum(len(layer.neurons) for layer in model.layers)
    assert grouped.count('class="cluster"') == n_neurons
    collapsed = render_svg(draw_dot(loss, group_by=model, collapse=True, legend=False))
    assert collapsed.count(NODE_GROUP) < len(values) // 10
