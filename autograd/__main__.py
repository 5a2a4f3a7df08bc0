"""The command line: ``python -m autograd demo``, ``train ...`` and ``exercises``.

`demo` trains a small network on XOR and writes its pictures and model file; `train` trains an
MLP on a generated dataset; `exercises` copies the exercise notebooks into a new folder. Every
argument is checked before any work starts, and every error is one line with exit status 1 or 2
(argparse's own); run without a command, it prints help and exits with status 2.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

import autograd
from autograd.engine import Value, no_grad
from autograd.nn import ACTIVATIONS, MLP, SGD, data, losses
from autograd.nn.training import (
    DivergenceError,
    History,
    accuracy,
    decision_threshold,
    fit,
    single_output,
)

PROG = "python -m autograd"
DISTRIBUTION = "scalar-autograd"  # the name `--version` prints (the import name is autograd)
DEMO_OUTPUT = "autograd-demo"  # the demo's default output folder
EXERCISES_OUTPUT = "autograd-exercises"  # the exercises' default output folder
DEMO_HIDDEN = 4  # XOR needs a hidden layer; 4 tanh neurons learn it from almost any start
DEMO_ACTIVATION = "tanh"
DEMO_EPOCHS = 1000
DEMO_LEARNING_RATE = 0.1  # learns XOR for every seed 0–39 within 1,000 full-batch steps
# The example whose graph is drawn: (1, 1) → 0. With both inputs 1 every weight gets a gradient
# (a weight times an input of 0 gets exactly 0).
DEMO_EXAMPLE = 3
XOR_THRESHOLD = 0.5  # 0/1 targets fitted with MSE: a score above 0.5 means 1
# The demo's graph, drawn top to bottom so that its width fits a laptop screen (~1,300 pt).
GRAPH_DIRECTION = "TB"
GRAPH_PRECISION = 3  # decimals of data and grad in the graph's boxes
GRAPH_FONT_SIZE = "12"  # points; Graphviz's default, 14, makes the graph ~20% wider
GRAPH_NODE_SEPARATION = "0.1"  # inches between boxes side by side (Graphviz's default: 0.25)

# `train`'s defaults (its help prints each one)
TRAIN_DATASET = "moons"
TRAIN_LAYERS = "16,16"
TRAIN_ACTIVATION = "relu"
TRAIN_LOSS = "hinge"
TRAIN_EPOCHS = 100
TRAIN_LEARNING_RATE = 0.1
TRAIN_MOMENTUM = 0.0
DEFAULT_SEED = 0
TRAIN_LOSSES = ("hinge", "mse", "binary_cross_entropy_with_logits")
TRUTH_TABLES: dict[str, Callable[[], data.Dataset]] = {
    "xor": data.xor,
    "and": data.and_,
    "or": data.or_,
}
MIN_SAMPLES = 2  # a generated dataset needs one point per class
NO_HIDDEN_LAYER = "none"  # `--layers none`: no hidden layer (a linear model)
PROGRESS_LINES = 10  # `train` prints about this many progress lines
LARGE_LOSS = 1e6  # losses this large print in scientific notation, not as 100-digit numbers


# ----- argument types: argparse turns their ArgumentTypeError into "error: argument ..." -------


def _whole_number(text: str, minimum: int) -> int:
    """`text` as an int of at least `minimum`."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
    return value


def _positive_int(text: str) -> int:
    return _whole_number(text, 1)


def _sample_count(text: str) -> int:
    return _whole_number(text, MIN_SAMPLES)


def _number(text: str, low: float, high: float = math.inf, low_allowed: bool = True) -> float:
    """`text` as a finite float in [low, high) (or (low, high) without `low_allowed`)."""
    bound = f"≥ {low:g}" if low_allowed else f"> {low:g}"
    upper = f" and < {high:g}" if math.isfinite(high) else ""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    in_range = value >= low if low_allowed else value > low
    if not (math.isfinite(value) and in_range and value < high):
        raise argparse.ArgumentTypeError(f"must be a finite number {bound}{upper}, got {text!r}")
    return value


