"""Value's operator and op methods, generated from the op table with each forward formula in.

`x * y` costs one Python frame instead of three (the method, `apply`, the compiled formula),
and no table lookup: that is why these are generated rather than written as `apply` calls.
Each handles the common operands only (Values, and finite floats), and hands everything else,
errors included, to `apply`, which is the reference for what an op does. So an op keeps one
definition, in `OPS`. `python -m autograd_mini.generated methods` prints the code.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from autograd_mini.ops import FUNCTIONS, OPS, Op

# Python's method names for the ops written as operators: (self op other, other op self).
OPERATOR_METHODS = {
    "+": ("__add__", "__radd__"),
    "-": ("__sub__", "__rsub__"),
    "*": ("__mul__", "__rmul__"),
    "/": ("__truediv__", "__rtruediv__"),
    "**": ("__pow__", "__rpow__"),
    "neg": ("__neg__",),
}

# Defined as _name, not name: a method `tanh` would hide the function tanh its formula calls.
_METHOD = '''\
def _{method}({parameters}):
    """{doc}"""
    if type(self) is not Value:  # a Constant counts as its number: apply stores it so
        return apply({name!r}, {call})
{operands}
{check}    try:
        data = {formula}
    except (ArithmeticError, ValueError):
        return apply({name!r}, {call})  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply({name!r}, {call})
    node = new(Value)
    node.data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next_number()
    if grad_enabled():
        node.op = {name!r}
        node._a = {a}
        node._b = {b}
        node._kind = kind
    else:
        node.op = ""
        node._a = node._b = None
        node._kind = 0
    return node
'''


def _method(name: str, op: Op, method: str, reflected: bool) -> str:
    """The source of one method: `self op other`, `other op self` (reflected) or `op(self)`."""
    if op.arity == 1:
        stored: tuple[str, ...] = ("self",)
        doc = f"The op {name!r} of autograd_mini.ops.OPS: {op.formula}, with a = self."
        operands = f"    a = self.data\n    kind = {op.kind + 2}"
    else:
        stored = ("other", "self") if reflected else ("self", "other")
        doc = f"{stored[0]} {name} {stored[1]}"
        both = [f"{x}.data" for x in stored]  # the numbers of a and b, both Values
        one = [x if x == "other" else f"{x}.data" for x in stored]  # other a number
        operands = "\n".join(
            (
                "    if type(other) is Value:",
                f"        a = {both[0]}; b = {both[1]}",
                f"        kind = {op.kind + 1}",
                "    elif type(other) is float and LOW < other < HIGH:",
                f"        a = {one[0]}; b = {one[1]}",
                f"        kind = {op.kind + (3 if reflected else 2)}",  # the number is a or b
                "    elif type(other) is int and -EXACT <= other <= EXACT:  # 2 * x, x**2, 1 - y",
                "        other = float(other)  # stored as a float, as apply stores it",
                f"        a = {one[0]}; b = {one[1]}",
                f"        kind = {op.kind + (3 if reflected else 2)}",
                "    else:  # a huge int, a bool, a Constant, not a number at all: apply decides",
                f"        return apply({name!r}, {', '.join(stored)})",
            )
        )
    return _METHOD.format(
        method=method,
        parameters=", ".join(sorted(stored, key=("self", "other").index)),
        doc=doc,
        operands=operands,
        name=name,
        call=", ".join(stored),
        check=f"    checks[{name!r}]({', '.join(stored)})\n" if op.check else "",
        formula=op.formula,
        a=stored[0],
        b=stored[1] if len(stored) == 2 else "None",
    )


def methods_source(ops: dict[str, Op]) -> str:
    """The code of every generated method: operators, and named one-operand ops (`x.exp()`)."""
    sources = []
    for name, op in ops.items():
        if name in OPERATOR_METHODS:
            for reflected, method in enumerate(OPERATOR_METHODS[name]):
                sources.append(_method(name, op, method, bool(reflected)))
        elif name.isidentifier() and op.arity == 1:
            sources.append(_method(name, op, name, False))
    return "\n\n".join(sources)


def generate(namespace: dict[str, Any]) -> dict[str, Callable[..., Any]]:
    """The methods for the ops in `OPS` now, their globals `namespace` (Value, apply, ...)."""
    code: dict[str, Any] = {**FUNCTIONS, **namespace, "LOW": -math.inf, "HIGH": math.inf}
    code["EXACT"] = 2**53  # every int up to this is exactly a float
    code["checks"] = {name: op.check for name, op in OPS.items()}
    source = methods_source(OPS)
    exec(compile(source, "<autograd_mini.methods>", "exec"), code)
    methods = {}
    for name, op in OPS.items():
        for method in OPERATOR_METHODS.get(name, (name,) if op.arity == 1 else ()):
            if f"_{method}" in code:
                function = code[f"_{method}"]
                function.__name__, function.__qualname__ = method, f"Value.{method}"
                methods[method] = function
    return methods
