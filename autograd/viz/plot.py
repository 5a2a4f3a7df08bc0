"""Pictures of training with matplotlib: decision boundaries, loss curves, activation functions.

Optional: needs the ``plot`` extra (``pip install 'scalar-autograd[plot]'``); matplotlib is
imported only when a function here is called. Computation graphs are drawn by `autograd.viz`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from autograd.engine import Value, no_grad
from autograd.nn import ACTIVATIONS
from autograd.nn.training import History, Model, single_output

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

INSTALL_HINT = "pip install 'scalar-autograd[plot]'"
GRID_POINTS_PER_SIDE = 60  # the decision boundary is evaluated on a 60 × 60 grid
BOUNDARY_PADDING = 0.5  # margin around the data in the decision-boundary plot
ACTIVATION_RANGE = 4.0  # plot_activations draws x in [-4, 4]
ACTIVATION_POINTS = 201
FIGURE_SIZE = (5.0, 5.0)  # inches
ACTIVATION_PANEL_SIZE = 3.0  # inches per activation in plot_activations
CLASS_COLOURS = ("tab:blue", "tab:red")  # class 0 (or -1), class 1
REGION_OPACITY = 0.25  # the shading of where the model predicts each class
LEGEND_FONT_SIZE = "x-small"  # the legend must not hide the data in a small panel
LEGEND_OPACITY = 0.8


def _new_figure(size: tuple[float, float]) -> Figure:
    """An empty matplotlib figure (not registered with pyplot, so nothing piles up)."""
    try:
        from matplotlib.figure import Figure
    except ImportError as error:
        raise ImportError(
            f"autograd.plot needs matplotlib, which is not installed; install the plot extra: "
            f"{INSTALL_HINT}"
        ) from error
    return Figure(figsize=size)


def _figure(ax: Axes | None) -> tuple[Figure, Axes]:
    """A new figure with one set of axes, or `ax` and its figure."""
    if ax is not None:
        return ax.get_figure(), ax  # type: ignore[return-value]  # an Axes' figure is a Figure
    figure = _new_figure(FIGURE_SIZE)
    return figure, figure.add_subplot()


def plot_decision_boundary(
    model: Model,
    X: Sequence[Sequence[float]],  # noqa: N803 -- X for a data matrix, as in the lecture notes
    y: Sequence[float],
    threshold: float = 0.0,
    ax: Axes | None = None,
) -> Figure:
    """Colour the plane by the class a 2-input, one-output model predicts, with the data on top.

    The model is evaluated (under `no_grad`) on a grid covering the data; the regions where its
    score is above `threshold` (0 for raw scores and ±1 labels, 0.5 for 0/1 targets fitted with
    MSE) are shaded as class 1; a legend names the colours (the data's classes and the regions
    the model predicts for each, see `class_name`). Returns the matplotlib `Figure`
    (``fig.savefig("boundary.png")``); pass `ax` to draw into existing axes.
    """
    if len(X) != len(y) or not X:
        raise ValueError(
            f"plot_decision_boundary: X has {len(X)} points and y has {len(y)} labels; give one "
            f"label per point (and at least one point)"
        )
    if any(len(x) != 2 for x in X):
        raise ValueError(
            "plot_decision_boundary: every point needs exactly 2 features to draw in the plane"
        )
    figure, axes = _figure(ax)
    x1_low = min(x[0] for x in X) - BOUNDARY_PADDING
    x1_high = max(x[0] for x in X) + BOUNDARY_PADDING
    x2_low = min(x[1] for x in X) - BOUNDARY_PADDING
    x2_high = max(x[1] for x in X) + BOUNDARY_PADDING
    steps = GRID_POINTS_PER_SIDE - 1
    xs = [x1_low + (x1_high - x1_low) * i / steps for i in range(GRID_POINTS_PER_SIDE)]
    ys = [x2_low + (x2_high - x2_low) * j / steps for j in range(GRID_POINTS_PER_SIDE)]
    with no_grad():
        scores = [
            [single_output(model([x1, x2]), "plot_decision_boundary").data for x1 in xs]
            for x2 in ys
        ]
    classes = [[1.0 if score > threshold else 0.0 for score in row] for row in scores]
    axes.contourf(
        xs, ys, classes, levels=[-0.5, 0.5, 1.5], colors=CLASS_COLOURS, alpha=REGION_OPACITY
    )
    positive = [label > threshold for label in y]
    dots, regions = [], []
    for is_positive, colour in zip((False, True), CLASS_COLOURS, strict=True):
        name = class_name(y, threshold, is_positive)
        points = [x for x, p in zip(X, positive, strict=True) if p == is_positive]
        dot = axes.scatter(
            [x[0] for x in points],
            [x[1] for x in points],
            c=colour,
            s=20,
            edgecolors="black",
            linewidths=0.5,
            label=f"data, {name}",
        )
        dots.append(dot)
        regions.append(_patch(colour, f"model predicts {name}"))
    axes.legend(
        handles=[*dots, *regions],
        loc="best",
        fontsize=LEGEND_FONT_SIZE,
        framealpha=LEGEND_OPACITY,
    )
    axes.set_xlabel("x1")
    axes.set_ylabel("x2")
    axes.set_title("decision boundary")
    if ax is None:
        figure.tight_layout()
    return figure


def class_name(y: Sequence[float], threshold: float, positive: bool) -> str:
    """The legend's name for one side of the threshold: ``y = 1``, or ``y > 0.5`` / ``y ≤ 0.5``.

    ``y = …`` when the labels on that side all have one value (0/1 or ±1 labels).
    """
    side = sorted({label for label in y if (label > threshold) == positive})
    if len(side) == 1:
        return f"y = {side[0]:g}"
    return f"y > {threshold:g}" if positive else f"y ≤ {threshold:g}"


def _patch(colour: str, label: str) -> Patch:
    """A legend entry for a shaded region: a square of its colour, as light as the shading."""
    from matplotlib.patches import Patch

    return Patch(facecolor=colour, alpha=REGION_OPACITY, edgecolor="none", label=label)


def plot_history(history: History, ax: Axes | None = None) -> Figure:
    """The loss per epoch (left axis) and, when recorded, the accuracy per epoch (right axis)."""
    if not history.loss:
        raise ValueError("plot_history: the history is empty; train with fit(...) first")
    figure, axes = _figure(ax)
    epochs = list(range(1, history.epochs + 1))
    axes.plot(epochs, history.loss, color="tab:blue", label="loss")
    axes.set_xlabel("epoch")
    axes.set_ylabel("loss", color="tab:blue")
    if history.accuracy:
        right = axes.twinx()
        right.plot(epochs, history.accuracy, color="tab:orange", label="accuracy")
        right.set_ylabel("accuracy", color="tab:orange")
        right.set_ylim(0.0, 1.05)
    axes.set_title("training history")
    if ax is None:
        figure.tight_layout()
    return figure


def plot_activations(names: Sequence[str] | None = None) -> Figure:
    """Each activation f(x) and its derivative f'(x), the derivative computed by ``backward()``.

    For every x on the plotted range, ``out = f(Value(x)); out.backward()`` leaves f'(x) in the
    input's ``grad`` — the same derivative backprop uses in a network.

    Args:
        names: which activations (default all of `autograd.nn.ACTIVATIONS`).

    """
    chosen = list(ACTIVATIONS) if names is None else list(names)
    for name in chosen:
        if name not in ACTIVATIONS:
            raise ValueError(
                f"plot_activations: unknown activation {name!r}; use names from "
                f"{', '.join(map(repr, ACTIVATIONS))}"
            )
    if not chosen:
        raise ValueError("plot_activations: no activations given; pass names or None for all")
    figure = _new_figure((ACTIVATION_PANEL_SIZE * len(chosen), ACTIVATION_PANEL_SIZE))
    xs = [
        -ACTIVATION_RANGE + 2.0 * ACTIVATION_RANGE * i / (ACTIVATION_POINTS - 1)
        for i in range(ACTIVATION_POINTS)
    ]
    for k, name in enumerate(chosen):
        values, slopes = activation_curve(name, xs)
        axes = figure.add_subplot(1, len(chosen), k + 1)
        axes.plot(xs, values, label=f"{name}(x)")
        axes.plot(xs, slopes, linestyle="--", label="derivative")
        axes.axhline(0.0, color="grey", linewidth=0.5)
        axes.set_title(name)
        axes.legend(loc="upper left", fontsize="small")
    figure.tight_layout()
    return figure


def activation_curve(name: str, xs: Sequence[float]) -> tuple[list[float], list[float]]:
    """``(f(x) for x in xs, f'(x) for x in xs)`` for a named activation, f' by backprop."""
    function = ACTIVATIONS[name]
    values: list[float] = []
    slopes: list[float] = []
    for x in xs:
        point = Value(x)
        out = function(point)
        out.backward()
        values.append(out.data)
        slopes.append(point.grad)
    return values, slopes
