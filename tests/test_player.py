"""The backprop player: the steps and their arithmetic, the HTML page (in a real headless
browser), and the SVG frames."""

from __future__ import annotations

import math
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from autograd import Value
from autograd.engine.backprop import topological_order
from autograd.viz import find_renderer
from autograd.viz.draw import ROLE_COLOURS
from autograd.viz.explanation import (
    ERROR_WITH_OUTPUT,
    NET_INPUT_WITH_BIAS,
    NET_INPUT_WITH_INPUT,
    NET_INPUT_WITH_WEIGHT,
    OUTPUT_WITH_NET_INPUT,
)
from autograd.viz.player import (
    BackpropPlayer,
    animate_backward,
    backprop_player,
    backprop_steps,
)
from tests.expressions import N_VARIABLES, evaluate, expressions
from tests.test_explain import VALUE_FUNCTIONS, neuron

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
BROWSER_WAIT_SECONDS = 10
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"

needs_renderer = pytest.mark.skipif(
    find_renderer() is None,
    reason="no Graphviz renderer (apt install graphviz, or pip install graphviz-pure)",
)


@given(expressions(), st.lists(st.floats(-2.0, 2.0), min_size=N_VARIABLES, max_size=N_VARIABLES))
def test_steps_reach_the_same_gradients_as_backward(expression: object, point: list[float]) -> None:
    variables = [Value(x) for x in point]
    root = evaluate(expression, variables, VALUE_FUNCTIONS)  # type: ignore[arg-type]
    assume(isinstance(root, Value))
    steps = list(backprop_steps(root))
    assert [s.node for s in steps] == list(reversed(topological_order(root)))
    assert all(node.grad == 0.0 for node in topological_order(root))  # nothing touched
    root.backward()
    for step in steps:
        assert math.isclose(step.grad, step.node.grad, rel_tol=1e-12, abs_tol=1e-12)
        # the step's gradient is the sum of what its uses contributed
        assert math.isclose(
            step.grad,
            math.fsum(u.upstream * u.local_grad for u in step.uses) if step.uses else 1.0,
            rel_tol=1e-9,
            abs_tol=1e-12,
        )
        for c in step.contributions:
            assert c.after == pytest.approx(c.before + c.local_grad * c.upstream)


def test_a_weights_step_writes_out_the_three_terms() -> None:
    v, loss = neuron()
    steps = {step.node.label: step for step in backprop_steps(loss, parameters=[v["w1"]])}
    w1 = steps["w1"]
    assert w1.title == "w1 (a leaf)"
    out_grad = steps["out"].grad
    local = 1.0 - steps["out"].node.data ** 2
    first, chain, words, leaf = w1.arithmetic.splitlines()
    assert first.startswith("∂loss/∂w1 = ∂loss/∂v")
    assert chain == (
        f"∂loss/∂w1 = ∂loss/∂out · ∂out/∂net · ∂net/∂w1 = {out_grad:.4f} × {local:.4f} × "
        f"2.0000 = {w1.grad:.4f}"
    )
    assert (
        words == f"  ({ERROR_WITH_OUTPUT}) · ({OUTPUT_WITH_NET_INPUT}) · ({NET_INPUT_WITH_WEIGHT})"
    )
    assert leaf == "w1 is a leaf: nothing to pass back; its gradient is final"


def test_a_step_passes_gradient_to_each_parent() -> None:
    _, loss = neuron()
    steps = list(backprop_steps(loss))
    root_step = steps[0]
    assert root_step.arithmetic.startswith("∂loss/∂loss = 1  (the seed")
    tanh_step = next(step for step in steps if step.node.label == "out")
    assert tanh_step.title == "out = tanh(net)"
    assert "local derivatives of tanh: ∂tanh x/∂x = 1 - tanh² x" in tanh_step.arithmetic
    (to_net,) = tanh_step.contributions
    assert to_net.parent.label == "net" and to_net.before == 0.0
    assert f"∂loss/∂net += ∂out/∂net × ∂loss/∂out = {to_net.local_grad:.4f}" in (
        tanh_step.arithmetic
    )
    assert str(tanh_step).startswith(f"step {tanh_step.index + 1}: out = tanh(net)\n")


def not_a_neuron() -> Value:
    """tanh(a·b + a²): an activation, but not of a weighted sum (issue 12, item 22)."""
    a, b = Value(0.5, label="a"), Value(-1.5, label="b")
    return (a * b + a**2).tanh()


def circular_lines(arithmetic: str) -> list[str]:
    """Lines whose left-hand symbol (∂L/∂x before "=" or "+=") reappears on their right."""
    found = []
    for line in arithmetic.splitlines():
        match = re.match(r"(∂\S+/∂\S+) \+?= (.*)", line)
        if match and re.search(re.escape(match[1]) + r"(?![\w#])", match[2]):
            found.append(line)
    return found


