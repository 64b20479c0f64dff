"""The op table's formulas written out for people: names or numbers in place of a, b and out."""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable

_OPERAND = re.compile(r"\b(a|b|out)\b")
_SIMPLE = re.compile(r"-?[\w.]+(e[+-]\d+)?|\(-[\w.]+(e[+-]\d+)?\)")
_COMPARE: dict[type[ast.cmpop], Callable[[float, float], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


def substitute(formula: str, names: dict[str, str]) -> str:
    """`formula` (in a, b, out) with each of those words replaced from `names`."""
    return _OPERAND.sub(lambda match: names[match.group(1)], formula)


def branch(formula: str, values: dict[str, float]) -> str:
    """The branch of `x if test else y` that `values` of a, b, out take; other formulas as is.

    Only a comparison of an operand with a number is decided (`b == 0`, `a > 0`), which is
    what the op table's derivative rules use; anything else is left whole.
    """
    tree = ast.parse(formula, mode="eval").body
    if not isinstance(tree, ast.IfExp):
        return formula
    test = tree.test
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return formula
    sides = [test.left, test.comparators[0]]
    numbers = []
    for side in sides:
        if isinstance(side, ast.Name) and side.id in values:
            numbers.append(values[side.id])
        elif isinstance(side, ast.Constant) and isinstance(side.value, int | float):
            numbers.append(float(side.value))
        else:
            return formula
    compare = _COMPARE.get(type(test.ops[0]))
    if compare is None:
        return formula
    return ast.unparse(tree.body if compare(*numbers) else tree.orelse)


def wrap(text: str) -> str:
    """`text` in parentheses unless it is a single name or (parenthesised) number."""
    return text if _SIMPLE.fullmatch(text) else f"({text})"


def parenthesize(number: str) -> str:
    """A negative number in parentheses, so that it reads right inside a formula."""
    return f"({number})" if number.startswith("-") else number


def formula_text(op: str, operands: list[str]) -> str:
    """`a op b` for two operands, `op(a)` for one."""
    if len(operands) == 2:
        return f"{operands[0]} {op} {operands[1]}"
    return f"{op}({', '.join(operands)})"
