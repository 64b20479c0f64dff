"""`draw_summary`: a graph too large to draw node by node, as one box per group (e.g. per layer)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from autograd_mini import Value, topological_order
from autograd_mini.viz.dot import Drawing
from autograd_mini.viz.look import FONT, GradColours, format_number, record_text, stack
from autograd_mini.viz.names import op_symbol

INPUTS = "inputs"
"""The block of leaves outside `groups`, and of ops computed from those alone."""


def assign_blocks(order: list[Value], groups: Mapping[Value, str] | None) -> dict[Value, str]:
    """The block of every non-constant node of `order` (parents before children).

    With `groups`, a grouped node is in its group; an ungrouped op joins the latest group (in
    the mapping's order) among its operands' blocks, so an MLP's ops land in the layer whose
    parameters they use last; ungrouped leaves are INPUTS. Without `groups`, one block per op.
    """
    rank = {name: i for i, name in enumerate(dict.fromkeys(groups.values()))} if groups else {}
    blocks: dict[Value, str] = {}
    for value in order:
        if value.is_constant:
            continue
        if groups and value in groups:
            blocks[value] = groups[value]
        elif not value.parents:
            blocks[value] = INPUTS
        elif groups:
            operand_blocks = [blocks[p] for p in value.parents if p in blocks]
            blocks[value] = max(operand_blocks, key=lambda b: rank.get(b, -1), default=INPUTS)
        else:
            blocks[value] = f"op {op_symbol(value.op)}"
    return blocks


def draw_summary(
    root: Value,
    groups: Mapping[Value, str] | None = None,
    *,
    rankdir: str = "LR",
    digits: int = 4,
    colours: str = "signed",
) -> Drawing:
    """One box per block (see `assign_blocks`) and the root; constants are left out.

    Each box gives its node count, its ops and the largest |grad| among its leaves (its
    parameters), filled by that (`colours` as in `draw`); an edge's label counts the operand
    links it stands for.
    """
    order = topological_order(root)
    blocks = assign_blocks(order, groups)
    members: dict[str, list[Value]] = {}
    for value, block in blocks.items():
        if value is not root:
            members.setdefault(block, []).append(value)
    links: Counter[tuple[str, str]] = Counter()
    for value in order:
        for parent in value.parents:
            if parent in blocks:
                head = "root" if value is root else blocks[value]
                if blocks[parent] != head:
                    links[blocks[parent], head] += 1

    dot: Drawing = Drawing(  # annotated: see `draw`
        "autograd_mini_summary",
        graph_attr={"rankdir": rankdir, "fontname": FONT},
        node_attr={"fontname": FONT, "fontsize": "11", "shape": "record", "style": "filled"},
        edge_attr={"fontname": FONT, "fontsize": "9", "color": "#555555"},
    )
    largest_grads = {}  # the leaf gradient of largest size per block, with its sign
    for block, values in members.items():
        leaves = [value for value in values if not value.parents] or values
        largest_grads[block] = max((value.grad for value in leaves), key=abs)
    scale = GradColours.for_grads(colours, [*largest_grads.values(), root.grad])
    for i, (block, values) in enumerate(members.items()):
        largest = largest_grads[block]
        ops = Counter(op_symbol(value.op) for value in values if value.op)
        fields = [
            record_text(block),
            f"{len(values):,} nodes, {sum(not value.parents for value in values):,} leaves",
        ]
        if ops:
            fields.append(record_text(", ".join(f"{n:,} {op}" for op, n in ops.most_common())))
        fields.append(record_text(f"largest leaf grad {format_number(largest, digits)}"))
        dot.node(f"block{i}", stack(fields, rankdir), id=f"block{i}", fillcolor=scale.fill(largest))
    names = {block: f"block{i}" for i, block in enumerate(members)}
    names["root"] = "root"
    root_fields = [record_text(root.label)] if root.label else []
    root_fields += [
        f"data {format_number(root.data, digits)}",
        f"grad {format_number(root.grad, digits)}",
    ]
    dot.node("root", stack(root_fields, rankdir), id="root", fillcolor=scale.fill(root.grad))
    for (tail, head), count in links.items():
        dot.edge(names[tail], names[head], label=f"{count:,}")
    return dot
