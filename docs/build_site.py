"""Build the documentation site into ``site/``: the pages, the playground and JupyterLite.

Run by ``make site`` (after ``npm ci``, which brings Pyodide, Viz.js and MathJax from npm).
Everything the site needs is served from ``site/`` itself; no page loads anything from a CDN:

1. the library's wheel, built from this checkout;
2. ``site/pyodide/``: Pyodide from npm, with a lock file cut down to the wheels served beside it
   (the library, graphviz, tqdm, and what the JupyterLite kernel imports: IPython, micropip…);
3. the pages, by Sphinx with ``-W`` (a broken link or reference fails the build), the notebooks
   rendered with their saved outputs, each with a "Run in the browser" link;
4. ``site/playground/`` and ``site/vendor/viz-global.js``;
5. ``site/lite/``: JupyterLite holding every walkthrough and exercise notebook.

Usage: ``.venv/bin/python docs/build_site.py [--out site] [--skip-lite]``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NODE_MODULES = ROOT / "node_modules"
STAGING = DOCS / "_build"  # generated inputs of the build (ignored by git)
WALKTHROUGHS = ROOT / "notebooks"
EXERCISES = ROOT / "notebooks" / "exercises"
#: The Pyodide files a page loads (the npm package also has Node-only files and source maps).
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.js",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "package.json",
)
#: What the JupyterLite kernel imports at start (with their dependencies, from Pyodide's lock).
KERNEL_PACKAGES = ("micropip", "ipython", "jedi", "packaging")
#: The library's own runtime dependencies that have a pure-Python wheel (graphviz-pure has no
#: WebAssembly build, and the browser does not need it: Viz.js renders there).
LIBRARY_DEPENDENCIES = ("graphviz", "tqdm")
LIBRARY = "scalar-autograd"
#: Pure-Python wheels the lock lacks, added at the versions this build's environment has:
#: the library's graphviz, and comm, which the JupyterLite kernel installs at start.
ADDED_TO_LOCK = ("graphviz", "comm")
SITE_NOTEBOOK_FOLDERS = {"walkthroughs": WALKTHROUGHS, "exercises": EXERCISES}
#: What the browser cannot have, by the import that needs it: said on each notebook that uses it.
BROWSER_MISSING = {
    "matplotlib": (
        "matplotlib: its WebAssembly build is only in Pyodide's own package repository, which "
        "this site does not copy; the saved plots below are shown, but a cell that plots stops "
        "with `ModuleNotFoundError` when you run it again (run the cells after it one by one "
        "with Shift+Enter)"
    ),
    "torch": "PyTorch, which has no WebAssembly build: this notebook needs a local Python",
}
BUILD_INFO = "build-info.json"


def run(*command: str | Path, cwd: Path = ROOT) -> None:
    """Run `command`, failing the build with its output when it fails."""
    printable = " ".join(str(part) for part in command)
    print(f"$ {printable}", flush=True)
    subprocess.run([str(part) for part in command], cwd=cwd, check=True)


def source_digest() -> str:
    """A digest of the library's sources: the browser tests check the site was built from them."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "autograd").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


# ----- 1 and 2: the wheel and Pyodide --------------------------------------------------------


def build_wheel(folder: Path) -> Path:
    """Build the library's wheel from this checkout into `folder`; return its path."""
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", folder, ROOT)
    (wheel,) = folder.glob("scalar_autograd-*.whl")
    return wheel


def download_wheels(pins: dict[str, str], folder: Path) -> dict[str, Path]:
    """Download the pure-Python wheels of `pins` (name → version) from PyPI into `folder`."""
    run(
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",
        "--only-binary=:all:",
        "--python-version",
        "3.14",
        "--dest",
        folder,
        *(f"{name}=={version}" for name, version in pins.items()),
    )
    found = {}
    for name, version in pins.items():
        canonical = re.sub(r"[-_.]+", "_", name).lower()
        wheels = [
            w for w in folder.glob("*.whl") if w.name.lower().startswith(f"{canonical}-{version}-")
        ]
        if not wheels:
            raise FileNotFoundError(f"pip downloaded no wheel of {name}=={version} into {folder}")
        found[name] = wheels[0]
    return found


