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
    scope_css,
)
from autograd.viz.style import PLAYER_NODE_LIMIT, READABLE_ZOOM
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
    assert "∂L/∂c += (the local derivative of * in c (1st)) × ∂L/∂L" in arithmetic
    assert "∂L/∂c += (the local derivative of * in c (2nd)) × ∂L/∂L" in arithmetic
    d = Value(2.0, label="d")
    arithmetic = next(iter(backprop_steps(c * d))).arithmetic
    assert "∂L/∂d += (the local derivative of * in d) × ∂L/∂L" in arithmetic


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
        "∂L/∂a = ∂L/∂v2 · ∂v2/∂a = 0.1353 × (-1.0000) = -0.1353"
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


def test_a_step_says_which_node_each_letter_of_the_rule_stands_for() -> None:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    first = next(iter(backprop_steps(a - b)))
    assert "local derivatives of -: ∂(x-y)/∂x = 1, ∂(x-y)/∂y = -1  (x is a, y is b)" in (
        first.arithmetic
    )


def test_a_bare_neuron_output_is_not_called_an_error() -> None:
    x, w = Value(2.0, label="x"), Value(0.5, label="w")
    o = (x * w + 0.1).tanh()
    for step in backprop_steps(o, parameters=[w]):
        assert "error" not in step.arithmetic, str(step)
    steps = {step.node.label: step.arithmetic for step in backprop_steps(o, parameters=[w])}
    assert f"({OUTPUT_WITH_NET_INPUT}) · ({NET_INPUT_WITH_WEIGHT})" in steps["w"]


def test_a_graph_too_big_to_play_is_refused_before_any_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from autograd.viz import player as player_module

    def not_called(*_: object) -> str:
        raise AssertionError("a refused graph must not be laid out")

    monkeypatch.setattr(player_module, "render_svg", not_called)
    x = Value(0.5, label="x")
    big = x
    for _ in range(PLAYER_NODE_LIMIT):
        big = big * 0.999 + 0.001
    n_values = len(topological_order(big))
    with pytest.raises(ValueError) as refused:
        backprop_player(big)
    message = str(refused.value)
    assert message.startswith(f"backprop_player: this graph has {n_values:,} values, more than")
    assert "one example" in message and "smaller model" in message and "group_by" in message


@needs_renderer
def test_the_player_takes_the_drawing_options() -> None:
    _, loss = neuron()
    player = backprop_player(loss, rankdir="LR", precision=2)
    numbers = re.findall(r">data (-?[\d.]+)<", player.svg)
    assert numbers and all(len(n.split(".")[1]) == 2 for n in numbers)
    width, height = map(
        float, re.findall(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', player.svg)[0]
    )
    assert width > 2 * height  # left to right, as asked
    with pytest.raises(ValueError, match="the player always shows names and gradients"):
        backprop_player(loss, show_names=False)
    with pytest.raises(TypeError, match="backprop_player: unknown drawing option 'zoom'"):
        backprop_player(loss, zoom=2)


@needs_renderer
def test_steps_and_a_drawing_of_another_graph_are_refused(player: BackpropPlayer) -> None:
    other = Value(2.0).exp()
    with pytest.raises(ValueError, match="the svg and the steps are not of one graph"):
        BackpropPlayer(other, list(backprop_steps(other)), player.svg)
    with pytest.raises(ValueError, match="the svg and the steps are not of one graph"):
        BackpropPlayer(player.root, player.steps[1:], player.svg)


def test_the_players_css_stays_inside_the_player() -> None:
    """Issue 20: selectors after a comma were not scoped, and styled the whole page."""
    scoped = scope_css("a, b c { color: red; }\n.x{margin:0}", "#p")
    assert scoped == "#p a, #p b c { color: red; }\n#p .x { margin:0 }"
    with pytest.raises(ValueError, match="not a plain CSS rule"):
        scope_css("@media print { a { color: red; } }", "#p")


@needs_renderer
def test_every_selector_in_the_page_is_scoped(player: BackpropPlayer) -> None:
    page = player._repr_html_()
    css = page[page.index("<style>") + len("<style>") : page.index("</style>")]
    selectors = [s.strip() for rule in re.findall(r"([^{}]+)\{", css) for s in rule.split(",")]
    assert len(selectors) >= 10
    assert all(s.startswith(f"#{player.player_id} ") for s in selectors), selectors
    assert 'tabindex="0"' in page and 'data-lm-suppress-shortcuts="true"' in page


SCREENSHOT_DIR_VARIABLE = "AUTOGRAD_SCREENSHOT_DIR"  # set it to keep the screenshots to look at
PROJECTOR_WINDOW = (1280, 800)  # a lecture projector's screen, in CSS pixels
NOTEBOOK_WIDTH_PX = 1000  # a notebook's output area on that screen
READABLE_TEXT_PX = 13.0  # node text at least this tall on screen (14 pt text at 75% zoom: 14 px)


def screenshot(driver: Any, tmp_path: Path, name: str) -> Path:
    """Save the window as a PNG in tmp_path (and in $AUTOGRAD_SCREENSHOT_DIR, if set)."""
    import os

    path = tmp_path / name
    driver.save_screenshot(str(path))
    assert path.read_bytes()[:4] == b"\x89PNG"
    keep = os.environ.get(SCREENSHOT_DIR_VARIABLE)
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / name)
    return path


