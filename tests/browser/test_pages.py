"""The site's pages in Chromium: the landing page, the players on pages, the JupyterLite links."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import ROOT, SITE, load_docs_module, new_page


def test_the_landing_page_shows_the_example_and_the_screenshots(
    browser: Any, site_url: str
) -> None:
    page, console = new_page(browser)
    page.goto(site_url)
    text = page.text_content("article")
    assert "make demo" in text and "make test" in text
    assert "L = -0.9640" in text  # the example's output, run when the site was built
    assert page.locator("article svg g.node").count() > 0  # its drawing
    shots = page.locator(".screenshots img")
    assert shots.count() == 2
    for k in range(2):
        assert shots.nth(k).evaluate("img => img.complete && img.naturalWidth > 0")
    assert console.errors == []
    page.context.close()


@pytest.mark.parametrize(
    "path", ["walkthroughs/05_backprop_step_by_step.html", "guide/drawing.html"]
)
def test_players_on_the_pages_step(browser: Any, site_url: str, path: str) -> None:
    page, console = new_page(browser)
    page.goto(site_url + path)
    player = page.locator(".backprop-player").first
    counter = player.locator(".bp-counter")
    first = counter.text_content()
    assert first.startswith("step 1 of")
    player.locator(".bp-next").click()
    assert counter.text_content().startswith("step 2 of")
    player.locator(".bp-prev").click()
    assert counter.text_content() == first
    player.locator(".bp-play").click()
    page.wait_for_function(
        "el => !el.textContent.startsWith('step 1 of')", arg=counter.element_handle()
    )
    assert console.errors == []
    page.context.close()


def test_every_notebook_page_links_to_its_jupyterlite_copy(site_url: str) -> None:
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    notebooks += sorted((ROOT / "notebooks" / "exercises").glob("[0-9][0-9]_*.ipynb"))
    assert len(notebooks) >= 16
    for notebook in notebooks:
        folder = "exercises" if notebook.parent.name == "exercises" else "walkthroughs"
        page = (SITE / folder / f"{notebook.stem}.html").read_text(encoding="utf-8")
        href = f"../lite/notebooks/index.html?path={folder}/{notebook.name}"
        assert f'class="run-in-browser-link" href="{href}"' in page, notebook.name
        assert (SITE / "lite" / "files" / folder / notebook.name).exists()


def test_notebook_pages_show_their_maths(browser: Any, site_url: str) -> None:
    page, console = new_page(browser)
    page.goto(f"{site_url}walkthroughs/05_backprop_step_by_step.html")
    page.wait_for_selector("mjx-container")  # MathJax, served by the site
    assert console.errors == []
    page.context.close()


def test_no_page_of_the_site_has_a_broken_link(site_url: str) -> None:
    assert load_docs_module("build_site").check_links(SITE) == []
