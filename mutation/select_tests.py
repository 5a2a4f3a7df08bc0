"""The test command of a mutation run: only the tests that run the line a mutant changed.

cosmic-ray changes one line of a copy of the project and runs this: a test that never executes
the changed line cannot notice the change (the tests are deterministic: hypothesis runs with
``derandomize``), so only the tests that executed it in an unmutated run (``coverage-map.json``,
written by ``mutation/run.py`` with coverage.py) are run, fastest files first, stopping at the
first failure. Lines run while the modules were imported (definitions, the rules table's rows,
module constants) can change anything, so a mutant there runs every test; so does any mutant
this script cannot place. A mutant of a line no test runs survives without a run. Exit status:
pytest's (0: the mutant survived; non-zero: killed).

    python mutation/select_tests.py            # in a copy in .mutants/, after cosmic-ray's change
    python mutation/select_tests.py --map '{"modules": [...], "files": [...], "options": [...]}'
                                               # before the mutants (mutation/run.py): the map
"""

from __future__ import annotations

import ast
import difflib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MAP = Path("coverage-map.json")  # beside the copy's sources; see mutation/run.py
PRISTINE = Path("pristine")  # the copy's target modules as they were before any mutant
USAGE_ERROR, NO_TESTS = 4, 5  # pytest's exit statuses that say nothing about the mutant


def changed_lines(module: str) -> list[int]:
    """The lines (numbered as in the unmutated file) that differ between it and the copy now."""
    before = (PRISTINE / module).read_text(encoding="utf-8").splitlines()
    after = Path(module).read_text(encoding="utf-8").splitlines()
    lines: list[int] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, start, end, _, _ in matcher.get_opcodes():
        if tag != "equal":
            lines += list(range(start + 1, max(end, start + 1) + 1))
    return lines


def selected_tests(coverage: dict[str, object]) -> list[str] | None:
    """The node ids to run, in the order of the run; [] if no test runs the change; None: all."""
    modules: dict[str, dict[str, list[int]]] = coverage["modules"]  # type: ignore[assignment]
    changed = {m: changed_lines(m) for m in modules}
    changed = {m: lines for m, lines in changed.items() if lines}
    if len(changed) != 1:
        return None  # no change found, or several: not a mutant this script can place
    ((module, lines),) = changed.items()
    by_line = modules[module]
    tests: set[int] = set()
    for line in lines:
        covering = by_line.get(str(line))
        if covering is None or 0 in covering:  # not a statement's, or run at import: every test
            return None
        tests.update(covering)  # [] for a statement that no test runs
    order: list[str] = coverage["tests"]  # type: ignore[assignment]
    return [order[i - 1] for i in sorted(tests)]


def statement_lines(source: str) -> dict[int, range]:
    """For each line, the lines of its innermost statement (a compound one's header only).

    A definition's header includes its decorators. Blank lines and comments have no statement.

    coverage.py records a statement of several lines at one of them; a mutant may change any.
    """
    spans: dict[int, range] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.stmt | ast.excepthandler):  # `except …:` is a line too
            body = [
                n
                for field in ("body", "orelse", "finalbody", "handlers")
                for n in getattr(node, field, [])
                if isinstance(n, ast.stmt | ast.excepthandler)
            ]
            end = min(n.lineno for n in body) - 1 if body else node.end_lineno or node.lineno
            decorators = getattr(node, "decorator_list", [])
            start = min([node.lineno, *(d.lineno for d in decorators)])  # `@…` lines are its own
            own = range(start, max(end, node.lineno) + 1)
            for line in own:
                if line not in spans or len(own) < len(spans[line]):
                    spans[line] = own
    return spans


