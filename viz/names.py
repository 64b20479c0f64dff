"""What drawings and the page call each node: its label, else the text of its expression."""

from __future__ import annotations

import re

from autograd_mini import Value
from autograd_mini.viz.look import format_number, node_id

MAX_NAME = 28
"""Longer expression names are shortened: inner expressions become "…", then the text is cut."""

_PATH = re.compile(r"^(?:[A-Za-z_]\w*\.)+(?=[A-Za-z_])")
"""A module path before a parameter's name: "hidden." of "hidden.w[0][0]"."""

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "%": 2, "**": 3}
_ATOM = 4  # a name, a number, a call such as tanh(a): never needs parentheses

SYMBOLS = {"*": "×", "**": "^"}
"""How the pages write an operator the code writes otherwise: a × b, a^b (a whole power as x²)."""
_TIGHT = {"*", "/", "**"}  # written without spaces in names, as people write x×w + b
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_WHOLE = re.compile(r"-?\d+|\(-\d+\)")  # a whole-number exponent: x**2, x**(-1)


def op_symbol(op: str) -> str:
    """An op as drawings and tooltips show it: × for *, ^ for **, else its name (tanh, +)."""
    return SYMBOLS.get(op, op)


def power_text(base: str, exponent: str) -> str:
    """`base` to the power `exponent` as the pages write it: x², x⁻¹, else x^1.5 or x^(b - 1)."""
    if _WHOLE.fullmatch(exponent):
        return base + exponent.strip("()").translate(_SUPERSCRIPT)
    return f"{base}{SYMBOLS['**']}{exponent}"


def operator_text(op: str, left: str, right: str, tight: bool = False) -> str:
    """`left op right` as the pages write it: `a × b`, `a²`; `tight` without spaces (names)."""
    if op == "**":
        return power_text(left, right)
    symbol = op_symbol(op)
    return f"{left}{symbol}{right}" if tight else f"{left} {symbol} {right}"


def inner_name(value: Value, name: str) -> str:
    """`name` as an operand inside an expression: a parameter without its module path."""
    return _PATH.sub("", name) if value.label else name


def expression_text(op: str, operands: list[str], levels: list[int]) -> tuple[str, int]:
    """`op` applied to operand texts (with their precedence `levels`), and the result's level."""
    if op not in _PRECEDENCE or len(operands) != 2:
        if op == "neg":
            return f"-{operands[0]}" if levels[0] == _ATOM else f"-({operands[0]})", 3
        return f"{op}({', '.join(operands)})", _ATOM
    level = _PRECEDENCE[op]
    # The right operand of -, / and % needs parentheses at the same level (a - (b - c)), as
    # does the left of ** ((a**b)**c).
    needs = [level + (op == "**"), level + (op in ("-", "/", "%"))]
    parts = [
        f"({text})" if own < need else text
        for text, own, need in zip(operands, levels, needs, strict=True)
    ]
    return operator_text(op, parts[0], parts[1], tight=op in _TIGHT), level


def node_names(order: list[Value], digits: int = 4) -> list[str]:
    """Each node's name: its label, its value for a constant, else its expression's text.

    An expression is written in its operands' names, as the pages write formulas
    ("0.5×w[0][0] + 0.3×w[1][0]", "(x×w)²"); past
    MAX_NAME characters, operands that are themselves expressions are shown as "…". Only an
    unlabelled input has nothing better than its id (v0, v1, ...).
    """
    index = {value: i for i, value in enumerate(order)}
    names: list[str] = []
    inner: list[str] = []  # each node's text as an operand of another
    levels: list[int] = []
    for i, value in enumerate(order):
        if value.label or not value.parents:
            name = value.label or (
                format_number(value.data, digits) if value.is_constant else node_id(i)
            )
            names.append(name)
            inner.append(inner_name(value, name))
            levels.append(_ATOM)
            continue
        js = [index[parent] for parent in value.parents]
        shown, shown_levels = [inner[j] for j in js], [levels[j] for j in js]
        text, level = expression_text(value.op, shown, shown_levels)
        if len(text) > MAX_NAME:  # the longest operand as "…"
            longest = max(range(len(js)), key=lambda k: len(shown[k]))
            shown[longest], shown_levels[longest] = "…", _ATOM
            text, level = expression_text(value.op, shown, shown_levels)
        if len(text) > MAX_NAME:  # every operand as "…"
            text, level = expression_text(value.op, ["…"] * len(js), [_ATOM] * len(js))
        if len(text) > MAX_NAME:
            text = text[: MAX_NAME - 1] + "…"
        names.append(text)
        inner.append(text)
        levels.append(level)
    return names


_SIMPLE = re.compile(r"[\w.\[\]]+|[\d.]+e-\d+")  # a name, or a number: 1.235e-4
_CALL = re.compile(r"\w+\((.*)\)")


def owner(name: str) -> str:
    """`name` ready to take `.grad` or `.data`: in parentheses unless one name, number or call."""
    call = _CALL.fullmatch(name)
    if _SIMPLE.fullmatch(name) or (call and balanced(call.group(1))):
        return name
    return f"({name})"


def balanced(text: str) -> bool:
    """Whether no ")" in `text` closes a "(" from outside it: tanh(a) + tanh(b) is no call."""
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def name_lines(name: str, width: int = 16) -> list[str]:
    """`name` for a box: past `width` characters, on two lines after the + or - nearest its middle.

    Boxes half as wide keep a node and its operands side by side at a readable size on a phone.
    A + or - outside parentheses is preferred: (x×w)²/(x - 1) + x⁻¹ breaks before x⁻¹.
    """
    breaks = [match.start() for match in re.finditer(r" [+-] ", name)]
    outside = [k for k in breaks if balanced(name[:k])]
    breaks = outside or breaks
    if len(name) <= width or not breaks:
        return [name]
    at = min(breaks, key=lambda k: abs(k - len(name) / 2))
    return [name[: at + 2], name[at + 3 :]]
