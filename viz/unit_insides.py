"""What a unit of the neuron view holds, drawn: its products, sums and activation, as op nodes."""

from __future__ import annotations

from collections.abc import Callable

import graphviz

from autograd_mini import Value
from autograd_mini.viz.dot import value_label
from autograd_mini.viz.formulas import formula_text, typeset
from autograd_mini.viz.look import CONSTANT_COLOUR, FONT, GradColours, dot_text, record_text
from autograd_mini.viz.render import render_svg
from autograd_mini.viz.sketches import Sketches, dot_source
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
    sketches: Sketches | None = None,
) -> str:
    """SVG of group `g`'s Values, fed by its sources (named as the neuron view names them).

    Each box is one op's result, its name saying the op (x[0]×w[0][0], h[0] = sigmoid(a1[0])):
    without the op view's circles a unit is half as tall, and fits a phone at readable size.
    Its ids start with "i{g}-", so that several can sit in one page beside the op view's.
    `render` lays it out (from the `sketches`' template, if given).
    """
    index = {value: i for i, value in enumerate(order)}
    members = set(group.members)
    # Each box: its operands, by index and whether inside the group (else a source's name).
    boxes = tuple(
        (i, order[i].is_constant, tuple((index[p], index[p] in members) for p in order[i].parents))
        for i in sorted(members)
    )
    looks = []
    for i, is_constant, operands in boxes:
        value = order[i]
        fill = CONSTANT_COLOUR if is_constant else scale.fill(final[i])
        label = value_label(value, box_name(value, names[i], names, index), final[i], digits, "TB")
        looks += [label, fill]
        looks += [record_text(source_names[j]) for j, inside in operands if not inside]
    key = ("inside", g, group.name, boxes)
    svg = render(
        dot_source(key, looks, lambda marked: inside_dot(g, group, boxes, marked), sketches)
    )
    return svg[svg.index("<svg") :]


Boxes = tuple[tuple[int, bool, tuple[tuple[int, bool], ...]], ...]
"""A unit's boxes: each Value's index, whether a constant, its operands (index, inside)."""


def inside_dot(g: int, group: Group, boxes: Boxes, looks: list[str]) -> str:
    """The DOT of group `g`'s `boxes` (inside_svg's), with their `looks` in turn."""
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
    look = iter(looks)
    for i, is_constant, operands in boxes:
        vid = f"i{g}-v{i}"
        label, fill = next(look), next(look)
        shape = "box" if is_constant else "record"
        dot.node(vid, label, id=vid, shape=shape, style="filled", fillcolor=fill, height="0.3")
        for role, (j, inside) in zip("ab", operands, strict=False):
            start = f"i{g}-v{j}" if inside else f"i{g}-in{j}"
            if not inside:  # what flows in, by the name of its node in the neuron view
                dot.node(start, next(look), id=start, shape="plaintext")
            dot.edge(start, vid, id=f"{vid}_{role}")
    source: str = dot.source  # graphviz is untyped
    return source


def box_name(value: Value, name: str, names: list[str], index: dict[Value, int]) -> str:
    """A box's name; for a labelled op, with its op when short: "h[0] = sigmoid(a1[0])"."""
    if not value.label or not value.parents:
        return name
    text = f"{name} = {typeset(formula_text(value.op, [names[index[p]] for p in value.parents]))}"
    return text if len(text) <= MAX_NAME else name
