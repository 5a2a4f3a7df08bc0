"""What the browser tests, the speed measurements and the screenshots share: Chromium, a server.

The system Chromium, driven by Playwright with these flags (Playwright's own browser download
is never used), and ``site/`` served from a thread on 127.0.0.1.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """A static file server that does not print every request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    """Serve `folder` on 127.0.0.1 (a free port) from a daemon thread; ``.shutdown()`` stops it."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def address(server: http.server.ThreadingHTTPServer) -> str:
    """The server's root URL, ending in a slash."""
    return f"http://127.0.0.1:{server.server_address[1]}/"


def click_training_point(page: Any, index: int) -> None:
    """In the playground's network mode, click training point `index` on the boundary picture."""
    state = page.evaluate("window.playground.network")
    x, y = state["rows"][index]
    x0, x1, y0, y1 = state["bounds"]
    box = page.locator("#boundary").bounding_box()
    page.mouse.click(
        box["x"] + (x - x0) / (x1 - x0) * box["width"],
        box["y"] + (y1 - y) / (y1 - y0) * box["height"],
    )
