"""JupyterLite in Chromium: a walkthrough and an exercise run offline, drawings and checks included.

Each test opens a notebook, waits for the Pyodide kernel (served by the site, with the library
preinstalled), runs every cell, and reads the outputs from JupyterLab's own notebook model.
"""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import new_page

NOTEBOOK = "window.jupyterapp.shell.currentWidget"
KERNEL = f"{NOTEBOOK}.sessionContext.session.kernel"
OUTPUTS = f"""() => {NOTEBOOK}.content.widgets
    .filter(cell => cell.model.type === "code")
    .map(cell => cell.model.outputs.toJSON())"""


def open_notebook(page: Any, site_url: str, path: str) -> None:
    page.goto(f"{site_url}lite/notebooks/index.html?path={path}")
    page.wait_for_function(
        f"window.jupyterapp && {NOTEBOOK} && {NOTEBOOK}.sessionContext.session && {KERNEL}"
    )
    page.wait_for_function(f"{KERNEL}.status === 'idle'")


FINISHED = f"""() => {{
  const cells = {NOTEBOOK}.content.widgets.filter(cell => cell.model.type === "code");
  const failed = cells.some(
    cell => cell.model.outputs.toJSON().some(o => o.output_type === "error"));
  const ran = cells.every(cell => cell.model.executionCount !== null);
  return {KERNEL}.status === "idle" && (ran || failed);
}}"""


def run_all(page: Any) -> list[list[dict[str, Any]]]:
    """Run every cell, wait until all ran (or one failed), and return the cells' outputs."""
    page.evaluate("window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.wait_for_function(
        f"{NOTEBOOK}.content.widgets.every("
        "c => c.model.type !== 'code' || c.model.executionCount === null)"
    )
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(FINISHED)
    outputs: list[list[dict[str, Any]]] = page.evaluate(OUTPUTS)
    return outputs


def errors(outputs: list[list[dict[str, Any]]]) -> list[str]:
    return [
        f"{o['ename']}: {o['evalue']}"
        for cell in outputs
        for o in cell
        if o["output_type"] == "error"
    ]


def test_walkthrough_05_runs_with_its_drawings_and_player(browser: Any, site_url: str) -> None:
    page, console = new_page(browser)
    open_notebook(page, site_url, "walkthroughs/05_backprop_step_by_step.ipynb")
    outputs = run_all(page)
    assert errors(outputs) == []
    pictures = [o for cell in outputs for o in cell if "image/svg+xml" in o.get("data", {})]
    assert len(pictures) >= 3  # draw_dot, through Viz.js in the kernel
    player = page.locator(".jp-OutputArea .backprop-player").first
    counter = player.locator(".bp-counter")
    first = counter.text_content()
    player.locator(".bp-next").click()
    assert counter.text_content() != first
    assert not [e for e in console.errors if "uncaught" in e]
    page.context.close()


def test_an_exercise_notebook_checks_an_answer_with_a_picture(browser: Any, site_url: str) -> None:
    page, console = new_page(browser)
    open_notebook(page, site_url, "exercises/04_backprop_by_hand.ipynb")
    outputs = run_all(page)
    assert errors(outputs) == []
    texts = ["".join(o.get("data", {}).get("text/plain", "")) for cell in outputs for o in cell]
    assert any("Not answered yet" in text for text in texts)
    # a wrong answer: ∂L/∂b is −4, not −2; the checker says so and draws the graph
    page.evaluate(
        f"""() => {{
          const cell = {NOTEBOOK}.content.widgets.find(
            c => c.model.sharedModel.getSource().startsWith("# ✏️ Exercise 1"));
          cell.model.sharedModel.setSource(
            '# ✏️ Exercise 1\\ndef by_hand():\\n    return {{"L": 1.0, "f": 4.0, "d": -2.0, '
            + '"c": -2.0, "e": -2.0, "a": 6.0, "b": -2.0}}');
        }}"""
    )
    outputs = run_all(page)
    assert errors(outputs) == []
    feedback = [
        o["data"]["text/html"]
        for cell in outputs
        for o in cell
        if "Not quite" in "".join(o.get("data", {}).get("text/plain", ""))
    ]
    assert feedback, "the checker gave no verdict on the wrong answer"
    assert "<svg" in "".join(feedback[0])  # the graph with the wrong node marked
    assert not [e for e in console.errors if "uncaught" in e]
    page.context.close()