def _non_negative_float(text: str) -> float:
    return _number(text, 0.0)


def _positive_float(text: str) -> float:
    return _number(text, 0.0, low_allowed=False)


def _momentum(text: str) -> float:
    return _number(text, 0.0, high=1.0)


def _layer_sizes(text: str) -> list[int]:
    """``"16,16"`` → [16, 16]; ``"none"`` → [] (no hidden layer); an empty size is an error."""
    if text.strip().lower() == NO_HIDDEN_LAYER:
        return []
    try:
        return [_positive_int(part.strip()) for part in text.split(",")]
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"expected hidden layer sizes ≥ 1 separated by commas, e.g. 16,16, or "
            f"'{NO_HIDDEN_LAYER}' for no hidden layer; got {text!r}"
        ) from None


# ----- the parser ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m autograd`` and its three commands.

    Every option's help ends with its default, as ``(default: …)``.
    """
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="scalar-autograd: watch a neural network learn, one scalar at a time.",
        epilog="Run a command with -h for its options. Without a command, this help is printed "
        "and the exit status is 2.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{DISTRIBUTION} {autograd.__version__}",
        help="print the version and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_demo(commands)
    _add_train(commands)
    _add_exercises(commands)
    return parser


def _add_demo(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = commands.add_parser(
        "demo",
        help="train an MLP on XOR and write its graph, decision boundary and model file",
        description="Train MLP(2 -> 4 tanh -> 1 linear) on XOR with gradient descent, print the "
        "truth table with its predictions, and write the computation graph of one XOR example "
        "through the untrained network (SVG), the decision boundary (PNG, needs matplotlib) and "
        "the trained model (JSON).",
    )
    demo.add_argument(
        "--out",
        type=Path,
        default=Path(DEMO_OUTPUT),
        metavar="DIR",
        help=f"output folder, created if missing (default: ./{DEMO_OUTPUT}/)",
    )
    demo.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})"
    )
    _add_run_flags(demo)


def _add_run_flags(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--no-progress", action="store_true", help="hide the progress bar (default: shown)"
    )
    command.add_argument(
        "--no-compile",
        action="store_true",
        help="build the graph at every step instead of running the compiled program "
        "(default: compiled)",
    )


def _add_train(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    train = commands.add_parser(
        "train",
        help="train an MLP on a generated 2-D dataset or a truth table",
        description="Train an MLP with one output on a dataset by gradient descent and print "
        "its progress and final training accuracy. Each epoch line is measured during that "
        "epoch (before its updates); the final accuracy after the last update.",
    )
    train.add_argument(
        "--dataset",
        choices=[*data.DATASETS, *TRUTH_TABLES],
        default=TRAIN_DATASET,
        help=f"which data; xor, and, or are the 4-row truth tables (default: {TRAIN_DATASET})",
    )
    train.add_argument(
        "--samples",
        type=_sample_count,
        default=data.DEFAULT_SAMPLES,
        metavar="N",
        help=f"points to generate, at least {MIN_SAMPLES}; not for the truth tables "
        f"(default: {data.DEFAULT_SAMPLES})",
    )
    train.add_argument(
        "--noise",
        type=_non_negative_float,
        default=data.DEFAULT_MOONS_NOISE,
        help=f"noise of the generated points (the spread, for blobs) (default: "
        f"{data.DEFAULT_MOONS_NOISE:g})",
    )
    train.add_argument(
        "--layers",
        type=_layer_sizes,
        default=_layer_sizes(TRAIN_LAYERS),
        metavar="SIZES",
        help=f"hidden layer sizes, comma-separated, each ≥ 1; '{NO_HIDDEN_LAYER}' for no hidden "
        f"layer (a linear model); one output is added (default: {TRAIN_LAYERS})",
    )
    train.add_argument(
        "--activation",
        choices=list(ACTIVATIONS),
        default=TRAIN_ACTIVATION,
        help=f"activation of the hidden layers (default: {TRAIN_ACTIVATION})",
    )
    train.add_argument(
        "--loss",
        choices=TRAIN_LOSSES,
        default=TRAIN_LOSS,
        help=f"loss function (default: {TRAIN_LOSS})",
    )
    train.add_argument(
        "--l2",
        type=_non_negative_float,
        default=losses.DEFAULT_L2_ALPHA,
        help=f"L2 penalty strength, ≥ 0 (default: {losses.DEFAULT_L2_ALPHA:g})",
    )
    train.add_argument(
        "--epochs",
        type=_positive_int,
        default=TRAIN_EPOCHS,
        help=f"passes over the data, ≥ 1 (default: {TRAIN_EPOCHS})",
    )
    train.add_argument(
        "--lr",
        type=_positive_float,
        default=TRAIN_LEARNING_RATE,
        help=f"learning rate, > 0; training stops with an error if the loss overflows "
        f"(default: {TRAIN_LEARNING_RATE:g})",
    )
    train.add_argument(
        "--momentum",
        type=_momentum,
        default=TRAIN_MOMENTUM,
        help=f"SGD momentum, ≥ 0 and < 1 (default: {TRAIN_MOMENTUM:g})",
    )
    train.add_argument(
        "--batch-size",
        type=_positive_int,
        default=None,
        metavar="N",
        help="mini-batch size, ≥ 1; larger than the dataset means all of it (default: all, "
        "full-batch gradient descent)",
    )
    train.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=f"random seed (default: {DEFAULT_SEED})",
    )
    train.add_argument(
        "--save",
        type=Path,
        default=None,
        metavar="FILE",
        help="write the trained model to FILE (JSON) in an existing folder (default: not saved)",
    )
    _add_run_flags(train)


def _add_exercises(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    exercises = commands.add_parser(
        "exercises",
        help="copy the exercise notebooks into a new folder",
        description="Copy the exercise notebooks into a new folder, to work on them in Jupyter.",
    )
    exercises.add_argument(
        "--out",
        type=Path,
        default=Path(EXERCISES_OUTPUT),
        metavar="DIR",
        help=f"the new folder; it must not exist yet (default: ./{EXERCISES_OUTPUT}/)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "demo":
        return run_demo(args, parser)
    if args.command == "train":
        return run_train(args, parser)
    if args.command == "exercises":
        return run_exercises(args, parser)
    parser.print_help(sys.stderr)
    return 2


def _fail(parser: argparse.ArgumentParser, command: str, message: str) -> NoReturn:
    """Exit with status 1 after one line: ``python -m autograd COMMAND: error: MESSAGE``."""
    parser.exit(1, f"{PROG} {command}: error: {message}\n")


def _say(text: str, progress: bool) -> None:
    """Print a line; through tqdm while a progress bar may be on screen, so they do not mix."""
    if progress:
        from tqdm.auto import tqdm  # type: ignore[import-untyped]  # tqdm ships no type hints

        tqdm.write(text, file=sys.stdout)
    else:
        print(text)


def format_loss(loss: float) -> str:
    """A loss for a progress line: 4 decimals, or scientific notation from `LARGE_LOSS` up."""
    if math.isfinite(loss) and abs(loss) >= LARGE_LOSS:
        return f"{loss:.4e}"
    return f"{loss:.4f}"


def _divergence_message(error: DivergenceError, option: str) -> str:
    """One line for a run that diverged: where, and a smaller learning rate to try."""
    loss = error.history.loss[-1] if error.history.loss else math.nan
    rate, smaller = error.learning_rate, error.suggested_rate
    if rate is None or smaller is None:
        advice = f"the learning rate is too large: try a smaller {option}"
    else:
        advice = f"the learning rate {rate:g} is too large: try e.g. {option} {smaller:g}"
    return (
        f"training diverged in epoch {error.epoch}: the numbers overflowed (loss "
        f"{format_loss(loss)}); {advice}"
    )


# ----- demo ----------------------------------------------------------------------------------


def run_demo(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Train on XOR, print the truth table and final loss, write the pictures and the model.

    The graph shows one example through the untrained network (drawn before training), where
    the gradients are large enough to read.
    """
    out: Path = args.out
    try:
        out.mkdir(parents=True, exist_ok=True)  # before training: a bad path fails at once
    except OSError as error:
        _fail(parser, "demo", f"cannot write to {out}: {error}")
    random.seed(args.seed)
    X, y = data.xor()  # noqa: N806 -- X for a data matrix, as in the lecture notes
    model = MLP(2, [DEMO_HIDDEN, 1], activation=DEMO_ACTIVATION)
    graph_svg, graph_note = _draw_example(model, X[DEMO_EXAMPLE], y[DEMO_EXAMPLE])
    print(f"Training {model} on XOR: mean squared error, gradient descent, lr {DEMO_LEARNING_RATE}")
    history = fit(
        model,
        X,
        y,
        loss="mse",
        epochs=DEMO_EPOCHS,
        learning_rate=DEMO_LEARNING_RATE,
        progress=not args.no_progress,
        compile=not args.no_compile,
    )
    print()
    print(" x1  x2 | XOR | predicted (score)")
    with no_grad():
        for x, target in zip(X, y, strict=True):
            score = single_output(model(x), "demo").data
            guess = int(score > XOR_THRESHOLD)
            mark = "" if guess == target else "   <- wrong"
            print(f"  {x[0]:.0f}   {x[1]:.0f} |  {target}  |  {guess}  ({score:+.3f}){mark}")
    correct = accuracy(model, X, y, threshold=XOR_THRESHOLD)
    print(f"final loss {history.loss[-1]:.3g}, {correct:.0%} of the truth table right")
    print()

    try:
        model_path = out / "model.json"
        model.save(model_path)
        print(f"wrote {model_path}  (the trained model; load it with MLP.load)")
        if graph_svg is None:
            print(f"skipped the computation graph: {graph_note}")
        else:
            graph_path = out / "graph.svg"
            graph_path.write_text(graph_svg, encoding="utf-8")
            print(f"wrote {graph_path}  ({graph_note})")
        boundary_path = _write_boundary(model, X, y, out / "decision_boundary.png")
        if boundary_path is not None:
            print(f"wrote {boundary_path}  (the decision boundary)")
    except OSError as error:
        _fail(parser, "demo", f"cannot write to {out}: {error}")
    return 0


