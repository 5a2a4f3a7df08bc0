"""Compile: trace a function's graph once, then run it as generated straight-line Python.

``step = autograd.compile(fn)`` returns a function that does what ``fn(*args).backward()`` does
(the output's number, and ∂output/∂v added into ``.grad`` of every Value that existed before the
call), bit for bit, at close to the speed of hand-written float code. The first call traces
``fn``: it runs it once on Values and writes its graph out as Python, one line per operation
forward and one per edge backward, each line pasted from its rule's code in the rules table::

    L = math.tanh(v3)
    g_v3 = (1.0 - L * L) * g_L  # ∂tanh x/∂x = 1 - tanh² x

``step.source(*args)`` shows that code. As with ``jax.jit``, Python control flow on ``.data``
inside ``fn`` is frozen at trace time; ops with branches (relu, leaky_relu) are conditional
expressions in the code, so they are re-evaluated on every call and stay correct.

Where the code comes from: rule code from the table, integer slot numbers, float constants
written with `repr` (``inf``/``nan`` by name), and identifiers made from labels by replacing every
character that is not a letter, digit or underscore. No other text from a label, a model file or
any other input reaches `compile()`; labels appear only as such identifiers or as escaped
comments.
"""

from __future__ import annotations

import builtins
import functools
import gc
import keyword
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from autograd.engine import rules
from autograd.engine.backprop import topological_order
from autograd.engine.code_text import parenthesized, rename
from autograd.engine.grad_mode import enable_grad, is_grad_enabled
from autograd.engine.value import Value

CHUNK_LINES = 16000  # forward lines per generated function; it holds their backward lines too
# Graphs bigger than this are written compactly: a number used once, by one later node, and by
# no backward line (a neuron's partial sums, its products) goes into that node's line as a
# subexpression, as hand-written code would, instead of a line of its own; and the backward lines
# carry no comments (nobody reads 100,000 of them, and writing them costs a tenth of the
# tracing time). Small graphs keep one line per operation, with comments, to be read.
INLINE_ABOVE_NODES = 5000
MAX_INLINE_DEPTH = 24  # subexpressions nested at most this deep (Python's parser has a limit)
NUMBER_TYPES = (int, float)  # an argument of these types becomes an input slot
_NOT_IDENTIFIER = re.compile(r"[^0-9A-Za-z_]")  # ASCII only: Python folds some Unicode names


class CompileError(TypeError):
    """`compile` cannot trace this function or these arguments; the message says why and how."""


# ----- arguments: numbers become input slots, Values are captured, lists nest --------------------


def _flatten(
    args: Sequence[Any], numbers: list[float], values: list[Value], where: str = "args"
) -> Any:
    """Every number of `args` into `numbers` and every Value into `values`, depth first.

    Returns a hashable description of the arguments' structure: what a compiled program is
    cached by.
    """
    shape: list[Any] = []
    for i, arg in enumerate(args):
        if isinstance(arg, Value):
            shape.append("V")
            values.append(arg)
        elif isinstance(arg, NUMBER_TYPES) and not isinstance(arg, bool):
            shape.append("n")
            numbers.append(float(arg))
        elif isinstance(arg, list | tuple):
            shape.append((type(arg).__name__, _flatten(arg, numbers, values, f"{where}[{i}]")))
        else:
            raise CompileError(
                f"compile: {where}[{i}] is {type(arg).__name__} {arg!r:.60}; a compiled step takes "
                f"numbers, Values, and (nested) lists or tuples of them — pass other settings to "
                f"fn through a closure, e.g. compile(lambda x: fn(x, setting))"
            )
    return tuple(shape)


def _as_traced(args: Sequence[Any], slots: list[Value]) -> list[Any]:
    """`args` with every number replaced by a new leaf Value, an input slot, listed in `slots`."""
    traced: list[Any] = []
    for arg in args:
        if isinstance(arg, Value):
            traced.append(arg)
        elif isinstance(arg, list | tuple):
            inner = _as_traced(arg, slots)
            traced.append(inner if isinstance(arg, list) else tuple(inner))
        else:
            slot = Value(float(arg))
            slots.append(slot)
            traced.append(slot)
    return traced


# ----- the traced program ------------------------------------------------------------------------


