"""Mutation testing: does the test suite notice when the engine or the compiler is wrong.

cosmic-ray makes one small change at a time (a flipped operator or comparison, a changed number,
a removed decorator, a loop that never runs, ``and`` for ``or`` ...) to a file of
``autograd/engine/`` or ``autograd/compiler/``, runs the tests, and records whether a test
failed (the mutant is *killed*) or everything passed (it *survived*). A survivor is either a
missing test or an *equivalent* mutant, one that cannot change any result; those are listed in
``mutation/equivalent.md`` with the reason.

    make mutants                                  # the whole run, both cores (~40 minutes)
    python mutation/run.py --report-only          # rewrite REPORT.md from the last run's sessions
    python mutation/run.py --files autograd/engine/rules.py   # one file
    python mutation/run.py --survivors            # after new tests: the survivors again

The run works on copies of the project in ``.mutants/`` (cosmic-ray edits files in place), one
copy for the engine and one for the compiler, each on a core, and writes ``mutation/REPORT.md``.
It is a report, not part of ``make test``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutants"
REPORT = ROOT / "mutation" / "REPORT.md"
EQUIVALENT = ROOT / "mutation" / "equivalent.md"
DEFERRED = "deferred by mutation/run.py --survivors"  # a mutant not run yet, waiting its turn
ENGINE = "autograd/engine"
TARGETS = (ENGINE, "autograd/compiler")
TARGET_PERCENT = 98.0

# Fast files first: with -x the first failing test ends the run, so most mutants die in seconds.
ENGINE_TESTS = [
    "tests/test_rules.py",
    "tests/test_value.py",
    "tests/test_numbers_and_habits.py",
    "tests/test_edges.py",
    "tests/test_higher_order.py",
    "tests/test_backward.py",
    "tests/test_losses.py",
    "tests/test_optim.py",
    "tests/test_exercises.py",
    "tests/test_micrograd_compat.py",
    "tests/test_compile_contract.py",
    "tests/test_compiler.py",
    "tests/test_expressions.py",
    "tests/test_architecture.py",  # `import autograd` loads no typing machinery, the core's size
]
# The compiler's mutants are met by the compiler's tests first.
COMPILER_TESTS = [
    "tests/test_compile_contract.py",
    "tests/test_compiler.py",
    *(name for name in ENGINE_TESTS if "compil" not in name),
]
TESTS = {"autograd/engine": ENGINE_TESTS, "autograd/compiler": COMPILER_TESTS}

# Which of cosmic-ray's operators run. Left out: replacements by operators that cannot apply to
# floats (bit operations, shifts; floor division and modulo, which would only ever be killed by
# TypeError or by a changed value the float tests see at once), `~`, and replacing a comparison
# by an identity test or the reverse (`x == 0.0` into `x is 0.0`), which are many and teach little.
EXCLUDE_OPERATORS = [
    r"core/ReplaceBinaryOperator_.*_(FloorDiv|Mod|RShift|LShift|BitOr|BitAnd|BitXor)$",
    r"core/ReplaceBinaryOperator_(FloorDiv|Mod|RShift|LShift|BitOr|BitAnd|BitXor)_.*",
    r"core/ReplaceUnaryOperator_.*Invert.*",
    r"core/ReplaceComparisonOperator_(Eq|NotEq|Lt|LtE|Gt|GtE)_(Is|IsNot)$",
    r"core/ReplaceComparisonOperator_(Is|IsNot)_(Lt|LtE|Gt|GtE)$",
]


def python_files(paths: list[str]) -> list[str]:
    """The ``.py`` files under each of ``paths`` (files or folders), relative to the root."""
    found: list[str] = []
    for path in paths:
        full = ROOT / path
        if full.is_file():
            found.append(path)
        else:
            found += sorted(str(p.relative_to(ROOT)) for p in full.rglob("*.py"))
    return found


def copy_project(destination: Path) -> None:
    """A fresh copy of the files git tracks (and the untracked sources beside them)."""
    if destination.exists():
        shutil.rmtree(destination)
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    for name in listed:
        if name.startswith(("autograd/", "tests/", "mutation/")) or name in (
            "pyproject.toml",
            "README.md",
        ):
            source = ROOT / name
            if source.is_file():
                (destination / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination / name)


PYTEST_OPTIONS = ["-x", "-q", "-p", "no:cacheprovider", "-p", "_hypothesis_pytestplugin"]
PYTEST_OPTIONS += ["-o", "addopts=", "-m", "not slow"]


def tests_of(modules: list[str]) -> list[str]:
    """The test files for a worker's modules, the fastest to fail first."""
    return TESTS["autograd/compiler" if modules[0].startswith("autograd/compiler") else ENGINE]


