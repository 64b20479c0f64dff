"""The step-through page's script: one step per node, forward (values) and backward (chain rule)."""

from __future__ import annotations

import re
from typing import Any

from autograd_mini import Value
from autograd_mini.ops import OPS
from autograd_mini.viz.dot import format_number, grad_colour, node_name

Step = dict[str, Any]
"""{"node": index, "operands": [index], "title": str, "lines": [str], "changes": [...]}.

`changes` lists [index, "data ..." or "grad ...", fill colour] to apply to the drawing.
"""

_OPERAND = re.compile(r"\b(a|b|out)\b")
_SIMPLE = re.compile(r"-?[\w.]+(e[+-]\d+)?|\(-[\w.]+(e[+-]\d+)?\)")


def substitute(formula: str, names: dict[str, str]) -> str:
    """`formula` (in a, b, out) with each of those words replaced from `names`."""
    return _OPERAND.sub(lambda match: names[match.group(1)], formula)


def wrap(text: str) -> str:
    """`text` in parentheses unless it is a single name or (parenthesised) number."""
    return text if _SIMPLE.fullmatch(text) else f"({text})"


def display_names(order: list[Value], digits: int) -> list[str]:
    """What the page calls each node: its label, else its id (v0, v1, ...); constants by value."""
    return [
        format_number(value.data, digits) if value.is_constant else node_name(value, i)
        for i, value in enumerate(order)
    ]


def backward_steps(order: list[Value], digits: int = 4) -> tuple[list[Step], list[float]]:
    """Seed the root's grad with 1, then one chain-rule step per op node in reverse order.

    Also returns d root / d node for each node of `order`: a fresh pass, whatever `.grad` holds.
    """
    index = {value: i for i, value in enumerate(order)}
    names = display_names(order, digits)

    def show(x: float) -> str:
        return format_number(x, digits)

    def number(x: float) -> str:
        return parenthesize(show(x))

    root = len(order) - 1
    steps: list[Step] = [
        {
            "node": root,
            "operands": [],
            "title": f"Seed: {names[root]}.grad = 1",
            "lines": [f"d{names[root]}/d{names[root]} = 1: the backward pass starts here"],
            "changes": [[root, "grad 1", grad_colour(1.0)]],
        }
    ]
    adjoints = [0.0] * len(order)
    adjoints[root] = 1.0
    for i in reversed(range(len(order))):
        value = order[i]
        if not value.parents:
            continue
        out, parents = names[i], value.parents
        rule = OPS[value.op]
        datas = [parent.data for parent in parents]
        local_grads = [  # a constant's derivative is not computed (it may not be defined)
            0.0 if parent.is_constant else d_operand(*datas, value.data)
            for parent, d_operand in zip(parents, rule.grads, strict=True)
        ]
        symbols = {"out": f"{out}.data"}
        numbers = {"out": number(value.data)}
        for role, parent in zip("ab", parents, strict=False):  # named as in `Op.formulas`
            name = names[index[parent]]
            symbols[role] = name if parent.is_constant else f"{name}.data"
            numbers[role] = number(parent.data)
        lines = [f"{out} = {expression(value, names, index)}, {out}.grad = {show(adjoints[i])}"]
        changes = []
        for parent, formula, local in zip(parents, rule.formulas, local_grads, strict=True):
            j = index[parent]
            adjoints[j] += local * adjoints[i]
            if parent.is_constant:
                lines.append(f"the constant {names[j]} gets no gradient")
                continue
            lines.append(
                f"{names[j]}.grad += {wrap(substitute(formula, symbols))} * {out}.grad"
                f" = {wrap(substitute(formula, numbers))} * {number(adjoints[i])}"
                f" = {show(local * adjoints[i])}, so {names[j]}.grad = {show(adjoints[j])}"
            )
            changes.append([j, f"grad {show(adjoints[j])}", grad_colour(adjoints[j])])
        steps.append(
            {
                "node": i,
                "operands": [index[parent] for parent in parents],
                "title": f"Chain rule through {out} = {expression(value, names, index)}",
                "lines": lines,
                "changes": changes,
            }
        )
    return steps, adjoints


def forward_steps(order: list[Value], digits: int = 4) -> list[Step]:
    """One step per node in evaluation order: inputs first, each op once its operands exist."""
    index = {value: i for i, value in enumerate(order)}
    names = display_names(order, digits)
    steps: list[Step] = []
    for i, value in enumerate(order):
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
            title = f"Compute {names[i]} = {expression(value, names, index)}"
            lines = [f"{names[i]} = {formula_text(value.op, numbers)} = {data}"]
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


def parenthesize(number: str) -> str:
    """A negative number in parentheses, so that it reads right inside a formula."""
    return f"({number})" if number.startswith("-") else number


def expression(value: Value, names: list[str], index: dict[Value, int]) -> str:
    """`value`'s op applied to its operands' names, e.g. "x * w" or "tanh(n)"."""
    return formula_text(value.op, [names[index[parent]] for parent in value.parents])


def formula_text(op: str, operands: list[str]) -> str:
    """`a op b` for two operands, `op(a)` for one."""
    if len(operands) == 2:
        return f"{operands[0]} {op} {operands[1]}"
    return f"{op}({', '.join(operands)})"