def _lock_key(packages: dict[str, Any], name: str) -> str:
    """The key of `name` in Pyodide's lock, which spells some names with '_' and some with '-'."""
    wanted = re.sub(r"[-_.]+", "-", name).lower()
    for key in packages:
        if re.sub(r"[-_.]+", "-", key).lower() == wanted:
            return key
    raise KeyError(f"{name} is not in Pyodide's lock file")


def _with_dependencies(packages: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    """`names` and everything they depend on in the lock, as lock keys."""
    found: list[str] = []
    pending = list(names)
    while pending:
        key = _lock_key(packages, pending.pop())
        if key not in found:
            found.append(key)
            pending.extend(packages[key]["depends"])
    return sorted(found)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _lock_entry(wheel: Path, name: str, imports: list[str], depends: list[str]) -> dict[str, Any]:
    version = wheel.name.split("-")[1]
    return {
        "depends": depends,
        "file_name": wheel.name,
        "imports": imports,
        "install_dir": "site",
        "name": name,
        "package_type": "package",
        "sha256": _sha256(wheel),
        "unvendored_tests": False,
        "version": version,
    }


def build_pyodide(target: Path, library_wheel: Path) -> dict[str, Any]:
    """Copy Pyodide into `target` with the wheels it serves and a lock that lists only those.

    The npm package ships no wheels; the ones needed come from PyPI at the lock's versions and
    their sha256 is written into the lock (PyPI's wheels are not byte-identical to Pyodide's).
    Returns what was served: the Pyodide version and each package's version.
    """
    source = NODE_MODULES / "pyodide"
    if not (source / "pyodide.asm.wasm").exists():
        raise SystemExit("node_modules/pyodide is missing: run `npm ci` first (make site does)")
    target.mkdir(parents=True)
    for name in PYODIDE_FILES:
        shutil.copy2(source / name, target / name)
    lock = json.loads((source / "pyodide-lock.json").read_text(encoding="utf-8"))
    packages = lock["packages"]
    served: dict[str, Any] = {}
    keys = _with_dependencies(packages, (*KERNEL_PACKAGES, "tqdm"))
    pins = {packages[key]["name"]: packages[key]["version"] for key in keys}
    pins.update({name: importlib.metadata.version(name) for name in ADDED_TO_LOCK})
    wheels = download_wheels(pins, target)
    for key in keys:
        entry = packages[key]
        wheel = wheels[entry["name"]]
        entry.update(file_name=wheel.name, sha256=_sha256(wheel))
        served[key] = entry
    for name in ADDED_TO_LOCK:
        served[name] = _lock_entry(wheels[name], name, [name], [])
    wheel = target / library_wheel.name
    shutil.copy2(library_wheel, wheel)
    served[LIBRARY] = _lock_entry(wheel, LIBRARY, ["autograd"], list(LIBRARY_DEPENDENCIES))
    lock["packages"] = served
    (target / "pyodide-lock.json").write_text(json.dumps(lock, indent=1), encoding="utf-8")
    version = json.loads((source / "package.json").read_text(encoding="utf-8"))["version"]
    return {"pyodide": version, "packages": {k: v["version"] for k, v in served.items()}}


# ----- 3: the pages --------------------------------------------------------------------------


def missing_in_browser(notebook: nbformat.NotebookNode) -> list[str]:
    """What `notebook` imports that the browser cannot have (`BROWSER_MISSING`), as sentences."""
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    return [
        why
        for module, why in BROWSER_MISSING.items()
        if re.search(rf"^\s*(import|from) {module}\b", code, re.MULTILINE)
    ]


def lite_url(folder: str, name: str) -> str:
    """The JupyterLite address of a notebook, from a page one folder below the site's root."""
    return f"../lite/notebooks/index.html?path={folder}/{name}"


def _banner(folder: str, name: str, missing: list[str]) -> nbformat.NotebookNode:
    """The first cell of a notebook's page: "Run in the browser", and what will not work."""
    lines = [
        f'<div class="run-in-browser"><a class="run-in-browser-link" '
        f'href="{lite_url(folder, name)}">▶ Run in the browser</a> '
        f"<span>this notebook in JupyterLite, on Pyodide: no install, nothing to download but "
        f"this site.</span>"
    ]
    lines += [f"<p><strong>Not in the browser:</strong> {why}.</p>" for why in missing]
    lines.append("</div>")
    return nbformat.v4.new_markdown_cell("\n".join(lines))


def stage_notebooks() -> None:
    """Copy the notebooks into docs/walkthroughs and docs/exercises, each with its banner."""
    for folder, source in SITE_NOTEBOOK_FOLDERS.items():
        target = DOCS / folder
        for old in target.glob("*.ipynb"):
            old.unlink()
        for path in sorted(source.glob("[0-9][0-9]_*.ipynb")):
            notebook = nbformat.read(path, as_version=4)
            banner = _banner(folder, path.name, missing_in_browser(notebook))
            notebook.cells.insert(1, banner)  # under the title cell
            nbformat.write(notebook, target / path.name)


def stage_mathjax() -> None:
    """MathJax 3 from npm into docs/_build/vendor/mathjax (Sphinx serves it from _static)."""
    target = STAGING / "vendor" / "mathjax"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(NODE_MODULES / "mathjax" / "es5", target)


def build_pages(out: Path) -> None:
    """Sphinx, strict: a warning (broken link, missing reference, failing example) fails it.

    Sphinx writes into docs/_build/html (myst-nb keeps what it runs beside it), then the pages
    move to `out`, which must not exist yet.
    """
    html = STAGING / "html"
    if html.exists():
        shutil.rmtree(html)
    stage_notebooks()
    stage_mathjax()
    run(
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "--keep-going",
        "-q",
        "-b",
        "html",
        "-d",
        STAGING / "doctrees",
        DOCS,
        html,
    )
    shutil.move(html, out)


# ----- 4: the playground -----------------------------------------------------------------------


def build_playground(out: Path) -> None:
    """The playground's files, and Viz.js, which it and the JupyterLite kernel load."""
    shutil.copytree(DOCS / "playground", out / "playground")
    (out / "vendor").mkdir()
    shutil.copy2(NODE_MODULES / "@viz-js" / "viz" / "dist" / "viz-global.js", out / "vendor")


# ----- 5: JupyterLite --------------------------------------------------------------------------

#: Where the Pyodide kernel's web worker runs from, inside the JupyterLite build: a relative URL
#: that the kernel fetches (such as `render.VIZ_URL_VARIABLE`'s) is relative to it.
KERNEL_WORKER_FOLDER = Path("extensions/@jupyterlite/pyodide-kernel-extension/static")
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
#: What replaces ``import matplotlib.pyplot as plt`` in the browser copies: the rest of the cell
#: runs, and a cell that plots says why it cannot.
NO_MATPLOTLIB = """try:
    import matplotlib.pyplot as plt
except ModuleNotFoundError:  # in the browser: see the note at the top of this notebook

    class _NoMatplotlib:
        def __getattr__(self, name):
            raise ModuleNotFoundError(
                "matplotlib cannot be installed in this browser build of the notebook, so this "
                "cell cannot plot; its saved plot is on the notebook's page on the site"
            )

    plt = _NoMatplotlib()"""


def lite_copy(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The browser copy of a notebook: a note on what cannot run there, matplotlib guarded."""
    missing = missing_in_browser(notebook)
    if missing:
        lines = ["**Running in the browser** (JupyterLite on Pyodide). Not available here:", ""]
        lines += [f"- {why}." for why in missing]
        notebook.cells.insert(1, nbformat.v4.new_markdown_cell("\n".join(lines)))
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = cell.source.replace("import matplotlib.pyplot as plt", NO_MATPLOTLIB)
    return notebook


def build_lite(out: Path) -> None:
    """JupyterLite in `out`/lite: every walkthrough and exercise, on the site's own Pyodide."""
    lite_dir = STAGING / "lite"
    if lite_dir.exists():
        shutil.rmtree(lite_dir)
    contents = lite_dir / "files"
    for folder, source in SITE_NOTEBOOK_FOLDERS.items():
        (contents / folder).mkdir(parents=True)
        for path in sorted(source.glob("[0-9][0-9]_*.ipynb")):
            notebook = lite_copy(nbformat.read(path, as_version=4))
            nbformat.write(notebook, contents / folder / path.name)
    target = out / "lite"
    worker_to_site = Path("..", *[".." for _ in KERNEL_WORKER_FOLDER.parts])  # lite/ is one more
    settings = {
        "pyodideUrl": "../../pyodide/pyodide.mjs",  # from lite/lab/ or lite/notebooks/
        "disablePyPIFallback": True,
        "loadPyodideOptions": {
            "packages": [LIBRARY],  # preinstalled, with graphviz and tqdm, from the site's lock
            "env": {"AUTOGRAD_VIZ_JS": (worker_to_site / "vendor" / "viz-global.js").as_posix()},
        },
    }
    config = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "scalar-autograd notebooks",
            "exposeAppInBrowser": True,  # window.jupyterapp: the browser tests drive it
            "litePluginSettings": {KERNEL_PLUGIN: settings},
        },
    }
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    run(
        sys.executable,
        "-m",
        "jupyterlite_core",
        "build",
        "--no-sourcemaps",
        "--lite-dir",
        lite_dir,
        "--contents",
        contents,
        "--output-dir",
        target,
        cwd=lite_dir,
    )
    if not (target / KERNEL_WORKER_FOLDER).is_dir():
        raise SystemExit(
            f"JupyterLite's Pyodide kernel is no longer in {KERNEL_WORKER_FOLDER}: update "
            f"KERNEL_WORKER_FOLDER in docs/build_site.py, which says where Viz.js is from there"
        )