def write_map(modules: list[str], options: list[str], files: list[str]) -> int:
    """Run the tests under coverage, each its own context, and write `MAP` and `PRISTINE`."""
    import coverage  # the `mutation` extra
    import pytest

    caches: list[Any] = []  # functools caches: each test computes their values afresh

    class Contexts:
        """Switch coverage's context to each test as it runs (setup, call and teardown).

        The target modules' caches are emptied first: a rule's code is read by the first test
        that compiles it and cached, and every later test depends on those lines as well.
        """

        @pytest.hookimpl(wrapper=True)
        def pytest_runtest_protocol(self, item: pytest.Item) -> Iterator[None]:
            for cache in caches:
                cache.cache_clear()
            measure.switch_context(item.nodeid)
            try:
                return (yield)
            finally:
                measure.switch_context("")

    sys.path.insert(0, str(Path.cwd()))  # the copy's autograd, as `python -m pytest` finds it
    measure = coverage.Coverage(data_file=None, include=[str(Path(m).resolve()) for m in modules])
    measure.start()
    for module in modules:  # imported here, so that every line run at import has no context
        name = module.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        __import__(name)
        caches += [f for f in vars(sys.modules[name]).values() if hasattr(f, "cache_clear")]
    status = pytest.main([*options, *files], plugins=[Contexts()])
    measure.stop()
    if status != 0:
        print(f"select_tests --map: the unmutated tests failed ({status})", file=sys.stderr)
        return int(status) or 1
    data = measure.get_data()
    measured = {Path(name).resolve(): name for name in data.measured_files()}
    runs: dict[str, dict[str, set[str]]] = {}  # module → line → the contexts that ran it
    for module in modules:
        file = measured.get(Path(module).resolve())
        by_line = data.contexts_by_lineno(file) if file else {}
        spans = statement_lines(Path(module).read_text(encoding="utf-8"))
        runs[module] = {}
        for line, span in spans.items():
            runs[module][str(line)] = {c for other in span for c in by_line.get(other, [])}
        (PRISTINE / module).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(module, PRISTINE / module)
    used = {c for lines in runs.values() for contexts in lines.values() for c in contexts} - {""}
    position = {t: i for i, t in enumerate(_collected(options, files))}
    ordered = sorted(used, key=lambda t: (position.get(t, len(position)), t))
    number = {"": 0} | {test: i + 1 for i, test in enumerate(ordered)}  # 0: at import
    covered = {
        module: {line: sorted(number[c] for c in contexts) for line, contexts in lines.items()}
        for module, lines in runs.items()
    }
    content = {"modules": covered, "tests": ordered, "files": files, "pytest_options": options}
    MAP.write_text(json.dumps(content), encoding="utf-8")
    return 0


def _collected(options: list[str], files: list[str]) -> list[str]:
    """The node ids pytest runs, in its order (the order of `files`: fastest first)."""
    command = [sys.executable, "-m", "pytest", *options, "--collect-only", "-q", *files]
    listed = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return [line for line in listed.splitlines() if "::" in line]


def main() -> int:
    """Run the selected tests (every test when in doubt); return pytest's exit status."""
    if sys.argv[1:2] == ["--map"]:
        what = json.loads(sys.argv[2])
        return write_map(what["modules"], what["options"], what["files"])
    coverage = json.loads(MAP.read_text(encoding="utf-8"))
    try:
        chosen = selected_tests(coverage)
    except (OSError, ValueError, KeyError) as error:  # never a false "killed": run everything
        print(f"select_tests: {error!r}; running every test", file=sys.stderr)
        chosen = None
    if chosen == []:  # no test runs the changed lines, so none can fail: it survives
        print("select_tests: no test runs the mutated line(s)")
        return 0
    command = [sys.executable, "-m", "pytest", *coverage["pytest_options"]]
    status = subprocess.run([*command, *(chosen or coverage["files"])], check=False).returncode
    if chosen is not None and status in (USAGE_ERROR, NO_TESTS):  # a node id pytest did not find
        print("select_tests: pytest did not take the chosen tests; running every test")
        status = subprocess.run([*command, *coverage["files"]], check=False).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
