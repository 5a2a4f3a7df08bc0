"""Benchmark: this checkout's dynamic engine against another checkout's, side by side in one run.

Both run the same workload code (compare.py's micrograd-style MLP step on the moons, and its long
sum and deep chain), each in its own process, taking turns round-robin; the table shows medians
and the ratio this ÷ other. It answers "did the engine get slower?", e.g. against the commit
before a rewrite:

    git worktree add /tmp/before 4acf29c
    python benchmarks/versus.py /tmp/before           # about a minute
    python benchmarks/versus.py /tmp/before --quick   # tiny sizes, seconds
    python benchmarks/versus.py /tmp/before --compiled  # the compiled step, and its trace

With ``--compiled`` the step is the program `autograd.compile` writes (one call runs forward and
backward), and "trace" is a fresh step's first call (trace, code generation, compile(), one run)
less one step: the same public API in both checkouts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROUNDS = 7  # round-robin rounds; each round runs every checkout once, in a fresh process
QUICK_ROUNDS = 2
STEPS = 5  # steps timed per process, after the warm-up steps

# The child process: import `autograd` from one checkout and this checkout's workload code,
# time one MLP step (forward, backward, update, free) a few times, and print the medians.
CHILD = """
import gc, json, statistics, sys
sys.path.insert(0, sys.argv[1])
sys.path.insert(1, sys.argv[2])
import compare
import time
sizes = compare.QUICK if sys.argv[3] == "quick" else compare.Sizes()
compiled = sys.argv[5] == "compiled"
problem = compare.problem(sizes)
if compiled:
    start = time.perf_counter()
    contender = compare.CompiledContender(sizes, *problem)
    contender.forward()  # the first call traces and compiles
    first = time.perf_counter() - start
else:
    contender = compare.Contender(compare.autograd_engine(), sizes, *problem)
gc.collect()
gc.freeze()  # as compare.py: objects alive before timing do not slow the collector
# warm-up: a dynamic step's first graph pays for memory the process has not used yet; a compiled
# program runs at full speed once Python has specialised its code (after about 8 calls)
warmup = 10 if compiled else 1
steps = [contender.timed_step(step) for step in range(int(sys.argv[4]) + warmup)][warmup:]
medians = {name: statistics.median(s[name] for s in steps) for name in steps[0]}
if compiled:
    medians["trace"] = first - medians["step"]
print(json.dumps(medians))
"""


def measure(checkout: Path, quick: bool, steps: int, compiled: bool = False) -> dict[str, float]:
    """One fresh process timing the MLP step with `checkout`'s engine; medians in seconds."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(checkout),
            str(HERE),
            "quick" if quick else "full",
            str(steps),
            "compiled" if compiled else "dynamic",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path, help="the other checkout (a folder with autograd/)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, two rounds")
    parser.add_argument("--compiled", action="store_true", help="time the compiled step")
    args = parser.parse_args(argv)
    this = HERE.parent
    if not (args.other / "autograd").is_dir():
        parser.error(f"{args.other} has no autograd/ folder; pass a checkout of this project")
    rounds = QUICK_ROUNDS if args.quick else ROUNDS
    results: dict[str, list[dict[str, float]]] = {"this": [], "other": []}
    for _ in range(rounds):
        results["this"].append(measure(this, args.quick, STEPS, args.compiled))
        results["other"].append(measure(args.other, args.quick, STEPS, args.compiled))
    print(
        f"MLP step, medians of {rounds} rounds (each the median of {STEPS} steps in a fresh "
        f"process, after {10 if args.compiled else 1} warm-up step(s))"
    )
    print(f"| | {args.other} | this checkout | this ÷ other |")
    print("|---|---:|---:|---:|")
    parts = ["forward", "backward", "update", "free", "step"] + ["trace"] * args.compiled
    for part in parts:
        other = statistics.median(r[part] for r in results["other"])
        ours = statistics.median(r[part] for r in results["this"])
        print(f"| {part} | {other * 1e3:.1f} ms | {ours * 1e3:.1f} ms | {ours / other:.2f}× |")


if __name__ == "__main__":
    main()
