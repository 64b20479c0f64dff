"""`draw`: a graph as a `graphviz.Digraph`, one box per Value (data, grad) and one circle per op."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import graphviz

from autograd_mini import Value, topological_order
from autograd_mini.viz.look import (
    CONSTANT_COLOUR,
    FONT,
    MAX_NODES,
    ZERO_GRAD_COLOUR,
    GradColours,
    check_size,
    dot_text,
    drawn_nodes,
    format_number,
    node_id,
    record_text,
    stack,
)
from autograd_mini.viz.names import name_lines, node_names, op_symbol
from autograd_mini.viz.png import svg_to_png
from autograd_mini.viz.render import render_svg

QUICK_LAYOUT_NODES = 300
"""Above this many drawn nodes, bound Graphviz's layout passes (nslimit, mclimit): unbounded,
a graph with many edges that jump far across it takes minutes to lay out."""
QUICK_LAYOUT = {"nslimit": "1", "nslimit1": "1", "mclimit": "0.2"}


class Drawing(graphviz.Digraph):
    """A `graphviz.Digraph` that Jupyter shows inline as SVG, so it needs no `dot`.

    A notebook gets SVG only: a PNG beside it would be rasterised on every display, which for a
    large graph took most of the time and most of the notebook's size. Ask for PNG with
    `display(drawing, include=["image/png"])`, `drawing.png()` or `viz.to_png(root)`.
    """

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None, **_: Any
    ) -> dict[str, str | bytes]:
        svg = render_svg(self.source)
        bundle: dict[str, str | bytes] = {"image/svg+xml": svg}
        if include and "image/png" in include:  # asked for by name
            bundle["image/png"] = svg_to_png(svg)
        return bundle

    # Not `_repr_png_`: Jupyter calls every `_repr_*_` method on each display.
    def png(self, scale: float | None = None) -> bytes:
        """The drawing as PNG at `scale` times its size (default 2, or less to fit the budget)."""
        return svg_to_png(render_svg(self.source), scale)


def value_label(value: Value, name: str, grad: float | None, digits: int, rankdir: str) -> str:
    """The record label of a Value's box: name (when there is one), data, grad (unless None)."""
    if value.is_constant:
        return format_number(value.data, digits)
    # "\n" is Graphviz's line break inside a record field (each line escaped on its own).
    fields = ["\\n".join(record_text(line) for line in name_lines(name))] if name else []
    fields.append(f"data {format_number(value.data, digits)}")
    if grad is not None:
        fields.append(f"grad {format_number(grad, digits)}")
    return stack(fields, rankdir)


Legend = tuple[str, tuple[tuple[str, str], ...]]
"""A drawing's legend: its title and its (text, colour) entries."""


def legend_of(scale: GradColours, colours: set[str]) -> Legend:
    """The legend of `scale`, its entries for the fill `colours` in use."""
    return scale.title(), tuple(
        (text, colour) for text, colour in scale.legend() if colour in colours
    )


def add_legend(dot: graphviz.Digraph, legend: Legend, after: str) -> None:
    """A boxed column of the `legend`'s swatches, placed after node `after`."""
    title, entries = legend
    with dot.subgraph(name="cluster_legend") as box:
        box.attr(label=dot_text(title), style="rounded", color="#888888", rank="same")
        for i, (text, colour) in enumerate(entries):
            box.node(
                f"legend{i}",
                record_text(text),
                id=f"legend{i}",
                shape="box",
                style="filled",
                fillcolor=colour,
                fontsize="9",
                height="0.2",
            )
    dot.edge(after, "legend0", style="invis")


