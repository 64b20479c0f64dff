"""SymPy as the analytic oracle: a graph as a SymPy expression, its derivatives, and a check.

Each op of `OPS` has its SymPy counterpart in `SYMPY`, written from the op's definition (never
from its derivative rule), so SymPy's own calculus differentiates it: an oracle independent of
the op table's rules. An op added to `OPS` needs one line here (a test fails until it has one).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

from autograd_mini.graph import topological_order
from autograd_mini.testing.extras import require
from autograd_mini.testing.grads import (
    ATOL,
    FIRST_REFEREE,
    RTOL,
    Point,
    for_each_point,
    gradient_report,
    input_names,
    named_inputs,
    output_of,
)
from autograd_mini.testing.table import Tolerance, publish
from autograd_mini.value import Value

sympy: Any = require("sympy", "autograd_mini.testing's SymPy oracle")

SYMPY: dict[str, Callable[..., Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "**": operator.pow,
    "neg": operator.neg,
    "exp": sympy.exp,
    "log": sympy.log,
    "tanh": sympy.tanh,
    "sigmoid": lambda a: 1 / (1 + sympy.exp(-a)),
    # Piecewise, not Max or Heaviside: its derivative at 0 is the second branch, 0, as relu's.
    "relu": lambda a: sympy.Piecewise((a, a > 0), (0, True)),
    "sqrt": sympy.sqrt,
    "abs": sympy.Abs,
    "square": lambda a: a**2,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "softplus": lambda a: sympy.log(1 + sympy.exp(a)),
    "leaky_relu": lambda a, b: sympy.Piecewise((a, a > 0), (b * a, True)),
}
"""Each op's SymPy counterpart, by the name in `OPS`, on SymPy expressions."""


class sigmoid(sympy.Function):  # type: ignore[misc]  # noqa: N801 (printed so: sigmoid(a*b))
    """sigma(x) = 1 / (1 + e^-x) kept whole, so a derivative reads sigma(x) (1 - sigma(x)).

    SymPy's own derivative of the written-out form simplifies to 1/(4 cosh(x/2)^2): true, but
    not what a learner derives. A test checks this `fdiff` against SymPy's derivative of
    `SYMPY["sigmoid"]`; `assert_matches_sympy` uses the written-out form.
    """

    def fdiff(self, argindex: int = 1) -> Any:
        """The derivative: sigma(x) (1 - sigma(x))."""
        return self * (1 - self)

    def _eval_rewrite_as_exp(self, x: Any, **hints: Any) -> Any:
        return SYMPY["sigmoid"](x)

    def _eval_evalf(self, precision: int) -> Any:
        return SYMPY["sigmoid"](self.args[0])._eval_evalf(precision)


READABLE = {**SYMPY, "sigmoid": sigmoid}
"""`SYMPY` as `to_sympy` and `symbolic_grad` show it: sigmoid kept as one function."""


def to_sympy(root: Value) -> Any:
    """The graph under `root` as a SymPy expression; leaves are symbols named by their labels.

    An unlabelled leaf is x<n>, n its place among the leaves; a label shared by two leaves gets
    a suffix (x, x_2). Numbers are the rationals of their shortest decimals (0.1 -> 1/10);
    sigmoid is kept as `sigmoid(...)`, and `.rewrite(sympy.exp)` writes it out.
    """
    return translated(root, READABLE)[0]


def symbolic_grad(root: Value, x: Value) -> Any:
    """The simplified SymPy expression of d root / d x: what the engine's numbers agree with."""
    expression, symbols = translated(root, READABLE)
    if x not in symbols:
        return sympy.Integer(0)
    # ratio=1: never longer than SymPy's raw derivative (the default may trade sigma(ab) for cosh).
    return sympy.simplify(sympy.diff(expression, symbols[x]), ratio=1)


def assert_matches_sympy(
    f: Callable[..., Value],
    at: Point | Sequence[Point] | Any,
    rtol: float = RTOL,
    atol: float = ATOL,
) -> None:
    """`assert_grad_matches` with SymPy's derivatives of f's graph as the analytic side.

    At each point f's graph is built, turned into SymPy (`to_sympy`), differentiated
    symbolically and evaluated to 30 digits. Same arguments, tolerances and failure table.
    """
    names = input_names(f)
    tolerance = Tolerance(rtol, atol, *FIRST_REFEREE)

    def check(xs: list[float]) -> None:
        inputs = named_inputs(names, xs)
        expression, symbols = translated(output_of(f, inputs), SYMPY)
        values = {symbols[v]: sympy.Float(v.data, 30) for v in inputs if v in symbols}
        derivatives = [
            float(sympy.diff(expression, symbols[v]).xreplace(values).evalf(30))
            if v in symbols
            else 0.0
            for v in inputs
        ]
        report = gradient_report(f, lambda *_: derivatives, names, xs, tolerance)
        publish(report.titled(report.title.replace("assert_grad_matches", "assert_matches_sympy")))

    for_each_point(at, names, check)


def translated(root: Value, table: dict[str, Callable[..., Any]]) -> tuple[Any, dict[Value, Any]]:
    """(root as SymPy by `table`, {leaf Value: its Symbol}), walking the graph oldest first."""
    if not isinstance(root, Value):
        raise TypeError(f"to_sympy: root must be a Value, got {type(root).__name__}")
    expressions: dict[Value, Any] = {}
    symbols: dict[Value, Any] = {}
    taken: set[str] = set()
    for node in topological_order(root, constants=False):
        if not node.op:
            if node.is_constant:
                expressions[node] = number(node.data)
                continue
            name = node.label or f"x{len(symbols)}"
            base, n = name, 1
            while name in taken:
                n += 1
                name = f"{base}_{n}"
            taken.add(name)
            symbols[node] = expressions[node] = sympy.Symbol(name, real=True)
            continue
        if node.op not in table:
            raise KeyError(
                f"to_sympy: op {node.op!r} has no SymPy counterpart; add one to"
                " autograd_mini.testing.symbolic.SYMPY"
            )
        operands = [expressions[x] if isinstance(x, Value) else number(x) for x in node.operands]
        expressions[node] = table[node.op](*operands)
    return expressions[root], symbols


def number(x: float) -> Any:
    """A float as the exact rational of its shortest decimal: 0.1 -> 1/10, 2.0 -> 2."""
    return sympy.Rational(repr(x))  # repr round-trips, so float() of this gives x back
