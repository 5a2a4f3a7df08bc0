"""The playground's Python: what the page asks the real `autograd` package, run under Pyodide.

The page (playground.js) calls `expression` when the expression or a slider changes, and a
`Trainer` in network mode; each answer is JSON text. Everything on screen comes from the library
itself: the numbers, the drawings (Viz.js, through `autograd.viz.render`), `explain`, the
player and the compiled training step. The same file runs in CPython for the speed comparison.
"""

from __future__ import annotations

import ast
import json
import math
import random
import time
from typing import Any

from autograd import DomainError, Value
from autograd.nn import MLP, SGD
from autograd.nn import data as datasets
from autograd.nn.losses import LOSSES
from autograd.nn.training import decision_threshold, gradient_step
from autograd.viz import backprop_player, draw_dot, explain, render_svg

#: The Value methods an expression may call, as ``a.tanh()`` or as ``tanh(a)``.
METHODS = ("exp", "log", "sin", "cos", "tanh", "sigmoid", "relu", "leaky_relu")
OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
OUTPUT_NAMES = ("L", "out", "result")  # the output's label: the first that is not an input
MAX_NAME_LENGTH = 24
SECONDS_PER_MILLISECOND = 1e-3


class ExpressionError(ValueError):
    """The expression cannot be evaluated; the message says where and what to write instead."""


# ----- expression mode ---------------------------------------------------------------------------


def _check_node(node: ast.AST, text: str, functions: set[int]) -> None:
    """Raise `ExpressionError` for anything but numbers, names, + - * / ** and Value methods.

    `functions` holds the ids of the nodes called as functions (``tanh`` in ``a.tanh()``).
    """
    if isinstance(node, ast.Expression | ast.Load | ast.operator | ast.unaryop):
        return
    if isinstance(node, ast.Attribute) and id(node) in functions:
        return  # checked with its call
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return
    if isinstance(node, ast.Name):
        if node.id.startswith("_") or len(node.id) > MAX_NAME_LENGTH:
            raise ExpressionError(f"{node.id!r} cannot be an input name: use a short name like a")
        return
    if isinstance(node, ast.BinOp) and isinstance(node.op, OPERATORS):
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return
    if isinstance(node, ast.Call) and not node.keywords:
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else None
        if isinstance(function, ast.Name):
            name = function.id
        if name in METHODS:
            return
        raise ExpressionError(
            f"{ast.get_source_segment(text, node)!r}: the functions are {', '.join(METHODS)} "
            f"(write a.tanh() or tanh(a))"
        )
    segment = ast.get_source_segment(text, node) or type(node).__name__
    raise ExpressionError(
        f"{segment!r} is not allowed here: write numbers, input names, + - * / ** and the "
        f"functions {', '.join(METHODS)}"
    )


def parse(text: str) -> tuple[ast.Expression, list[str]]:
    """Check `text` and return its tree and its input names, in order of first use."""
    if not text.strip():
        raise ExpressionError("the expression is empty: type one, e.g. (a*b + a**2).tanh()")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        where = f" at column {error.offset}" if error.offset else ""
        raise ExpressionError(f"syntax error{where}: {error.msg}") from None
    names: list[str] = []
    functions = {
        id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)
    }  # `tanh` in tanh(a) is a function, not an input
    for node in ast.walk(tree):
        _check_node(node, text.strip(), functions)
        if isinstance(node, ast.Name) and id(node) not in functions and node.id not in names:
            names.append(node.id)
    if not names:
        raise ExpressionError("the expression has no inputs: use a name like a or b")
    return tree, sorted(names, key=text.index)


class _AsMethods(ast.NodeTransformer):
    """Rewrite ``tanh(a)`` as ``(a).tanh()``, so both spellings call the Value method."""

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.args:
            first, *rest = node.args
            method = ast.Attribute(value=first, attr=node.func.id, ctx=ast.Load())
            return ast.copy_location(ast.Call(func=method, args=rest, keywords=[]), node)
        return node


def evaluate(text: str, numbers: dict[str, float]) -> tuple[Value, dict[str, Value]]:
    """The expression's output Value and its inputs, one labelled leaf per name."""
    tree, names = parse(text)
    inputs = {name: Value(float(numbers.get(name, 1.0)), label=name) for name in names}
    code = compile(ast.fix_missing_locations(_AsMethods().visit(tree)), "<expression>", "eval")
    try:
        out = eval(
            code, {"__builtins__": {}}, dict(inputs)
        )  # checked by parse: no names but inputs
    except DomainError as error:
        raise ExpressionError(str(error)) from None
    except (ArithmeticError, TypeError, AttributeError) as error:
        raise ExpressionError(f"{type(error).__name__}: {error}") from None
    if not isinstance(out, Value):
        raise ExpressionError("the expression gives a plain number: it must use an input")
    out.label = next(name for name in OUTPUT_NAMES if name not in inputs)
    return out, inputs


