"""`Value`: a float that remembers the op and operands that made it, so it can be differentiated."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from autograd_mini.errors import DomainError, describe
from autograd_mini.graph import backpropagate, topological_order
from autograd_mini.ops import OPS

Number = int | float
_INF = math.inf

# Per thread and per asyncio task: each starts from its own copy of the context.
_grad_enabled: ContextVar[bool] = ContextVar("autograd_mini_grad_enabled", default=True)


@contextmanager
def no_grad() -> Iterator[None]:
    """Inside this block ops record nothing: their results are leaves with no parents."""
    token = _grad_enabled.set(False)
    try:
        yield
    finally:
        _grad_enabled.reset(token)


def is_grad_enabled() -> bool:
    """False inside `no_grad()`."""
    return _grad_enabled.get()


def as_float(x: Any, where: str) -> float:
    """`x` as a finite float; TypeError or ValueError naming `where` for anything else."""
    if type(x) is not float:
        if isinstance(x, bool) or not isinstance(x, numbers.Real):
            raise TypeError(f"{where}: expected an int or float, got {type(x).__name__} {x!r:.60}")
        x = float(x)
    if not -_INF < x < _INF:
        raise ValueError(f"{where}: expected a finite number, got {x!r}")
    return x


class Value:
    """A scalar with `.data`, `.grad` and the graph (`.op`, `.parents`) that produced it.

    `==` and `hash` are by identity, so Values can live in sets and dicts (graphs do);
    `<`, `<=`, `>`, `>=` compare `.data` and return a bool. To compare numbers, compare `.data`.
    """

    __slots__ = ("__weakref__", "data", "grad", "label", "op", "parents")
    is_constant = False

    def __init__(self, data: Number, label: str = "") -> None:
        if type(label) is not str:
            raise TypeError(f"Value: label must be a str, got {type(label).__name__}")
        self.data = as_float(data, "Value")
        self.grad = 0.0
        self.label = label
        self.op = ""
        self.parents: tuple[Value, ...] = ()

    def __repr__(self) -> str:
        return (
            f"Value(data={self.data!r}, grad={self.grad!r}, op={self.op!r}, label={self.label!r})"
        )

    def __float__(self) -> float:
        return self.data

    def __format__(self, spec: str) -> str:
        return format(self.data, spec) if spec else repr(self)

    # Arithmetic: each operator is one node whose op names it (see ops.OPS).
    def __add__(self, other: Value | Number) -> Value:
        return apply("+", self, operand(other, "+"))

    def __radd__(self, other: Number) -> Value:
        return apply("+", operand(other, "+"), self)

    def __sub__(self, other: Value | Number) -> Value:
        return apply("-", self, operand(other, "-"))

    def __rsub__(self, other: Number) -> Value:
        return apply("-", operand(other, "-"), self)

    def __mul__(self, other: Value | Number) -> Value:
        return apply("*", self, operand(other, "*"))

    def __rmul__(self, other: Number) -> Value:
        return apply("*", operand(other, "*"), self)

    def __truediv__(self, other: Value | Number) -> Value:
        return apply("/", self, operand(other, "/"))

    def __rtruediv__(self, other: Number) -> Value:
        return apply("/", operand(other, "/"), self)

    def __pow__(self, other: Value | Number) -> Value:
        return apply("**", self, operand(other, "**"))

    def __rpow__(self, other: Number) -> Value:
        return apply("**", operand(other, "**"), self)

    def __neg__(self) -> Value:
        return apply("neg", self)

    def exp(self) -> Value:
        """The exponential e ** self."""
        return apply("exp", self)

    def log(self) -> Value:
        """Natural logarithm; DomainError for self <= 0."""
        return apply("log", self)

    def tanh(self) -> Value:
        """(e^x - e^-x) / (e^x + e^-x), exact +-1 limits."""
        return apply("tanh", self)

    def sigmoid(self) -> Value:
        """1 / (1 + e^-x), exact 0/1 limits."""
        return apply("sigmoid", self)

    def relu(self) -> Value:
        """max(x, 0), with relu'(0) = 0 as in PyTorch."""
        return apply("relu", self)

    # Ordering compares data (a bool, not a node); see the class docstring.
    def __lt__(self, other: Value | Number) -> bool:
        return self.data < _data(other, "<")

    def __le__(self, other: Value | Number) -> bool:
        return self.data <= _data(other, "<=")

    def __gt__(self, other: Value | Number) -> bool:
        return self.data > _data(other, ">")

    def __ge__(self, other: Value | Number) -> bool:
        return self.data >= _data(other, ">=")

    def backward(self) -> None:
        """Add d self / d node to `.grad` of every node under self (intermediates too).

        A second call adds one more pass, as PyTorch accumulates; `zero_grad()` clears.
        If a derivative is undefined, DomainError is raised and no `.grad` has changed.
        """
        for node, grad in backpropagate(self, 1.0).items():
            node.grad += grad

    def zero_grad(self) -> None:
        """Set `.grad` to 0 on every node under self."""
        for node in topological_order(self):
            node.grad = 0.0


class Constant(Value):
    """A number used as an operand (the 2 in `x * 2`): drawn with its value, given no gradient."""

    __slots__ = ()
    is_constant = True

    def __repr__(self) -> str:
        return f"Constant({self.data!r})"


def operand(x: Value | Number, op: str) -> Value:
    """`x` itself if it is a Value, else a Constant; TypeError naming `op` for a non-number."""
    if isinstance(x, Value):
        return x
    return _constant(as_float(x, op))


def _data(x: Value | Number, op: str) -> float:
    return x.data if isinstance(x, Value) else as_float(x, op)


def _constant(data: float) -> Constant:
    # Skips __init__'s checks, which operand() has just made.
    node = _new_object(Constant)
    node.data = data
    node.grad = 0.0
    node.label = ""
    node.op = ""
    node.parents = ()
    return node


_new_object = object.__new__


def apply(op: str, a: Value, b: Value | None = None) -> Value:
    """The Value `op(a)` or `op(a, b)`: check the domain, compute on floats, record the node."""
    rule = OPS[op]
    operands = (a,) if b is None else (a, b)
    if rule.check is not None:
        rule.check(*operands)
    try:
        # Positional calls rather than forward(*datas): several times cheaper in CPython 3.11.
        data = rule.forward(a.data) if b is None else rule.forward(a.data, b.data)
    except (ArithmeticError, ValueError) as error:  # e.g. math.exp's OverflowError
        at = ", ".join(describe(x) for x in operands)
        raise DomainError(f"{op}: undefined or overflows at {at} ({error})") from None
    if not -_INF < data < _INF:  # float arithmetic overflows to inf silently; we refuse
        at = ", ".join(describe(x) for x in operands)
        raise DomainError(f"{op}: result overflows a float ({data!r}) at {at}")
    # Built inline, not by a helper: one call fewer per op, 13% less build time (callgrind).
    node = _new_object(Value)
    node.data = data
    node.grad = 0.0
    node.label = ""
    if _grad_enabled.get():
        node.op = op
        node.parents = operands
    else:
        node.op = ""
        node.parents = ()
    return node
