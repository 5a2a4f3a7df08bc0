"""Emit: a traced graph written out as Python, the code backprop writes.

One line per operation forward (in the order the function computed them), then one line per
edge backward, in the order ``backward()`` visits them: ∂L/∂parent += ∂node/∂parent · ∂L/∂node,
the rule's formula beside it. Each line's code is pasted from its rule's functions (rule_code.py).
The lines stay data (`Line`) until `program_text` prints them, so that scale.py can rewrite them.
"""

from __future__ import annotations

import ast
import builtins
import collections
import functools
import keyword
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from autograd.compiler.rule_code import helper_source, number, rule_code
from autograd.compiler.trace import Trace
from autograd.engine import functions
from autograd.engine.rules import ARITHMETIC
from autograd.engine.value import Value

_NOT_IDENTIFIER = re.compile(r"[^0-9A-Za-z_]")  # ASCII only: Python folds some Unicode names
RESERVED = {"X", "P", "G", "V", "math", "segments", "segment", "result", "compiled_step"}
_SLOT = re.compile(r"\{(\d+)\}")
_MAY_RAISE = re.compile(r"[/(]")  # a division or a call: code that can raise, unlike + - *


class Line(NamedTuple):
    """One line of the program: ``target = code`` (or ``+=``), with the variables it reads.

    `code` is a `str.format` template whose ``{0}``, ``{1}`` … are `reads` (variable names, or
    numbers as code). `position` is its node's place in `Trace.order`, which scale.py segments by.
    A line with no target is an expression evaluated only for its errors; with no code, a comment.
    """

    target: str
    code: str
    reads: tuple[str, ...] = ()
    comment: str = ""
    add: bool = False
    position: int = 0

    def text(self) -> str:
        """The line as Python."""
        comment = f"  # {self.comment}" if self.comment and self.code else f"# {self.comment}"
        if not self.code:
            return comment
        code = self.code.format(*self.reads)
        assign = f"{self.target} {'+=' if self.add else '='} " if self.target else ""
        return f"{assign}{code}{comment if self.comment else ''}"


@dataclass
class Listing:
    """A program as lines: `emit` writes it, scale.py may rewrite it, `program_text` prints it.

    Attributes:
        loads: an input's variable → the line that reads it (``a = P[0].data``), printed before
            the first line that uses it.
        forward: the forward lines; `backward`: the backward lines, in the order they run.
        results: the code of what the program returns: the output's number, then the auxiliary
            values' numbers.
        helpers: the named functions the lines call, defined at the top of the program.
        has_aux: whether the program returns ``(output, [auxiliary values])``, not the output.
        added: the ``P`` indices whose gradient ``G[i]`` is added into ``.grad`` (leaves); and
            `assigned`, those whose ``.grad`` is set to it (Values computed before the call).

    """

    loads: dict[str, Line]
    forward: list[Line]
    backward: list[Line]
    results: list[str]
    helpers: list[Callable[..., Any]]
    has_aux: bool
    added: list[int] = field(default_factory=list)
    assigned: list[int] = field(default_factory=list)


def names(trace: Trace) -> dict[Value, str]:
    """A readable, unique Python name for every node the program reads or computes.

    The scheme of every drawing, `explain` and the player (`GraphView`): a node's label, made an
    identifier (characters other than ASCII letters, digits and underscores become underscores:
    ``L1.n0.w0`` → ``L1_n0_w0``); a label that repeats gets the node's place k in the
    topological order (``w_3``, as the drawing's ``w#3``); an unlabelled node is ``vk``, and an
    unlabelled output ``L``. Names the program itself uses are never taken.
    """
    taken = RESERVED | set(dir(builtins)) | set(functions.__dict__)
    labels = collections.Counter(node.label for node in trace.order[: trace.graph])
    named: dict[Value, str] = {}
    read = trace.captured.keys() | trace.inputs.keys()
    for k, node in enumerate((*trace.order, *trace.captured, *trace.inputs)):  # unused ones last
        if node in named or (not node.parents and node not in read):
            continue  # named already, or a constant: written as a number
        base = _NOT_IDENTIFIER.sub("_", node.label)
        if base and labels[node.label] > 1:
            base = f"{base}_{k}"
        if base[:1].isdigit():
            base = "_" + base
        if not base or base.startswith("g_"):  # g_… names the gradients
            base = "L" if node is trace.output and not node.label and "L" not in labels else f"v{k}"
        if keyword.iskeyword(base):
            base += "_"
        while base in taken:
            base += "_"
        taken.add(base)
        named[node] = base
    return named