@pytest.mark.parametrize(
    "make_root",
    [not_a_neuron, lambda: neuron()[1], lambda: Value(3.0) * Value(3.0), lambda: Value(2.0).exp()],
    ids=["not_a_neuron", "neuron", "product_at_the_root", "one_op"],
)
def test_no_step_defines_a_gradient_by_itself(make_root: Any) -> None:
    # the player's first step once read ∂L/∂v4 += ∂L/∂v4 × ∂L/∂L
    for step in backprop_steps(make_root()):
        assert circular_lines(step.arithmetic) == [], str(step)


def test_the_roots_local_derivative_is_named_in_words() -> None:
    first, second = list(backprop_steps(not_a_neuron()))[:2]
    assert first.title == "L = tanh(v4)"
    assert "∂L/∂v4 += (the local derivative of tanh) × ∂L/∂L = 0.7864 × 1.0000" in first.arithmetic
    assert second.arithmetic.startswith(
        "∂L/∂v4 = ∂L/∂L · (the local derivative of tanh) = 1.0000 × 0.7864 = 0.7864"
    )
    c = Value(3.0, label="c")
    arithmetic = next(iter(backprop_steps(c * c))).arithmetic
    assert "∂L/∂c += (the local derivative of * with respect to x) × ∂L/∂L" in arithmetic
    assert "∂L/∂c += (the local derivative of * with respect to y) × ∂L/∂L" in arithmetic


def test_neuron_words_only_for_a_neuron() -> None:
    # tanh(a·b + a²) is no neuron: no "net input", no "weight", for b or any other node
    for step in backprop_steps(not_a_neuron()):
        assert "net input" not in step.arithmetic, str(step)
        assert ERROR_WITH_OUTPUT not in step.arithmetic
    # a neuron's weight, bias and input each get their own words
    v, loss = neuron()
    parameters = [v["w1"], v["w2"], v["b"]]
    steps = {
        step.node.label: step.arithmetic for step in backprop_steps(loss, parameters=parameters)
    }
    assert f"({NET_INPUT_WITH_WEIGHT})" in steps["w1"]
    assert f"({NET_INPUT_WITH_BIAS})" in steps["b"]
    assert f"({NET_INPUT_WITH_INPUT})" in steps["x1"]
    assert "net input" not in steps["loss"]


def test_backprop_steps_rejects_what_is_not_a_value() -> None:
    with pytest.raises(TypeError, match="backprop_steps: root must be a Value, got int 3"):
        list(backprop_steps(3))  # type: ignore[arg-type]


@pytest.fixture
def player() -> BackpropPlayer:
    v, loss = neuron()
    return backprop_player(loss, parameters=[v["w1"], v["w2"], v["b"]])


