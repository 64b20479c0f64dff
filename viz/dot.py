"""`draw`: a graph as a `graphviz.Digraph`, one box per Value (data, grad) and one circle per op."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import graphviz

from autograd_mini import Value, topological_order
from autograd_mini.viz.render import render_svg

MAX_NODES = 2_000
"""`draw` refuses graphs with more drawn nodes (Values plus ops): layout time grows quickly."""

GRAD_SCALE: tuple[tuple[float, str], ...] = (
    (1e-3, "#ffffcc"),
    (1e-2, "#ffeda0"),
    (1e-1, "#fed976"),
    (1.0, "#feb24c"),
    (10.0, "#fd8d3c"),
    (math.inf, "#fc4e2a"),
)
"""Fill colour by |grad|, one per decade (ColorBrewer YlOrRd): (upper bound, colour) pairs."""
QUICK_LAYOUT_NODES = 300
"""Above this many drawn nodes, bound Graphviz's layout passes (measured: 130 s to 9 s on a
1,000-Value graph with many long edges, 0.7 s to 0.6 s on an MLP of 1,730 nodes)."""
QUICK_LAYOUT = {"nslimit": "1", "nslimit1": "1", "mclimit": "0.2"}
ZERO_GRAD_COLOUR = "#ffffff"
CONSTANT_COLOUR = "#e8e8e8"
FONT = "Helvetica,Arial,sans-serif"


class Drawing(graphviz.Digraph):
    """A `graphviz.Digraph` that Jupyter shows inline through `to_svg`, so it needs no `dot`."""

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None, **_: Any
    ) -> dict[str, str]:
        return {"image/svg+xml": render_svg(self.source)}


def format_number(x: float, digits: int = 4) -> str:
    """`x` to `digits` significant digits, as Python's `g` format writes it (-0 shown as 0)."""
    return f"{x + 0.0:.{digits}g}"


def grad_colour(grad: float) -> str:
    """The fill for a node with this gradient, from `GRAD_SCALE` (white for exactly 0)."""
    if grad == 0:
        return ZERO_GRAD_COLOUR
    size = abs(grad)
    return next((colour for bound, colour in GRAD_SCALE if size < bound), GRAD_SCALE[-1][1])


def node_id(index: int) -> str:
    """DOT (and SVG) id of the Value at `index` in topological order; its op node adds `_op`."""
    return f"v{index}"


def node_name(value: Value, index: int) -> str:
    """What the step-through page calls a Value: its label, else its id."""
    return value.label or node_id(index)


def drawn_nodes(order: list[Value]) -> int:
    """How many nodes `draw` makes: one per Value and one per op."""
    return len(order) + sum(1 for value in order if value.parents)


def check_size(order: list[Value], max_nodes: int | None) -> None:
    """ValueError, before any drawing, if the graph has more than `max_nodes` drawn nodes."""
    count = drawn_nodes(order)
    if max_nodes is not None and count > max_nodes:
        raise ValueError(
            f"draw: the graph has {count:,} nodes (Values and ops), over the limit of "
            f"{max_nodes:,}: laying it out would take minutes. Draw one node per group with "
            f"draw_summary(root, groups={{value: 'layer name'}}), or pass max_nodes=None"
        )


def record_text(text: str) -> str:
    """`text` escaped for a Graphviz record field (braces, bars, angle brackets are syntax)."""
    return re.sub(r'([\\{}|<>"])', r"\\\1", " ".join(text.splitlines()))


def value_label(value: Value, name: str, grad: float | None, digits: int, rankdir: str) -> str:
    """The record label of a Value's box: name (when there is one), data, grad (unless None)."""
    if value.is_constant:
        return format_number(value.data, digits)
    fields = [record_text(name)] if name else []
    fields.append(f"data {format_number(value.data, digits)}")
    if grad is not None:
        fields.append(f"grad {format_number(grad, digits)}")
    return stack(fields, rankdir)


def stack(fields: list[str], rankdir: str) -> str:
    """A record label whose fields are stacked top to bottom in a graph drawn `rankdir`."""
    # Record fields run across the rank direction: braces turn them to run along it instead.
    joined = "|".join(fields)
    return joined if rankdir in ("LR", "RL") else "{" + joined + "}"


