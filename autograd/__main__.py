"""The command line: ``python -m autograd demo`` and ``python -m autograd train ...``.

`demo` trains a small network on XOR and writes its pictures and model file; `train` trains an
MLP on a generated dataset. Run without a command, it prints help and exits with status 2.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from autograd.engine import no_grad
from autograd.nn import ACTIVATIONS, MLP, SGD, data, losses
from autograd.nn.training import History, accuracy, decision_threshold, fit, single_output

PROG = "python -m autograd"
DEMO_OUTPUT = "autograd-demo"  # the demo's default output folder
DEMO_HIDDEN = 4  # XOR needs a hidden layer; 4 tanh neurons learn it from almost any start
DEMO_ACTIVATION = "tanh"
DEMO_EPOCHS = 1000
DEMO_LEARNING_RATE = 0.1  # learns XOR for every seed 0–39 within 1,000 full-batch steps
DEMO_EXAMPLE = 1  # the training example whose computation graph is drawn: (0, 1) → 1
XOR_THRESHOLD = 0.5  # 0/1 targets fitted with MSE: a score above 0.5 means 1

TRAIN_LOSSES = ("hinge", "mse", "binary_cross_entropy_with_logits")
TRUTH_TABLES: dict[str, Callable[[], data.Dataset]] = {
    "xor": data.xor,
    "and": data.and_,
    "or": data.or_,
}
PROGRESS_LINES = 10  # `train` prints about this many progress lines


# ----- argument types: argparse turns their ArgumentTypeError into "error: argument ..." -------


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value >= 0.0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number ≥ 0, got {text!r}")
    return value


def _positive_float(text: str) -> float:
    value = _non_negative_float(text)
    if value == 0.0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {text!r}")
    return value


def _layer_sizes(text: str) -> list[int]:
    """``"16,16"`` → [16, 16]; ``""`` → [] (no hidden layer)."""
    if not text.strip():
        return []
    try:
        return [_positive_int(part.strip()) for part in text.split(",")]
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"expected hidden layer sizes separated by commas, e.g. 16,16; got {text!r}"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m autograd`` and its two commands."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="scalar-autograd: watch a neural network learn, one scalar at a time.",
        epilog="Run a command with -h for its options. Without a command, this help is printed "
        "and the exit status is 2.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="train an MLP on XOR and write its graph, decision boundary and model file",
        description="Train MLP(2 -> 4 tanh -> 1 linear) on XOR with gradient descent, print the "
        "truth table with its predictions, and write the computation graph of one training "
        "example (SVG), the decision boundary (PNG, needs matplotlib) and the model (JSON).",
    )
    demo.add_argument(
        "--out",
        type=Path,
        default=Path(DEMO_OUTPUT),
        help=f"output folder (default: ./{DEMO_OUTPUT}/)",
    )
    demo.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    demo.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    demo.add_argument(
        "--no-compile",
        action="store_true",
        help="build the graph at every step instead of running the compiled program",
    )

    train = commands.add_parser(
        "train",
        help="train an MLP on a generated 2-D dataset",
        description="Train an MLP with one output on a generated dataset by gradient descent "
        "and print its progress and final training accuracy.",
    )
    train.add_argument(
        "--dataset",
        choices=[*data.DATASETS, *TRUTH_TABLES],
        default="moons",
        help="which data (default: moons)",
    )
    train.add_argument(
        "--samples", type=_positive_int, default=data.DEFAULT_SAMPLES, help="points (default: 100)"
    )
    train.add_argument(
        "--noise",
        type=_non_negative_float,
        default=data.DEFAULT_MOONS_NOISE,
        help="noise (spread for blobs) (default: 0.1)",
    )
    train.add_argument(
        "--layers",
        type=_layer_sizes,
        default=[16, 16],
        help="hidden layer sizes, comma-separated; one output is added (default: 16,16)",
    )
    train.add_argument(
        "--activation",
        choices=list(ACTIVATIONS),
        default="relu",
        help="hidden activation (default: relu)",
    )
    train.add_argument("--loss", choices=TRAIN_LOSSES, default="hinge", help="(default: hinge)")
    train.add_argument(
        "--l2",
        type=_non_negative_float,
        default=losses.DEFAULT_L2_ALPHA,
        help="L2 penalty strength (default: 1e-4)",
    )
    train.add_argument("--epochs", type=_positive_int, default=100, help="(default: 100)")
    train.add_argument("--lr", type=_positive_float, default=0.1, help="learning rate (0.1)")
    train.add_argument(
        "--momentum", type=_non_negative_float, default=0.0, help="SGD momentum (default: 0)"
    )
    train.add_argument(
        "--batch-size", type=_positive_int, default=None, help="mini-batch size (default: all)"
    )
    train.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    train.add_argument("--save", type=Path, default=None, help="write the trained model (JSON)")
    train.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    train.add_argument(
        "--no-compile",
        action="store_true",
        help="build the graph at every step instead of running the compiled program",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "demo":
        return run_demo(args, parser)
    if args.command == "train":
        return run_train(args, parser)
    parser.print_help(sys.stderr)
    return 2


def _say(text: str, progress: bool) -> None:
    """Print a line; through tqdm while a progress bar may be on screen, so they do not mix."""
    if progress:
        from tqdm.auto import tqdm  # type: ignore[import-untyped]  # tqdm ships no type hints

        tqdm.write(text, file=sys.stdout)
    else:
        print(text)


# ----- demo ----------------------------------------------------------------------------------


def run_demo(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Train on XOR, print the truth table and final loss, write the pictures and the model."""
    random.seed(args.seed)
    X, y = data.xor()  # noqa: N806 -- X for a data matrix, as in the lecture notes
    model = MLP(2, [DEMO_HIDDEN, 1], activation=DEMO_ACTIVATION)
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

    out: Path = args.out
    try:
        out.mkdir(parents=True, exist_ok=True)
        model_path = out / "model.json"
        model.save(model_path)
        print(f"wrote {model_path}  (the trained model; load it with MLP.load)")
        graph_path = _write_graph(model, X[DEMO_EXAMPLE], y[DEMO_EXAMPLE], out / "graph.svg")
        if graph_path is not None:
            print(f"wrote {graph_path}  (the computation graph of one training example)")
        boundary_path = _write_boundary(model, X, y, out / "decision_boundary.png")
        if boundary_path is not None:
            print(f"wrote {boundary_path}  (the decision boundary)")
    except OSError as error:
        parser.exit(1, f"{PROG} demo: error: cannot write to {out}: {error}\n")
    return 0


