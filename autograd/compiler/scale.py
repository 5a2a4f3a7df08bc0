"""Scale: passes over an emitted program that let it handle graphs of a million nodes.

`inline` writes a number used once, by the next operation only (a neuron's partial sums and
products), into that operation's line as a subexpression, as hand-written code would.
`segmented_text` splits the program into generator functions of `CHUNK_LINES` forward lines
each, so that no function is giant: each runs its forward lines, pauses (``yield``), and resumes
for its backward lines with its locals still there; only values that cross segments go through
the list ``V``. Neither pass changes a single operation: the results are the same, bit for bit.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from autograd.compiler.emit import Line, Listing, header, program_text, returned

CHUNK_LINES = 16000  # forward lines per generated function; it holds their backward lines too
MAX_INLINE_DEPTH = 24  # subexpressions nested at most this deep (Python's parser has a limit)


def segments_of(listing: Listing) -> tuple[list[Line], dict[int, int]]:
    """The forward lines in graph order, and each node position's segment."""
    forward = sorted(listing.forward, key=lambda line: line.position)  # stable: ties keep order
    starts = [line.position for line in forward[::CHUNK_LINES]]
    positions = {line.position for line in (*forward, *listing.backward)}
    segment = {p: max(bisect.bisect_right(starts, p) - 1, 0) for p in positions}
    return forward, segment


def inline(listing: Listing, forward: list[Line], segment: dict[int, int]) -> Listing:
    """`listing` with every number used once, by one later forward line of its segment, inlined.

    `forward` and `segment` are `segments_of(listing)`: the forward lines in graph order, and
    each line's segment, both from before inlining.
    """
    # a number a backward line reads keeps its variable: it is read twice, or by no forward line
    readers: dict[str, int] = {}
    for line in (*forward, *listing.backward, Line("", "", tuple(listing.results))):
        for name in line.reads:
            readers[name] = readers.get(name, 0) + 1
    single = {line.target for line in forward if readers.get(line.target) == 1}
    kept: list[Line] = []
    pending: dict[str, tuple[Line, int]] = {}  # inlinable line → its code and nesting depth
    for line in forward:
        line, depth = _merged(line, pending, segment)
        if line.target in single and depth < MAX_INLINE_DEPTH:
            pending[line.target] = (line, depth)
        else:
            kept.append(line)
    kept += [line for line, _ in pending.values()]  # never read in their segment: keep them
    return replace(listing, forward=sorted(kept, key=lambda line: line.position))


def _merged(
    line: Line, pending: dict[str, tuple[Line, int]], segment: dict[int, int]
) -> tuple[Line, int]:
    """`line` with the pending lines it reads (in its segment) written into it, and its depth."""
    if pending.keys().isdisjoint(line.reads):
        return line, 0
    pieces: list[str] = []
    reads: list[str] = []
    depth = 0
    for name in line.reads:
        inner = pending.get(name)
        if inner is not None and segment[inner[0].position] == segment[line.position]:
            del pending[name]
            offset = len(reads)
            slots = [f"{{{offset + k}}}" for k in range(len(inner[0].reads))]
            pieces.append(f"({inner[0].code.format(*slots)})")
            reads += inner[0].reads
            depth = max(depth, inner[1] + 1)
        else:
            pieces.append(f"{{{len(reads)}}}")
            reads.append(name)
    code = line.code.format(*pieces)
    return Line(line.target, code, tuple(reads), line.comment, line.add, line.position), depth


