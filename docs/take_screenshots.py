"""Take the playground's screenshots shown on the landing page and in the README.

Serves ``site/`` (from ``make site``), opens each mode in headless Chromium and writes
``docs/_static/screenshots/playground-{expression,network}.png``; rebuild the site afterwards to
show them there. Usage: ``.venv/bin/python docs/take_screenshots.py``.
"""

from __future__ import annotations

from pathlib import Path

from browser_session import CHROMIUM, CHROMIUM_ARGS, click_training_point
from measure_playground import playground_url
from playwright.sync_api import sync_playwright

SCREENSHOTS = Path(__file__).resolve().parent / "_static" / "screenshots"
VIEWPORT = {"width": 1280, "height": 860}
TRAINING_MILLISECONDS = 8000  # long enough for the moons' boundary to take its shape


def main() -> None:
    """Write the two screenshots."""
    url = playground_url()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
        page.set_default_timeout(180_000)
        page.goto(url)
        if page.evaluate("window.playground.ready") is not True:
            raise SystemExit(f"the playground did not start: {page.text_content('#error')}")
        page.screenshot(path=SCREENSHOTS / "playground-expression.png")
        page.click("#tab-network")
        page.click("#play")
        page.wait_for_timeout(TRAINING_MILLISECONDS)
        page.click("#play")
        click_training_point(page, 0)  # its graph opens below the boundary
        page.wait_for_selector("#point-view svg")
        page.screenshot(path=SCREENSHOTS / "playground-network.png")
        browser.close()
    print(f"wrote {SCREENSHOTS}/playground-expression.png and playground-network.png")


if __name__ == "__main__":
    main()
