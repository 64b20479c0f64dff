"""`parse`: an expression string to a graph, through a whitelist of `ast` nodes (never eval)."""

from __future__ import annotations

import ast
from collections.abc import Mapping

from autograd_mini.value import Constant, Number, Value, apply, as_float

FUNCTIONS = ("exp", "log", "tanh", "sigmoid", "relu")
BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
MAX_LENGTH = 10_000  # characters
MAX_DEPTH = 100  # nested operations; keeps both ast.parse and our walk far from recursion limits


class ParseError(ValueError):
    """The expression is not one `parse` accepts; the message points at the offending part."""


def parse(expression: str, variables: Mapping[str, Value | Number]) -> Value:
    """Build the graph of `expression` over `variables` (numbers become Values labelled by name).

    Accepted: numbers, the names in `variables`, `+ - * / **`, unary minus, parentheses and
    one-argument calls of exp, log, tanh, sigmoid, relu. Anything else raises ParseError.
    """
    if not isinstance(expression, str):
        raise ParseError(f"parse: expression must be a str, got {type(expression).__name__}")
    if len(expression) > MAX_LENGTH:
        raise ParseError(f"parse: expression is {len(expression)} characters, over {MAX_LENGTH}")
    leaves = {}
    for name, value in variables.items():
        if not name.isidentifier() or name in FUNCTIONS:
            raise ParseError(f"parse: {name!r} cannot be a variable name")
        leaves[name] = value if isinstance(value, Value) else Value(value, name)
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as error:
        raise ParseError(f"parse: invalid syntax at column {error.offset}: {error.msg}") from None
    except ValueError as error:  # e.g. a NUL byte
        raise ParseError(f"parse: {error}") from None
    except (RecursionError, MemoryError):
        raise ParseError(f"parse: expression nested too deeply (limit {MAX_DEPTH})") from None
    return _build(tree.body, leaves, expression.strip(), 0)


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
        if node.id not in leaves:
            known = ", ".join(sorted(leaves)) or "none"
            raise refuse(f"unknown name (bound: {known})")
        return leaves[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
        left = _build(node.left, leaves, source, depth + 1)
        right = _build(node.right, leaves, source, depth + 1)
        return _apply_or_fold(BINARY[type(node.op)], left, right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _build(node.operand, leaves, source, depth + 1)
        return _apply_or_fold("neg", inner) if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.Call):
        if not (isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS):
            raise refuse(f"only these functions can be called: {', '.join(FUNCTIONS)}")
        if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
            raise refuse(f"{node.func.id} takes exactly one argument")
        return _apply_or_fold(node.func.id, _build(node.args[0], leaves, source, depth + 1))
    raise refuse(f"{type(node).__name__} is not allowed")


def _apply_or_fold(op: str, *operands: Value) -> Value:
    """Apply `op`; on literals only (`-1`, `1/2`) the result is itself a constant, as in Python."""
    result = apply(op, *operands)
    return Constant(result.data) if all(x.is_constant for x in operands) else result
