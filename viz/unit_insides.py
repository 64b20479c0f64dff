"""What a unit of the neuron view holds, drawn: its products, sums and activation, as op nodes."""

from __future__ import annotations

from collections.abc import Callable

import graphviz

from autograd_mini import Value
from autograd_mini.viz.dot import value_label
from autograd_mini.viz.formulas import formula_text, typeset
from autograd_mini.viz.look import CONSTANT_COLOUR, FONT, GradColours, dot_text, record_text
from autograd_mini.viz.render import render_svg
from autograd_mini.viz.units import Group

MAX_NAME = 24
"""A labelled op's box says its op (h[0] = sigmoid(a1[0])) when that is at most this long."""

MAX_INSIDES = 16
"""Past this many units a page draws no insides: a 2-16-16-1 MLP's 33 added 1.6 MB to its
3.5 MB page (the exercise's 3 add 50 KB)."""


def inside_svg(
    g: int,
    group: Group,
    order: list[Value],
    names: list[str],
    source_names: dict[int, str],
    final: list[float],
    scale: GradColours,
    digits: int = 4,
    render: Callable[[str], str] = render_svg,
) -> str:
    """SVG of group `g`'s Values, fed by its sources (named as the neuron view names them).

    Each box is one op's result, its name saying the op (x[0]×w[0][0], h[0] = sigmoid(a1[0])):
    without the op view's circles a unit is half as tall, and fits a phone at readable size.
    Its ids start with "i{g}-", so that several can sit in one page beside the op view's.
    """
    index = {value: i for i, value in enumerate(order)}
    members = set(group.members)
    dot = graphviz.Digraph(
        f"inside{g}",
        graph_attr={
            "rankdir": "TB",
            "fontname": FONT,
            "id": f"inside{g}",
            "label": dot_text(f"inside {group.name}: its ops"),  # the page: at this step
            "labelloc": "t",
            "nodesep": "0.2",
            "ranksep": "0.25",
        },
        node_attr={"fontname": FONT, "fontsize": "11"},
        edge_attr={"color": "#555555"},
    )
    for i in sorted(members):
        value = order[i]
        vid = f"i{g}-v{i}"
        fill = CONSTANT_COLOUR if value.is_constant else scale.fill(final[i])
        label = value_label(value, box_name(value, names[i], names, index), final[i], digits, "TB")
        shape = "box" if value.is_constant else "record"
        dot.node(vid, label, id=vid, shape=shape, style="filled", fillcolor=fill, height="0.3")
        for role, parent in zip("ab", value.parents, strict=False):
            j = index[parent]
            start = f"i{g}-v{j}" if j in members else f"i{g}-in{j}"
            if j not in members:  # what flows in, by the name of its node in the neuron view
                text = record_text(source_names[j])
                dot.node(start, text, id=start, shape="plaintext")
            dot.edge(start, vid, id=f"{vid}_{role}")
    svg = render(dot.source)
    return svg[svg.index("<svg") :]


def box_name(value: Value, name: str, names: list[str], index: dict[Value, int]) -> str:
    """A box's name; for a labelled op, with its op when short: "h[0] = sigmoid(a1[0])"."""
    if not value.label or not value.parents:
        return name
    text = f"{name} = {typeset(formula_text(value.op, [names[index[p]] for p in value.parents]))}"
    return text if len(text) <= MAX_NAME else name
