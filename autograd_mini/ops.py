"""The op table: each op's forward rule, local derivatives and domain check, side by side.

An op is one entry in `OPS`. Its forward rule and its local derivatives are formulas: Python
expressions over the operands `a`, `b` and the result `out`. The formulas are the rules, not a
description of them: each is compiled once, when the `Op` is made, and the same text is what
drawings and the step-through page show. So the backward pass, the parser, the drawings and the
NumPy tape (`autograd_mini.nn.tape`) read one definition, and an op added to `OPS` (even at run
time) is parsed, differentiated, drawn and replayed with no other edit.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from typing import Any

from autograd_mini.errors import DomainError, describe

Rule = Callable[..., Any]


def sigmoid(x: float) -> float:
    """1 / (1 + e^-x) on a float, in two branches so exp never overflows (exact 0/1 limits)."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


FUNCTIONS: dict[str, Callable[[float], float]] = {
    "exp": math.exp,
    "log": math.log,
    "tanh": math.tanh,
    "sigmoid": sigmoid,
}
"""The functions a formula may call, on floats (add one here before making an Op that uses it)."""


def _recording(name: str, on_floats: Callable[[float], float]) -> Rule:
    """`name` for derivative formulas: on a number it computes, on a Value it records the op.

    Derivative rules meet both: floats in a plain backward pass, Values when the pass is
    recorded (`create_graph`), which is how the same rule gives higher derivatives.
    """

    def function(x: Any) -> Any:
        if isinstance(x, (float, int)):
            return on_floats(x)
        from autograd_mini.value import apply  # value.py imports this module: import late

        return apply(name, x)

    return function


OPERANDS = ("a", "b")
_OP_NUMBERS = itertools.count(1)


def compile_formula(
    formula: str, arity: int, with_out: bool, functions: Mapping[str, Rule]
) -> Rule:
    """`formula` as a function of the operands (and `out`): "b * a" -> lambda a, b, out: b * a.

    Formulas come from the op table, which is code; user text never reaches here (`parse`
    builds graphs from an AST whitelist and calls ops by name).
    """
    parameters = ", ".join(OPERANDS[:arity] + (("out",) if with_out else ()))
    rule: Rule = eval(f"lambda {parameters}: {formula}", {"__builtins__": {}, **functions})
    return rule


class Op:
    """One operation: `formula` computes it, `formulas[i]` is d out / d operand i.

    `check(*operands)` sees the operands as a node stores them (Values, and floats for numbers)
    and raises DomainError before anything is computed. `forward` and `grads` are the compiled
    formulas; a derivative is only computed for an operand that needs one (not for numbers).
    """

    __slots__ = ("arity", "check", "formula", "formulas", "forward", "grads", "kind")

    def __init__(
        self,
        formula: str,
        formulas: tuple[str, ...],
        check: Callable[..., None] | None = None,
    ) -> None:
        if len(formulas) not in (1, 2):
            raise ValueError(f"Op: ops take one or two operands, got {len(formulas)} formulas")
        self.formula = formula
        self.formulas = formulas
        self.check = check
        self.arity = len(formulas)
        self.forward = compile_formula(formula, self.arity, False, FUNCTIONS)
        recording = {name: _recording(name, f) for name, f in FUNCTIONS.items()}
        self.grads = tuple(compile_formula(f, self.arity, True, recording) for f in formulas)
        self.kind = 4 * next(_OP_NUMBERS)  # + an operand pattern: see autograd_mini.sweep

    def __repr__(self) -> str:
        return f"Op({self.formula!r}, {self.formulas!r})"


def data(x: Any) -> float:
    """The number an operand stands for: a float operand itself, else its `.data`."""
    return x if type(x) is float else x.data


def _positive(name: str) -> Callable[[Any], None]:
    def check(a: Any) -> None:
        if data(a) <= 0:
            raise DomainError(f"{name}: operand must be > 0, got {describe(a)}")

    return check


def _check_div(a: Any, b: Any) -> None:
    if data(b) == 0:
        raise DomainError(f"/: division by zero, divisor is {describe(b)}")


def _check_pow(a: Any, b: Any) -> None:
    base = data(a)
    if base > 0:  # any power of a positive base is defined: the common case, decided at once
        return
    exponent = data(b)
    if type(b) is not float:
        raise DomainError(
            f"**: base must be > 0 when the exponent is a Value (d/db = a**b * log(a)), "
            f"got base {describe(a)}"
        )
    if base < 0 and not exponent.is_integer():
        raise DomainError(f"**: negative base {describe(a)} to the non-integer power {describe(b)}")
    if base == 0 and exponent < 0:
        raise DomainError(f"**: 0 to the negative power {describe(b)} (division by zero)")


OPS: dict[str, Op] = {
    "+": Op("a + b", ("1", "1")),
    "-": Op("a - b", ("1", "-1")),
    "*": Op("a * b", ("b", "a")),
    "/": Op("a / b", ("1 / b", "-out / b"), _check_div),
    # x**0 is the constant 1: slope 0 even at x = 0, where b * a**(b - 1) would divide by 0.
    # d/db needs log(a), defined for a > 0 only, which _check_pow demands of Value exponents.
    "**": Op("a**b", ("0 if b == 0 else b * a**(b - 1)", "out * log(a)"), _check_pow),
    "neg": Op("-a", ("-1",)),
    "exp": Op("exp(a)", ("out",)),  # d(e^a)/da = e^a: reuse the output
    "log": Op("log(a)", ("1 / a",), _positive("log")),
    "tanh": Op("tanh(a)", ("1 - out**2",)),
    "sigmoid": Op("sigmoid(a)", ("out * (1 - out)",)),
    "relu": Op("a if a > 0 else 0.0", ("1 if a > 0 else 0",)),  # relu'(0) = 0, as in PyTorch
}
"""Every op the engine knows, by the name a node's `.op` carries."""