@dataclass
class Program:
    """One traced graph, as generated Python: for one shape of arguments.

    Attributes:
        source: the generated code (what `CompiledStep.source` shows).
        run: the compiled entry point, ``run(numbers, values)``: the output's number (and the
            auxiliary values' numbers, with ``has_aux``).

    """

    source: str
    run: Callable[[list[float], list[Value]], Any]


class _Namer:
    """Readable, unique Python names for nodes: labels where they make identifiers, else v<k>.

    A label's characters other than ASCII letters, digits and underscores become underscores
    (``L1.n0.w0`` → ``L1_n0_w0``); names the program itself uses are never taken.
    """

    def __init__(self, reserved: set[str]) -> None:
        self.taken = set(reserved)

    def name(self, node: Value, k: int, is_root: bool) -> str:
        base = _NOT_IDENTIFIER.sub("_", node.label) if node.label else ""
        if base and base[0].isdigit():
            base = "_" + base
        if not base and is_root:
            base = "L"
        if not base or keyword.iskeyword(base) or base in self.taken or base.startswith("g_"):
            base = f"v{k}"
        while base in self.taken:
            base += "_"
        self.taken.add(base)
        return base


def _constant(x: float) -> str:
    """A float as code: `repr` round-trips exactly; inf and nan are names in the namespace."""
    text = repr(float(x))
    return parenthesized(text)


def _comment(text: str) -> str:
    """`text` safe as a one-line comment: no line breaks reach the generated code."""
    return text.replace("\r", " ").replace("\n", " ")


