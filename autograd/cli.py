"""The command line, ``python -m autograd`` or ``scalar-autograd``: demo, train and exercises.

A thin layer over the library: one function per command reads its options, calls the library
and prints what came back. Every argument is checked before any work starts. An error is one
line: exit status 2 for a bad argument (argparse's own), 1 for a `CommandError`. Without a
command, the help is printed and the exit status is 2.
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import autograd
from autograd.nn import ACTIVATIONS, MLP, SGD, data, losses, model_files
from autograd.nn.training import DivergenceError, History, accuracy, decision_threshold, fit
from autograd.nn.training import scores as model_scores

PROG = "python -m autograd"  # the name in usage lines and errors
SCRIPT = "scalar-autograd"  # the installed command ([project.scripts]), and what --version names
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
N_FEATURES = 2  # every dataset `train` offers is 2-D
MIN_SAMPLES = 2  # a generated dataset needs one point per class
# Far more than a scalar engine trains on in minutes (a compiled epoch of 16,16 on 100,000
# points takes seconds); a typo of many digits would otherwise fill the memory without a word.
MAX_SAMPLES = 100_000
NO_HIDDEN_LAYER = "none"  # `--layers none`: no hidden layer (a linear model)
PROGRESS_LINES = 10  # `train` prints about this many progress lines
LARGE_LOSS = 1e6  # losses this large print in scientific notation, not as 100-digit numbers


class CommandError(Exception):
    """A command cannot go on; `main` prints the message as one line and exits with status 1."""


# ----- argument types: argparse turns their ArgumentTypeError into "error: argument ..." -------


def _whole_number(text: str, minimum: int, maximum: float = math.inf) -> int:
    """`text` as an int from `minimum` to `maximum`."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
    if value > maximum:
        raise argparse.ArgumentTypeError(f"must be at most {maximum:,}, got {value:,}")
    return value


def _positive_int(text: str) -> int:
    return _whole_number(text, 1)


def _sample_count(text: str) -> int:
    return _whole_number(text, MIN_SAMPLES, MAX_SAMPLES)


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
    """``"16,16"`` → [16, 16]; ``"none"`` → [] (no hidden layer); an empty size is an error.

    The model they make (2 inputs, these layers, 1 output) may have at most as many parameters
    as a model file holds, `model_files.MAX_PARAMETERS`.
    """
    if text.strip().lower() == NO_HIDDEN_LAYER:
        return []
    try:
        sizes = [_positive_int(part.strip()) for part in text.split(",")]
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"expected hidden layer sizes ≥ 1 separated by commas, e.g. 16,16, or "
            f"'{NO_HIDDEN_LAYER}' for no hidden layer; got {text!r}"
        ) from None
    n_parameters = model_files.parameter_count(list(itertools.pairwise([N_FEATURES, *sizes, 1])))
    if n_parameters > model_files.MAX_PARAMETERS:
        raise argparse.ArgumentTypeError(
            f"{text!r} makes a model of {n_parameters:,} parameters, more than the "
            f"{model_files.MAX_PARAMETERS:,} a model may have here; use smaller layers"
        )
    return sizes


# ----- the parser ------------------------------------------------------------------------------