def config_text(modules: list[str]) -> str:
    """A cosmic-ray configuration for ``modules``; the tests run on the copy, never on ROOT.

    Each mutant runs only the tests that execute the line it changed (mutation/select_tests.py).
    """
    command = f"{sys.executable} mutation/select_tests.py"
    lines = [
        "[cosmic-ray]",
        f"module-path = {json.dumps(modules)}",
        "timeout = 120.0",  # a mutant that loops: the longest test run takes under a minute
        "excluded-modules = []",
        f"test-command = {json.dumps(command)}",
        "",
        "[cosmic-ray.distributor]",
        'name = "local"',
        "",
        "[cosmic-ray.filters.operators-filter]",
        f"exclude-operators = {json.dumps(EXCLUDE_OPERATORS)}",
    ]
    return "\n".join(lines) + "\n"


def test_environment() -> dict[str, str]:
    """The environment of every test run: the mutation profile, hypothesis's plugin only."""
    env = dict(os.environ, HYPOTHESIS_PROFILE="mutants", PYTHONDONTWRITEBYTECODE="1")
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # hypothesis's plugin only: 2 s less a mutant
    env.pop("CI", None)
    return env


def cosmic_ray(tool: str, *args: str, cwd: Path) -> None:
    """Run one of cosmic-ray's commands in the copy ``cwd``, with the mutation profile."""
    executable = Path(sys.executable).parent / tool
    subprocess.run([str(executable), *args], cwd=cwd, env=test_environment(), check=True)


def coverage_map(copy: Path, modules: list[str]) -> None:
    """Which tests run each line of ``modules``, from one unmutated run under coverage."""
    what = {"modules": modules, "files": tests_of(modules), "options": PYTEST_OPTIONS}
    command = [sys.executable, "mutation/select_tests.py", "--map", json.dumps(what)]
    subprocess.run(command, cwd=copy, env=test_environment(), check=True)