def trace(fn: Callable[..., Any], args: Sequence[Any], has_aux: bool = False) -> Program:
    """Run `fn` once on Values and write its graph as straight-line Python (see the module doc).

    With `has_aux`, `fn` returns ``(output, values)``: the program also returns the numbers of
    those Values (for example each example's score, next to the loss).

    The garbage collector is paused meanwhile: tracing makes a great many objects and no
    reference cycles, so its passes (over everything else alive, too) would find nothing.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _trace(fn, args, has_aux)
    finally:
        if collecting:
            gc.enable()


def _trace(fn: Callable[..., Any], args: Sequence[Any], has_aux: bool) -> Program:
    # Values alive now are the model's parameters and other existing Values: their .data is read
    # at every call and their .grad receives gradients. Leaves made while tracing are constants.
    existing = _existing_values(fn)
    slots: list[Value] = []
    arguments: list[Value] = []  # the Values among the arguments, read afresh at every call
    _flatten(args, [], arguments)
    with enable_grad():  # tracing records the graph, even inside no_grad()
        output = fn(*_as_traced(args, slots))
    auxiliary: list[Value] = []
    if has_aux:
        if not (isinstance(output, tuple) and len(output) == 2):
            raise CompileError(
                f"compile: with has_aux=True, fn must return (output, values), got "
                f"{type(output).__name__}"
            )
        output, auxiliary = output[0], list(output[1])
        if not all(isinstance(value, Value) for value in auxiliary):
            raise CompileError("compile: with has_aux=True, the values fn returns must be Values")
    if not isinstance(output, Value):
        raise CompileError(
            f"compile: fn must return one Value (the loss), got {type(output).__name__}; reduce "
            f"the result to a single Value, e.g. sum(...)"
        )
    order = topological_order(output)
    placed = set(map(id, order))
    differentiated = set(placed)  # the output's graph; auxiliary values' graphs are not
    for value in auxiliary:  # their graphs are computed too; only the output is differentiated
        extra = [node for node in topological_order(value) if id(node) not in placed]
        placed.update(map(id, extra))
        order[-1:-1] = extra  # before the output, which stays last
    slot_index = {id(slot): i for i, slot in enumerate(slots)}
    captured_index: dict[int, int] = {}
    for i, value in enumerate(arguments):
        captured_index.setdefault(id(value), i)
    fixed: list[Value] = []  # existing Values reached from fn itself (parameters), in graph order
    for node in order:
        if id(node) in captured_index or id(node) in slot_index:
            continue
        if existing.get(id(node)) is node:
            captured_index[id(node)] = len(arguments) + len(fixed)
            fixed.append(node)
        elif not node.parents and node.rule.inputs:
            raise CompileError(
                f"compile: fn computed {node!r} ({node.op}) inside no_grad(), so its graph was "
                f"not recorded and its number would be frozen at trace time; compute it outside "
                f"no_grad() inside fn"
            )
        elif node.parents and node.rule.kind == rules.UNKNOWN:
            raise CompileError(
                f"compile: {node!r} was made with micrograd's Value(data, children, {node.op!r}); "
                f"that op has no rule, so it has no code to compile; build it from Value "
                f"operations (+, *, tanh, …)"
            )
    del existing
    writer = _Writer(order, output, slot_index, captured_index, auxiliary, differentiated)
    source, added, assigned = writer.source(), writer.added, writer.assigned
    del writer, order, output, auxiliary, slots  # the traced graph is not needed now: free it
    namespace = dict(rules.NAMESPACE)
    for function in re.split(r"\n(?=def )", source):  # one at a time: bounded compile() memory
        exec(builtins.compile(function, "<autograd.compile>", "exec"), namespace)
    entry = namespace["compiled_step"]

    def run(numbers: list[float], values: list[Value]) -> Any:
        captured = values + fixed
        gradients = [0.0] * len(captured)
        result = entry(numbers, captured, gradients)
        for i in added:  # as backward(): leaves accumulate, other nodes are set afresh
            captured[i].grad += gradients[i]
        for i in assigned:
            captured[i].grad = gradients[i]
        return result

    return Program(source, run)


def _existing_values(fn: Callable[..., Any]) -> dict[int, Value]:
    """Every Value alive now that `fn` could use, by id.

    The garbage collector lists the objects it tracks; objects hidden from it by ``gc.freeze()``
    are found instead by walking everything `fn` can reach (its closure, defaults, globals and
    what they refer to), so that a frozen model's parameters are still parameters.
    (type(), not isinstance(): some objects answer isinstance with a deprecated property.)
    """
    found = {id(obj): obj for obj in gc.get_objects() if issubclass(type(obj), Value)}
    if gc.get_freeze_count():
        seen: set[int] = set()
        stack: list[Any] = [fn]
        while stack:
            obj = stack.pop()
            if id(obj) not in seen:
                seen.add(id(obj))
                if issubclass(type(obj), Value):
                    found[id(obj)] = obj
                stack.extend(gc.get_referents(obj))
    return found


@functools.cache
def _templates(rule: rules.Rule) -> tuple[str, tuple[str, ...]]:
    """A rule's forward and derivative code as `str.format` templates: {0}, {1} inputs, {2} out.

    Made once per rule: writing a line is then one `format` call, not a re-tokenising.
    """
    names = {name: f"__{i}__" for i, name in enumerate((*rule.inputs, "out"))}

    def template(code: str) -> str:
        text = rename(code.replace("{", "{{").replace("}", "}}"), names)
        for i in range(len(names)):
            text = text.replace(f"__{i}__", f"{{{i}}}")
        return text

    return template(rule.forward_code), tuple(template(code) for code in rule.derivative_code)


_ONE, _ONE_NAME, _EXPRESSION = "one", "one name", "expression"  # shapes of a local derivative


@functools.cache
def _derivative_templates(rule: rules.Rule) -> tuple[tuple[str, str], ...]:
    """Each derivative template of `rule` and its shape: exactly 1, one name, or an expression."""
    shapes = []
    for template in _templates(rule)[1]:
        shape = _ONE if template == "1.0" else _EXPRESSION
        if re.fullmatch(r"\{\d\}", template):
            shape = _ONE_NAME  # a name or a constant (already in parentheses if negative)
        shapes.append((template, shape))
    return tuple(shapes)


@functools.cache
def _reads(rule: rules.Rule, position: int) -> tuple[int, ...]:
    """Which of {0}, {1}, … (the inputs, then out) the derivative in `position` reads."""
    template = _templates(rule)[1][position]
    return tuple(k for k in range(len(rule.inputs) + 1) if f"{{{k}}}" in template)


@functools.cache
def _edge_comment(rule: rules.Rule, position: int) -> str:
    """The comment on a backward line: the rule's formula for that input."""
    return f"  # {_comment(_formula_part(rule, position))}"


def _formula_part(rule: rules.Rule, position: int) -> str:
    """The part of a rule's formula about one input: "∂(x+y)/∂y = 1" of the + rule's two."""
    parts = rule.formula.split(", ∂")
    if len(parts) != len(rule.inputs):
        return rule.formula
    return parts[position] if position == 0 else "∂" + parts[position]


