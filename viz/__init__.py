"""Drawing graphs: DOT, SVG (with an in-process fallback renderer) and step-through HTML."""

from autograd_mini.viz.card import SummaryTable
from autograd_mini.viz.dot import Drawing, draw
from autograd_mini.viz.files import save, to_png, to_svg
from autograd_mini.viz.html import to_html
from autograd_mini.viz.look import GRAD_SCALE, MAX_NODES, GradColours
from autograd_mini.viz.notebook import StepThrough, step_through
from autograd_mini.viz.render import available_renderers, renderer
from autograd_mini.viz.summary import draw_summary

draw_dot = draw  # micrograd's name for it (its lecture's draw_dot(root)), so that code runs

__all__ = [
    "GRAD_SCALE",
    "MAX_NODES",
    "Drawing",
    "GradColours",
    "StepThrough",
    "SummaryTable",
    "available_renderers",
    "draw",
    "draw_dot",
    "draw_summary",
    "renderer",
    "save",
    "step_through",
    "to_html",
    "to_png",
    "to_svg",
]
