"""The built site (site/, from `make site`), served on 127.0.0.1 and driven in Chromium.

Playwright for Python drives the system Chromium (``executable_path``): Playwright's own browser
download is never used. Without Chromium, Playwright or a built site the tests skip and say
which is missing; under CI (``CI`` set, as in .ci/run) they fail instead, since CI installs all
three and must run them.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SITE = ROOT / "site"
LOAD_TIMEOUT_MS = 120_000  # Pyodide and a JupyterLite kernel start in 5-30 s on a busy machine


def load_docs_module(name: str) -> Any:
    """Import a script of docs/ (not a package) by its path."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "docs" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


session = load_docs_module("browser_session")
CHROMIUM, CHROMIUM_ARGS = session.CHROMIUM, session.CHROMIUM_ARGS


def _source_digest() -> str:
    digest: str = load_docs_module("build_site").source_digest()
    return digest


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed: `make site` installs it (the docs extra)"
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"
    info = SITE / "build-info.json"
    if not info.exists():
        return "site/ is not built: run `make site` (it needs node and npm)"
    if json.loads(info.read_text(encoding="utf-8"))["sources"] != _source_digest():
        return "site/ was built from other sources of autograd/: run `make site` again"
    return None


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    """The site, served from a thread on 127.0.0.1 (a free port)."""
    reason = missing()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"the browser tests must run in CI: {reason}")
        pytest.skip(reason)

    server = session.serve(SITE)
    try:
        yield session.address(server)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser(site_url: str) -> Iterator[Any]:
    """Headless Chromium (the system's), driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Console:
    """What a page logged: JavaScript errors, failed loads and uncaught exceptions."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        page.on("console", self._message)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        page.on(
            "response",
            lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
        )

    def _message(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console.error: {message.text}")


def new_page(browser: Any) -> tuple[Any, Console]:
    """A page in a fresh context (an empty cache) with its console watched."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    return page, Console(page)
