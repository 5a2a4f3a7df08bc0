"""Pictures for feedback: a graph drawn with the wrong node outlined, and the same graph as text.

The drawing is `draw_dot`'s (shown in Jupyter when a Graphviz renderer is there); the text form
("c = a * b") is what feedback prints when there is none. Both read one `GraphView` of the graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from autograd.engine.value import Value
from autograd.exercises.feedback import number
from autograd.viz.draw import draw_dot
from autograd.viz.graph_view import GraphView

MARK = "   ← here"


def graph_lines(view: GraphView, highlight: Iterable[Value] = ()) -> list[str]:
    """The graph as one line per node in topological order: ``c = a * b   (6)``, ``a = 2``.

    Each operation is written as `GraphView.formula` writes it, with its value in brackets.
    """
    marked = set(highlight)
    lines = []
    for node in view.order:
        if node.is_leaf:
            line = f"{view.names[node]} = {number(node.data)}"
        else:
            line = f"{view.formula(node)}   ({number(node.data)})"
        lines.append(line + (MARK if node in marked else ""))
    return lines


def drawing(
    view: GraphView, highlight: Iterable[Value] = (), grads: Mapping[Value, float] | None = None
) -> tuple[Any, list[str]]:
    """``(draw_dot picture of view.root with `highlight` outlined, the same graph as text)``.

    With `grads` the drawing shows those gradients (e.g. a student's); without, none.
    """
    marked = list(highlight)
    picture = draw_dot(
        view.root,
        highlight=marked,
        show_names=True,
        show_grad=grads is not None,
        grads=grads,
        legend=False,
    )
    return picture, graph_lines(view, marked)