@needs_renderer
def test_the_page_is_self_contained(player: BackpropPlayer, tmp_path: Path) -> None:
    page = player.save(tmp_path / "player.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<svg" in page and "<?xml" not in page
    for external in ("<link", "src=", "@import", "url(", "fetch(", "XMLHttpRequest"):
        assert external not in page
    # the only addresses are XML namespace names, which browsers never fetch
    addresses = set(re.findall(r"https?://[^\s\"'<>]+", page))
    assert addresses <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert len(player) == len(topological_order(player.root))
    assert player._repr_html_() in page
    assert animate_backward is backprop_player


@needs_renderer
def test_frames_show_each_step(player: BackpropPlayer, tmp_path: Path) -> None:
    paths = player.save_frames(tmp_path / "frames")
    assert [p.name for p in paths[:2]] == ["step_000.svg", "step_001.svg"]
    assert len(paths) == len(player.steps)
    node_ids = {node: f"n{k}" for k, node in enumerate(topological_order(player.root))}
    for path, step in zip(paths, player.steps, strict=True):
        svg = ET.fromstring(path.read_text(encoding="utf-8"))
        groups = {g.get("id"): g for g in svg.iter(f"{SVG_NAMESPACE}g")}
        current = [i for i, g in groups.items() if "current" in (g.get("class") or "").split()]
        # the value's record, and its op node unless it is a leaf
        op_node = set() if step.node.is_leaf else {node_ids[step.node] + "op"}
        assert set(current) == {node_ids[step.node]} | op_node
        texts = [t.text for t in groups[node_ids[step.node]].iter(f"{SVG_NAMESPACE}text")]
        assert f"grad {step.grad:.4f}" in texts
    first = ET.fromstring(paths[0].read_text(encoding="utf-8"))
    assert sum(t.text == "grad ?" for t in first.iter(f"{SVG_NAMESPACE}text")) > 0


def test_a_player_needs_svg() -> None:
    _, loss = neuron()
    with pytest.raises(ValueError, match="BackpropPlayer: svg must be SVG text"):
        BackpropPlayer(loss, list(backprop_steps(loss)), "not svg")


@pytest.fixture
def browser() -> Iterator[object]:
    """A headless Chromium driven by Selenium; never lets Selenium Manager download anything."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Chromium not installed (CI: apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@needs_renderer
def test_next_advances_the_highlight_and_shows_the_steps_arithmetic(
    player: BackpropPlayer, tmp_path: Path, browser: object
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver: Any = browser
    page = player.save(tmp_path / "player.html")
    driver.get(page.resolve().as_uri())
    node_ids = {node: f"n{k}" for k, node in enumerate(topological_order(player.root))}

    def highlighted() -> str:
        nodes = driver.find_elements(By.CSS_SELECTOR, "g.node.current")
        ids = [str(node.get_attribute("id")) for node in nodes]
        (value_node,) = [i for i in ids if not i.endswith("op")]  # and its op node, if any
        return value_node

    def shown_text() -> str:
        pre = driver.find_element(By.CSS_SELECTOR, ".bp-text")
        return str(pre.get_attribute("textContent"))

    WebDriverWait(driver, BROWSER_WAIT_SECONDS).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "g.node.current")
    )
    assert highlighted() == node_ids[player.steps[0].node]
    assert shown_text() == player.steps[0].arithmetic
    next_button = driver.find_element(By.CSS_SELECTOR, ".bp-next")
    for step in player.steps[1:4]:
        next_button.click()
        assert highlighted() == node_ids[step.node]
        assert shown_text() == step.arithmetic
    title = driver.find_element(By.CSS_SELECTOR, ".bp-title")
    assert title.text == player.steps[3].title
    # gradients filled in so far: the current node's is final
    current = driver.find_element(By.CSS_SELECTOR, f'g[id="{highlighted()}"]')
    assert f"grad {player.steps[3].grad:.4f}" in current.get_attribute("textContent")
    driver.find_element(By.CSS_SELECTOR, ".bp-prev").click()
    assert highlighted() == node_ids[player.steps[2].node]
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_a_route_straight_to_the_root_is_written_once() -> None:
    # a → v → L: the chain along the route would repeat the gradient line word for word
    a, b = Value(2.0, label="a"), Value(-1.0, label="b")
    loss = (a * b).exp()
    steps = {step.node.label: step.arithmetic for step in backprop_steps(loss)}
    assert [line for line in steps["a"].splitlines() if line.startswith("∂L/∂a =")] == [
        "∂L/∂a = ∂L/∂v2 · ∂v2/∂a = 0.1353 × -1.0000 = -0.1353"
    ]
    # one step further from the root, the chain is its own line
    c = Value(0.5, label="c")
    deeper = {s.node.label: s.arithmetic for s in backprop_steps((a * b * c).exp())}
    assert any(line.count(" · ") == 2 for line in deeper["a"].splitlines())


def test_titles_write_each_node_as_a_formula() -> None:
    a = Value(3.0, label="a")
    titles = [step.title for step in backprop_steps((a * 2.0 - a**2).tanh())]
    assert titles == [
        "L = tanh(v4)",
        "v4 = v3 - v1",
        "v3 = a * v2",
        "v2 (a leaf)",
        "v1 = a**2",
        "a (a leaf)",
    ]


def test_backprop_steps_checks_the_parameters() -> None:
    _, loss = neuron()
    with pytest.raises(TypeError, match="backprop_steps: parameters must be Values, got str"):
        list(backprop_steps(loss, parameters=["w1"]))  # type: ignore[list-item]


def test_backprop_player_rejects_what_is_not_a_value() -> None:
    with pytest.raises(TypeError, match="backprop_player: root must be a Value, got int 3"):
        backprop_player(3)  # type: ignore[arg-type]


@needs_renderer
def test_the_player_sorts_the_graph_into_one_view(monkeypatch: pytest.MonkeyPatch) -> None:
    from autograd.viz import graph_view

    views: list[Value] = []

    def counted(root: Value) -> list[Value]:
        views.append(root)
        return topological_order(root)

    monkeypatch.setattr(graph_view, "topological_order", counted)
    v, loss = neuron()
    # parameters as a one-shot iterator: the steps and the drawing both see them
    player = backprop_player(loss, parameters=iter([v["w1"], v["w2"], v["b"]]))
    assert views == [loss]
    assert player.svg.count(ROLE_COLOURS["parameter"]) == 3 + 1  # and the legend's
