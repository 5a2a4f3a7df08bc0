"""Pictures for feedback: a graph drawn with the wrong node outlined, and the same graph as text.

The drawing is `draw_dot`'s (shown in Jupyter when a Graphviz renderer is there); the text form
("c = a * b") is what feedback prints when there is none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from autograd.engine.value import Value
from autograd.exercises.feedback import number
from autograd.viz.draw import draw_dot
from autograd.viz.graph_view import GraphView

INFIX_OPS = ("+", "-", "*", "/", "**")  # ops written between their two inputs: a * b
MARK = "   ← here"


def graph_lines(root: Value, highlight: Iterable[Value] = ()) -> list[str]:
    """The graph as one line per node in topological order: ``c = a * b  (6)``."""
    view = GraphView.of(root)
    marked = set(highlight)
    lines = []
    for node in view.order:
        name = view.names[node]
        args = [view.names[parent] for parent in node.parents]
        if node.is_leaf:
            line = f"{name} = {number(node.data)}"
        elif node.op in INFIX_OPS and len(args) == 2:
            line = f"{name} = {args[0]} {node.op} {args[1]}   ({number(node.data)})"
        elif node.op.startswith("**") and len(args) == 1:
            line = f"{name} = {args[0]} {node.op}   ({number(node.data)})"
        else:
            line = f"{name} = {node.op}({', '.join(args)})   ({number(node.data)})"
        lines.append(line + (MARK if node in marked else ""))
    return lines


def drawing(
    root: Value, highlight: Iterable[Value] = (), grads: Mapping[Value, float] | None = None
) -> tuple[Any, list[str]]:
    """``(draw_dot picture with `highlight` outlined, the same graph as text)``.

    With `grads` the drawing shows those gradients (e.g. a student's); without, none.
    """
    marked = list(highlight)
    picture = draw_dot(
        root,
        highlight=marked,
        show_names=True,
        show_grad=grads is not None,
        grads=grads,
        legend=False,
    )
    return picture, graph_lines(root, marked)
