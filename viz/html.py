"""`to_html`: one self-contained page that steps through the forward and backward passes.

The backward pass is also shown done by naive recursion, beside the correct one.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from importlib.resources import files
from typing import Any

from autograd_mini import Value, topological_order
from autograd_mini.viz.card import SummaryTable
from autograd_mini.viz.code import add_code
from autograd_mini.viz.dot import box_looks, drawing, legend_of
from autograd_mini.viz.look import (
    CONSTANT_COLOUR,
    MAX_NODES,
    ZERO_GRAD_COLOUR,
    GradColours,
    check_size,
    node_id,
)
from autograd_mini.viz.naive import naive_steps
from autograd_mini.viz.names import node_names, op_symbol, owner
from autograd_mini.viz.render import render_svg
from autograd_mini.viz.sketches import Sketches, dot_source, graph_shape
from autograd_mini.viz.steps import backward_steps, defining, forward_steps
from autograd_mini.viz.template import fill_page
from autograd_mini.viz.unit_view import unit_view

LEGEND = re.compile(
    r'<g id="(clust\d+" class="cluster">\s*<title>cluster_legend<|legend\d+" class="node">)'
    r".*?</g>\s*",
    re.DOTALL,
)
"""The SVG of `draw`'s legend: its box (a cluster) and its swatches (nodes)."""


def tooltips(order: list[Value], names: list[str]) -> list[str]:
    """What hovering over each node says: its name, and the op that made it or its kind."""
    index = {value: i for i, value in enumerate(order)}
    refs = [owner(name) for name in names]
    texts = []
    for i, value in enumerate(order):
        if value.is_constant:
            texts.append(f"the constant {names[i]}")
        elif value.parents:
            texts.append(f"{defining(value, names[i], refs, index)} (op {op_symbol(value.op)})")
        else:
            texts.append(f"{names[i]}: an input (leaf)")
    return texts


def page_svg(svg: str) -> str:
    """A rendered drawing as the page holds it: no XML prolog or DOCTYPE, no legend.

    Laid out with its legend, as `draw` and `save` lay it out; the page lists its colours
    beside the graph, so the drawing's legend box and swatches are left out of the page.
    """
    svg = LEGEND.sub("", svg)
    return svg[svg.index("<svg") :]  # inline SVG needs no prolog


def to_html(
    root: Value,
    *,
    digits: int = 4,
    rankdir: str = "LR",
    colours: str = "signed",
    max_nodes: int | None = MAX_NODES,
    summary: Sequence[SummaryTable] = (),
    groups: Mapping[Value, str] | None = None,
) -> str:
    """A standalone HTML page (inline SVG and script, no network) to step through `root`'s passes.

    The backward pass is a fresh one (root's grad 1, every other 0), so at its last step each
    gradient shown equals `.grad` after one `root.backward()`, whatever `.grad` holds now.
    `colours` is the fill scale and `groups` the clusters, as in `draw`: the page lays the graph
    out as `draw` and `save` do, with the same names. The last backward step is a summary card of
    every input's gradient, followed by the `summary` tables (the demo adds the gradients
    checked against the δ rule and NumPy, and a step of SGD).
    """
    check_size(root, max_nodes)
    parts = page_parts(
        root, digits=digits, rankdir=rankdir, colours=colours, summary=summary, groups=groups
    )
    return page_text(*parts)


def page_parts(
    root: Value,
    *,
    digits: int = 4,
    rankdir: str = "LR",
    colours: str = "signed",
    summary: Sequence[SummaryTable] = (),
    groups: Mapping[Value, str] | None = None,
    render: Callable[[str], str] = render_svg,
    legend: bool = True,
    code: bool = True,
    sketches: Sketches | None = None,
) -> tuple[dict[str, str], dict[str, Any]]:
    """`to_html`'s page before it is written: its fields (title, the SVGs) and its data.

    `render` lays out each drawing's DOT source, `legend` whether with `draw`'s legend (which
    the page leaves out): viz.snapshots lays out one drawing for many pages, without it, and
    adds the code panel's lines (`code`) once, as they hold no number of the graph's; its
    `sketches` keep each drawing's DOT template, built once for all its snapshots.
    """
    order = topological_order(root)
    backward, adjoints = backward_steps(order, digits, colours, summary)
    grads = dict(zip(order, adjoints, strict=True))
    looks, box_scale = box_looks(order, grads, True, True, digits, rankdir, colours)
    shown_legend = legend_of(box_scale, set(looks[1::2])) if legend else None
    index = {value: i for i, value in enumerate(order)}
    clusters = tuple(sorted((index[v], group) for v, group in (groups or {}).items() if v in index))
    key = ("ops", rankdir, graph_shape(order), clusters, shown_legend)
    source = dot_source(
        key,
        looks,
        lambda marked: drawing(order, marked, rankdir, groups, shown_legend).source,
        sketches,
    )
    svg = page_svg(render(source))
    names = node_names(order, digits)
    scale = GradColours.for_inputs(colours, order, adjoints)
    data: dict[str, Any] = {
        "ids": [node_id(i) for i in range(len(order))],
        "constants": [value.is_constant for value in order],
        "tooltips": tooltips(order, names),
        "forward": forward_steps(order, digits),
        "backward": backward,
        "naive": naive_steps(order, adjoints, digits, colours),
        "legendTitle": scale.title(),
        "legend": scale.legend(),
        "zeroColour": ZERO_GRAD_COLOUR,
        "constantColour": CONSTANT_COLOUR,
    }
    if code:
        add_code(order, data["forward"], backward, data["naive"])
    units = unit_view(order, names, adjoints, scale, digits, len(order), render, sketches)
    units_svg = ""
    if units:  # the neuron view's nodes come after the op view's, its steps apart
        units_svg, view = units
        data["ids"] += view["ids"]
        data["constants"] += [False] * len(view["ids"])
        data["tooltips"] += view["tooltips"]
        data["units"] = {"forward": view["forward"], "backward": view["backward"]}
        data["insides"] = view.get("insides", {})
        data["unitOf"] = view["unitOf"]
    title = f"autograd_mini: step through {names[-1]}"
    fields = {
        "title": html.escape(title),
        "svg": svg,
        "units_svg": page_svg(units_svg) if units_svg else "",
    }
    return fields, data


def page_text(fields: dict[str, str], data: dict[str, Any]) -> str:
    """The step-through page from `page_parts`' fields and data."""
    # "<" escaped, so that no label can close the <script> element early.
    fields = fields | {"data": json.dumps(data).replace("<", "\\u003c")}
    # page.js: the steps and controls; it imports the view, the neuron view and the shared
    # modules (the number formatter, the stepper, the keys).
    return fill_page(files("autograd_mini.viz").joinpath("page.html"), fields, "viz/page.js")
