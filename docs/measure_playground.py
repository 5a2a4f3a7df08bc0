"""Measure the playground's speed as a person feels it, in headless Chromium (the README's table).

Serves ``site/`` (from ``make site``) on 127.0.0.1 and reports, as medians over a few runs:

- the time from opening the playground to its first drawn graph, with an empty cache (cold)
  and on a second visit (warm: the browser's cache and its compiled WebAssembly);
- an expression update after a slider move, for a 20-node graph (one neuron,
  ``(x1*w1 + x2*w2 + b).tanh()``): Python's answer, the page drawn, and the next painted frame;
- network mode's training steps per second on moons (2-8-8-1, full batch of 100), in Pyodide
  and, with the same code (docs/playground/playground.py), in this CPython.

Usage: ``.venv/bin/python docs/measure_playground.py [--runs 3]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import statistics
import sys
from pathlib import Path
from typing import Any

from browser_session import CHROMIUM, CHROMIUM_ARGS, address, serve
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
NEURON = "(x1*w1 + x2*w2 + x3*w3 + b).tanh()"  # a neuron: 14 values, 7 operations
SLIDER_MOVES = 30
MOONS = {
    "dataset": "moons",
    "n": 100,
    "noise": 0.1,
    "layers": [8, 8],
    "activation": "tanh",
    "loss": "binary_cross_entropy_with_logits",
    "learning_rate": 0.1,
    "l2": 0.0,
    "seed": 0,
    "batch_size": None,
}
BENCHMARK_EPOCHS = 300
PLAY_SECONDS = 5


def playground_url() -> str:
    """Serve site/ from a thread; return the playground's address."""
    return address(serve(SITE)) + "playground/index.html"


def first_graph(page: Any, url: str) -> dict[str, float]:
    """Open the playground; the milliseconds from navigation to Pyodide, ready, first graph."""
    page.goto(url)
    if page.evaluate("window.playground.ready") is not True:
        raise SystemExit(f"the playground did not start: {page.text_content('#error')}")
    timings: dict[str, float] = page.evaluate("window.playground.timings")
    return {part: timings[part] for part in ("pyodide", "ready", "firstGraph")}


def slider_updates(page: Any) -> dict[str, float]:
    """Move a slider of the 20-node neuron; the median milliseconds of each part of an update."""
    page.fill("#expr", NEURON)
    page.wait_for_function("window.playground.expression.inputs.length === 7")
    page.evaluate("window.playground.timings.updates = []")
    for k in range(SLIDER_MOVES):  # one move at a time, each waited for, as a hand moves
        page.evaluate(
            """(value) => {
              const slider = document.querySelector('#sliders input[data-name="w1"]');
              slider.value = value;
              slider.dispatchEvent(new Event("input", {bubbles: true}));
            }""",
            -1.0 + 2.0 * k / SLIDER_MOVES,
        )
        page.wait_for_function(f"window.playground.timings.updates.length > {k}")
    updates = page.evaluate("window.playground.timings.updates")
    return {
        **{part: statistics.median(u[part] for u in updates) for part in updates[0]},
        "painted_p90": statistics.quantiles([u["painted"] for u in updates], n=10)[-1],
    }


def pyodide_steps(page: Any) -> dict[str, float]:
    """Network mode's training alone, in the page's Pyodide; and the page's rate while playing."""
    settings = json.dumps(MOONS)
    alone = json.loads(
        page.evaluate(
            "([s, e]) => window.playground.py.benchmark(s, e)", [settings, BENCHMARK_EPOCHS]
        )
    )
    page.click("#tab-network")
    page.wait_for_function("window.playground.network")
    before = page.evaluate("window.playground.network.steps")
    page.click("#play")
    page.wait_for_timeout(PLAY_SECONDS * 1000)
    page.click("#play")
    after = page.evaluate("window.playground.network.steps")
    return {"alone": alone["steps_per_second"], "playing": (after - before) / PLAY_SECONDS}


def graph_nodes() -> int:
    """How many nodes the neuron's graph has: its values and its operations."""
    from autograd import Value
    from autograd.engine.backprop import topological_order

    x1, w1, x2, w2, x3, w3, b = (Value(1.0) for _ in range(7))
    values = topological_order((x1 * w1 + x2 * w2 + x3 * w3 + b).tanh())
    return len(values) + sum(not v.is_leaf for v in values)


def cpython_steps() -> float:
    """The same benchmark in this CPython, from the same file."""
    path = ROOT / "docs" / "playground" / "playground.py"
    spec = importlib.util.spec_from_file_location("playground", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    answer = json.loads(module.benchmark(json.dumps(MOONS), BENCHMARK_EPOCHS))
    rate: float = answer["steps_per_second"]
    return rate


def main() -> None:
    """Measure, and print the README's table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold and warm loads to take")
    runs = parser.parse_args().runs
    if not (SITE / "build-info.json").exists():
        raise SystemExit("site/ is not built: run `make site` first")
    url = playground_url()
    cold, warm = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        version = browser.version
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(180_000)
            cold.append(first_graph(page, url))
            page.close()  # one Pyodide at a time: the second visit reuses the cache only
            page = context.new_page()
            page.set_default_timeout(180_000)
            warm.append(first_graph(page, url))
            context.close()
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(180_000)
        first_graph(page, url)
        sliders = slider_updates(page)
        steps = pyodide_steps(page)
        browser.close()
    native = cpython_steps()
    print(f"Chromium {version} headless; CPython {platform.python_version()}; {runs} runs")
    print("| | measured |")
    print("|---|---:|")
    for name, loads in (("cold", cold), ("warm", warm)):
        seconds = {part: statistics.median(t[part] for t in loads) / 1000 for part in loads[0]}
        print(
            f"| open → first graph, {name} cache | {seconds['firstGraph']:.1f} s (Pyodide "
            f"started {seconds['pyodide']:.1f} s, library installed {seconds['ready']:.1f} s) |"
        )
    print(
        f"| slider move → graph, gradients, explain and player redrawn "
        f"({graph_nodes()}-node graph) | {sliders['painted']:.0f} ms "
        f"(90% within {sliders['painted_p90']:.0f} ms; Python {sliders['python']:.0f} ms, "
        f"page drawn {sliders['drawn']:.0f} ms) |"
    )
    print(f"| network mode, moons 2-8-8-1: steps/s in Pyodide | {steps['alone']:.0f} |")
    print(f"| the same steps/s in CPython | {native:.0f} |")
    print(f"| steps/s while playing (with drawing) | {steps['playing']:.0f} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
