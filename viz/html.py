"""`to_html`: one self-contained page that steps through the forward and backward passes."""

from __future__ import annotations

import html
import json
import re
from importlib.resources import files

from autograd_mini import Value, topological_order
from autograd_mini.viz.dot import (
    CONSTANT_COLOUR,
    MAX_NODES,
    ZERO_GRAD_COLOUR,
    check_size,
    draw,
    legend_entries,
    node_id,
)
from autograd_mini.viz.render import render_svg
from autograd_mini.viz.steps import backward_steps, display_names, forward_steps


def to_html(
    root: Value, *, digits: int = 4, rankdir: str = "LR", max_nodes: int | None = MAX_NODES
) -> str:
    """A standalone HTML page (inline SVG and script, no network) to step through `root`'s passes.

    The backward pass is a fresh one (root's grad 1, every other 0), so at its last step each
    gradient shown equals `.grad` after one `root.backward()`, whatever `.grad` holds now.
    """
    order = topological_order(root)
    check_size(order, max_nodes)
    backward, adjoints = backward_steps(order, digits)
    grads = dict(zip(order, adjoints, strict=True))
    drawing = draw(
        root, rankdir=rankdir, digits=digits, names=True, grads=grads, legend=False, max_nodes=None
    )
    svg = render_svg(drawing.source)
    data = {
        "ids": [node_id(i) for i in range(len(order))],
        "constants": [value.is_constant for value in order],
        "forward": forward_steps(order, digits),
        "backward": backward,
        "legend": legend_entries(),
        "zeroColour": ZERO_GRAD_COLOUR,
        "constantColour": CONSTANT_COLOUR,
    }
    title = f"autograd_mini: step through {display_names(order, digits)[-1]}"
    fields = {
        "title": html.escape(title),
        "svg": svg[svg.index("<svg") :],  # drop the XML prolog and DOCTYPE: inline SVG needs none
        # "<" escaped, so that no label can close the <script> element early.
        "data": json.dumps(data).replace("<", "\\u003c"),
    }
    template = files("autograd_mini.viz").joinpath("page.html").read_text(encoding="utf-8")
    return re.sub(r"\{\{(\w+)\}\}", lambda match: fields[match.group(1)], template)