class _Writer:
    """Writes the generated code: forward lines, then backward lines, in segments.

    A segment holds the forward lines of about `CHUNK_LINES` consecutive nodes and, later, their
    backward lines. Each segment of a big graph is a generator: it runs its forward lines,
    pauses (``yield``), and resumes for its backward lines with its locals still there, so only
    values that cross segments go through the list ``V``. Inputs (``X[i]``, ``P[i].data``) are
    read in each segment that uses them, where first used. A small graph is one plain function.
    """

    def __init__(
        self,
        order: list[Value],
        output: Value,
        slot_index: dict[int, int],
        captured_index: dict[int, int],
        auxiliary: Sequence[Value],
        differentiated: set[int],
    ) -> None:
        self.order, self.output, self.auxiliary = order, output, auxiliary
        self.slot_index, self.captured_index = slot_index, captured_index
        reserved = set(rules.NAMESPACE) | set(dir(builtins)) | {"X", "P", "V", "data", "grad"}
        namer = _Namer(reserved)
        self.names = {id(node): namer.name(node, k, node is output) for k, node in enumerate(order)}
        # which nodes need a gradient: existing leaves, and every node on a path to one
        self.needs_grad: set[int] = set()
        for node in order:
            key = id(node)
            if key not in differentiated:
                continue
            if not node.parents:
                if key in captured_index:  # a parameter, or a Value passed as an argument
                    self.needs_grad.add(key)
                continue
            for parent in node.parents:
                if id(parent) in self.needs_grad:
                    self.needs_grad.add(key)
                    break
        # leaves made while tracing (the 2 in 2 * x) are constants, written as numbers
        self.constants = {
            id(node): _constant(node.data)
            for node in order
            if not node.parents and id(node) not in slot_index and id(node) not in captured_index
        }
        self.inputs = set(slot_index) | set(captured_index)  # read from X or P, not computed
        # segments of computed nodes, in topological order; an input belongs to its first user's
        self.segment: dict[int, int] = {}
        computed = 0
        for node in order:
            if id(node) in self.inputs or id(node) in self.constants:
                # an existing node that is not a leaf (read from P) has backward lines: they go
                # where its first user's do, or here if nothing computed uses it
                self.segment.setdefault(id(node), computed // CHUNK_LINES)
                continue
            segment = self.segment[id(node)] = computed // CHUNK_LINES
            computed += 1
            for parent in node.parents:
                self.segment.setdefault(id(parent), segment)
        self.segment.setdefault(id(output), 0)
        self.n_segments = max(computed - 1, 0) // CHUNK_LINES + 1
        self.forward: list[list[str]] = [[] for _ in range(self.n_segments)]
        self.backward: list[list[str]] = [[] for _ in range(self.n_segments)]
        self.loaded: set[tuple[int, int]] = set()  # (segment, input) read in that segment
        self.defined: dict[str, int] = {}  # computed variable -> the segment that makes it
        self.used: dict[str, set[int]] = {}  # computed variable -> other segments that read it
        self.gradient_touched: dict[str, set[int]] = {}  # gradient variable -> segments
        self.added: list[int] = []  # P indices whose gradient G[i] is added into .grad (leaves)
        self.assigned: list[int] = []  # P indices whose .grad is set to G[i] (existing non-leaves)
        self.compact = len(order) > INLINE_ABOVE_NODES
        self.inlined = self._inlinable() if self.compact else set()
        self.expressions: dict[int, tuple[str, int]] = {}  # inlined node -> (code, nesting depth)

    def _inlinable(self) -> set[int]:
        """Computed nodes whose code can go into their one user's line (see INLINE_ABOVE_NODES).

        A node qualifies if exactly one node uses it, in the same segment, and no backward line
        reads it (a + or * node whose result only feeds the next +: a sum's parts).
        """
        users: dict[int, int] = {}  # node -> how many nodes use it
        user: dict[int, int] = {}  # node -> the last node that uses it
        read_backward: set[int] = set()
        needs_grad = self.needs_grad
        for node in self.order:
            key = id(node)
            for position, parent in enumerate(node.parents):
                parent_key = id(parent)
                users[parent_key] = users.get(parent_key, 0) + 1
                user[parent_key] = key
                if key in needs_grad and parent_key in needs_grad:
                    reads = (*node.parents, node)
                    for k in _reads(node.rule, position):
                        read_backward.add(id(reads[k]))
        kept = {id(self.output), *map(id, self.auxiliary)} | self.inputs | set(self.constants)
        segment = self.segment
        return {
            key
            for key, count in users.items()
            if count == 1
            and key not in kept
            and key not in read_backward
            and key in segment
            and segment[key] == segment[user[key]]
        }

    def _read(self, node: Value, segment: int, lines: list[str]) -> str:
        """A node's number as code in `segment`; an input is read there first, into `lines`."""
        key = id(node)
        if key in self.constants:
            return self.constants[key]
        name = self.names[key]
        if key in self.inputs:
            if (segment, key) not in self.loaded:
                self.loaded.add((segment, key))
                lines.append(self._load(node))
        elif self.segment[key] != segment:
            self.used.setdefault(name, set()).add(segment)
        return name

    def _load(self, node: Value) -> str:
        name = self.names[id(node)]
        if id(node) in self.slot_index:
            return f"{name} = X[{self.slot_index[id(node)]}]"
        label = f"  # {node.label!r}" if node.label and node.label != name else ""
        return f"{name} = P[{self.captured_index[id(node)]}].data{_comment(label)}"

    def write_forward(self) -> None:
        for node in self.order:
            if not node.parents or id(node) in self.inputs:
                continue
            name, segment = self.names[id(node)], self.segment[id(node)]
            lines = self.forward[segment]
            inputs, depth = [], 0
            for parent in node.parents:
                if id(parent) in self.expressions:  # written into this line, in parentheses
                    code, nested = self.expressions.pop(id(parent))
                    inputs.append(f"({code})")
                    depth = max(depth, nested + 1)
                else:
                    inputs.append(self._read(parent, segment, lines))
            code = _templates(node.rule)[0].format(*inputs, name)
            if id(node) in self.inlined and depth < MAX_INLINE_DEPTH:
                self.expressions[id(node)] = (code, depth)
                continue
            lines.append(f"{name} = {code}")
            self.defined[name] = segment
        last = self.n_segments - 1
        for node in (self.output, *self.auxiliary):
            self._read(node, last, self.forward[last])  # an output that is an input, or returned

    def write_backward(self) -> None:
        """One line per edge, in reverse topological order: the chain rule, as code.

        ∂L/∂parent += ∂node/∂parent · ∂L/∂node. Where the local derivative is exactly 1 (a sum),
        the parent's gradient simply *is* the node's: no line, only a comment. The existing
        Values' gradients go into their ``.grad`` after the last backward line (see `_store`).
        """
        output = self.output
        if id(output) not in self.needs_grad:
            return
        remaining = {id(node): 0 for node in self.order}  # contributions still to come
        for node in self.order:
            if id(node) in self.needs_grad:
                for parent in node.parents:
                    remaining[id(parent)] += 1
        alias: dict[str, str] = {}  # a gradient that equals another one, not yet added to
        started: set[str] = set()
        root = f"g_{self.names[id(output)]}"
        self.backward[self.segment[id(output)]].append(f"{root} = 1.0")
        self._touch(root, self.segment[id(output)])
        started.add(root)
        if not output.parents:
            self._store(output, root, "+=", self.segment[id(output)])
        for node in reversed(self.order):
            key = id(node)
            if key not in self.needs_grad or not node.parents:
                continue
            segment = self.segment[key]
            lines = self.backward[segment]
            gradient = f"g_{self.names[key]}"
            upstream = alias.get(gradient, gradient)
            if key in self.captured_index:  # an existing node that is not a leaf: set, not added
                self._store(node, upstream, "=", segment)
            # the numbers the derivatives read: read when the first derivative that needs them is
            # written (a sum's derivatives, all 1, need none)
            inputs: list[str] | None = None
            out = ""
            if not self.compact:
                names = (self.constants.get(id(p)) or self.names[id(p)] for p in node.parents)
                lines.append(f"# through {self.names[key]} = {node.op}({', '.join(names)})")
            derivatives = _derivative_templates(node.rule)
            for position, parent in enumerate(node.parents):
                parent_key = id(parent)
                if parent_key not in self.needs_grad:
                    continue
                target = f"g_{self.names[parent_key]}"
                template, shape = derivatives[position]
                comment = "" if self.compact else _edge_comment(node.rule, position)
                if shape == _ONE:  # ∂/∂parent = 1: the parent's gradient is the node's
                    contribution = upstream
                else:
                    if inputs is None:
                        inputs = [self._read(parent, segment, lines) for parent in node.parents]
                    out = out or self._read(node, segment, lines)
                    local = template.format(*inputs, out)
                    # ∂/∂parent is a name or a number (y for x·y) or else an expression
                    contribution = f"{local if shape == _ONE_NAME else f'({local})'} * {upstream}"
                self._touch(upstream, segment)
                if target in alias:  # a second contribution to an alias: now it needs its own
                    self._touch(alias[target], segment)
                    lines.append(f"{target} = {alias.pop(target)} + {contribution}{comment}")
                    started.add(target)
                    self._touch(target, segment)
                elif target in started:
                    lines.append(f"{target} += {contribution}{comment}")
                    self._touch(target, segment)
                elif contribution == upstream:
                    alias[target] = upstream
                    if not self.compact:
                        lines.append(f"# {target} is {upstream}: {comment[4:]}")
                else:
                    lines.append(f"{target} = {contribution}{comment}")
                    started.add(target)
                    self._touch(target, segment)
                remaining[parent_key] -= 1
                if remaining[parent_key] == 0 and not parent.parents:
                    self._store(parent, alias.get(target, target), "+=", segment)

    def _store(self, node: Value, gradient: str, assign: str, segment: int) -> None:
        """Hand an existing Value's finished gradient to the step, in ``G``.

        The step writes ``G`` into ``.grad`` once the program has finished, as backward() does:
        added for a leaf (`assign` ``+=``), set for another node (``=``). So an error on the way
        (a domain error in a derivative) leaves every ``.grad`` as it was.
        """
        if id(node) in self.captured_index:
            index = self.captured_index[id(node)]
            (self.added if assign == "+=" else self.assigned).append(index)
            what = "added into" if assign == "+=" else "set as"
            note = "" if self.compact else f"  # {what} P[{index}].grad when the step ends"
            self.backward[segment].append(f"G[{index}] = {gradient}{note}")
            self._touch(gradient, segment)

    def _touch(self, gradient: str, segment: int) -> None:
        self.gradient_touched.setdefault(gradient, set()).add(segment)

    def source(self) -> str:
        self.write_forward()
        self.write_backward()
        # what the program returns: the output, and with has_aux the auxiliary values' numbers
        results = [self.output, *self.auxiliary]
        texts = [self.constants.get(id(node)) or self.names[id(node)] for node in results]
        if self.n_segments == 1:
            result = texts[0] if not self.auxiliary else f"({texts[0]}, [{', '.join(texts[1:])}])"
            body = [*self.forward[0], *self.backward[0], f"return {result}"]
            return "def compiled_step(X, P, G):\n" + "".join(f"    {line}\n" for line in body)
        return self._segmented(texts)

    def _segmented(self, results: list[str]) -> str:
        """Generators, one per segment, and the function that drives them (see the class doc)."""
        last = self.n_segments - 1
        forward_loads: list[set[str]] = [set() for _ in range(self.n_segments)]
        forward_stores: list[set[str]] = [set() for _ in range(self.n_segments)]
        for name, segments in self.used.items():  # values made in one segment, read in others
            forward_stores[self.defined[name]].add(name)
            for k in segments:
                forward_loads[k].add(name)
        backward_loads: list[set[str]] = [set() for _ in range(self.n_segments)]
        backward_stores: list[set[str]] = [set() for _ in range(self.n_segments)]
        for name, segments in self.gradient_touched.items():  # run from last segment to first
            if len(segments) > 1:
                for k in segments:
                    if k != max(segments):
                        backward_loads[k].add(name)
                    if k != min(segments):
                        backward_stores[k].add(name)
        names = sorted(set().union(*forward_stores, *backward_stores))
        slot = {name: i for i, name in enumerate(names)}
        out: list[str] = []
        for k in range(self.n_segments):
            out.append(f"def segment_{k}(X, P, G, V):")
            out.extend(f"    {name} = V[{slot[name]}]" for name in sorted(forward_loads[k]))
            out.extend(f"    {line}" for line in self.forward[k])
            out.extend(f"    V[{slot[name]}] = {name}" for name in sorted(forward_stores[k]))
            out.append("    yield")
            out.extend(f"    {name} = V[{slot[name]}]" for name in sorted(backward_loads[k]))
            out.extend(f"    {line}" for line in self.backward[k])
            out.extend(f"    V[{slot[name]}] = {name}" for name in sorted(backward_stores[k]))
            if k == last:  # its backward part runs first, then hands the result to the driver
                result = results[0]
                if self.auxiliary:
                    result = f"({result}, [{', '.join(results[1:])}])"
                out.append(f"    yield {result}")
            out.append("")
        calls = ", ".join(f"segment_{k}(X, P, G, V)" for k in range(self.n_segments))
        out.append("def compiled_step(X, P, G):")
        out.append(f"    V = [0.0] * {len(slot)}")
        out.append(f"    segments = [{calls}]")
        out.append("    for segment in segments:")
        out.append("        next(segment)  # forward, in topological order")
        out.append("    result = next(segments[-1])  # backward, in reverse order")
        out.append("    for segment in reversed(segments[:-1]):")
        out.append("        next(segment, None)")
        out.append("    return result")
        return "\n".join(out) + "\n"


class CompiledStep:
    """A compiled `fn`: call it like ``fn(*args).backward()``; it returns the output's number.

    Built by `compile`. Programs are traced on first use and cached by the shape of the
    arguments (list lengths and nesting), so new data of the same shape reuses them.
    """

    def __init__(self, fn: Callable[..., Any], has_aux: bool = False) -> None:
        if not callable(fn):
            raise CompileError(
                f"compile: expected a function that returns a Value, got {type(fn).__name__} "
                f"{fn!r:.60}"
            )
        self.fn, self.has_aux = fn, has_aux
        self.programs: dict[Any, Program] = {}
        functools.update_wrapper(self, fn)

    def program(self, *args: Any) -> Program:
        """The traced program for arguments of this shape (tracing them now if it is new)."""
        return self._program(args, _flatten(args, [], []))

    def _program(self, args: Sequence[Any], shape: Any) -> Program:
        found = self.programs.get(shape)
        if found is None:
            found = self.programs[shape] = trace(self.fn, args, self.has_aux)
        return found

    def __call__(self, *args: Any) -> Any:
        """Forward and backward: the output's number; gradients are added into ``.grad``.

        With ``has_aux``, ``(output's number, [the auxiliary values' numbers])``.
        """
        if not is_grad_enabled():
            raise CompileError(
                "compile: the compiled step was called inside no_grad(), but it computes "
                "gradients; call it outside the no_grad() block, or call fn itself for a "
                "forward pass only"
            )
        numbers: list[float] = []
        values: list[Value] = []
        program = self._program(args, _flatten(args, numbers, values))
        try:
            return program.run(numbers, values)
        except (ArithmeticError, ValueError):
            # The same call on the dynamic graph raises the engine's own error, naming the op,
            # the value and its label; nothing was written to .grad before the failure.
            output = self.fn(*args)
            loss, auxiliary = output if self.has_aux else (output, [])
            loss.backward()
            return (loss.data, [v.data for v in auxiliary]) if self.has_aux else loss.data

    def source(self, *args: Any) -> str:
        """The generated Python for arguments of this shape: forward lines, then backward ones."""
        return self.program(*args).source

    def __repr__(self) -> str:
        name = getattr(self.fn, "__name__", "function")
        return f"<compiled {name}: {len(self.programs)} program(s) traced>"


def compile(fn: Callable[..., Any], *, has_aux: bool = False) -> CompiledStep:
    """Compile `fn` (arguments → one Value) into a step that runs forward and backward fast.

    ``step(*args)`` returns ``fn(*args).data`` and adds ∂output/∂v into ``.grad`` of every Value
    that existed before the call and that the output depends on (the model's parameters, and
    Values passed as arguments), exactly as ``fn(*args).backward()`` does, bit for bit.
    Numbers in `args` (also inside lists and tuples) are inputs read at each call; numbers
    made inside `fn` are constants; parameters' ``.data`` is read at each call, so optimiser
    updates are seen. See the module doc for what is frozen at trace time.

    With ``has_aux=True`` (as in JAX), `fn` returns ``(output, values)`` and the step returns
    ``(output's number, [each value's number])``: for example the loss and every score.

    Example:
        >>> step = compile(lambda x: (model(x) - 1.0) ** 2)
        >>> loss = step([0.5, -1.0])       # model's parameters now hold their gradients
        >>> print(step.source([0.5, -1.0]))  # the code backprop writes

    Raises:
        CompileError: (a TypeError) fn is not callable; at a call, an argument of another type,
            fn not returning one Value, or a call inside ``no_grad()``.
        DomainError: at a call, an operation got an input outside its domain (as in the
            dynamic graph: the op, the value and its label).

    """
    return CompiledStep(fn, has_aux)
