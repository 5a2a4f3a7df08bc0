"""Why a gradient has its value: `explain` (a sum over paths) and `gradcheck_nodes` (each rule).

`explain` writes ∂root/∂value as a sum over paths of products of local derivatives, and, where
the routes run through neurons, as the lecture's three terms; `gradcheck_nodes` prints the check
of each node's rule against finite differences that `autograd.engine.numerical` makes.

Pure Python on the public engine: gradients come from the one chain rule (`chain_rule`), local
derivatives from the rules table (`Value.local_grads`), names, roles and numbers from
`GraphView`. No drawing here (that is draw.py).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from autograd.engine.backprop import chain_rule
from autograd.engine.numerical import (
    FINITE_DIFFERENCE_STEP,
    GRADCHECK_ABSOLUTE_TOLERANCE,
    GRADCHECK_RELATIVE_TOLERANCE,
    check_nodes,
)
from autograd.engine.value import Value
from autograd.viz.graph_view import (
    ADDING_OPS,
    Consumer,
    GraphView,
    format_number,
    parameter_set,
    require_value,
)

DEFAULT_MAX_PATHS = 200  # explain() lists paths only up to this many; past it, the per-node sum
AGREEMENT_RELATIVE_TOLERANCE = 1e-9  # path sum vs .grad: equal up to float rounding order
AGREEMENT_ABSOLUTE_TOLERANCE = 1e-12

#: The lecture notes' three chain-rule terms for a neuron's weight. The first is used only
#: where the root really is an error computed from the neuron (`GraphView.root_is_loss`).
ERROR_WITH_OUTPUT = "how the error changes with the output"
OUTPUT_WITH_NET_INPUT = "how the output changes with the net input"
NET_INPUT_WITH_WEIGHT = "how the net input changes with the weight"
NET_INPUT_WITH_BIAS = "how the net input changes with the bias"  # a parameter added, not scaled
NET_INPUT_WITH_INPUT = "how the net input changes with the input"  # a leaf that is no parameter


# ----- the lecture's terms: a gradient through a neuron ----------------------------------------


@dataclass(frozen=True)
class Term:
    """One factor of the chain rule through a neuron: ``∂L/∂out = -0.3649``, and its meaning.

    Attributes:
        symbol: the derivative by name, e.g. ``∂L/∂out``.
        number: its value.
        words: what it says, e.g. "how the error changes with the output".

    """

    symbol: str
    number: float
    words: str


@dataclass(frozen=True)
class ThroughNeuron:
    """∂root/∂value through one neuron out = f(net): ∂L/∂out · ∂out/∂net · ∂net/∂value.

    Attributes:
        out: the neuron's output (its activation).
        net: its net input w·x + b.
        terms: the three factors (two when `out` is the root itself: ∂L/∂L = 1 says nothing).
            ∂L/∂out is out's whole gradient; ∂net/∂value sums every route value → … → net.
        product: their product, the share of ∂root/∂value that passes through this neuron.

    """

    out: Value
    net: Value
    terms: tuple[Term, ...]
    product: float


def net_input_words(
    value: Value, parameters: frozenset[Value] | None, name: str, used_by: Value
) -> str:
    """What ∂net/∂value says: "how the net input changes with the weight" (or bias, or input).

    "The weight" for a parameter that `used_by` (the value's first user on the way) scales,
    "the bias" for one it adds, "the input" for a leaf that is not a parameter; when the
    parameters are not known, or the value is computed, its name: "… changes with x2".
    """
    if value.is_leaf and parameters and value in parameters:
        return NET_INPUT_WITH_BIAS if used_by.op in ADDING_OPS else NET_INPUT_WITH_WEIGHT
    if value.is_leaf and parameters:
        return NET_INPUT_WITH_INPUT
    return f"how the net input changes with {name}"


def through_neurons(
    view: GraphView,
    value: Value,
    grads: Mapping[Value, float],
    parameters: frozenset[Value] | None,
    max_routes: int = DEFAULT_MAX_PATHS,
) -> tuple[ThroughNeuron, ...]:
    """∂root/∂value split by the first neuron that each route from `value` runs into.

    ∂L/∂v = Σ over those neurons of ∂L/∂out · ∂out/∂net · ∂net/∂v: the lecture's three terms
    per neuron (see `ThroughNeuron`). Empty where the split would not be the whole gradient or
    would say nothing: when a route reaches the root without passing a neuron, when `value` is
    a neuron's net input itself, or when more than `max_routes` routes lead to the neurons.
    """
    root, names = view.root, view.names
    reached: dict[Value, tuple[Value, float, Value]] = {}  # out -> (net, ∂net/∂v, first user)
    stack: list[tuple[Value, float, Value | None]] = [(value, 1.0, None)]
    routes = 0
    while stack:
        node, product, first = stack.pop()
        if node is root:
            return ()  # a route that passes no neuron
        for child, position in view.consumers[node]:
            user = child if first is None else first
            routes += 1
            if routes > max_routes:
                return ()
            if view.net_input_of(child) is not node:
                stack.append((child, product * child.local_grads[position], user))
            elif node is value:
                return ()  # value is the net input: ∂net/∂net = 1
            else:
                net, so_far, known_user = reached.get(child, (node, 0.0, user))
                reached[child] = (net, so_far + product, known_user)
    found = []
    for out, (net, into_net, user) in reached.items():
        terms = []
        if out is not root:
            first_words = (
                ERROR_WITH_OUTPUT
                if view.root_is_loss
                else f"how {names[root]} changes with this neuron's output"
            )
            terms.append(Term(view.d(root, out), grads[out], first_words))
        local = out.local_grads[0]
        terms.append(Term(view.d(out, net), local, OUTPUT_WITH_NET_INPUT))
        words = net_input_words(value, parameters, names[value], user)
        terms.append(Term(view.d(net, value), into_net, words))
        found.append(ThroughNeuron(out, net, tuple(terms), grads[out] * local * into_net))
    return tuple(found)


# ----- explain: the sum over paths -------------------------------------------------------------


@dataclass(frozen=True)
class Path:
    """One route from the explained value to the root, and its product of local derivatives.

    Attributes:
        nodes: the route, starting at the explained value and ending at the root.
        positions: for each step, which argument of the next node the previous node is
            (``a * a`` is reached twice, as argument 0 and as argument 1).
        factors: the local derivatives ∂next/∂previous along the route.
        product: their product, this path's share of ∂root/∂value.

    """

    nodes: tuple[Value, ...]
    positions: tuple[int, ...]
    factors: tuple[float, ...]
    product: float


@dataclass(frozen=True)
class UseTerm:
    """One use of a value by a child: the term ∂L/∂child · ∂child/∂value of its gradient.

    The per-node chain rule: a value's gradient is the sum of these over the nodes that use it
    (`Explanation.uses`; the backprop player's `BackpropStep.uses`).

    Attributes:
        child: the node that uses the value.
        position: which argument of the child the value is (``a * a`` uses a twice).
        upstream: ∂L/∂child.
        local_grad: ∂child/∂value, from the child's rule.

    """

    child: Value
    position: int
    upstream: float
    local_grad: float


@dataclass(frozen=True, repr=False)
class Explanation:
    """Why ∂root/∂value has its value: a sum over paths of products of local derivatives.

    ∂L/∂v = Σ over paths v → … → L of Π ∂(next)/∂(previous). When there are more than
    `max_paths` paths, `paths` is empty and `uses` holds the equivalent per-node sum
    ∂L/∂v = Σ over the nodes c using v of ∂L/∂c · ∂c/∂v. ``len(explanation)`` is the number
    of paths, `n_paths` (also when they are too many to list).

    Attributes:
        value: the node the gradient is with respect to.
        view: the graph's names and number formatting; ``view.root`` (also `root`) is the node
            differentiated (usually the loss).
        n_paths: how many paths lead from value to root.
        paths: every path (empty when there are more than `max_paths`).
        uses: the per-node chain-rule terms (always filled).
        total: the sum, ∂root/∂value.
        grad: ``value.grad`` when explained (after ``root.backward()`` it should equal `total`).
        max_paths: the most paths listed one by one.
        parameters: the model's parameters, if given (to say "weight" only for weights).
        neurons: the same gradient split by the neurons its routes run into (the lecture's
            terms, see `through_neurons`); empty where that split does not apply.

    """

    value: Value
    view: GraphView
    n_paths: int
    paths: tuple[Path, ...]
    uses: tuple[UseTerm, ...]
    total: float
    grad: float
    max_paths: int
    parameters: frozenset[Value] | None = None
    neurons: tuple[ThroughNeuron, ...] = ()

    @classmethod
    def of(
        cls,
        view: GraphView,
        value: Value,
        grads: Mapping[Value, float],
        max_paths: int = DEFAULT_MAX_PATHS,
        parameters: frozenset[Value] | None = None,
    ) -> Explanation:
        """The explanation of ∂(view.root)/∂value, from gradients already computed.

        `grads` is ``chain_rule(view.root)``; `value` must be in the graph. `explain` checks its
        arguments and calls this; a caller that has the view and the gradients can reuse them.
        """
        root, uses = view.root, view.consumers
        # paths to the root from each node, counted from the root backwards (no enumeration)
        n_paths_from: dict[Value, int] = {}
        for node in reversed(view.order):
            n_paths_from[node] = 1 if node is root else sum(n_paths_from[c] for c, _ in uses[node])
        n_paths = n_paths_from[value]
        use_terms = tuple(
            UseTerm(child, position, grads[child], child.local_grads[position])
            for child, position in uses[value]
        )
        paths = _enumerate_paths(value, root, uses) if n_paths <= max_paths else ()
        total = math.fsum(path.product for path in paths) if paths else grads[value]
        return cls(
            value=value,
            view=view,
            n_paths=n_paths,
            paths=paths,
            uses=use_terms,
            total=total,
            grad=value.grad,
            max_paths=max_paths,
            parameters=parameters,
            neurons=through_neurons(view, value, grads, parameters, max_paths),
        )

    def __len__(self) -> int:
        """The number of paths from the value to the root (`n_paths`)."""
        return self.n_paths

    @property
    def root(self) -> Value:
        """The node differentiated (usually the loss): the view's root."""
        return self.view.root

    @property
    def names(self) -> dict[Value, str]:
        """A name for every node, used in the printed formulas."""
        return self.view.names

    @property
    def agrees(self) -> bool:
        """Whether the sum over paths equals ``value.grad`` (up to float rounding)."""
        return math.isclose(
            self.total,
            self.grad,
            rel_tol=AGREEMENT_RELATIVE_TOLERANCE,
            abs_tol=AGREEMENT_ABSOLUTE_TOLERANCE,
        )

    def route(self, path: Path) -> str:
        """The path's route, ``b → c → L``.

        Where a node uses a value twice (``d = b * b``) the arrow says which argument:
        ``b →(1st) d → L``.
        """
        route = self.names[path.nodes[0]]
        for node, position in zip(path.nodes[1:], path.positions, strict=True):
            which = self.view.repeated_argument(node, position)
            route += f" →({which}) " if which else " → "
            route += self.names[node]
        return route

    def path_formula(self, path: Path) -> str:
        """``b → c → L: ∂L/∂c · ∂c/∂b = 1.0000 × 0.5000 = 0.5000`` for one path."""
        view, route = self.view, self.route(path)
        if not path.factors:
            return f"{route}: the root itself, ∂{route}/∂{route} = 1"
        symbols = [
            view.local(path.nodes[i + 1], path.positions[i]) for i in range(len(path.factors))
        ]
        symbols.reverse()
        numbers = view.product_text(path.factors[::-1])
        if len(path.factors) == 1:
            return f"{route}: {symbols[0]} = {numbers}"
        return f"{route}: {' · '.join(symbols)} = {numbers} = {view.number(path.product)}"

    def _check_line(self) -> str:
        verdict = "agrees" if self.agrees else "DIFFERS"
        hint = "" if self.agrees else " (call root.backward() first, once, after zero_grad())"
        return f"{self.names[self.value]}.grad = {self.view.number(self.grad)}: {verdict}{hint}"

    def _neuron_lines(self) -> list[str]:
        """The lecture's terms, per neuron the routes run into."""
        view, lines = self.view, []
        several = len(self.neurons) > 1
        target = view.d(self.root, self.value)
        if several:
            lines.append(
                f"  through {len(self.neurons)} neurons, {target} = Σ over them of "
                f"∂{self.names[self.root]}/∂out · ∂out/∂net · ∂net/∂{self.names[self.value]}:"
            )
        for neuron in self.neurons:
            out = neuron.out
            if len(neuron.terms) == 3:
                lines.append(
                    f"  through the neuron {view.formula(out)}, the lecture's three terms:"
                )
            else:  # ∂root/∂root = 1 is left out
                lines.append(f"  through the neuron {view.formula(out)}, the root itself:")
            lines.extend(
                f"    {term.symbol} = {view.number(term.number)}  ({term.words})"
                for term in neuron.terms
            )
            symbols = " · ".join(term.symbol for term in neuron.terms)
            numbers = view.product_text([term.number for term in neuron.terms])
            share = f"its share of {target}:" if several else f"{target} ="
            lines.append(f"    {share} {symbols} = {numbers} = {view.number(neuron.product)}")
        if several:
            products = view.sum_text([neuron.product for neuron in self.neurons])
            lines.append(f"  {target} = {products} = {view.number(self.total)}")
        return lines

    def lines(self) -> list[str]:
        """The explanation as plain-text lines (what `print` shows)."""
        view, names = self.view, self.names
        value, root = names[self.value], names[self.root]
        target = view.d(self.root, self.value)
        if self.value is self.root:
            return [f"{target} = 1: {value} is the root, and changes one-for-one with itself"]
        if self.n_paths == 1:
            lines = [f"{target}: one path from {value} to {root}"]
        else:
            lines = [f"{target}: {self.n_paths} paths from {value} to {root}; it is their sum"]
        if len(self.paths) == 1:
            lines.append(f"  {self.path_formula(self.paths[0])}")
        elif self.paths:
            for k, path in enumerate(self.paths, start=1):
                lines.append(f"  path {k}: {self.path_formula(path)}")
            products = view.sum_text([path.product for path in self.paths])
            lines.append(
                f"  sum over the {len(self.paths)} paths: {target} = {products} = "
                f"{view.number(self.total)}"
            )
        else:
            lines.append(
                f"  more than {self.max_paths} paths to list; the same sum, grouped by the "
                f"nodes that use {value} (the chain rule one step at a time):"
            )
            for use in self.uses:
                product = view.product_text([use.upstream, use.local_grad])
                lines.append(
                    f"    {view.d(self.root, use.child)} · {view.local(use.child, use.position)}"
                    f" = {product} = {view.number(use.upstream * use.local_grad)}"
                )
            lines.append(f"  {target} = {view.number(self.total)}")
        lines.extend(self._neuron_lines())
        lines.append(f"  check: {self._check_line()}")
        return lines

    def __repr__(self) -> str:
        """The printed explanation, so a bare ``explain(...)`` at a prompt reads well."""
        return str(self)

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        """Jupyter display: the same lines, with the check coloured."""
        colour = "#15803d" if self.agrees else "#b91c1c"
        *lines, check_line = self.lines()
        body = "\n".join(html.escape(line) for line in lines)
        check = html.escape(check_line)
        return (
            f'<pre style="line-height:1.4">{body}\n'
            f'<span style="color:{colour};font-weight:bold">{check}</span></pre>'
        )


def explain(
    root: Value,
    value: Value,
    max_paths: int = DEFAULT_MAX_PATHS,
    parameters: Iterable[Value] | None = None,
) -> Explanation:
    """Explain ∂root/∂value as a sum over paths of products of local derivatives.

    ∂L/∂v = Σ_paths Π ∂(next)/∂(previous): every route from `value` to `root` contributes the
    product of the local derivatives along it (read from the rules table), and the routes add
    up. The result prints every path; where the routes run through a neuron's activation it
    also writes the lecture's terms ∂L/∂out · ∂out/∂net · ∂net/∂v, in the lecture's words
    when `root` is an error computed from the neuron; and it checks the sum against
    ``value.grad`` (call ``root.backward()`` first). Past `max_paths` paths it prints the
    per-node chain-rule sum instead. Pass ``parameters=model.parameters()`` to have weights
    called "the weight" and inputs "the input" (without it, each is called by its name).
    ``len(explain(root, value))`` is the number of paths.

    Raises:
        TypeError: root or value is not a Value, max_paths is not a positive int, or a
            parameter is not a Value.
        ValueError: root was not computed from value.

    """
    require_value("explain", "root", root)
    require_value("explain", "value", value)
    if isinstance(max_paths, bool) or not isinstance(max_paths, int) or max_paths < 1:
        raise TypeError(
            f"explain: max_paths must be a positive int, got {type(max_paths).__name__} "
            f"{max_paths!r}; pass e.g. max_paths=200"
        )
    known = parameter_set("explain", parameters)
    view = GraphView.of(root)
    if value not in view.consumers:
        raise ValueError(
            f"explain: {value!r} is not in the graph of {root!r}, so ∂root/∂value is 0; pass a "
            f"Value that root was computed from (e.g. a weight used in the forward pass)"
        )
    return Explanation.of(view, value, chain_rule(root), max_paths, known)


def _enumerate_paths(
    start: Value, root: Value, uses: dict[Value, list[Consumer]]
) -> tuple[Path, ...]:
    """Every route start → … → root, depth first with an explicit stack (no recursion)."""
    found: list[Path] = []
    stack: list[tuple[tuple[Value, ...], tuple[int, ...], tuple[float, ...]]] = [((start,), (), ())]
    while stack:
        nodes, positions, factors = stack.pop()
        last = nodes[-1]
        if last is root:
            found.append(Path(nodes, positions, factors, math.prod(factors)))
            continue
        for child, position in reversed(uses[last]):
            local_grad = child.local_grads[position]
            stack.append(((*nodes, child), (*positions, position), (*factors, local_grad)))
    return tuple(found)


# ----- gradcheck_nodes: each rule against finite differences -----------------------------------


@dataclass(frozen=True)
class LocalGradCheck:
    """One local derivative ∂node/∂parent: the rule's value beside a finite-difference estimate.

    Attributes:
        node: the node whose op is checked.
        name: its name in formulas.
        op: the op's name, e.g. ``"tanh"``.
        formula: the rule's derivative, as written in its `Rule`.
        position: which argument of the op (0 for the first).
        analytic: ∂node/∂parent from the rule (`Value.local_grads`); nan if the rule failed.
        numeric: (f(x+h) - f(x-h)) / 2h from the op's forward function; nan if not defined.
        status: ``"ok"``, ``"WRONG"``, or ``"skipped"`` (kink or domain edge, see `note`).
        note: why a check was skipped or failed, in words.
        title: the node as a formula, by name: ``v3 = a * b`` (as the player's steps say).
        local: the derivative checked, by name: ``∂v3/∂b`` (as the drawing's edges say).

    """

    node: Value
    name: str
    op: str
    formula: str
    position: int
    analytic: float
    numeric: float
    status: str
    note: str = ""
    title: str = ""
    local: str = ""

    def __str__(self) -> str:
        numbers = (
            f"rule {format_number(self.analytic)}, finite differences {format_number(self.numeric)}"
        )
        note = f"; {self.note}" if self.note else ""
        return f"[{self.status}] {self.title}: {self.local}: {numbers}{note}"


@dataclass(frozen=True)
class NodeGradReport:
    """Every local derivative of a graph checked against finite differences.

    Attributes:
        checks: one entry per (node, argument), in topological order.

    """

    checks: tuple[LocalGradCheck, ...]

    @property
    def ok(self) -> bool:
        """True when no local derivative disagrees with its finite-difference estimate."""
        return self.first_failure is None

    @property
    def first_failure(self) -> LocalGradCheck | None:
        """The first check (in forward order) whose rule disagrees, or None."""
        return next((check for check in self.checks if check.status == "WRONG"), None)

    def __str__(self) -> str:
        failure = self.first_failure
        skipped = sum(check.status == "skipped" for check in self.checks)
        skipped_text = f", {skipped} skipped at kinks or domain edges" if skipped else ""
        if failure is None:
            return (
                f"gradcheck_nodes: all {len(self.checks) - skipped} local derivatives agree "
                f"with finite differences{skipped_text}"
            )
        return (
            f"gradcheck_nodes: op {failure.op!r} disagrees with finite differences at node "
            f"{failure.name}:\n  {failure}\n  its rule says: {failure.formula}\n"
            f"  fix the derivative in that op's Rule (autograd/engine/rules.py), then run "
            f"gradcheck_nodes again"
        )


def gradcheck_nodes(
    root: Value,
    step: float = FINITE_DIFFERENCE_STEP,
    rel_tol: float = GRADCHECK_RELATIVE_TOLERANCE,
    abs_tol: float = GRADCHECK_ABSOLUTE_TOLERANCE,
) -> NodeGradReport:
    """Check every node's local derivatives against central finite differences of its op.

    For each node out = f(x, y) and each argument, compares the rule's ∂out/∂x (what backprop
    uses, `Value.local_grads`) with (f(x + h) - f(x - h)) / 2h, h = step · max(1, |x|). The
    report names the first op that disagrees: the tool to run after writing a new op. Points
    where the op has a kink (the one-sided slopes differ, e.g. ReLU at 0) or where f is
    undefined nearby are reported as skipped, not wrong. Nothing in the graph is changed.

    Raises:
        TypeError: root is not a Value.
        ValueError: step is not a positive finite number.

    """
    require_value("gradcheck_nodes", "root", root)
    found = check_nodes(root, step, rel_tol, abs_tol)  # the numbers: autograd.engine.numerical
    view = GraphView.of(root)
    checks = [
        LocalGradCheck(
            node=check.node,
            name=view.names[check.node],
            op=check.node.op,
            formula=check.node.rule.formula,
            position=check.position,
            analytic=check.analytic,
            numeric=check.numeric,
            status=check.status,
            note=check.note,
            title=view.formula(check.node),
            local=view.local(check.node, check.position),
        )
        for check in found
    ]
    return NodeGradReport(tuple(checks))
