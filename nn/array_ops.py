"""The array twin of the engine's op table: each op on NumPy arrays, one entry per sample.

Forward rule, local derivatives and domain (as a mask of refused samples) side by side, by the
same names as `autograd_mini.ops.OPS` (a test checks both tables cover the same ops).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

Operand = Any  # an (N,) array, a NumPy scalar, or a Python float (a constant, see "**")


class ArrayOp(NamedTuple):
    """An engine op on arrays: forward, local derivatives, and its domain as a mask and a rule."""

    forward: Callable[..., Operand]
    local_grads: Callable[..., tuple[Operand, ...]]
    outside: Callable[..., tuple[Operand, str]] | None = None  # (samples refused, why)


def _sigmoid(a: Operand) -> Operand:
    # The engine's two branches, 1 / (1 + e^-a) for a >= 0 and e^a / (1 + e^a) below, share
    # e^-|a|, which never overflows (exact 0/1 limits).
    e = np.exp(-np.abs(a))
    return np.where(np.less(a, 0.0), e, 1.0) / (1.0 + e)


def _pow_outside(a: Operand, b: Operand) -> tuple[Operand, str]:
    # Constants arrive as Python floats, everything else as NumPy (see `Tape._forward`).
    if type(b) is not float:
        return np.less_equal(a, 0.0), "base must be > 0 when the exponent is a Value"
    if b < 0:
        return np.equal(a, 0.0), f"0 to the negative power {b!r} is a division by zero"
    if not b.is_integer():
        return np.less(a, 0.0), f"negative base to the non-integer power {b!r}"
    return False, ""


def _pow_grads(a: Operand, b: Operand, out: Operand) -> tuple[Operand, Operand]:
    if type(b) is float:  # a constant exponent: d/db flows into a constant, so skip it
        return (0.0 if b == 0.0 else b * np.power(a, b - 1.0)), 0.0
    with np.errstate(divide="ignore", over="ignore"):  # a**(b-1) where b == 0 is masked out
        d_base = np.where(np.equal(b, 0.0), 0.0, b * np.power(a, b - 1.0))
    return d_base, out * np.log(a)  # a > 0 here: `_pow_outside` refused the rest


ARRAY_OPS: dict[str, ArrayOp] = {
    "+": ArrayOp(np.add, lambda a, b, out: (1.0, 1.0)),
    "-": ArrayOp(np.subtract, lambda a, b, out: (1.0, -1.0)),
    "*": ArrayOp(np.multiply, lambda a, b, out: (b, a)),
    "/": ArrayOp(
        np.divide,
        lambda a, b, out: (np.divide(1.0, b), np.negative(out) / b),
        lambda a, b: (np.equal(b, 0.0), "division by zero, divisor must be != 0"),
    ),
    "**": ArrayOp(np.power, _pow_grads, _pow_outside),
    "neg": ArrayOp(np.negative, lambda a, out: (-1.0,)),
    "exp": ArrayOp(np.exp, lambda a, out: (out,)),
    "log": ArrayOp(
        np.log,
        lambda a, out: (np.divide(1.0, a),),
        lambda a: (np.less_equal(a, 0.0), "operand must be > 0"),
    ),
    "tanh": ArrayOp(np.tanh, lambda a, out: (1.0 - out * out,)),
    "sigmoid": ArrayOp(_sigmoid, lambda a, out: (out * (1.0 - out),)),
    # relu'(0) = 0, as the engine (and PyTorch).
    "relu": ArrayOp(
        lambda a: np.where(np.greater(a, 0.0), a, 0.0),
        lambda a, out: (np.where(np.greater(a, 0.0), 1.0, 0.0),),
    ),
}
"""The array twin of every op in the engine's `OPS`, by the same names (a test checks both)."""