def _draw_example(model: MLP, x: list[float], target: int) -> tuple[str | None, str]:
    """The SVG of one example's forward pass, loss and gradients, and what it shows.

    Every box is labelled: the inputs x1, x2, the parameters (``L1.n0.w0`` = layer 1, neuron 0,
    weight 0), the hidden outputs h1…, the prediction, the target and the loss
    (prediction - target)², which is the mean squared error of one example. The model's
    gradients are left at 0. Returns (None, why) when it cannot be drawn.
    """
    try:
        from autograd import viz
    except ImportError as error:
        return None, f"autograd.viz is not available ({error})"
    inputs = [Value(number, label=f"x{i + 1}") for i, number in enumerate(x)]
    hidden_layer, output_layer = model.layers
    hidden = hidden_layer(inputs)
    hidden = [hidden] if isinstance(hidden, Value) else hidden
    for i, h in enumerate(hidden):
        h.label = f"h{i + 1}"
    prediction = single_output(output_layer(hidden), "demo")
    prediction.label = "prediction"
    loss = (prediction - Value(float(target), label="target")) ** 2
    loss.label = "loss"
    loss.backward()
    drawing = viz.draw_dot(
        loss, rankdir=GRAPH_DIRECTION, precision=GRAPH_PRECISION, parameters=model.parameters()
    )
    model.zero_grad()
    drawing.graph_attr.update(nodesep=GRAPH_NODE_SEPARATION)
    drawing.node_attr.update(fontsize=GRAPH_FONT_SIZE)
    try:
        svg = viz.render_svg(drawing)
    except viz.RenderError as error:
        return None, str(error)
    shown = ", ".join(f"{number:g}" for number in x)
    return svg, f"one XOR example, ({shown}) -> {target}, through the untrained network"


