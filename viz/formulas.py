"""The op table's formulas written out for people: names or numbers in place of a, b and out."""

from __future__ import annotations

import ast
import functools
import operator
import re
from collections.abc import Callable

from autograd_mini.viz.look import format_number
from autograd_mini.viz.names import SYMBOLS, balanced, power_text

_OPERAND = re.compile(r"\b(a|b|out)\b")
_SIMPLE = re.compile(r"-?[\w.]+(e[+-]\d+)?|\(-[\w.]+(e[+-]\d+)?\)")
_POWER = re.compile(r" ?\*\* ?(-?\d+|\(-\d+\))(?![\w.])")  # a whole power: x ** 2, out**2
_OPERATOR = re.compile(r" ?(\*\*?) ?")  # tight as the op table writes a**b, or spaced
_COMPARE: dict[type[ast.cmpop], Callable[[float, float], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


_SYMBOLS: dict[type[ast.cmpop], tuple[str, str]] = {  # (holds, fails)
    ast.Eq: ("=", "≠"),
    ast.NotEq: ("≠", "="),
    ast.Lt: ("<", "≥"),
    ast.LtE: ("≤", ">"),
    ast.Gt: (">", "≤"),
    ast.GtE: ("≥", "<"),
}


def substitute(formula: str, names: dict[str, str]) -> str:
    """`formula` (in a, b, out) with each of those words replaced from `names`."""
    return _OPERAND.sub(lambda match: names[match.group(1)], formula)


@functools.lru_cache(maxsize=1024)
def parsed(formula: str) -> ast.expr:
    """`formula`'s tree, parsed once: a page asks about the same few formulas at every node.

    Shared between callers, so never changed (`fold` parses its own copy to transform).
    """
    return ast.parse(formula, mode="eval").body


def decide(formula: str, values: dict[str, float]) -> tuple[ast.IfExp, bool] | None:
    """For `x if test else y` whose test compares an operand with a number: the tree and the test.

    That is what the op table's derivative rules use (`b == 0`, `a > 0`); None for anything else.
    """
    tree = parsed(formula)
    if not isinstance(tree, ast.IfExp):
        return None
    test = tree.test
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    numbers = []
    for side in [test.left, test.comparators[0]]:
        if isinstance(side, ast.Name) and side.id in values:
            numbers.append(values[side.id])
        elif isinstance(side, ast.Constant) and isinstance(side.value, int | float):
            numbers.append(float(side.value))
        else:
            return None
    compare = _COMPARE.get(type(test.ops[0]))
    if compare is None:
        return None
    return tree, compare(*numbers)


def branch(formula: str, values: dict[str, float]) -> str:
    """The branch of `x if test else y` that `values` of a, b, out take; other formulas as is."""
    decided = decide(formula, values)
    if decided is None:
        return formula
    tree, taken = decided
    return ast.unparse(tree.body if taken else tree.orelse)


def reason(formula: str, values: dict[str, float], digits: int = 4) -> str | None:
    """Why `branch` took its branch, in a, b, out: "a = -2 <= 0" for relu at -2; else None."""
    decided = decide(formula, values)
    if decided is None:
        return None
    tree, taken = decided
    test = tree.test
    assert isinstance(test, ast.Compare)  # decide checked it
    left, right = ast.unparse(test.left), ast.unparse(test.comparators[0])
    symbol = _SYMBOLS[type(test.ops[0])][0 if taken else 1]
    value = format_number(values[left], digits) if left in values else left
    return f"{left} = {value} {symbol} {right}" if left in values else f"{left} {symbol} {right}"


_ARITHMETIC: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
}


class _Fold(ast.NodeTransformer):
    """Operands given as numbers written in, and +, -, * of two numbers worked out."""

    def __init__(self, numbers: dict[str, float]) -> None:
        self.numbers = numbers

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if node.id not in self.numbers:
            return node
        number = self.numbers[node.id]
        return ast.Constant(int(number) if number.is_integer() else number)

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        self.generic_visit(node)
        left, right = node.left, node.right
        numbers = [
            float(side.value)
            for side in (left, right)
            if isinstance(side, ast.Constant) and isinstance(side.value, int | float)
        ]
        work = _ARITHMETIC.get(type(node.op))
        if work and len(numbers) == 2:
            result = work(numbers[0], numbers[1])
            return ast.Constant(int(result) if result.is_integer() else result)
        one = [isinstance(side, ast.Constant) and side.value == 1 for side in (left, right)]
        if isinstance(node.op, ast.Pow | ast.Mult) and one[1]:  # a**1 and a*1 are a
            return left
        if isinstance(node.op, ast.Mult) and one[0]:
            return right
        return node


class _Written(ast.NodeTransformer):
    """Each number as the pages write numbers (0.3333, 1.235e-4), not as Python's repr."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def visit_Constant(self, node: ast.Constant) -> ast.expr:
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            return node
        return ast.Name(format_number(node.value, self.digits))  # unparse writes a Name as is


def fold(formula: str, numbers: dict[str, float], digits: int = 4) -> str:
    """`formula` with the operands in `numbers` written as numbers, worked out where it can be.

    For a constant exponent: d(a**b)/da = b * a**(b - 1) at b = 2 is "2 * a", not
    "2 * a**(2 - 1)"; at b = 1/3, "0.3333 * a ** -0.6667" (numbers to `digits`).
    """
    return folded(formula, tuple(sorted(numbers.items())), digits)


@functools.lru_cache(maxsize=1024)
def folded(formula: str, numbers: tuple[tuple[str, float], ...], digits: int) -> str:
    """`fold`'s answer, worked out once per formula and constants (the same at every node)."""
    tree = _Fold(dict(numbers)).visit(ast.parse(formula, mode="eval"))
    return ast.unparse(_Written(digits).visit(tree))


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
    text = operands[0]
    if text.startswith("(") and text.endswith(")") and balanced(text[1:-1]):
        text = text[1:-1]  # tanh(x + y), not tanh((x + y))
    return f"{op}({text})"


def typeset(formula: str) -> str:
    """A formula's operators as a reader writes them: `a × b`, `x²`, `a^(b - 1)` (viz.names).

    Its operators change, tight as the op table writes `a**b` or spaced as `a * b`; names are
    written so already (viz.names: `x×w`, `(x×w)²`), as the drawing names the nodes.
    """
    formula = _POWER.sub(lambda power: power_text("", power.group(1)), formula)
    return _OPERATOR.sub(lambda m: SYMBOLS["**"] if m[1] == "**" else f" {SYMBOLS['*']} ", formula)