def check_links(out: Path) -> list[str]:
    """Every relative link and source in the site's own pages that names no file (not lite/)."""
    broken = []
    reference = re.compile(r'(?:href|src)="([^"#?:]*)(?:[#?][^"]*)?"')
    for page in sorted(out.rglob("*.html")):
        relative = page.relative_to(out)
        if relative.parts[0] in ("lite", "pyodide", "_static"):
            continue
        for target in reference.findall(page.read_text(encoding="utf-8")):
            if target.startswith(("/", "data")) or not target:
                continue
            resolved = (page.parent / target).resolve()
            if not resolved.exists():
                broken.append(f"{relative}: {target}")
    return broken


def main() -> None:
    """Build the site (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="output folder")
    arguments = parser.parse_args()
    started = time.perf_counter()
    out: Path = arguments.out.resolve()
    if out.exists():
        shutil.rmtree(out)
    build_pages(out)
    with tempfile.TemporaryDirectory() as scratch:
        wheel = build_wheel(Path(scratch))
        served = build_pyodide(out / "pyodide", wheel)
    build_playground(out)
    build_lite(out)
    broken = check_links(out)
    if broken:
        raise SystemExit("broken links in the site:\n  " + "\n  ".join(broken))
    info = {"sources": source_digest(), "wheel": wheel.name, **served}
    (out / BUILD_INFO).write_text(json.dumps(info, indent=1), encoding="utf-8")
    print(f"site built in {out} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