def expression(text: str, numbers_json: str, explained: str, with_player: bool = True) -> str:
    """Everything expression mode shows, as JSON: numbers, graph, gradients, explain, player.

    On a bad expression or an input outside an operation's domain, ``{"error": message}``.
    """
    started = time.perf_counter()
    try:
        out, inputs = evaluate(text, json.loads(numbers_json))
        out.backward()
    except ExpressionError as error:
        return json.dumps({"error": str(error)})
    target = inputs[explained] if explained in inputs else next(iter(inputs.values()))
    answer: dict[str, Any] = {
        "inputs": list(inputs),
        "output": {"label": out.label, "data": out.data, "hex": out.data.hex()},
        "grads": {name: {"grad": v.grad, "hex": v.grad.hex()} for name, v in inputs.items()},
        "explained": target.label,
        "explain": str(explain(out, target)),
        "svg": render_svg(draw_dot(out)),
        "python": expression_python(text, {name: v.data for name, v in inputs.items()}, target),
    }
    if with_player:
        answer["player"] = backprop_player(out)._repr_html_()
    answer["milliseconds"] = (time.perf_counter() - started) / SECONDS_PER_MILLISECOND
    return json.dumps(answer)


def expression_python(text: str, numbers: dict[str, float], explained: Value) -> str:
    """The code that reproduces expression mode's screen, for ``pip install scalar-autograd``."""
    _, names = parse(text)
    lines = [
        "# pip install scalar-autograd",
        "from autograd import Value",
        "from autograd.viz import backprop_player, draw_dot, explain",
        "",
        *(f"{name} = Value({numbers[name]!r}, label={name!r})" for name in names),
    ]
    functions = [m for m in METHODS if f"{m}(" in text and f".{m}(" not in text]
    body = (
        ast.unparse(_AsMethods().visit(ast.parse(text.strip(), mode="eval")))
        if functions
        else text.strip()
    )
    output = next(name for name in OUTPUT_NAMES if name not in names)
    lines += [
        f"{output} = {body}",
        f"{output}.label = {output!r}",
        f"{output}.backward()",
        f"print({output}.data)",
        *(f"print('d{output}/d{name} =', {name}.grad)" for name in names),
        f"print(explain({output}, {explained.label}))",
        f"draw_dot({output}).render('graph', format='svg')  # graph.svg",
        f"backprop_player({output}).save('backprop.html')",
    ]
    return "\n".join(lines) + "\n"


# ----- network mode ------------------------------------------------------------------------------

DATASETS = {
    "xor": lambda n, noise, seed: datasets.xor(),
    "moons": lambda n, noise, seed: datasets.moons(n, noise=noise, seed=seed),
    "circles": lambda n, noise, seed: datasets.circles(n, noise=noise, seed=seed),
    "spiral": lambda n, noise, seed: datasets.spiral(n, noise=noise, seed=seed),
    "blobs": lambda n, noise, seed: datasets.blobs(n, spread=noise, seed=seed),
}
#: How each dataset is written in the copied code (blobs calls its noise `spread`).
DATASET_CALLS = {
    "xor": "xor()",
    "moons": "moons({n}, noise={noise!r}, seed={seed})",
    "circles": "circles({n}, noise={noise!r}, seed={seed})",
    "spiral": "spiral({n}, noise={noise!r}, seed={seed})",
    "blobs": "blobs({n}, spread={noise!r}, seed={seed})",
}
#: The losses offered, with the labels each wants (hinge wants ±1).
NETWORK_LOSSES = {"binary_cross_entropy_with_logits": False, "hinge": True, "mse": False}
#: A loss this many times its first epoch's is diverging, even while it is still a number.
DIVERGENCE_FACTOR = 1e4
GRID_SIZE = 24  # the decision boundary is drawn from GRID_SIZE × GRID_SIZE scores
PLOT_MARGIN = 0.25  # how far the picture reaches past the data, as a fraction of its size


def _grid_bounds(rows: list[list[float]]) -> list[float]:
    """The picture's x and y range: the data's, plus a margin, as [x0, x1, y0, y1]."""
    bounds = []
    for axis in (0, 1):
        low, high = min(r[axis] for r in rows), max(r[axis] for r in rows)
        margin = (high - low or 1.0) * PLOT_MARGIN
        bounds += [low - margin, high + margin]
    return bounds