def compact_text(listing: Listing) -> str:
    """The program for a big graph: inlined, and in segments if it needs more than one.

    Segments are cut by the number of operations (before inlining), so that no function's
    backward lines, which are not inlined, grow past `CHUNK_LINES`.
    """
    in_order, segment = segments_of(listing)
    listing = inline(listing, in_order, segment)
    forward = listing.forward
    n = max(segment.values(), default=0) + 1
    if n == 1:
        return program_text(listing)
    fronts: list[list[Line]] = [[] for _ in range(n)]
    backs: list[list[Line]] = [[] for _ in range(n)]
    for line in forward:
        fronts[segment[line.position]].append(line)
    for line in listing.backward:
        backs[segment[line.position]].append(line)
    backs[-1].append(Line("", "", tuple(listing.results)))  # what the last one yields
    crossing = _Crossing(fronts, backs, {line.target: segment[line.position] for line in forward})
    out = [header(listing.helpers).rstrip("\n"), ""]
    for k in range(n):
        loaded: set[str] = set()  # inputs read in this segment so far (its locals persist)
        out.append(f"def segment_{k}(X, P, G, V):")
        out += crossing.reads(crossing.forward_in[k])
        out += _lines(fronts[k], listing, loaded)
        out += crossing.writes(crossing.forward_out[k])
        out.append("    yield")
        out += crossing.reads(crossing.backward_in[k])
        out += _lines(backs[k], listing, loaded)
        out += crossing.writes(crossing.backward_out[k])
        if k == n - 1:  # its backward part runs first, then hands the result to the driver
            out.append(f"    yield {returned(listing)}")
        out.append("")
    return "\n".join([*out, *_driver(n, len(crossing.slot))]) + "\n"


def _driver(n: int, n_slots: int) -> list[str]:
    """The function that runs the segments: every forward part, then the backward parts."""
    calls = ", ".join(f"segment_{k}(X, P, G, V)" for k in range(n))
    return [
        "def compiled_step(X, P, G):",
        f"    V = [0.0] * {n_slots}",
        f"    segments = [{calls}]",
        "    for segment in segments:",
        "        next(segment)  # forward, in topological order",
        "    result = next(segments[-1])  # backward, in reverse order",
        "    for segment in reversed(segments[:-1]):",
        "        next(segment, None)",
        "    return result",
    ]


def _lines(lines: list[Line], listing: Listing, loaded: set[str]) -> list[str]:
    """`lines` as indented text, each input read where the segment first uses it."""
    out: list[str] = []
    for line in lines:
        for name in line.reads:
            if name in listing.loads and name not in loaded:
                loaded.add(name)
                out.append(f"    {listing.loads[name].text()}")
        if line.code or line.comment:
            out.append(f"    {line.text()}")
    return out


class _Crossing:
    """The variables that cross segments, each with its slot in ``V``.

    A forward value made in one segment and read in another is stored after the forward part
    that makes it and read before the parts that use it. A gradient touched by several segments
    is handed down: backward parts run from the last segment to the first.
    """

    def __init__(
        self, fronts: list[list[Line]], backs: list[list[Line]], made_in: dict[str, int]
    ) -> None:
        n = len(fronts)
        self.forward_in: list[set[str]] = [set() for _ in range(n)]
        self.forward_out: list[set[str]] = [set() for _ in range(n)]
        self.backward_in: list[set[str]] = [set() for _ in range(n)]
        self.backward_out: list[set[str]] = [set() for _ in range(n)]
        touched: dict[str, set[int]] = {}
        for k in range(n):
            for line in (*fronts[k], *backs[k]):
                for name in line.reads:
                    if made_in.get(name, k) != k:
                        self.forward_out[made_in[name]].add(name)
                        self.forward_in[k].add(name)
            for line in backs[k]:
                for name in (line.target, *line.reads):
                    if name.startswith("g_"):
                        touched.setdefault(name, set()).add(k)
        for name, ks in touched.items():
            for k in ks:
                if k != max(ks):
                    self.backward_in[k].add(name)
                if k != min(ks):
                    self.backward_out[k].add(name)
        names = set().union(*self.forward_out, *self.backward_out)
        self.slot = {name: i for i, name in enumerate(sorted(names))}

    def reads(self, names: set[str]) -> list[str]:
        return [f"    {name} = V[{self.slot[name]}]" for name in sorted(names)]

    def writes(self, names: set[str]) -> list[str]:
        return [f"    V[{self.slot[name]}] = {name}" for name in sorted(names)]
