"""`parse`: an expression string to a graph, through a whitelist of `ast` nodes (never eval)."""

from __future__ import annotations

import ast
import math
import unicodedata
from collections.abc import Mapping

from autograd_mini.ops import OPS
from autograd_mini.value import Constant, Number, Value, apply, as_float

# Python's operators by the names ops carry in OPS; one parses when OPS has its name (read at
# each parse, so an op added at run time parses too).
OPERATORS = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.USub: "neg",
}
CONSTANTS = {"pi": math.pi, "e": math.e}
"""Names an expression may use unbound. A binding of the same name wins (`e=2` makes `e` a
variable), as a Python local hides a global: a formula's own `e` is never taken over."""
MAX_LENGTH = 10_000  # characters
MAX_DEPTH = 100  # nested operations; keeps both ast.parse and our walk far from recursion limits
# (a flat chain such as x + x + ... + x is not nesting: it is walked in a loop)


class ParseError(ValueError):
    """The expression is not one `parse` accepts; the message points at the offending part."""


def parse(expression: str, variables: Mapping[str, Value | Number]) -> Value:
    """Build the graph of `expression` over `variables` (numbers become Values labelled by name).

    Accepted: numbers, the names in `variables`, `pi` and `e` (unless bound: see CONSTANTS),
    parentheses, and the ops in `OPS` (read when called): operators (`+ - * / **`, unary minus)
    and calls of named ops (`exp(x)`). Anything else raises ParseError.
    """
    if not isinstance(expression, str):
        raise ParseError(f"parse: expression must be a str, got {type(expression).__name__}")
    if len(expression) > MAX_LENGTH:
        raise ParseError(f"parse: expression is {len(expression)} characters, over {MAX_LENGTH}")
    leaves: dict[str, Value] = {}
    spelled: dict[str, str] = {}
    for name, value in variables.items():
        key = normalise_name(name)
        if not key.isidentifier() or key in OPS:
            raise ParseError(f"parse: {key!r} cannot be a variable name")
        if key in leaves:
            raise ParseError(f"parse: {spelled[key]!r} and {name!r} are both the name {key!r}")
        spelled[key] = name
        leaves[key] = value if isinstance(value, Value) else Value(value, key)
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as error:
        raise ParseError(f"parse: invalid syntax at column {error.offset}: {error.msg}") from None
    except ValueError as error:  # e.g. a NUL byte
        raise ParseError(f"parse: {error}") from None
    except (RecursionError, MemoryError):  # Python 3.11's parser recurses along flat sums too
        raise ParseError("parse: expression nested too deeply or too long for Python") from None
    return _build(tree.body, leaves, expression.strip(), 0)


def normalise_name(name: str) -> str:
    """`name` in NFKC form, as Python reads identifiers: full-width x (U+FF58) is x."""
    if not isinstance(name, str):
        raise ParseError(f"parse: a variable name must be a str, got {type(name).__name__}")
    return unicodedata.normalize("NFKC", name)


def _build(node: ast.expr, leaves: dict[str, Value], source: str, depth: int) -> Value:
    if depth > MAX_DEPTH:
        raise ParseError(f"parse: expression nested too deeply (limit {MAX_DEPTH})")

    def refuse(what: str) -> ParseError:
        part = ast.get_source_segment(source, node) or type(node).__name__
        return ParseError(f"parse: {what}: {part[:60]!r} at column {node.col_offset + 1}")

    if isinstance(node, ast.Constant):
        if type(node.value) not in (int, float):
            raise refuse("only numbers are allowed as literals")
        try:
            return Constant(as_float(node.value, "parse"))
        except (ValueError, OverflowError):
            raise refuse("number out of range") from None
    if isinstance(node, ast.Name):
        if node.id in leaves:
            return leaves[node.id]
        if node.id in CONSTANTS:
            return Constant(CONSTANTS[node.id], node.id)
        known = ", ".join(sorted(leaves)) or "none"
        raise refuse(f"unknown name (bound: {known}; constants: pi, e)")
    if isinstance(node, ast.BinOp) and OPERATORS.get(type(node.op)) in OPS:
        # a + b + c is ((a + b) + c): a chain down the left, walked in a loop, so that a long
        # flat sum is one level deep, not one level per term.
        chain: list[ast.BinOp] = []
        while isinstance(node, ast.BinOp) and OPERATORS.get(type(node.op)) in OPS:
            chain.append(node)
            node = node.left
        result = _build(node, leaves, source, depth + 1)
        for link in reversed(chain):
            right = _build(link.right, leaves, source, depth + 1)
            result = _apply_or_fold(OPERATORS[type(link.op)], result, right)
        return result
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):
        return _build(node.operand, leaves, source, depth + 1)  # +x is x, as in Python
    if isinstance(node, ast.UnaryOp) and OPERATORS.get(type(node.op)) in OPS:
        inner = _build(node.operand, leaves, source, depth + 1)
        return _apply_or_fold(OPERATORS[type(node.op)], inner)
    if isinstance(node, ast.Call):
        functions = [name for name in OPS if name.isidentifier()]
        if not (isinstance(node.func, ast.Name) and node.func.id in functions):
            raise refuse(f"only these functions can be called: {', '.join(functions)}")
        arity = OPS[node.func.id].arity
        if (
            len(node.args) != arity
            or node.keywords
            or any(isinstance(arg, ast.Starred) for arg in node.args)
        ):
            count = "one argument" if arity == 1 else f"{arity} arguments"
            raise refuse(f"{node.func.id} takes exactly {count}")
        operands = [_build(arg, leaves, source, depth + 1) for arg in node.args]
        return _apply_or_fold(node.func.id, *operands)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitXor):
        raise refuse("^ is exclusive or in Python, not a power: write ** (x**2)")
    raise refuse(f"{type(node).__name__} is not allowed")


def _apply_or_fold(op: str, *operands: Value) -> Value:
    """Apply `op`; on literals only (`-1`, `1/2`) the result is itself a constant, as in Python."""
    result = apply(op, *operands)
    return Constant(result.data) if all(x.is_constant for x in operands) else result
