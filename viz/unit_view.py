"""The page's neuron view: a drawing with one node per unit (see units.py), and its steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import graphviz

from autograd_mini import Value
from autograd_mini.viz.look import FONT, GradColours, record_text, stack
from autograd_mini.viz.names import inner_name, name_lines
from autograd_mini.viz.render import render_svg
from autograd_mini.viz.sketches import Sketches, dot_source
from autograd_mini.viz.unit_deltas import UnitDeltas
from autograd_mini.viz.unit_insides import MAX_INSIDES, inside_svg
from autograd_mini.viz.units import group_edges, neuron_groups

COMPACT = {"nodesep": "0.3", "ranksep": "0.3"}
"""Gaps between nodes, in inches: the exercise's four rows fit a phone's pane at readable size."""

TOOLTIPS = {
    "input": "{}: an input",
    "unit": "{}: one unit, its weighted sum and activation",
    "loss": "{}: the loss",
    "node": "{}",
}


def unit_view(
    order: list[Value],
    names: list[str],
    final: list[float],
    scale: GradColours,
    digits: int = 4,
    offset: int = 0,
    render: Callable[[str], str] = render_svg,
    sketches: Sketches | None = None,
) -> tuple[str, dict[str, Any]] | None:
    """The neuron view's SVG and its page data (node ids, tooltips, steps); None without units.

    Its nodes are numbered on the page from `offset` on, after the op view's; `render` lays
    out its drawings (from the `sketches`' templates, if given).
    """
    groups = neuron_groups(order, names)
    if not groups:
        return None
    steps = UnitDeltas(order, names, groups, final, scale, digits, offset)
    looks = []
    for group in groups:
        value = order[group.shown]
        if group.unit:
            last, fill = f"δ {steps.show(steps.delta(group.unit))}", final[group.unit.pre]
        elif group.kind == "input":
            fill = steps.input_grad(group)
            last = f"grad {steps.show(fill)}"
        else:
            last, fill = f"grad {steps.show(final[group.shown])}", final[group.shown]
        name = "\\n".join(record_text(line) for line in name_lines(group.name))
        looks += [stack([name, f"data {steps.show(value.data)}", last], "TB"), scale.fill(fill)]
    edges = group_edges(order, groups)
    source = dot_source(
        ("units", len(groups), tuple(edges)),
        looks,
        lambda marked: units_dot(marked, edges),
        sketches,
    )
    units = [g for g, group in enumerate(groups) if group.unit]
    tooltips = [TOOLTIPS[group.kind].format(group.name) for group in groups]
    if len(units) <= MAX_INSIDES:
        for g in units:
            tooltips[g] += " (click it to see its ops)"
    data: dict[str, Any] = {
        "ids": [f"u{g}" for g in range(len(groups))],
        "tooltips": tooltips,
        # Each op-view node's node in this view, so that U keeps the learner's place.
        "unitOf": [offset + steps.group_of[i] for i in range(len(order))],
        "forward": steps.forward(),
        "backward": steps.backward(),
    }
    if len(units) <= MAX_INSIDES:
        inner = [inner_name(value, name) for value, name in zip(order, names, strict=True)]
        outside = {i: steps.name(i) for i in range(len(order))}
        data["insides"] = {
            g: inside_svg(
                g, groups[g], order, inner, outside, final, scale, digits, render, sketches
            )
            for g in units
        }
    return render(source), data


def units_dot(looks: list[str], edges: list[tuple[int, int]]) -> str:
    """The neuron view's DOT: a box per group with its `looks` (label, fill), and the `edges`."""
    # Top to bottom, inputs first: a layer of units is a row, which a phone's width can hold.
    dot = graphviz.Digraph(
        "units",
        graph_attr={"rankdir": "TB", "fontname": FONT, "id": "units"} | COMPACT,
        node_attr={"fontname": FONT, "fontsize": "11"},
        edge_attr={"color": "#555555"},
    )
    for g in range(len(looks) // 2):
        label, colour = looks[2 * g], looks[2 * g + 1]
        dot.node(f"u{g}", label, id=f"u{g}", shape="record", style="filled", fillcolor=colour)
    for a, b in edges:
        dot.edge(f"u{a}", f"u{b}", id=f"u{a}-u{b}")
    source: str = dot.source  # graphviz is untyped
    return source