def _write_graph(model: MLP, x: list[float], target: int, path: Path) -> Path | None:
    """Draw one example's forward pass, loss and gradients; None (with a note) if impossible."""
    try:
        from autograd import viz
    except ImportError as error:
        print(f"skipped the computation graph: autograd.viz is not available ({error})")
        return None
    prediction = model(x)
    loss = losses.mse([single_output(prediction, "demo")], [target])
    model.zero_grad()
    loss.backward()
    try:
        svg = viz.render_svg(viz.draw_dot(loss, group_by=model))
    except viz.RenderError as error:
        print(f"skipped the computation graph: {error}")
        return None
    path.write_text(svg, encoding="utf-8")
    return path


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


def run_train(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Train an MLP on the chosen dataset, printing progress and the final accuracy."""
    if args.dataset in TRUTH_TABLES:
        X, labels = TRUTH_TABLES[args.dataset]()  # noqa: N806
    else:
        X, labels = data.DATASETS[args.dataset](args.samples, args.noise, seed=args.seed)  # noqa: N806
    y = data.to_signed(labels) if args.loss == "hinge" else labels
    random.seed(args.seed)
    model = MLP(2, [*args.layers, 1], activation=args.activation)
    optimizer = SGD(model.parameters(), lr=args.lr, momentum=args.momentum)
    progress = not args.no_progress
    every = max(1, args.epochs // PROGRESS_LINES)

    def report(epoch: int, history: History) -> None:
        if (epoch + 1) % every == 0 or epoch + 1 == args.epochs:
            _say(
                f"epoch {epoch + 1:>4}/{args.epochs}  loss {history.loss[-1]:.4f}  "
                f"accuracy {history.accuracy[-1]:.1%}",
                progress,
            )

    print(
        f"Training {model} ({len(model.parameters())} parameters) on {args.dataset} "
        f"({len(y)} points), {args.loss} loss, lr {args.lr:g}"
    )
    fit(
        model,
        X,
        y,
        loss=args.loss,
        optimizer=optimizer,
        epochs=args.epochs,
        batch_size=args.batch_size if args.batch_size is None else min(args.batch_size, len(y)),
        seed=args.seed,
        l2=args.l2,
        progress=progress,
        on_epoch_end=report,
        compile=not args.no_compile,
    )
    threshold = decision_threshold(args.loss, y)
    final = accuracy(model, X, y, threshold=0.0 if threshold is None else threshold)
    print(f"final training accuracy: {final:.1%} ({round(final * len(y))}/{len(y)})")
    if args.save is not None:
        try:
            model.save(args.save)
        except OSError as error:
            parser.exit(1, f"{PROG} train: error: cannot write {args.save}: {error}\n")
        except ValueError as error:
            parser.exit(1, f"{PROG} train: error: {error}\n")
        print(f"wrote {args.save}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
