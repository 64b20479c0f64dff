"""The engine's ops on NumPy arrays, one entry per sample: `OPS`' own formulas where they work.

Arithmetic formulas work on arrays as they are, and `exp`, `log`, `tanh`, `sigmoid` in a formula
are NumPy's here. What cannot run on arrays is overridden: a formula that branches on a value
(`1 if a > 0 else 0`) and a domain check (which decides per sample, as a mask). A test checks
the overrides are exactly the ops that need one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, NamedTuple

import numpy as np

from autograd_mini import OPS
from autograd_mini.ops import compile_formula

Operand = Any  # an (N,) array, a NumPy scalar, or a Python float (a constant, see "**")
Rule = Callable[..., Any]


def _sigmoid(a: Operand) -> Operand:
    # The engine's two branches, 1 / (1 + e^-a) for a >= 0 and e^a / (1 + e^a) below, share
    # e^-|a|, which never overflows (exact 0/1 limits).
    e = np.exp(-np.abs(a))
    return np.where(np.less(a, 0.0), e, 1.0) / (1.0 + e)


def _softplus(a: Operand) -> Operand:
    # The engine's max(a, 0) + log(1 + e^-|a|): e^-|a| never overflows.
    return np.maximum(a, 0.0) + np.log1p(np.exp(-np.abs(a)))


NUMPY_FUNCTIONS: dict[str, Rule] = {"exp": np.exp, "log": np.log, "tanh": np.tanh}
NUMPY_FUNCTIONS |= {"sigmoid": _sigmoid, "sqrt": np.sqrt, "abs": np.abs, "sin": np.sin}
NUMPY_FUNCTIONS |= {"cos": np.cos, "softplus": _softplus}


class ArrayOp(NamedTuple):
    """An op on arrays: forward, one local derivative per operand, domain as (mask, why)."""

    forward: Rule
    grads: tuple[Rule, ...]
    outside: Callable[..., tuple[Operand, str]] | None = None  # (samples refused, why)


def _pow_outside(a: Operand, b: Operand) -> tuple[Operand, str]:
    # Constants arrive as Python floats, everything else as NumPy (see `Tape._forward`).
    if type(b) is not float:
        return np.less_equal(a, 0.0), "base must be > 0 when the exponent is a Value"
    if b < 0:
        return np.equal(a, 0.0), f"0 to the negative power {b!r} is a division by zero"
    if not b.is_integer():
        return np.less(a, 0.0), f"negative base to the non-integer power {b!r}"
    return False, ""


def _pow_d_base(a: Operand, b: Operand, out: Operand) -> Operand:
    if type(b) is float:  # a constant exponent: the table's formula works as it is
        return 0.0 if b == 0.0 else b * np.power(a, b - 1.0)
    # Only where b != 0 (0 elsewhere): there a**(b - 1) may overflow (a tiny a), and 0 * inf
    # would be nan where the engine's answer is 0.
    shape = np.broadcast_shapes(np.shape(a), np.shape(b))
    return b * np.power(a, b - 1.0, where=np.not_equal(b, 0.0), out=np.zeros(shape))


ARRAY_OVERRIDES: dict[str, dict[str, Any]] = {
    "/": {"outside": lambda a, b: (np.equal(b, 0.0), "division by zero, divisor must be != 0")},
    "**": {"grads": (_pow_d_base, None), "outside": _pow_outside},
    "log": {"outside": lambda a: (np.less_equal(a, 0.0), "operand must be > 0")},
    "relu": {
        "forward": lambda a: np.where(np.greater(a, 0.0), a, 0.0),
        "grads": (lambda a, out: np.where(np.greater(a, 0.0), 1.0, 0.0),),
    },
    "sqrt": {"outside": lambda a: (np.less(a, 0.0), "operand must be >= 0")},
    "abs": {"grads": (lambda a, out: np.sign(a) * 1.0,)},  # sign(0) = 0, as the engine's
    "leaky_relu": {
        "forward": lambda a, b: np.where(np.greater(a, 0.0), a, np.multiply(b, a)),
        "grads": (
            lambda a, b, out: np.where(np.greater(a, 0.0), 1.0, b),
            lambda a, b, out: np.where(np.greater(a, 0.0), 0.0, a),
        ),
    },
}
"""What replaces a table entry's forward, derivatives (None: the table's) or domain on arrays."""


@cache
def _compiled(formula: str, arity: int, with_out: bool) -> Rule:
    return compile_formula(formula, arity, with_out, NUMPY_FUNCTIONS)


def array_op(name: str) -> ArrayOp:
    """The op `name` of `OPS` on arrays: its formulas compiled with NumPy, then the overrides.

    Read from `OPS` at each call, so an op added at run time replays too.
    """
    op = OPS[name]
    override = ARRAY_OVERRIDES.get(name, {})
    mine = override.get("grads", (None,) * op.arity)
    grads = tuple(
        rule or _compiled(formula, op.arity, True)
        for formula, rule in zip(op.derivatives.values(), mine, strict=True)
    )
    forward = override.get("forward") or _compiled(op.formula, op.arity, False)
    return ArrayOp(forward, grads, override.get("outside"))