class Trainer:
    """Network mode's training: a model, its data, and an epoch loop run in slices of time.

    Each epoch shuffles the examples (unless the batch is the whole set) and takes one
    `gradient_step` per batch, the compiled step `fit` uses. The loop is written out in the
    code "Copy as Python" gives, which therefore takes the same steps (in CPython, to the last
    bit; against the browser, to within the last-place rounding of its maths library).
    """

    def __init__(self, settings_json: str) -> None:
        settings = json.loads(settings_json)
        self.settings = settings
        self.dataset = str(settings["dataset"])
        self.layers = [int(size) for size in settings["layers"]]
        self.activation = str(settings["activation"])
        self.loss_name = str(settings["loss"])
        self.learning_rate = float(settings["learning_rate"])
        self.l2 = float(settings["l2"])
        self.seed = int(settings["seed"])
        self.n = int(settings.get("n", 100))
        self.noise = float(settings.get("noise", 0.1))
        if self.loss_name not in NETWORK_LOSSES:
            raise ValueError(f"loss {self.loss_name!r}: choose one of {', '.join(NETWORK_LOSSES)}")
        self.rows, labels = DATASETS[self.dataset](self.n, self.noise, self.seed)
        signed = NETWORK_LOSSES[self.loss_name]
        self.targets = [float(t) for t in (datasets.to_signed(labels) if signed else labels)]
        size = settings.get("batch_size")
        self.batch_size = len(self.rows) if not size else min(int(size), len(self.rows))
        self.loss_function = LOSSES[self.loss_name]
        self.threshold = decision_threshold(self.loss_name, self.targets)
        self.model = MLP(
            2, [*self.layers, 1], activation=self.activation, rng=random.Random(self.seed)
        )
        self.optimizer = SGD(self.model.parameters(), lr=self.learning_rate)
        self.step = gradient_step(
            self.model, self.loss_function, self.optimizer, self.l2, compile=True
        )
        self.shuffler = random.Random(self.seed)
        self.order = list(range(len(self.rows)))
        self.epoch = 0
        self.steps = 0
        self.losses: list[float] = []
        self.scores: list[float] = []
        self.bounds = _grid_bounds(self.rows)
        self.grid_next = 0
        self.grid: list[float] = [0.0] * (GRID_SIZE * GRID_SIZE)
        self.diverged = ""

    def train_epoch(self) -> None:
        """One pass over the data in batches; record the mean loss, stop if it diverged."""
        if self.batch_size < len(self.order):
            self.shuffler.shuffle(self.order)
        total = 0.0
        scores = [0.0] * len(self.order)
        for start in range(0, len(self.order), self.batch_size):
            batch = self.order[start : start + self.batch_size]
            try:
                loss, batch_scores = self.step(
                    [self.rows[i] for i in batch], [self.targets[i] for i in batch]
                )
            except (DomainError, OverflowError) as error:
                self.diverged = (
                    f"Training stopped in epoch {self.epoch + 1}: {error}. The learning rate "
                    f"{self.learning_rate:g} is probably too large: try "
                    f"{self.learning_rate / 10:g}."
                )
                return
            self.steps += 1
            total += loss * len(batch)
            for i, score in zip(batch, batch_scores, strict=True):
                scores[i] = score
        self.epoch += 1
        self.losses.append(total / len(self.order))
        self.scores = scores
        loss = self.losses[-1]
        growing = loss > DIVERGENCE_FACTOR * self.losses[0]
        if growing or not all(math.isfinite(x) for x in (loss, *scores)):
            self.diverged = (
                f"Training diverged in epoch {self.epoch}: the loss became {loss:.4g} "
                f"(it started at {self.losses[0]:.4g}). "
                f"The learning rate {self.learning_rate:g} is too large for this network: try "
                f"{self.learning_rate / 10:g}, then press Reset and Play."
            )

    def run(self, train_milliseconds: float, grid_milliseconds: float) -> str:
        """Train for about `train_milliseconds` (at least one epoch); return the state as JSON.

        Then part of the decision boundary is scored, for about `grid_milliseconds`.
        """
        started = time.perf_counter()
        steps_before = self.steps
        while not self.diverged:
            self.train_epoch()
            if time.perf_counter() - started >= train_milliseconds * SECONDS_PER_MILLISECOND:
                break
        trained = time.perf_counter() - started
        if not self.diverged:
            self.refresh_grid(grid_milliseconds)
        return self.state(self.steps - steps_before, trained)

    def refresh_grid(self, milliseconds: float | None = None) -> None:
        """Score the next points of the grid with the current model (all of them with None)."""
        from autograd import no_grad

        started = time.perf_counter()
        x0, x1, y0, y1 = self.bounds
        last = GRID_SIZE - 1
        with no_grad():
            for _ in range(GRID_SIZE * GRID_SIZE):
                k = self.grid_next
                row, column = divmod(k, GRID_SIZE)
                point = [x0 + (x1 - x0) * column / last, y1 - (y1 - y0) * row / last]
                self.grid[k] = self.model(point).data
                self.grid_next = (k + 1) % (GRID_SIZE * GRID_SIZE)
                spent = time.perf_counter() - started
                if milliseconds is not None and spent >= milliseconds * SECONDS_PER_MILLISECOND:
                    break

    def accuracy(self) -> float | None:
        """The fraction of examples the last epoch's scores put on the right side."""
        if self.threshold is None or not self.scores:
            return None
        t = self.threshold
        right = sum((s > t) == (y > t) for s, y in zip(self.scores, self.targets, strict=True))
        return right / len(self.targets)

    def state(self, new_steps: int = 0, seconds: float = 0.0) -> str:
        """What the page draws: data, scores, grid, losses, accuracy, speed, and the code."""
        return json.dumps(
            {
                "epoch": self.epoch,
                "steps": self.steps,
                "new_steps": new_steps,
                "seconds": seconds,
                "loss": _finite(self.losses[-1]) if self.losses else None,
                "loss_text": repr(self.losses[-1]) if self.losses else "",
                "losses": [_finite(x) for x in self.losses],
                "accuracy": self.accuracy(),
                "rows": self.rows,
                "targets": self.targets,
                "threshold": self.threshold if self.threshold is not None else 0.0,
                "bounds": self.bounds,
                "grid": [_finite(x) for x in self.grid],
                "scores": [_finite(x) for x in self.scores],
                "grid_size": GRID_SIZE,
                "diverged": self.diverged,
                "parameters": len(self.model.parameters()),
                "python": self.python(),
            },
            allow_nan=False,
        )

    def point_graph(self, index: int, with_player: bool) -> str:
        """The graph of one example's loss through the network, and its backprop player."""
        x, target = self.rows[index], self.targets[index]
        for parameter in self.model.parameters():
            parameter.grad = 0.0
        loss = self.loss_function([self.model(x)], [target])
        loss.label = "loss"
        loss.backward()
        answer = {
            "index": index,
            "point": x,
            "target": target,
            "loss": loss.data,
            "svg": render_svg(draw_dot(loss, group_by=self.model)),
        }
        if with_player:
            answer["player"] = backprop_player(loss, group_by=self.model)._repr_html_()
        for parameter in self.model.parameters():
            parameter.grad = 0.0  # the next training step starts from zero anyway
        return json.dumps(answer)

    def python(self) -> str:
        """The code that reproduces the screen: the same data, model, loop and numbers."""
        dataset = DATASET_CALLS[self.dataset].format(n=self.n, noise=self.noise, seed=self.seed)
        signed = NETWORK_LOSSES[self.loss_name]
        imports = f"{self.dataset}, to_signed" if signed else self.dataset
        lines = [
            "# pip install scalar-autograd",
            "import random",
            "",
            "from autograd.nn import MLP, SGD",
            f"from autograd.nn.data import {imports}",
            f"from autograd.nn.losses import {self.loss_name}",
            "from autograd.nn.training import accuracy, gradient_step",
            "",
            f"X, labels = {dataset}",
            f"y = [float(t) for t in {'to_signed(labels)' if signed else 'labels'}]",
            f"model = MLP(2, {[*self.layers, 1]}, activation={self.activation!r}, "
            f"rng=random.Random({self.seed}))",
            f"optimizer = SGD(model.parameters(), lr={self.learning_rate!r})",
            f"step = gradient_step(model, {self.loss_name}, optimizer, l2={self.l2!r}, "
            f"compile=True)",
            f"rng, order, batch_size = random.Random({self.seed}), list(range(len(y))), "
            f"{self.batch_size}",
            f"for epoch in range({self.epoch}):  # the epochs the page has run",
        ]
        if self.batch_size < len(self.rows):
            lines.append("    rng.shuffle(order)")
        lines += [
            "    total = 0.0",
            "    for start in range(0, len(order), batch_size):",
            "        batch = order[start : start + batch_size]",
            "        loss, scores = step([X[i] for i in batch], [y[i] for i in batch])",
            "        total += loss * len(batch)",
            "    epoch_loss = total / len(order)  # the loss curve's last point",
        ]
        if self.epoch:
            lines.append(f"print('epoch {self.epoch}: loss', repr(epoch_loss))")
        lines.append(f"print('accuracy now:', accuracy(model, X, y, threshold={self.threshold!r}))")
        return "\n".join(lines) + "\n"


def _finite(x: float) -> float | None:
    """`x`, or None where JSON has no number for it (inf, NaN after a divergence)."""
    return x if math.isfinite(x) else None


def benchmark(settings_json: str, epochs: int) -> str:
    """Steps per second of network mode's training alone (no drawing), for the README."""
    trainer = Trainer(settings_json)
    trainer.train_epoch()  # the first step traces and compiles: timed apart
    started = time.perf_counter()
    for _ in range(epochs):
        trainer.train_epoch()
    seconds = time.perf_counter() - started
    steps = trainer.steps - 1
    return json.dumps({"steps": steps, "seconds": seconds, "steps_per_second": steps / seconds})
