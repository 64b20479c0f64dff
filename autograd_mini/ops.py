"""The op table: each op's forward rule, local derivatives and domain check, side by side."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any, NamedTuple

from autograd_mini.errors import DomainError, describe


class Op(NamedTuple):
    """One operation: `forward` on floats, `local_grads(*operands, out)` -> d out / d operand.

    `local_grads` is written with arithmetic that works on floats and on Values alike, so the
    same rule gives first derivatives (floats) and, when the backward pass is recorded, higher
    ones (Values). `formulas` writes each local derivative for people (a, b are the operands,
    out the result), for drawings and the step-through page. `check(*operands)` sees the
    operands as stored (Values, and floats for numbers) and raises DomainError before anything
    is computed.
    """

    forward: Callable[..., float]
    local_grads: Callable[..., tuple[Any, ...]]
    formulas: tuple[str, ...]
    check: Callable[..., None] | None = None


def data(x: Any) -> float:
    """The number an operand stands for: a float operand itself, else its `.data`."""
    return x if type(x) is float else x.data


def log(x: Any) -> Any:
    """Natural log of a float or a Value (used inside derivative rules)."""
    return math.log(x) if type(x) is float else x.log()


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


def _pow_grads(a: Any, b: Any, out: Any) -> tuple[Any, Any]:
    # x**0 is the constant 1: slope 0 even at x = 0, where b * a**(b - 1) would divide by 0.
    # (A constant exponent reaches this rule as a float, a Value exponent as a Value.)
    d_base = 0.0 if type(b) is float and b == 0.0 else b * a ** (b - 1)
    # d/db needs log(a): defined for a > 0 only, which _check_pow demands of Value exponents;
    # a constant exponent gets no gradient, so its slot is 0.
    d_exponent = out * log(a) if a > 0 else 0.0
    return d_base, d_exponent


def _sigmoid(x: float) -> float:
    # Two branches so that exp never sees a large positive argument: exact 0/1 limits.
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _relu(x: float) -> float:
    return x if x > 0.0 else 0.0


OPS: dict[str, Op] = {
    "+": Op(operator.add, lambda a, b, out: (1.0, 1.0), ("1", "1")),
    "-": Op(operator.sub, lambda a, b, out: (1.0, -1.0), ("1", "-1")),
    "*": Op(operator.mul, lambda a, b, out: (b, a), ("b", "a")),
    "/": Op(operator.truediv, lambda a, b, out: (1.0 / b, -out / b), ("1/b", "-out/b"), _check_div),
    "**": Op(operator.pow, _pow_grads, ("b * a**(b-1)", "out * log(a)"), _check_pow),
    "neg": Op(operator.neg, lambda a, out: (-1.0,), ("-1",)),
    "exp": Op(math.exp, lambda a, out: (out,), ("out",)),  # d(e^a)/da = e^a: reuse the output
    "log": Op(math.log, lambda a, out: (1.0 / a,), ("1/a",), _positive("log")),
    "tanh": Op(math.tanh, lambda a, out: (1.0 - out * out,), ("1 - out**2",)),
    "sigmoid": Op(_sigmoid, lambda a, out: (out * (1.0 - out),), ("out * (1 - out)",)),
    # relu'(0) = 0, as in PyTorch.
    "relu": Op(_relu, lambda a, out: (1.0 if a > 0 else 0.0,), ("1 if a > 0 else 0",)),
}
"""Every op the engine knows, by the name a node's `.op` carries."""