@needs_renderer
def test_keys_step_and_play_and_the_graph_opens_readable_and_follows_the_step(
    player: BackpropPlayer, tmp_path: Path, browser: object
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    driver: Any = browser
    driver.set_window_size(*PROJECTOR_WINDOW)
    driver.get(player.save(tmp_path / "player.html").resolve().as_uri())
    WebDriverWait(driver, BROWSER_WAIT_SECONDS).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "g.node.current")
    )

    def counter() -> str:
        return str(driver.find_element(By.CSS_SELECTOR, ".bp-counter").text)

    def zoom() -> float:
        return float(driver.find_element(By.CSS_SELECTOR, ".bp-zoom-level").text[:-1]) / 100

    n = len(player.steps)
    assert counter() == f"step 1 of {n}"
    assert zoom() >= READABLE_ZOOM  # never opens too small to read
    text_height = driver.execute_script(
        "return document.querySelector('.bp-graph g.node text').getBoundingClientRect().height"
    )
    assert text_height >= READABLE_TEXT_PX
    driver.find_element(By.CSS_SELECTOR, ".bp-next").click()  # the player keeps the focus
    assert counter() == f"step 2 of {n}"
    keys = ActionChains(driver)
    keys.send_keys(Keys.ARROW_RIGHT).send_keys(Keys.ARROW_RIGHT).perform()
    assert counter() == f"step 4 of {n}"
    ActionChains(driver).send_keys(Keys.ARROW_LEFT).perform()
    assert counter() == f"step 3 of {n}"
    page_scroll = driver.execute_script("return window.scrollY")
    ActionChains(driver).send_keys(Keys.END).perform()
    assert counter() == f"step {n} of {n}"
    # the current node is scrolled into the graph's box, the page is not scrolled
    inside = driver.execute_script(
        "const box = document.querySelector('.bp-graph').getBoundingClientRect();"
        "const node = document.querySelector('g.node.current').getBoundingClientRect();"
        "return node.top >= box.top && node.bottom <= box.bottom"
        " && node.left >= box.left && node.right <= box.right"
    )
    assert inside
    ActionChains(driver).send_keys(Keys.SPACE).perform()  # play: from the start again
    assert driver.find_element(By.CSS_SELECTOR, ".bp-play").text == "Pause"
    ActionChains(driver).send_keys(Keys.SPACE).perform()
    assert driver.find_element(By.CSS_SELECTOR, ".bp-play").text == "Play"
    assert driver.execute_script("return window.scrollY") == page_scroll
    before = zoom()
    ActionChains(driver).send_keys("+").perform()
    assert zoom() == pytest.approx(before * 1.25, abs=0.01)
    ActionChains(driver).send_keys(Keys.HOME).perform()
    assert counter() == f"step 1 of {n}"
    screenshot(driver, tmp_path, "player_neuron_step1.png")
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


@needs_renderer
@pytest.mark.parametrize("which", ["readme", "neuron"])
def test_drawings_are_readable_in_a_notebook_on_a_projector(
    which: str, tmp_path: Path, browser: object
) -> None:
    """README example 1 and notebook 05's neuron, shown as Jupyter shows SVG: fit to width."""
    from autograd.viz import draw_dot, render_svg

    if which == "readme":
        a, b = Value(2.0, label="a"), Value(-3.0, label="b")
        root = (a * b + a**2).tanh()
    else:
        root = neuron()[1]
    root.backward()
    svg = render_svg(draw_dot(root))
    page = tmp_path / f"{which}.html"
    page.write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><div style="width:{NOTEBOOK_WIDTH_PX}px">'
        f"{svg[svg.index('<svg') :]}</div><style>svg {{ max-width: 100%; height: auto; }}"
        f"</style></body></html>",
        encoding="utf-8",
    )
    driver: Any = browser
    driver.set_window_size(*PROJECTOR_WINDOW)
    driver.get(page.resolve().as_uri())
    heights = driver.execute_script(  # the text of every value's box and op, as shown
        "return [...document.querySelectorAll('g.node')].filter(g => /^n\\d+(op)?$/.test(g.id))"
        ".flatMap(g => [...g.querySelectorAll('text')]).map(t => t.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= READABLE_TEXT_PX
    names = driver.execute_script(
        "return [...document.querySelectorAll('g.node')].filter(g => /^n\\d+$/.test(g.id))"
        ".map(g => g.querySelector('text').textContent)"
    )
    assert len(names) == len(topological_order(root))  # every value's box starts with its name
    assert all(name and not name.startswith("data") for name in names)
    screenshot(driver, tmp_path, f"draw_dot_{which}.png")