def build_parser(prog: str = PROG) -> argparse.ArgumentParser:
    """The argument parser of the command line and its three commands.

    Each command's `run` default is the function that runs it. Every option's help ends with
    its default, as ``(default: …)``.
    """
    parser = argparse.ArgumentParser(
        prog=prog,
        description="scalar-autograd: watch a neural network learn, one scalar at a time.",
        epilog="Run a command with -h for its options. Without a command, this help is printed "
        "and the exit status is 2.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{SCRIPT} {autograd.__version__}",
        help="print the version and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_demo(commands)
    _add_train(commands)
    _add_exercises(commands)
    return parser


def _option(command: argparse.ArgumentParser, flag: str, help: str, **settings: Any) -> None:
    """Add `flag`, its help followed by ``(default: …)``: `shown`, or else the default itself."""
    shown = settings.pop("shown", settings.get("default"))
    command.add_argument(flag, help=f"{help} (default: {shown})", **settings)


def _add_demo(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = commands.add_parser(
        "demo",
        help="train an MLP on XOR and write its graph, decision boundary and model file",
        description="Train MLP(2 -> 4 tanh -> 1 linear) on XOR with gradient descent, print the "
        "truth table with its predictions, and write the computation graph of one XOR example "
        "through the untrained network (SVG), the decision boundary (PNG, needs matplotlib) and "
        "the trained model (JSON).",
    )
    demo.set_defaults(run=run_demo)
    _option(
        demo,
        "--out",
        "output folder, created if missing",
        type=Path,
        metavar="DIR",
        default=Path(DEMO_OUTPUT),
        shown=f"./{DEMO_OUTPUT}/",
    )
    _option(demo, "--seed", "random seed", type=int, default=DEFAULT_SEED)
    _add_run_flags(demo)


def _add_run_flags(command: argparse.ArgumentParser) -> None:
    _option(command, "--no-progress", "hide the progress bar", action="store_true", shown="shown")
    _option(
        command,
        "--no-compile",
        "build the graph at every step instead of running the compiled program",
        action="store_true",
        shown="compiled",
    )


def _add_train(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    train = commands.add_parser(
        "train",
        help="train an MLP on a generated 2-D dataset or a truth table",
        description="Train an MLP with one output on a dataset by gradient descent and print "
        "its progress and final training accuracy. Each epoch line is measured during that "
        "epoch (before its updates); the final accuracy after the last update.",
    )
    train.set_defaults(run=run_train)
    _add_data_options(train)
    _add_model_options(train)
    _add_training_options(train)
    _add_run_flags(train)


def _add_data_options(train: argparse.ArgumentParser) -> None:
    _option(
        train,
        "--dataset",
        "which data; xor, and, or are the 4-row truth tables",
        choices=[*data.DATASETS, *TRUTH_TABLES],
        default=TRAIN_DATASET,
    )
    _option(
        train,
        "--samples",
        f"points to generate, {MIN_SAMPLES} to {MAX_SAMPLES:,}; not for the truth tables",
        type=_sample_count,
        metavar="N",
        default=None,
        shown=data.DEFAULT_SAMPLES,
    )
    _option(
        train,
        "--noise",
        "noise of the generated points (the spread, for blobs); not for the truth tables",
        type=_non_negative_float,
        default=None,
        shown=f"{data.DEFAULT_MOONS_NOISE:g}",
    )


def _add_model_options(train: argparse.ArgumentParser) -> None:
    _option(
        train,
        "--layers",
        f"hidden layer sizes, comma-separated, each ≥ 1; "
        f"'{NO_HIDDEN_LAYER}' for no hidden layer (a linear model); one output is added",
        type=_layer_sizes,
        default=_layer_sizes(TRAIN_LAYERS),
        metavar="SIZES",
        shown=TRAIN_LAYERS,
    )
    _option(
        train,
        "--activation",
        "activation of the hidden layers",
        choices=list(ACTIVATIONS),
        default=TRAIN_ACTIVATION,
    )
    _option(train, "--loss", "loss function", choices=TRAIN_LOSSES, default=TRAIN_LOSS)
    _option(
        train,
        "--l2",
        "L2 penalty strength, ≥ 0",
        type=_non_negative_float,
        default=losses.DEFAULT_L2_ALPHA,
        shown=f"{losses.DEFAULT_L2_ALPHA:g}",
    )


def _add_training_options(train: argparse.ArgumentParser) -> None:
    _option(
        train, "--epochs", "passes over the data, ≥ 1", type=_positive_int, default=TRAIN_EPOCHS
    )
    _option(
        train,
        "--lr",
        "learning rate, > 0; training stops with an error if the loss overflows",
        type=_positive_float,
        default=TRAIN_LEARNING_RATE,
    )
    _option(
        train, "--momentum", "SGD momentum, ≥ 0 and < 1", type=_momentum, default=TRAIN_MOMENTUM
    )
    _option(
        train,
        "--batch-size",
        "mini-batch size, ≥ 1; larger than the dataset means all of it",
        type=_positive_int,
        default=None,
        metavar="N",
        shown="all, full-batch gradient descent",
    )
    _option(train, "--seed", "random seed", type=int, default=DEFAULT_SEED)
    _option(
        train,
        "--save",
        "write the trained model to FILE (JSON) in an existing folder",
        type=Path,
        default=None,
        metavar="FILE",
        shown="not saved",
    )


def _add_exercises(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    exercises = commands.add_parser(
        "exercises",
        help="copy the exercise notebooks into a new folder",
        description="Copy the exercise notebooks into a new folder, to work on them in Jupyter.",
    )
    exercises.set_defaults(run=run_exercises)
    _option(
        exercises,
        "--out",
        "the new folder; it must not exist yet",
        type=Path,
        metavar="DIR",
        default=Path(EXERCISES_OUTPUT),
        shown=f"./{EXERCISES_OUTPUT}/",
    )


# ----- running a command -----------------------------------------------------------------------


def main(argv: Sequence[str] | None = None, prog: str = PROG) -> int:
    """Run the command line with `argv` (default ``sys.argv[1:]``); return the exit status."""
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        status: int = args.run(args)
    except CommandError as error:
        parser.exit(1, f"{prog} {args.command}: error: {error}\n")
    return status


def console_main() -> int:
    """The ``scalar-autograd`` command's entry point (see ``[project.scripts]``)."""
    return main(prog=SCRIPT)


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


# ----- demo ------------------------------------------------------------------------------------


def run_demo(args: argparse.Namespace) -> int:
    """Train on XOR, print the truth table and final loss, write the pictures and the model.

    The graph shows one example through the untrained network (drawn before training), where
    the gradients are large enough to read.
    """
    out: Path = args.out
    try:
        out.mkdir(parents=True, exist_ok=True)  # before training: a bad path fails at once
    except OSError as error:
        raise CommandError(f"cannot write to {out}: {error}") from None
    random.seed(args.seed)
    X, y = data.xor()  # noqa: N806 -- X for a data matrix, as in the lecture notes
    model = MLP(2, [DEMO_HIDDEN, 1], activation=DEMO_ACTIVATION)
    graph_svg, graph_note = _example_svg(model, X[DEMO_EXAMPLE], y[DEMO_EXAMPLE])
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
    _print_truth_table(X, y, model_scores(model, X))
    correct = accuracy(model, X, y, threshold=XOR_THRESHOLD)
    print(f"final loss {history.loss[-1]:.3g}, {correct:.0%} of the truth table right\n")
    try:
        model.save(out / "model.json")
        print(f"wrote {out / 'model.json'}  (the trained model; load it with MLP.load)")
        if graph_svg is None:
            print(f"skipped the computation graph: {graph_note}")
        else:
            (out / "graph.svg").write_text(graph_svg, encoding="utf-8")
            print(f"wrote {out / 'graph.svg'}  ({graph_note})")
        _write_boundary(model, X, y, out / "decision_boundary.png")
    except OSError as error:
        raise CommandError(f"cannot write to {out}: {error}") from None
    return 0


def _example_svg(model: MLP, x: list[float], target: int) -> tuple[str | None, str]:
    """The SVG of one example through `model` (`draw_example`) and what it shows; or None, why."""
    try:  # the drawing is optional: the demo still trains and saves without it
        from autograd.viz import RenderError, render_svg
        from autograd.viz.examples import draw_example
    except ImportError as error:
        return None, f"autograd.viz is not available ({error})"
    try:
        svg = render_svg(draw_example(model, x, target))
    except RenderError as error:
        return None, str(error)
    shown = ", ".join(f"{number:g}" for number in x)
    return svg, f"one XOR example, ({shown}) -> {target}, through the untrained network"


def _print_truth_table(X: list[list[float]], y: list[int], scores: list[float]) -> None:  # noqa: N803
    """XOR's truth table beside each row's prediction and score."""
    print("\n x1  x2 | XOR | predicted (score)")
    for x, target, score in zip(X, y, scores, strict=True):
        guess = int(score > XOR_THRESHOLD)
        mark = "" if guess == target else "   <- wrong"
        print(f"  {x[0]:.0f}   {x[1]:.0f} |  {target}  |  {guess}  ({score:+.3f}){mark}")


def _write_boundary(model: MLP, X: list[list[float]], y: list[int], path: Path) -> None:  # noqa: N803
    """Plot the decision boundary to `path`, or say why not when matplotlib is missing."""
    try:
        from autograd.viz.plot import plot_decision_boundary

        figure = plot_decision_boundary(model, X, y, threshold=XOR_THRESHOLD)
    except ImportError as error:
        print(f"skipped the decision boundary: {error}")
        return
    figure.savefig(path)
    print(f"wrote {path}  (the decision boundary)")


# ----- train -----------------------------------------------------------------------------------


def run_train(args: argparse.Namespace) -> int:
    """Train an MLP on the chosen dataset, printing progress and the final accuracy.

    Everything that can be wrong with the arguments is reported before training starts.
    """
    if args.save is not None:
        try:
            model_files.check_writable(args.save, "--save")
        except ValueError as error:
            raise CommandError(str(error)) from None
    X, labels = _dataset(args)  # noqa: N806
    y = data.to_signed(labels) if args.loss == "hinge" else labels
    random.seed(args.seed)
    model = MLP(N_FEATURES, [*args.layers, 1], activation=args.activation)
    optimizer = SGD(model.parameters(), lr=args.lr, momentum=args.momentum)
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
            progress=not args.no_progress,
            on_epoch_end=_progress_lines(args.epochs, not args.no_progress),
            compile=not args.no_compile,
        )
    except DivergenceError as error:
        raise CommandError(_divergence_message(error, "--lr")) from None
    threshold = decision_threshold(args.loss, y)
    final = accuracy(model, X, y, threshold=0.0 if threshold is None else threshold)
    print(
        f"final training accuracy, after the last update: {final:.1%} "
        f"({round(final * len(y))}/{len(y)})"
    )
    if args.save is not None:
        _save(model, args.save)
    return 0


def _dataset(args: argparse.Namespace) -> data.Dataset:
    """The chosen dataset; a truth table refuses the options that only generated data have."""
    if args.dataset not in TRUTH_TABLES:
        samples = data.DEFAULT_SAMPLES if args.samples is None else args.samples
        noise = data.DEFAULT_MOONS_NOISE if args.noise is None else args.noise
        return data.DATASETS[args.dataset](samples, noise, seed=args.seed)
    given = [option for option in ("samples", "noise") if getattr(args, option) is not None]
    if given:
        options = " and ".join(f"--{option}" for option in given)
        raise CommandError(
            f"{options} cannot apply to --dataset {args.dataset}: a truth table has exactly its "
            f"4 rows, the same every time; leave out {options}, or choose a generated dataset "
            f"({', '.join(data.DATASETS)})"
        )
    return TRUTH_TABLES[args.dataset]()


def _progress_lines(epochs: int, progress: bool) -> Callable[[int, History], None]:
    """`fit`'s epoch callback: about `PROGRESS_LINES` lines of loss and accuracy."""
    every = max(1, epochs // PROGRESS_LINES)

    def report(epoch: int, history: History) -> None:
        if (epoch + 1) % every == 0 or epoch + 1 == epochs:
            _say(
                f"epoch {epoch + 1:>4}/{epochs}  loss {format_loss(history.loss[-1])}  "
                f"accuracy {history.accuracy[-1]:.1%}",
                progress,
            )

    return report


def _save(model: MLP, path: Path) -> None:
    try:
        model.save(path)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error}") from None
    except ValueError as error:
        raise CommandError(str(error)) from None
    print(f"wrote {path}")


# ----- exercises -------------------------------------------------------------------------------


def run_exercises(args: argparse.Namespace) -> int:
    """Copy the exercise notebooks into the new folder ``--out``; one line per file copied."""
    from autograd.exercises import copy_exercise_notebooks  # only this command needs it

    out: Path = args.out
    try:
        copied = copy_exercise_notebooks(out)
    except FileExistsError:
        raise CommandError(f"{out} exists; choose a new folder or remove it") from None
    except OSError as error:
        # an OSError with no errno carries its own full message (e.g. no notebooks found)
        raise CommandError(
            str(error) if error.errno is None else f"cannot write to {out}: {error}"
        ) from None
    for path in copied:
        print(f"wrote {path}")
    return 0
