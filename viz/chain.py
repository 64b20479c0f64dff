"""The chain rule along one edge, written out: the local derivative, then upstream × local."""

from __future__ import annotations

from autograd_mini import Value
from autograd_mini.ops import OPS
from autograd_mini.viz.formulas import branch, fold, parenthesize, reason, substitute, typeset
from autograd_mini.viz.look import format_number


def local_derivative(
    value: Value, k: int, names: list[str], index: dict[Value, int], digits: int = 4
) -> tuple[str, float]:
    """`∂out/∂a = formula = numbers = value` for operand `k` of `value`'s op, and the value.

    The formula is the op table's, of "x if test else y" only the branch taken (with the reason,
    e.g. `as a = -2 ≤ 0`), constant operands worked in (`3 × x²`, not `3 × x^(3 - 1)`).
    """
    rule, parents = OPS[value.op], value.parents
    local = rule.grads[k](*(parent.data for parent in parents), value.data)

    def number(x: float) -> str:
        return parenthesize(format_number(x, digits))

    symbols = {"out": names[index[value]]}
    numbers = {"out": number(value.data)}
    values = {"out": value.data}
    constants = {}
    for role, parent in zip("ab", parents, strict=False):  # named as in `Op.derivatives`
        symbols[role] = names[index[parent]]
        numbers[role] = number(parent.data)
        values[role] = parent.data
        if parent.is_constant:
            constants[role] = parent.data
    whole = rule.derivatives["ab"[k]]
    formula = fold(branch(whole, values), constants, digits)
    shown = format_number(local, digits)
    texts = [typeset(substitute(formula, symbols)), typeset(substitute(formula, numbers)), shown]
    if texts[1] in (shown, number(local)):  # nothing to work out: "x = -2"
        texts.pop(1)
    if texts[0] == texts[-1]:  # a number already: "1"
        texts.pop()
    text = f"∂{symbols['out']}/∂{symbols['ab'[k]]} = {' = '.join(texts)}"
    why = reason(whole, values, digits)
    if why and why.split(" ")[0] not in constants:  # "a = -2 ≤ 0", on a Value only
        text += f", as {substitute(why, symbols)}"
    return text, local


def contribution(operand: str, upstream: float, local: float, digits: int = 4) -> str:
    """`x.grad += upstream × local = (-0.5) × 2 = -1`: what one user adds to `operand`'s grad."""

    def number(x: float) -> str:
        return parenthesize(format_number(x, digits))

    return (
        f"{operand}.grad += upstream × local = {number(upstream)} × {number(local)}"
        f" = {format_number(local * upstream, digits)}"
    )