def emit(trace: Trace, has_aux: bool, comments: bool) -> Listing:
    """The program for `trace`: forward lines, backward lines, and what it returns."""
    named = names(trace)
    position = {node: i for i, node in enumerate(trace.order)}
    code = dict(named)
    loads: dict[str, Line] = {}
    for node, i in trace.inputs.items():
        loads[named[node]] = Line(named[node], f"X[{i}]", position=position.get(node, 0))
    for node, i in trace.captured.items():
        label = f"{node.label!r}" if comments and node.label and node.label != named[node] else ""
        loads[named[node]] = Line(named[node], f"P[{i}].data", comment=_one_line(label))
    helpers: list[Callable[..., Any]] = []
    forward: list[Line] = []
    for node in trace.created:
        if not node.parents:  # a constant, made inside fn (the 2 in 2 * x): written as a number
            text = ast.unparse(number(node.data))
            code[node] = f"({text})" if text.startswith("-") else text
    for node in trace.created:
        if node.parents:
            rule = rule_code(node.rule)
            helpers += [h for h in rule.helpers if h not in helpers]
            reads = tuple(code[p] for p in node.parents)
            forward.append(Line(named[node], rule.forward, reads, position=position[node]))
    results = [code[n] for n in (trace.output, *trace.auxiliary)]
    listing = Listing(loads, forward, [], results, helpers, has_aux)
    _Backward(trace, listing, code, position, comments).write()
    return listing


class _Backward:
    """Writes the backward lines: the chain rule, as code, in the order backward() runs it.

    A gradient that equals another (a sum's parts: ∂(x+y)/∂x = 1) is no line of its own, only an
    alias, until a second contribution arrives.
    """

    def __init__(
        self,
        trace: Trace,
        listing: Listing,
        code: dict[Value, str],
        position: dict[Value, int],
        comments: bool,
    ) -> None:
        self.trace, self.listing, self.code, self.comments = trace, listing, code, comments
        self.position = position
        self.alias: dict[str, str] = {}  # a gradient that is another gradient, so far
        self.started: set[str] = set()  # gradients that have a variable of their own
        self.remaining = {node: 0 for node in trace.order}  # contributions still to come

    def write(self) -> None:
        trace = self.trace
        graph = trace.order[: trace.graph]
        needs = needs_gradient(graph, trace.captured)
        if trace.output not in needs:
            graph = []  # nothing to differentiate; only the errors backward() would raise
        for node in graph:
            if node in needs:
                for parent in node.parents:
                    self.remaining[parent] += parent in needs
        root = self.gradient(trace.output)
        if graph:
            self.line(Line(root, "1.0", position=self.position[trace.output]))
            self.started.add(root)
            if not trace.output.parents:
                self.store(trace.output, root, add=True)
        for node in reversed(trace.order[: trace.graph]):
            if node.parents:
                self.through(node, needs)

    def through(self, node: Value, needs: set[Value]) -> None:
        """The lines for one node: each parent's gradient gets ∂node/∂parent · ∂L/∂node."""
        upstream = self.gradient(node)
        upstream = self.alias.get(upstream, upstream)
        at = self.position[node]
        if node in needs and node in self.trace.captured:  # computed before the call: set
            self.store(node, upstream, add=False)
        rule = node.rule
        reads = (*[self.code[p] for p in node.parents], self.code[node])
        if self.comments and node in needs:
            self.line(Line("", "", comment=f"through {self._written(node)}: {rule.formula}"))
        for parent, local in zip(node.parents, rule_code(rule).local, strict=True):
            if node not in needs or parent not in needs:
                if _MAY_RAISE.search(local):  # backward() computes it: its error must be raised
                    code, used = _only_used(local)
                    why = "not needed, but computed as backward() does, for its errors"
                    self.line(
                        Line(
                            "",
                            code,
                            tuple(reads[k] for k in used),
                            why * self.comments,
                            position=at,
                        )
                    )
                continue
            slope = ""
            if self.comments:
                slope = f"∂{self.code[node]}/∂{self.code[parent]} = {local.format(*reads)}"
            self.contribute(parent, local, reads, upstream, at, slope)

    def _written(self, node: Value) -> str:
        """The node as its op applied to its parents: ``c = a * b``, ``t = tanh(c)``."""
        args = [self.code[parent] for parent in node.parents]
        if node.rule.kind == ARITHMETIC and len(args) == 2:
            return f"{self.code[node]} = {args[0]} {node.op} {args[1]}"
        if node.op.startswith("**") and len(args) == 1:
            return f"{self.code[node]} = {args[0]}{node.op}"
        return f"{self.code[node]} = {node.op}({', '.join(args)})"

    def contribute(
        self, parent: Value, local: str, reads: tuple[str, ...], upstream: str, at: int, slope: str
    ) -> None:
        """∂L/∂parent += ∂node/∂parent · ∂L/∂node, as a line (or an alias, for a 1)."""
        target = self.gradient(parent)
        comment = _one_line(slope) if slope else ""
        code, used = _contribution(local)  # ∂node/∂parent · ∂L/∂node, over what it reads
        inputs = (*[reads[k] for k in used], upstream)
        if target in self.alias:  # a second contribution to an alias: now it needs its own
            first = self.alias.pop(target)  # first + contribution: the order backward() adds in
            self.line(
                Line(target, f"{{{len(inputs)}}} + {code}", (*inputs, first), comment, position=at)
            )
            self.started.add(target)
        elif target in self.started:
            self.line(Line(target, code, inputs, comment, True, at))
        elif local == "1.0":
            self.alias[target] = upstream
            if self.comments:
                self.line(Line("", "", comment=f"{target} is {upstream}: {comment}"))
        else:
            self.line(Line(target, code, inputs, comment, position=at))
            self.started.add(target)
        self.remaining[parent] -= 1
        if self.remaining[parent] == 0 and not parent.parents:
            self.store(parent, self.alias.get(target, target), add=True)

    def store(self, node: Value, gradient: str, add: bool) -> None:
        """Hand a finished gradient of a Value read from ``P`` to the step, in ``G``.

        The step writes ``G`` into ``.grad`` once the program has finished, as backward() does:
        added for a leaf, set for a Value computed before the call. So an error on the way (a
        domain error in a derivative) leaves every ``.grad`` as it was.
        """
        index = self.trace.captured.get(node)
        if index is None:
            return
        (self.listing.added if add else self.listing.assigned).append(index)
        what = "added into" if add else "set as"
        comment = f"{what} P[{index}].grad when the step ends" if self.comments else ""
        self.line(Line(f"G[{index}]", "{0}", (gradient,), comment, position=self.position[node]))

    def gradient(self, node: Value) -> str:
        """The name of ∂L/∂node in the program (only nodes with a name need one)."""
        return f"g_{self.code[node]}"

    def line(self, line: Line) -> None:
        self.listing.backward.append(line)