def run_worker(index: int, modules: list[str]) -> None:
    """One core's share: copy the project, make the mutants, filter them, run them."""
    copy = WORK / f"worker-{index}"
    copy_project(copy)
    check = subprocess.run(
        [sys.executable, "-c", "import autograd; print(autograd.__file__)"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not check.startswith(str(copy)):
        raise SystemExit(f"the tests in {copy} would import autograd from {check}, not the copy")
    (copy / "cosmic-ray.toml").write_text(config_text(modules), encoding="utf-8")
    coverage_map(copy, modules)
    cosmic_ray("cosmic-ray", "init", "cosmic-ray.toml", "session.sqlite", cwd=copy)
    cosmic_ray("cr-filter-operators", "session.sqlite", "cosmic-ray.toml", cwd=copy)
    cosmic_ray("cosmic-ray", "exec", "cosmic-ray.toml", "session.sqlite", cwd=copy)


def rerun_survivors() -> None:
    """Run the last run's survivors again against today's tests.

    A file that changed since has its old mutants dropped and its new ones made and run.
    """

    def rerun(copy: Path) -> None:
        for folder in ("tests", "mutation"):  # today's tests, and today's way of choosing them
            shutil.rmtree(copy / folder)
            shutil.copytree(ROOT / folder, copy / folder)
        db = sqlite3.connect(copy / "session.sqlite")
        survived = "SELECT job_id FROM work_results WHERE test_outcome = 'SURVIVED'"
        survivors = {job for (job,) in db.execute(survived)}
        db.execute("DELETE FROM work_results WHERE test_outcome = 'SURVIVED'")
        modules = [m for (m,) in db.execute("SELECT DISTINCT module_path FROM mutation_specs")]
        changed = [m for m in modules if (copy / m).read_bytes() != (ROOT / m).read_bytes()]
        for source in ROOT.glob("autograd/**/*.py"):  # the rest of the library as it is today
            name = str(source.relative_to(ROOT))
            if name not in modules:
                (copy / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, copy / name)
        for module in changed:
            shutil.copy2(ROOT / module, copy / module)
            jobs = "SELECT job_id FROM mutation_specs WHERE module_path = ?"
            for table in ("work_results", "work_items", "mutation_specs"):
                db.execute(f"DELETE FROM {table} WHERE job_id IN ({jobs})", (module,))
        db.commit()
        db.close()
        (copy / "cosmic-ray.toml").write_text(config_text(modules), encoding="utf-8")
        coverage_map(copy, modules)  # today's tests cover lines the last ones did not
        if changed:
            add = (
                "import sys; from pathlib import Path; "
                "from cosmic_ray.commands.init import _all_work_items; "
                "from cosmic_ray.work_db import WorkDB, use_db\n"
                "with use_db('session.sqlite', WorkDB.Mode.open) as db:\n"
                "    db.add_work_items(_all_work_items([Path(m) for m in sys.argv[1:]], {}))"
            )
            subprocess.run([sys.executable, "-c", add, *changed], cwd=copy, check=True)
            cosmic_ray("cr-filter-operators", "session.sqlite", "cosmic-ray.toml", cwd=copy)
        # the survivors first: everything else not yet run waits (marked DEFERRED) meanwhile
        db = sqlite3.connect(copy / "session.sqlite")
        waiting = [
            job
            for (job,) in db.execute(
                "SELECT job_id FROM work_items "
                "WHERE job_id NOT IN (SELECT job_id FROM work_results)"
            )
            if job not in survivors
        ]
        db.executemany(
            "INSERT INTO work_results (worker_outcome, output, job_id) VALUES ('SKIPPED', ?, ?)",
            [(DEFERRED, job) for job in waiting],
        )
        db.commit()
        cosmic_ray("cosmic-ray", "exec", "cosmic-ray.toml", "session.sqlite", cwd=copy)
        db.execute("DELETE FROM work_results WHERE output = ?", (DEFERRED,))
        db.commit()
        db.close()
        cosmic_ray("cosmic-ray", "exec", "cosmic-ray.toml", "session.sqlite", cwd=copy)

    copies = sorted(WORK.glob("worker-*"))
    if not copies:
        raise SystemExit("no earlier run in .mutants/: run `make mutants` first")
    with ThreadPoolExecutor(len(copies)) as pool:
        list(pool.map(rerun, copies))


def share_out(files: list[str]) -> list[list[str]]:
    """One worker for the engine's files, one for the compiler's (about as many mutants each)."""
    shares = [[f for f in files if f.startswith(target)] for target in TARGETS]
    return [share for share in shares if share]


# ----- the report ------------------------------------------------------------------------------


class Mutant(NamedTuple):
    """One mutant as the report sees it."""

    module: str
    operator: str
    line: int
    code: str  # the mutated line
    outcome: str  # killed, survived, equivalent, incompetent, pending, error


def read_sessions() -> list[Mutant]:
    """Every mutant of every worker's session, with its outcome."""
    mutants: list[Mutant] = []
    for session in sorted(WORK.glob("worker-*/session.sqlite")):
        db = sqlite3.connect(session)
        rows = db.execute(
            "SELECT m.module_path, m.operator_name, m.start_pos_row, r.worker_outcome, "
            "r.test_outcome, r.diff, r.output "
            "FROM mutation_specs m LEFT JOIN work_results r USING (job_id)"
        ).fetchall()
        db.close()
        for module, operator, row, worker, test, diff, output in rows:
            worker_outcome, test_outcome = (worker or "").lower(), (test or "").lower()
            if output == DEFERRED:
                worker_outcome = ""  # not run yet
            elif worker_outcome == "skipped":
                continue  # an operator left out (EXCLUDE_OPERATORS)
            code = _mutated_line(diff) or "(not run yet)"
            if not worker_outcome:
                outcome = "pending"
            elif worker_outcome == "normal":
                outcome = test_outcome  # a timeout is recorded as killed
            else:
                outcome = "error"  # cosmic-ray itself failed on this mutant: listed, not scored
            mutants.append(Mutant(module, operator, row, code, outcome))
    return mutants


def _mutated_line(diff: str | None) -> str:
    """The first line the mutant changed, as it reads after the change (from cosmic-ray's diff).

    A mutant that only removes lines (a decorator) is named by the first one: "(removed) …".
    """
    lines = (diff or "").splitlines()
    for line in lines:
        if line.startswith("+") and not line.startswith("+++"):
            return line[1:].strip()
    removed = [line[1:].strip() for line in lines if line[:1] == "-" and line[:3] != "---"]
    return next((f"(removed) {line}" for line in removed if line), "")


def equivalent_entries() -> set[tuple[str, str, str]]:
    """(module, operator, mutated line) from equivalent.md: `module` · `operator` · `line` — why."""
    entries: set[tuple[str, str, str]] = set()
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        if line.startswith("- `"):
            parts = line[2:].split(" — ", 1)[0].split(" · ")
            module, operator, code = (part.strip().strip("`") for part in parts)
            entries.add((module, operator, code))
    return entries


def write_report(mutants: list[Mutant]) -> bool:
    """REPORT.md: per file killed / survived / equivalent and the survivors; True if on target."""
    equivalent = equivalent_entries()
    judged = [
        m._replace(outcome="equivalent")
        if m.outcome == "survived" and (m.module, m.operator, m.code) in equivalent
        else m
        for m in mutants
    ]
    per_file: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for m in judged:
        per_file[m.module][m.outcome] += 1
    lines = [
        "# Mutation report",
        "",
        "Written by `make mutants` (`python mutation/run.py`): cosmic-ray "
        f"over `{'`, `'.join(TARGETS)}`; tests: of {len(ENGINE_TESTS)} files, those that run the "
        "mutated line (`mutation/select_tests.py`), `-x`, "
        "hypothesis profile `mutants`. Score = killed / (killed + survived); equivalent "
        "mutants are listed in `mutation/equivalent.md`.",
        "",
        "| file | mutants | killed | survived | equivalent | score |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    on_target = True
    totals: Counter[str] = Counter()
    for module in sorted(per_file):
        counts = per_file[module]
        totals += counts
        killed = counts["killed"] + counts["incompetent"]
        live = killed + counts["survived"]
        score = 100.0 * killed / live if live else 100.0
        unfinished = counts["pending"] + counts["error"]
        on_target = on_target and score >= TARGET_PERCENT and not unfinished
        lines.append(
            f"| `{module}` | {sum(counts.values())} | {killed} | {counts['survived']} "
            f"| {counts['equivalent']} | {score:.1f}% |"
        )
    killed = totals["killed"] + totals["incompetent"]
    live = killed + totals["survived"]
    lines.append(
        f"| **all** | {sum(totals.values())} | {killed} | {totals['survived']} "
        f"| {totals['equivalent']} | {100.0 * killed / max(live, 1):.1f}% |"
    )
    if totals["pending"]:
        lines += ["", f"{totals['pending']} mutants were not run (the run was stopped)."]
    errors = [m for m in judged if m.outcome == "error"]
    if errors:
        lines += ["", "## Mutants cosmic-ray could not run", ""]
        lines += [f"- `{m.module}:{m.line}` · `{m.operator}` · `{m.code}`" for m in errors]
    survivors = [m for m in judged if m.outcome == "survived"]
    lines += ["", "## Survivors", ""]
    lines += [f"- `{m.module}:{m.line}` · `{m.operator}` · `{m.code}`" for m in survivors]
    if not survivors:
        lines.append("None.")
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return on_target


def main() -> int:
    """Run the mutants (unless --report-only) and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", nargs="*", default=list(TARGETS), help="files or folders")
    parser.add_argument("--report-only", action="store_true", help="only rewrite REPORT.md")
    parser.add_argument("--survivors", action="store_true", help="rerun the last survivors")
    options = parser.parse_args()
    if options.survivors:
        rerun_survivors()
    elif not options.report_only:
        shares = share_out(python_files(options.files))
        for old in WORK.glob("worker-*"):
            shutil.rmtree(old)
        with ThreadPoolExecutor(len(shares)) as pool:
            list(pool.map(run_worker, range(len(shares)), shares))
    on_target = write_report(read_sessions())
    print(REPORT.read_text(encoding="utf-8"))
    return 0 if on_target else 1


if __name__ == "__main__":
    sys.exit(main())
