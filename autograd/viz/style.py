"""How a graph is drawn: the options in one `DrawStyle`, the size limits, and the layout choice.

`DrawStyle` gathers what `draw_dot` and the backprop player let you change. "auto" layout picks
left-to-right or top-to-bottom from an estimate of the drawing's width, so that a lecture
projector shows the graph at a readable size; graphs too big to show readably are refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, NamedTuple

from autograd.viz.graph_view import DEFAULT_PRECISION

AUTO = "auto"  # let the drawing choose its direction (see `choose_rankdir`)
RANKDIRS = ("LR", "RL", "TB", "BT")  # Graphviz's directions: left to right, …, bottom to top
SIDEWAYS = ("LR", "RL")  # directions whose ranks are columns
#: draw_dot refuses graphs of more values than this: a few seconds of layout on a laptop
#: (measured: an MLP 2-16-16-1 on one example, about 1,000 values, 1-2 s; 2,000 values 5-9 s)
#: and already past what a screen shows readably.
DRAW_NODE_LIMIT = 1500
#: backprop_player refuses graphs of more values (= steps) than this: past it, stepping through
#: is no longer a lesson, and the page carries every step's text.
PLAYER_NODE_LIMIT = 300

# Where a lecture shows the drawing, and the smallest zoom at which its text stays readable
# there: the 14 pt node text at 14 px, the 10 pt edge labels at 10 px.
DISPLAY_WIDTH_PX = 1000  # a notebook's output area (or the player) on a 1280-pixel projector
PIXELS_PER_POINT = 4 / 3  # CSS pixels per typographic point, as browsers show SVG
READABLE_ZOOM = 0.75
# Graphviz's sizes, in points, for estimating a drawing's width before laying it out.
NODE_FONT_SIZE = 14.0  # Graphviz's default
EDGE_FONT_SIZE = 10.0
CHARACTER_WIDTH = 0.55  # Helvetica's average character width, in ems
FIELD_PADDING = 16.0  # a record field's left plus right margin
OP_MIN_WIDTH = 54.0  # an ellipse's default width (0.75 in)
OP_PADDING = 24.0
RANK_SEPARATION = 36.0  # Graphviz's ranksep default (0.5 in)
NODE_SEPARATION = 18.0  # Graphviz's nodesep default (0.25 in)


@dataclass(frozen=True)
class DrawStyle:
    """The drawing options of `draw_dot` and `backprop_player`, each with its default.

    Pass one as ``style=`` or name the fields as keywords (``draw_dot(L, show_grad=False)``).

    Attributes:
        rankdir: ``"auto"`` (left to right when that fits 1000 pixels, a notebook's width on
            a lecture projector, at a readable zoom; else top to bottom when that is
            narrower), or Graphviz's ``"LR"``, ``"RL"``, ``"TB"``, ``"BT"``.
        show_grad: show each value's ``grad``.
        show_local_grads: label each edge with its local derivative ∂out/∂in (``∂v3/∂b =
            2.0000``), the factor the chain rule multiplies by there.
        show_names: title every value with its name, the one `explain`, the backprop player and
            `gradcheck_nodes` use (its label, else ``v7``; an unlabelled root is ``L``).
            Without names only labels are shown, and edges read ``local 2.0000``.
        precision: decimals shown.
        legend: add a key of the colours.
        max_nodes: refuse graphs of more values than this; None means the function's
            documented limit (`DRAW_NODE_LIMIT` for draw_dot, `PLAYER_NODE_LIMIT` for the
            player).

    """

    rankdir: str = AUTO
    show_grad: bool = True
    show_local_grads: bool = True
    show_names: bool = True
    precision: int = DEFAULT_PRECISION
    legend: bool = True
    max_nodes: int | None = None

    def __post_init__(self) -> None:
        """Check every field, so that a wrong option fails here with what to pass instead."""
        if self.rankdir not in (AUTO, *RANKDIRS):
            raise ValueError(
                f"DrawStyle: rankdir must be 'auto', 'LR', 'RL', 'TB' or 'BT', got {self.rankdir!r}"
            )
        for flag in ("show_grad", "show_local_grads", "show_names", "legend"):
            if not isinstance(getattr(self, flag), bool):
                raise TypeError(
                    f"DrawStyle: {flag} must be True or False, got {getattr(self, flag)!r}"
                )
        if not _is_count(self.precision, minimum=0):
            raise ValueError(
                f"DrawStyle: precision must be an int >= 0, got {self.precision!r}; e.g. 4"
            )
        if self.max_nodes is not None and not _is_count(self.max_nodes, minimum=1):
            raise ValueError(
                f"DrawStyle: max_nodes must be a positive int or None, got {self.max_nodes!r}"
            )


def _is_count(x: object, minimum: int) -> bool:
    return isinstance(x, int) and not isinstance(x, bool) and x >= minimum


def drawing_style(
    function: str, style: DrawStyle | None, options: Mapping[str, object]
) -> DrawStyle:
    """`style` (default: `DrawStyle()`) with the keyword `options` of `function` applied.

    Raises:
        TypeError: `style` is not a DrawStyle, an option is not one of its fields, or has the
            wrong type.
        ValueError: an option's value is out of range.

    """
    if style is not None and not isinstance(style, DrawStyle):
        raise TypeError(
            f"{function}: style must be a DrawStyle, got {type(style).__name__} {style!r}; "
            f"pass e.g. style=DrawStyle(rankdir='TB')"
        )
    names = [field.name for field in fields(DrawStyle)]
    unknown = [name for name in options if name not in names]
    if unknown:
        raise TypeError(
            f"{function}: unknown drawing option {unknown[0]!r}; the options are "
            f"{', '.join(names)} (see DrawStyle)"
        )
    changes: dict[str, Any] = dict(options)  # each checked by DrawStyle.__post_init__
    try:
        return replace(style or DrawStyle(), **changes)
    except (TypeError, ValueError) as error:
        message = str(error).replace("DrawStyle:", f"{function}:", 1)
        raise type(error)(message) from None


# ----- choosing the layout ---------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A drawn node for the width estimate: its id, its lines of text, and whether an ellipse.

    `font_size` and `padding` (the width beside the text) are in points.
    """

    id: str
    lines: tuple[str, ...]
    ellipse: bool = False
    font_size: float = NODE_FONT_SIZE
    padding: float = FIELD_PADDING


