"""Seeing backprop: drawing graphs, the step-by-step player, explanations, and plots.

- `graph_view`: one view of a graph (order, consumers, names, roles, numbers) the rest share.
- `draw`: `draw_dot`, the computation graph as a Graphviz drawing; `style`: its options
  (`DrawStyle`), size limits and layout choice; `render`: laying it out.
- `player`: `backprop_player`, backprop one chain-rule step at a time in the browser.
- `explanation`: `explain`, a gradient as a sum over paths; `gradcheck_nodes`, each rule checked.
- `plot`: decision boundaries, loss curves and activations (needs matplotlib).
"""

from autograd.viz.draw import GraphDrawing, NeuronGroup, draw_dot, draw_graph, neuron_groups
from autograd.viz.explanation import Explanation, explain, gradcheck_nodes
from autograd.viz.graph_view import GraphView, format_number
from autograd.viz.player import BackpropPlayer, animate_backward, backprop_player, backprop_steps
from autograd.viz.render import (
    NoRendererError,
    RenderError,
    find_renderer,
    pip_renderer,
    render_svg,
    use_pip_renderer,
    use_pip_renderer_if_needed,
)
from autograd.viz.style import DRAW_NODE_LIMIT, PLAYER_NODE_LIMIT, DrawStyle

__all__ = [
    "DRAW_NODE_LIMIT",
    "PLAYER_NODE_LIMIT",
    "BackpropPlayer",
    "DrawStyle",
    "Explanation",
    "GraphDrawing",
    "GraphView",
    "NeuronGroup",
    "NoRendererError",
    "RenderError",
    "animate_backward",
    "backprop_player",
    "backprop_steps",
    "draw_dot",
    "draw_graph",
    "explain",
    "find_renderer",
    "format_number",
    "gradcheck_nodes",
    "neuron_groups",
    "pip_renderer",
    "render_svg",
    "use_pip_renderer",
    "use_pip_renderer_if_needed",
]