def _write_boundary(model: MLP, X: list[list[float]], y: list[int], path: Path) -> Path | None:  # noqa: N803
    """Plot the decision boundary; None (with a note) when matplotlib is missing."""
    try:
        from autograd.viz.plot import plot_decision_boundary

        figure = plot_decision_boundary(model, X, y, threshold=XOR_THRESHOLD)
    except ImportError as error:
        print(f"skipped the decision boundary: {error}")
        return None
    figure.savefig(path)
    return path


# ----- train ---------------------------------------------------------------------------------


def _unwritable(path: Path) -> str | None:
    """Why a model file cannot be written at `path`, or None if it looks writable."""
    folder = path.parent
    if path.is_dir():
        return f"{path} is a folder; give a file name, e.g. --save {path / 'model.json'}"
    if not folder.is_dir():
        return f"cannot write {path}: the folder {folder} does not exist; create it first"
    if not os.access(folder, os.W_OK):
        return f"cannot write {path}: the folder {folder} is not writable"
    return None


def run_train(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Train an MLP on the chosen dataset, printing progress and the final accuracy.

    Everything that can be wrong with the arguments is reported before training starts.
    """
    if args.save is not None:
        problem = _unwritable(args.save)
        if problem is not None:
            _fail(parser, "train", problem)
    try:
        if args.dataset in TRUTH_TABLES:
            X, labels = TRUTH_TABLES[args.dataset]()  # noqa: N806
        else:
            X, labels = data.DATASETS[args.dataset](args.samples, args.noise, seed=args.seed)  # noqa: N806
        y = data.to_signed(labels) if args.loss == "hinge" else labels
        random.seed(args.seed)
        model = MLP(2, [*args.layers, 1], activation=args.activation)
        optimizer = SGD(model.parameters(), lr=args.lr, momentum=args.momentum)
    except (ValueError, TypeError) as error:  # the argument types should have caught these
        _fail(parser, "train", str(error))
    progress = not args.no_progress
    every = max(1, args.epochs // PROGRESS_LINES)

    def report(epoch: int, history: History) -> None:
        if (epoch + 1) % every == 0 or epoch + 1 == args.epochs:
            _say(
                f"epoch {epoch + 1:>4}/{args.epochs}  loss {format_loss(history.loss[-1])}  "
                f"accuracy {history.accuracy[-1]:.1%}",
                progress,
            )

    print(
        f"Training {model} ({len(model.parameters())} parameters) on {args.dataset} "
        f"({len(y)} points), {args.loss} loss, lr {args.lr:g}"
    )
    print("(each epoch's loss and accuracy are measured during the epoch, before its updates)")
    try:
        fit(
            model,
            X,
            y,
            loss=args.loss,
            optimizer=optimizer,
            epochs=args.epochs,
            batch_size=None if args.batch_size is None else min(args.batch_size, len(y)),
            seed=args.seed,
            l2=args.l2,
            progress=progress,
            on_epoch_end=report,
            compile=not args.no_compile,
        )
    except DivergenceError as error:
        _fail(parser, "train", _divergence_message(error, "--lr"))
    threshold = decision_threshold(args.loss, y)
    final = accuracy(model, X, y, threshold=0.0 if threshold is None else threshold)
    print(
        f"final training accuracy, after the last update: {final:.1%} "
        f"({round(final * len(y))}/{len(y)})"
    )
    if args.save is not None:
        try:
            model.save(args.save)
        except OSError as error:
            _fail(parser, "train", f"cannot write {args.save}: {error}")
        except ValueError as error:
            _fail(parser, "train", str(error))
        print(f"wrote {args.save}")
    return 0


# ----- exercises -----------------------------------------------------------------------------


def run_exercises(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Copy the exercise notebooks into the new folder ``--out``; one line per file copied."""
    from autograd.exercises import copy_exercise_notebooks  # only this command needs it

    out: Path = args.out
    try:
        copied = copy_exercise_notebooks(out)
    except FileExistsError:
        _fail(parser, "exercises", f"{out} exists; choose a new folder or remove it")
    except OSError as error:
        # an OSError with no errno carries its own full message (e.g. no notebooks found)
        _fail(
            parser,
            "exercises",
            str(error) if error.errno is None else f"cannot write to {out}: {error}",
        )
    for path in copied:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
