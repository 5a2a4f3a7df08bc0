"""Sphinx configuration of the documentation site (built by ``make site``, see build_site.py).

Sphinx, because its ``-W`` build fails on a broken link or reference, in the notebooks too,
and its autodoc reads the API reference from the docstrings; myst-nb renders the notebooks with
their saved outputs (and runs the guide's examples, so their outputs are always this code's);
furo is the theme. MathJax is served from the site (``mathjax`` from npm), never from a CDN.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))  # the checkout's `autograd`, the one being documented

import autograd  # noqa: E402  # after the path is set

project = "scalar-autograd"
author = "scalar-autograd developers"
copyright = "scalar-autograd developers, MIT licence"  # Sphinx's name for it
release = autograd.__version__

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",  # the docstrings are Google style (Args:, Returns:, Raises:)
    "sphinx.ext.mathjax",
]
exclude_patterns = ["_build", "playground", "build_site.py", "Thumbs.db", ".DS_Store"]
# `name` in a docstring links to that name when Sphinx knows it (and is code text otherwise)
default_role = "py:obj"

# ----- notebooks and examples (myst-nb) -----
# The notebooks are shown as committed (their outputs are checked by the test suite); the
# guide's pages, written as MyST notebooks, set `execution_mode: force` to run their examples.
nb_execution_mode = "off"
nb_execution_raise_on_error = True
nb_execution_timeout = 120
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type"]  # widgets' state, which the site does not need

# ----- the API reference (autodoc) -----
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_class_signature = "separated"
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# ----- HTML -----
html_theme = "furo"
html_title = "scalar-autograd"
html_static_path = ["_static", "_build/vendor"]  # _build/vendor: MathJax, copied from npm
html_css_files = ["site.css"]
html_favicon = "_static/favicon.svg"
mathjax_path = "mathjax/tex-mml-chtml.js"
html_theme_options = {
    "source_repository": "https://github.com/scalar-autograd/scalar-autograd/",
    "source_branch": "main",
    "source_directory": "docs/",
}


# ----- docstrings: their maths, as written -----
_LITERAL = re.compile(r"(``.*?``)")


def _escape_bars(line: str) -> str:
    """Escape ``|`` outside literals: in the docstrings it is |x|, never an RST substitution."""
    parts = _LITERAL.split(line)
    return "".join(part if part.startswith("``") else part.replace("|", r"\|") for part in parts)


def _docstring_maths(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    lines[:] = [_escape_bars(line) for line in lines]


def setup(app: Any) -> None:
    """Sphinx's hook: read the docstrings' maths as written."""
    app.connect("autodoc-process-docstring", _docstring_maths)