class Edge(NamedTuple):
    """A drawn edge: its tail's and head's ids, its label, and its own id (for the player)."""

    tail: str
    head: str
    label: str = ""
    id: str | None = None


def text_width(text: str, font_size: float) -> float:
    """About how wide `text` is in Helvetica at `font_size`, in points."""
    return len(text) * CHARACTER_WIDTH * font_size


def box_width(box: Box) -> float:
    """About how wide Graphviz draws `box` (a record with stacked fields, or an ellipse)."""
    widest = max((text_width(line, box.font_size) for line in box.lines), default=0.0)
    if box.ellipse:
        return max(OP_MIN_WIDTH, widest + OP_PADDING)
    return widest + box.padding


def estimated_widths(
    boxes: Sequence[Box],
    edges: Sequence[Edge],
    legend: Box | None = None,
    root: str = "",
) -> dict[str, float]:
    """The drawing's estimated width in points, drawn left to right (LR) and top to bottom (TB).

    `boxes` are in an order where every edge's tail comes before its head. Each box goes to
    the rank after its latest tail, as dot places it. Left to right, the width is the sum over
    ranks of the widest box and of the widest label on the edges into it; top to bottom, it is
    the widest rank: its boxes, or the labels of the edges into it, side by side. The `legend`
    sits in the first rank left to right, and below the box `root` top to bottom (as
    `draw_dot` places it).
    """
    rank: dict[str, int] = {box.id: 0 for box in boxes}
    into: dict[str, list[str]] = {box.id: [] for box in boxes}  # the labels of edges into each
    tails: dict[str, list[str]] = {box.id: [] for box in boxes}
    for edge in edges:
        into[edge.head].append(edge.label)
        tails[edge.head].append(edge.tail)
    for box in boxes:
        if tails[box.id]:
            rank[box.id] = 1 + max(rank[tail] for tail in tails[box.id])
    n_ranks = 2 + max(rank.values(), default=0)  # one more, for a legend below the root
    widest = [0.0] * n_ranks  # LR: the widest box of each rank
    widest_label = [0.0] * n_ranks  # LR: the widest label on the edges into each rank
    row = [0.0] * n_ranks  # TB: the boxes of each rank side by side
    label_row = [0.0] * n_ranks  # TB: the labels of the edges into each rank side by side
    for box in boxes:
        r, width = rank[box.id], box_width(box)
        widest[r] = max(widest[r], width)
        row[r] += width + NODE_SEPARATION
        for label in into[box.id]:
            if label:
                label_width = max(text_width(line, EDGE_FONT_SIZE) for line in label.split("\\n"))
                widest_label[r] = max(widest_label[r], label_width)
                label_row[r] += label_width + NODE_SEPARATION
    if legend is not None:
        widest[0] = max(widest[0], box_width(legend))
        row[rank.get(root, 0) + 1] += box_width(legend)
    used = [r for r in range(n_ranks) if widest[r] > 0.0]
    sideways = sum(widest) + sum(widest_label) + RANK_SEPARATION * (len(used) - 1)
    upright = max(max(row), max(label_row))
    return {"LR": sideways, "TB": upright}


def choose_rankdir(
    boxes: Sequence[Box],
    edges: Sequence[Edge],
    legend: Box | None = None,
    root: str = "",
) -> str:
    """``"LR"`` if the drawing fits the screen left to right, readably; else the narrower one.

    Left to right reads like the forward pass, so it is kept while it fits: `DISPLAY_WIDTH_PX`
    at `READABLE_ZOOM`. Past that, a notebook or the player would shrink a wide drawing until
    its text cannot be read, while a tall one is scrolled: top to bottom is then better
    whenever it is narrower. The arguments are `estimated_widths`'.
    """
    widths = estimated_widths(boxes, edges, legend, root)
    fits = widths["LR"] * PIXELS_PER_POINT * READABLE_ZOOM <= DISPLAY_WIDTH_PX
    return "LR" if fits or widths["LR"] <= widths["TB"] else "TB"
