"""The step-through page's script: one step per node, forward (values) and backward (chain rule)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd_mini import Value, grad
from autograd_mini.viz.card import SummaryTable, summary_step
from autograd_mini.viz.chain import contribution, local_derivative
from autograd_mini.viz.deltas import LOSSES, delta_lines, loss_kind
from autograd_mini.viz.formulas import formula_text, parenthesize, typeset
from autograd_mini.viz.look import GradColours, format_number
from autograd_mini.viz.names import node_names, owner

Step = dict[str, Any]
"""{"node": index, "operands": [index], "title": str, "lines": [str], "changes": [...]}.

`changes` lists [index, "data ..." or "grad ...", fill colour] to apply to the drawing, and for
a gradient whether it is final (all the node's users have added to it). "flow": True lights
the edges of the step's op.
"""


def fresh_gradients(order: list[Value]) -> list[float]:
    """Gradients d root / d node for each node of `order` (root last), by the engine's `grad`."""
    values = [value for value in order if not value.is_constant]
    adjoints = iter(g.data for g in grad(order[-1], values))
    return [0.0 if value.is_constant else next(adjoints) for value in order]


def backward_steps(
    order: list[Value],
    digits: int = 4,
    colours: str = "signed",
    summary: Sequence[SummaryTable] = (),
) -> tuple[list[Step], list[float]]:
    """Seed the root's grad with 1, one chain-rule step per op node in reverse order, a summary.

    The summary card shows every input's gradient, then the `summary` tables. Also returns
    d root / d node for each node of `order` (a fresh pass, whatever `.grad` holds), which the
    engine computes; the steps write out its terms.
    """
    final = fresh_gradients(order)
    scale = GradColours.for_inputs(colours, order, final)
    index = {value: i for i, value in enumerate(order)}
    shown = node_names(order, digits)
    names = [owner(name) for name in shown]
    users: dict[int, list[int]] = {}
    for i, value in enumerate(order):
        for parent in value.parents:
            users.setdefault(index[parent], []).append(i)

    def show(x: float) -> str:
        return format_number(x, digits)

    root = len(order) - 1
    steps: list[Step] = [
        {
            "node": root,
            "operands": [],
            "title": f"Seed: {names[root]}.grad = 1",
            "lines": [f"d{names[root]}/d{names[root]} = 1: the backward pass starts here"],
            "changes": [[root, "grad 1", scale.fill(1.0), True]],
        }
    ]
    loss = loss_kind(order[root])
    if loss:
        steps[0]["lines"].append(f"the page differentiates {LOSSES[loss]}")
    so_far = [0.0] * len(order)  # each gradient as the steps have added it up
    so_far[root] = 1.0
    added = [0] * len(order)  # how many of each node's users have added to its gradient
    for i in reversed(range(len(order))):
        value = order[i]
        if not value.parents:
            continue
        out = names[i]
        lines = [f"{out}.grad = {show(final[i])}: the upstream gradient"]
        if value.label:
            lines[0] = f"{defining(value, shown[i], names, index)}, {lines[0]}"
        lines += delta_lines(i, order, names, users.get(i, []), final, digits)
        changes = []
        quiz = []  # one question per gradient this step changes, for quiz mode
        for k, parent in enumerate(value.parents):
            j = index[parent]
            if parent.is_constant:  # its derivative is not computed (it may not be defined)
                lines.append(f"the constant {names[j]} gets no gradient")
                continue
            local_text, local = local_derivative(value, k, names, index, digits)
            so_far[j] += local * final[i]
            added[j] += 1
            done = added[j] == len(users[j])
            count = f"contribution {added[j]} of {len(users[j])}" if len(users[j]) > 1 else ""
            total = f"{names[j]}.grad = {show(so_far[j])}"
            lines += [
                f"local: {local_text}",
                contribution(names[j], final[i], local, digits)
                + (f": {count}" if count else "")
                + (f" → final {total}" if done else f", so far {total}"),
            ]
            changes.append([j, f"grad {show(so_far[j])}", scale.fill(so_far[j]), done])
            quiz.append(
                {
                    "question": f"{names[j]}.grad is now?"
                    + (f" (it was {show(so_far[j] - local * final[i])})" if added[j] > 1 else ""),
                    "answer": so_far[j],
                    "hints": [
                        f"local: {local_text}",
                        f"upstream: {out}.grad = {show(final[i])}; add upstream × local",
                    ],
                }
            )
        steps.append(
            {
                "node": i,
                "operands": [index[parent] for parent in value.parents],
                "title": f"Chain rule through {defining(value, shown[i], names, index)}",
                "lines": lines,
                "changes": changes,
                "flow": True,  # the page lights the edges into and out of the op
                "quiz": quiz,
            }
        )
    steps.append(summary_step(order, names, final, digits, summary))
    return steps, final


def forward_steps(order: list[Value], digits: int = 4) -> list[Step]:
    """One step per node, input to output (see `evaluation_order`), each showing its value."""
    index = {value: i for i, value in enumerate(order)}
    shown = node_names(order, digits)
    names = [owner(name) for name in shown]
    steps: list[Step] = []
    for i in evaluation_order(order, index):
        value = order[i]
        data = format_number(value.data, digits)
        if value.is_constant:
            title, lines, text = f"Constant {data}", ["a number in the expression"], data
        elif not value.parents:
            title, lines, text = (
                f"Input {names[i]} = {data}",
                ["a leaf: set by you"],
                f"data {data}",
            )
        else:
            numbers = [parenthesize(format_number(p.data, digits)) for p in value.parents]
            title = f"Compute {defining(value, shown[i], names, index)}"
            lines = [f"{shown[i]} = {typeset(formula_text(value.op, numbers))} = {data}"]
            text = f"data {data}"
        steps.append(
            {
                "node": i,
                "operands": [index[parent] for parent in value.parents],
                "title": title,
                "lines": lines,
                "changes": [[i, text, ""]],
            }
        )
    return steps


def evaluation_order(order: list[Value], index: dict[Value, int]) -> list[int]:
    """Indices into `order`, layer by layer: ops by depth, leaves just before their first use.

    An op's depth is its longest path from an input, so a network's forward pass goes input to
    output, one layer after the other.
    """
    depth = [0] * len(order)
    for i, value in enumerate(order):
        if value.parents:
            depth[i] = 1 + max(depth[index[parent]] for parent in value.parents)
    result: list[int] = []
    placed = [False] * len(order)
    for i in sorted((i for i in range(len(order)) if order[i].parents), key=lambda i: depth[i]):
        for parent in order[i].parents:
            j = index[parent]
            if not placed[j] and not parent.parents:
                placed[j] = True
                result.append(j)
        result.append(i)
    return result or [0]


def expression(value: Value, names: list[str], index: dict[Value, int]) -> str:
    """`value`'s op applied to its operands' names, e.g. "x × w" or "tanh(n)"."""
    return typeset(formula_text(value.op, [names[index[parent]] for parent in value.parents]))


def defining(value: Value, name: str, names: list[str], index: dict[Value, int]) -> str:
    """A labelled node's name = its op on its operands; an unlabelled one's name is that already."""
    return f"{name} = {expression(value, names, index)}" if value.label else name
