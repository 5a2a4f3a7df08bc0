"""mutation/run.py's report: its counts, its equivalent list and its verdict are right.

The mutation run itself takes about 40 minutes (`make mutants`); this checks the arithmetic of the
report it writes, on a small session made by hand in cosmic-ray's format.
"""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path
from types import ModuleType

import pytest

RUN = Path(__file__).parent.parent / "mutation" / "run.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutation_run", RUN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


Row = tuple[str, str, int, "str | None", "str | None", str]  # …, the mutated line


def _write(db_path: Path, rows: list[Row]) -> None:
    """A cosmic-ray session: (module, operator, line, worker outcome, test outcome) per mutant."""
    db_path.unlink(missing_ok=True)
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE mutation_specs (module_path, operator_name, start_pos_row, job_id)")
    db.execute("CREATE TABLE work_results (worker_outcome, test_outcome, diff, output, job_id)")
    for job, (module, operator, line, worker, test, mutated) in enumerate(rows):
        db.execute("INSERT INTO mutation_specs VALUES (?, ?, ?, ?)", (module, operator, line, job))
        diff = f"--- a.py\n+++ a.py\n@@ -{line} +{line} @@\n-original\n+{mutated}\n"
        if worker is not None:
            output = "deferred by mutation/run.py --survivors" if worker == "DEFERRED" else ""
            worker = "SKIPPED" if worker == "DEFERRED" else worker
            db.execute(
                "INSERT INTO work_results VALUES (?, ?, ?, ?, ?)", (worker, test, diff, output, job)
            )
    db.commit()
    db.close()


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    module = _load()
    monkeypatch.setattr(module, "WORK", tmp_path / ".mutants")
    monkeypatch.setattr(module, "REPORT", tmp_path / "REPORT.md")
    monkeypatch.setattr(module, "EQUIVALENT", tmp_path / "equivalent.md")
    copy = tmp_path / ".mutants" / "worker-0"
    (copy / "autograd").mkdir(parents=True)
    (copy / "autograd" / "a.py").write_text("x = 1 + 2\ny = x * 3\n", encoding="utf-8")
    (tmp_path / "equivalent.md").write_text(
        "# Equivalent\n\n- `autograd/a.py` · `core/NumberReplacer` · `y = x * 4` — why\n",
        encoding="utf-8",
    )
    return module


def _rows(survivors: int) -> list[Row]:
    """99 killed, one equivalent survivor, `survivors` real ones, one filtered out."""
    rows: list[Row] = [
        ("autograd/a.py", "core/ReplaceBinaryOperator_Add_Sub", 1, "NORMAL", "KILLED", "x = 1 - 2")
    ]
    rows *= 98
    rows.append(("autograd/a.py", "core/NumberReplacer", 2, "NORMAL", "SURVIVED", "y = x * 4"))
    rows.append(("autograd/a.py", "core/NumberReplacer", 1, "NORMAL", "KILLED", "x = 1 + 3"))
    operators = ["Mul_Add", "Mul_Sub", "Mul_Div"][:survivors]
    rows += [
        (
            "autograd/a.py",
            f"core/ReplaceBinaryOperator_{op}",
            2,
            "NORMAL",
            "SURVIVED",
            f"y = x {op}",
        )
        for op in operators
    ]
    rows.append(("autograd/a.py", "core/AddNot", 1, "SKIPPED", None, ""))  # filtered: not counted
    return rows


def test_the_report_counts_kills_survivors_and_equivalents(run: ModuleType) -> None:
    _write(run.WORK / "worker-0" / "session.sqlite", _rows(survivors=1))
    on_target = run.write_report(run.read_sessions())
    report = run.REPORT.read_text(encoding="utf-8")
    assert "| `autograd/a.py` | 101 | 99 | 1 | 1 | 99.0% |" in report
    assert "- `autograd/a.py:2` · `core/ReplaceBinaryOperator_Mul_Add` · `y = x Mul_Add`" in report
    assert "y = x * 4" not in report  # equivalent: counted, not listed as a survivor
    assert on_target  # 99 of 100 non-equivalent mutants: 99.0% ≥ 98%