def legend_entries() -> list[tuple[str, str]]:
    """(text, colour) for each fill colour the drawing uses."""
    entries = [("|grad| = 0", ZERO_GRAD_COLOUR)]
    low = 0.0
    for high, colour in GRAD_SCALE:
        if high == math.inf:
            entries.append((f"|grad| ≥ {low:g}", colour))
        elif low == 0:
            entries.append((f"0 < |grad| < {high:g}", colour))
        else:
            entries.append((f"{low:g} ≤ |grad| < {high:g}", colour))
        low = high
    entries.append(("constant: no grad", CONSTANT_COLOUR))
    return entries


def add_legend(dot: graphviz.Digraph, colours: set[str], after: str) -> None:
    """A boxed column of swatches for the fill `colours` in use, placed after node `after`."""
    with dot.subgraph(name="cluster_legend") as legend:
        legend.attr(label="fill: |grad|", style="rounded", color="#888888", rank="same")
        entries = [(text, colour) for text, colour in legend_entries() if colour in colours]
        for i, (text, colour) in enumerate(entries):
            legend.node(
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
    names: bool = False,
    grads: Mapping[Value, float] | None = None,
    legend: bool = True,
    max_nodes: int | None = MAX_NODES,
) -> Drawing:
    """The graph under `root`: edges run from operands through op nodes to results.

    Args:
        root: the output Value; every node it depends on is drawn.
        show_grad: show `.grad` and colour each box by |grad| (see `GRAD_SCALE` and the legend).
        rankdir: Graphviz direction, "LR" (left to right) or "TB" (top to bottom).
        digits: significant digits of data and grad.
        groups: {Value: group name}; each group is drawn as one labelled cluster (e.g. the
            parameters of one layer).
        names: name unlabelled Values by their id (v0, v1, ...), as the step-through page does.
        grads: {Value: gradient} to show instead of `.grad` (the step-through page's fresh pass).
        legend: draw the colour legend (when `show_grad`).
        max_nodes: refuse larger graphs early with ValueError (None: no limit).
    """
    order = topological_order(root)
    check_size(order, max_nodes)
    dot = Drawing(
        "autograd_mini",
        graph_attr={"rankdir": rankdir, "fontname": FONT},
        node_attr={"fontname": FONT, "fontsize": "11"},
        edge_attr={"fontname": FONT, "fontsize": "9", "color": "#555555"},
    )
    if drawn_nodes(order) > QUICK_LAYOUT_NODES:
        dot.graph_attr.update(QUICK_LAYOUT)
    clusters: dict[str, graphviz.Digraph] = {}
    fills: set[str] = set()
    index = {value: i for i, value in enumerate(order)}
    for i, value in enumerate(order):
        group = groups.get(value) if groups else None
        if group is None:
            where = dot
        else:
            if group not in clusters:
                clusters[group] = graphviz.Digraph(f"cluster_{len(clusters)}")
                clusters[group].attr(label=group, style="rounded,dashed", color="#888888")
            where = clusters[group]
        vid = node_id(i)
        grad = grads[value] if grads is not None else value.grad
        name = node_name(value, i) if names else value.label
        if value.is_constant:
            fill = CONSTANT_COLOUR
        else:
            fill = grad_colour(grad) if show_grad else ZERO_GRAD_COLOUR
        fills.add(fill)
        label = value_label(value, name, grad if show_grad else None, digits, rankdir)
        shape = "box" if value.is_constant else "record"
        where.node(vid, label, id=vid, shape=shape, style="filled", fillcolor=fill, height="0.3")
        if not value.parents:
            continue
        where.node(
            f"{vid}_op", value.op, id=f"{vid}_op", shape="circle", fontsize="10", width="0.3"
        )
        where.edge(f"{vid}_op", vid)
        # Operands are named a and b, as in the op table's formulas (ops take one or two).
        for role, parent in zip("ab", value.parents, strict=False):
            label = role if len(value.parents) > 1 else ""
            dot.edge(node_id(index[parent]), f"{vid}_op", headlabel=label, labeldistance="1.8")
    for cluster in clusters.values():
        dot.subgraph(cluster)
    if show_grad and legend:
        add_legend(dot, fills, after=node_id(len(order) - 1))
    return dot