def draw(
    root: Value,
    *,
    show_grad: bool = True,
    rankdir: str = "LR",
    digits: int = 4,
    groups: Mapping[Value, str] | None = None,
    names: bool = True,
    grads: Mapping[Value, float] | None = None,
    legend: bool = True,
    colours: str = "signed",
    max_nodes: int | None = MAX_NODES,
) -> Drawing:
    """The graph under `root`: edges run from operands through op nodes to results.

    Args:
        root: the output Value; every node it depends on is drawn.
        show_grad: show `.grad` and colour each box by it (see `colours` and the legend).
        rankdir: Graphviz direction, "LR" (left to right) or "TB" (top to bottom).
        digits: significant digits of data and grad.
        groups: {Value: group name}; each group is drawn as one labelled cluster (e.g. the
            parameters of one layer).
        names: name unlabelled Values by their expression's text (`x×w + b`), as the
            step-through page does; False shows only labels.
        grads: {Value: gradient} to show instead of `.grad` (the step-through page's fresh pass).
        legend: draw the colour legend (when `show_grad`).
        colours: "signed" (blue for negative, red for positive gradients, white at 0, shades
            relative to the largest |grad| drawn) or "decades" (|grad| on fixed decades).
        max_nodes: refuse larger graphs early with ValueError (None: no limit).
    """
    check_size(root, max_nodes)
    order = topological_order(root)
    looks, scale = box_looks(order, grads, show_grad, names, digits, rankdir, colours)
    shown_legend = legend_of(scale, set(looks[1::2])) if show_grad and legend else None
    return drawing(order, looks, rankdir, groups, shown_legend)


def box_looks(
    order: list[Value],
    grads: Mapping[Value, float] | None,
    show_grad: bool,
    names: bool,
    digits: int,
    rankdir: str,
    colours: str,
) -> tuple[list[str], GradColours]:
    """(the boxes' labels and fills in turn: label, fill, label, ...; the fill scale) of `draw`."""
    shown = [grads[value] if grads is not None else value.grad for value in order]
    scale = GradColours.for_grads(
        colours, [grad for grad, value in zip(shown, order, strict=True) if not value.is_constant]
    )
    looks = []
    for value, grad, name in zip(order, shown, node_names(order, digits), strict=True):
        if value.is_constant:
            fill = CONSTANT_COLOUR
        else:
            fill = scale.fill(grad) if show_grad else ZERO_GRAD_COLOUR
        shown_name = name if names else value.label
        looks += [
            value_label(value, shown_name, grad if show_grad else None, digits, rankdir),
            fill,
        ]
    return looks, scale


def drawing(
    order: list[Value],
    looks: list[str],
    rankdir: str = "LR",
    groups: Mapping[Value, str] | None = None,
    legend: Legend | None = None,
) -> Drawing:
    """The drawing of `order` with its boxes' `looks` (box_looks'), and `legend` if any."""
    # Annotated because graphviz decorates __init__ untyped, so Drawing(...) would be Any.
    dot: Drawing = Drawing(
        "autograd_mini",
        graph_attr={"rankdir": rankdir, "fontname": FONT},
        node_attr={"fontname": FONT, "fontsize": "11"},
        edge_attr={"fontname": FONT, "fontsize": "9", "color": "#555555"},
    )
    if drawn_nodes(order) > QUICK_LAYOUT_NODES:
        dot.graph_attr.update(QUICK_LAYOUT)
    clusters: dict[str, graphviz.Digraph] = {}
    index = {value: i for i, value in enumerate(order)}
    for i, value in enumerate(order):
        group = groups.get(value) if groups else None
        if group is None:
            where: graphviz.Digraph = dot
        else:
            if group not in clusters:
                clusters[group] = graphviz.Digraph(f"cluster_{len(clusters)}")
                clusters[group].attr(label=dot_text(group), style="rounded,dashed", color="#888888")
            where = clusters[group]
        vid = node_id(i)
        label, fill = looks[2 * i], looks[2 * i + 1]
        shape = "box" if value.is_constant else "record"
        where.node(vid, label, id=vid, shape=shape, style="filled", fillcolor=fill, height="0.3")
        if not value.parents:
            continue
        where.node(
            f"{vid}_op",
            dot_text(op_symbol(value.op)),
            id=f"{vid}_op",
            shape="circle",
            width="0.3",
        )
        where.edge(f"{vid}_op", vid, id=f"{vid}_out")
        # Operands are named a and b, as in the op table's formulas (ops take one or two).
        # Edge ids (v7_a: operand a into v7's op) let the page light the edges a step uses.
        for role, parent in zip("ab", value.parents, strict=False):
            label = role if len(value.parents) > 1 else ""
            dot.edge(
                node_id(index[parent]),
                f"{vid}_op",
                id=f"{vid}_{role}",
                headlabel=label,
                labeldistance="1.8",
            )
    for cluster in clusters.values():
        dot.subgraph(cluster)
    if legend is not None:
        add_legend(dot, legend, after=node_id(len(order) - 1))
    return dot