def needs_gradient(graph: Iterable[Value], captured: dict[Value, int]) -> set[Value]:
    """The nodes on a path to a Value read from ``P``: those whose gradient the step hands back."""
    needs: set[Value] = set()
    for node in graph:  # parents first
        if (not node.parents and node in captured) or any(p in needs for p in node.parents):
            needs.add(node)
    return needs


@functools.cache
def _only_used(code: str) -> tuple[str, tuple[int, ...]]:
    """`code` with only the slots it uses, renumbered, and which those were.

    So a line's `reads` are just what it reads.
    """
    used = tuple(sorted({int(k) for k in _SLOT.findall(code)}))
    renumber = {k: f"{{{i}}}" for i, k in enumerate(used)}
    return _SLOT.sub(lambda m: renumber[int(m.group(1))], code), used


@functools.cache
def _contribution(local: str) -> tuple[str, tuple[int, ...]]:
    """The code of ∂node/∂parent · ∂L/∂node for a local derivative's code, and its slots.

    ∂L/∂node is the last slot. A local derivative of 1 is ∂L/∂node itself.
    """
    if local == "1.0":
        return "{0}", ()
    code, used = _only_used(local)
    factor = code if _SLOT.fullmatch(code) else f"({code})"
    return f"{factor} * {{{len(used)}}}", used


def _one_line(text: str) -> str:
    """`text` safe as a one-line comment: no line breaks reach the generated code."""
    return text.replace("\r", " ").replace("\n", " ")


def returned(listing: Listing) -> str:
    """What the program returns: the output's number, with ``has_aux`` a pair with the others."""
    first, *rest = listing.results
    return f"({first}, [{', '.join(rest)}])" if listing.has_aux else first


def header(helpers: list[Callable[..., Any]]) -> str:
    """The top of the program: what it imports, and the helpers its lines call."""
    parts = [
        '"""Generated by autograd.compile: forward and backward of one traced function.\n\n'
        "X holds the input numbers, P the Values whose .data is read (arguments, then\n"
        'parameters), and G receives each P[i]\'s gradient.\n"""\n\nimport math\n'
    ]
    for helper in helpers:
        source, numbers = helper_source(helper)
        constants = "".join(f"{name} = {value!r}\n" for name, value in numbers.items())
        parts.append(f"\n\n{constants}\n\n{source}" if constants else f"\n\n{source}")
    return "".join(parts) + "\n\n"


def program_text(listing: Listing) -> str:
    """The whole program: the header, then one function that runs forward and backward."""
    body: list[str] = []
    loaded: set[str] = set()
    for line in [*listing.forward, *listing.backward, Line("", "", tuple(listing.results))]:
        for name in line.reads:
            if name in listing.loads and name not in loaded:
                loaded.add(name)
                body.append(listing.loads[name].text())
        if line.code or line.comment:
            body.append(line.text())
    body.append(f"return {returned(listing)}")
    return (
        header(listing.helpers)
        + "def compiled_step(X, P, G):\n"
        + "".join(f"    {line}\n" for line in body)
    )