def test_below_target_or_unfinished_is_not_on_target(run: ModuleType) -> None:
    session = run.WORK / "worker-0" / "session.sqlite"
    _write(session, _rows(survivors=3))
    assert not run.write_report(run.read_sessions())  # 99 of 102: 97.1%
    assert "| 97.1% |" in run.REPORT.read_text(encoding="utf-8")
    _write(session, [*_rows(survivors=0), ("autograd/a.py", "core/AddNot", 1, None, None, "")])
    assert not run.write_report(run.read_sessions())  # everything killed, but one not run yet
    assert "1 mutants were not run" in run.REPORT.read_text(encoding="utf-8")
    waiting = ("autograd/a.py", "core/AddNot", 1, "DEFERRED", None, "")  # --survivors ran first
    _write(session, [*_rows(survivors=0), waiting])
    assert not run.write_report(run.read_sessions())
    assert "1 mutants were not run" in run.REPORT.read_text(encoding="utf-8")


# ----- the selection of tests for each mutant (mutation/select_tests.py) ------------------------

SELECT = RUN.parent / "select_tests.py"


def _load_select() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutation_select", SELECT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SOURCE = """@decorate
def f(x):
    if x > 0:
        return g(
            x,
            1.0,
        )
    return 0.0

# the end
"""


def test_a_statement_of_several_lines_is_one_span_and_a_compound_one_only_its_header() -> None:
    spans = _load_select().statement_lines(SOURCE)
    assert spans[1] == spans[2] == range(1, 3)  # @decorate, def f(x): its header
    assert spans[3] == range(3, 4)  # if x > 0: its header, not its body
    assert spans[4] == spans[5] == spans[7] == range(4, 8)  # return g(...) over four lines
    assert spans[8] == range(8, 9)
    assert 9 not in spans and 10 not in spans  # a blank line and a comment: no statement


@pytest.mark.parametrize(
    ("line", "mutated", "expected"),
    [
        (3, "    if x >= 0:", ["t.py::a", "t.py::b"]),  # run by two tests: both, in their order
        (6, "            2.0,", ["t.py::b"]),  # inside a statement: that statement's tests
        (2, "def f(y):", None),  # run at import: every test
        (1, "", None),  # a decorator removed: run at import, every test
        (8, "    return 1.0", []),  # run by no test: none can notice
        (10, "# the very end", None),  # in no statement: every test (never a guess)
    ],
)
def test_a_mutant_runs_the_tests_that_run_its_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    line: int,
    mutated: str,
    expected: list[str] | None,
) -> None:
    select = _load_select()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pristine").mkdir()
    (tmp_path / "pristine" / "m.py").write_text(SOURCE, encoding="utf-8")
    lines = SOURCE.splitlines()
    lines[line - 1] = mutated
    (tmp_path / "m.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    spans = select.statement_lines(SOURCE)
    ran = {1: [0], 2: [0], 3: [2, 1], 4: [2]}  # coverage's record: line → tests (0: at import)
    covered = {str(n): sorted({t for o in spans[n] for t in ran.get(o, [])}) for n in spans}
    coverage = {"modules": {"m.py": covered}, "tests": ["t.py::a", "t.py::b"]}
    assert select.selected_tests(coverage) == expected


def test_no_change_found_runs_every_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    select = _load_select()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pristine").mkdir()
    for folder in (tmp_path, tmp_path / "pristine"):
        (folder / "m.py").write_text(SOURCE, encoding="utf-8")
    coverage = {"modules": {"m.py": {"2": [1]}}, "tests": ["t.py::a"]}
    assert select.selected_tests(coverage) is None


def test_a_mutant_that_only_removes_lines_is_named_by_the_first() -> None:
    diff = "--- mutation diff ---\n--- a/m.py\n+++ b/m.py\n@@ -1,3 +1,0 @@\n-\n-@functools.cache\n"
    run = _load()
    assert run._mutated_line(diff) == "(removed) @functools.cache"
    assert run._mutated_line("--- a/m.py\n+++ b/m.py\n-x = 1\n+x = 2\n") == "x = 2"
