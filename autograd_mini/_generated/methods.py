"""Value's operator and op methods, each with its op's forward formula written in.

Generated from autograd_mini.ops.OPS by `python -m autograd_mini.generated --write`: do not edit.
The templates are in autograd_mini/generated.py; tests/test_generated.py fails while this file
is stale.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from autograd_mini.ops import FUNCTIONS, OPS, kind
from autograd_mini.recording import RECORDING
from autograd_mini.sweep import NUMBERS
from autograd_mini.value import Value, apply

abs = FUNCTIONS["abs"]
cos = FUNCTIONS["cos"]
exp = FUNCTIONS["exp"]
log = FUNCTIONS["log"]
sigmoid = FUNCTIONS["sigmoid"]
sin = FUNCTIONS["sin"]
softplus = FUNCTIONS["softplus"]
sqrt = FUNCTIONS["sqrt"]
tanh = FUNCTIONS["tanh"]
new = object.__new__
grad_enabled = RECORDING.get
LOW, HIGH = -math.inf, math.inf  # `LOW < x < HIGH`: x is finite (not inf, not nan)
EXACT = 2**53  # every int up to this is exactly a float
CHECKS = {name: op.check for name, op in OPS.items() if op.check}


def new_node(
    cls: type[Value], data: float, op: str, a: Value | float | None, b: Value | float | None
) -> Value:
    """A node of `cls` holding `data`, recording `op` on operands a, b (op "": a leaf).

    The one node constructor: `Value(...)`, `apply`, unpickling and (inlined) the methods below.
    """
    node = new(cls)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if op and grad_enabled():
        node._a = a
        node._b = b
        node._kind = kind(OPS[op], a, b)
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_add(self: Value, other: Value | float) -> Value:
    """`Value.__add__`: self + other, the op '+' of OPS (a + b)."""
    if type(other) is Value:
        a = self._data
        b = other._data
        node_kind = 5
    elif type(other) is float and LOW < other < HIGH:
        a = self._data
        b = other
        node_kind = 6
    elif type(other) is int and -EXACT <= other <= EXACT:  # 2 * x, x**2, 1 - y
        other = float(other)  # stored as a float, as apply stores it
        a = self._data
        b = other
        node_kind = 6
    else:  # a huge int, a bool, a Constant, not a number at all: apply decides
        return apply("+", self, other)
    try:
        data = a + b
    except (ArithmeticError, ValueError):
        return apply("+", self, other)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("+", self, other)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = other
        node._kind = node_kind
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_radd(self: Value, other: Value | float) -> Value:
    """`Value.__radd__`: other + self, the op '+' of OPS (a + b)."""
    if type(other) is Value:
        a = other._data
        b = self._data
        node_kind = 5
    elif type(other) is float and LOW < other < HIGH:
        a = other
        b = self._data
        node_kind = 7
    elif type(other) is int and -EXACT <= other <= EXACT:  # 2 * x, x**2, 1 - y
        other = float(other)  # stored as a float, as apply stores it
        a = other
        b = self._data
        node_kind = 7
    else:  # a huge int, a bool, a Constant, not a number at all: apply decides
        return apply("+", other, self)
    try:
        data = a + b
    except (ArithmeticError, ValueError):
        return apply("+", other, self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("+", other, self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = other
        node._b = self
        node._kind = node_kind
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_sub(self: Value, other: Value | float) -> Value:
    """`Value.__sub__`: self - other, the op '-' of OPS (a - b)."""
    if type(other) is Value:
        a = self._data
        b = other._data
        node_kind = 9
    elif type(other) is float and LOW < other < HIGH:
        a = self._data
        b = other
        node_kind = 10
    elif type(other) is int and -EXACT <= other <= EXACT:  # 2 * x, x**2, 1 - y
        other = float(other)  # stored as a float, as apply stores it
        a = self._data
        b = other
        node_kind = 10
    else:  # a huge int, a bool, a Constant, not a number at all: apply decides
        return apply("-", self, other)
    try:
        data = a - b
    except (ArithmeticError, ValueError):
        return apply("-", self, other)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("-", self, other)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = other
        node._kind = node_kind
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_rsub(self: Value, other: Value | float) -> Value:
    """`Value.__rsub__`: other - self, the op '-' of OPS (a - b)."""
    if type(other) is Value:
        a = other._data
        b = self._data
        node_kind = 9
    elif type(other) is float and LOW < other < HIGH:
        a = other
        b = self._data
        node_kind = 11
    elif type(other) is int and -EXACT <= other <= EXACT:  # 2 * x, x**2, 1 - y
        other = float(other)  # stored as a float, as apply stores it
        a = other
        b = self._data
        node_kind = 11
    else:  # a huge int, a bool, a Constant, not a number at all: apply decides
        return apply("-", other, self)
    try:
        data = a - b
    except (ArithmeticError, ValueError):
        return apply("-", other, self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("-", other, self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = other
        node._b = self
        node._kind = node_kind
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_mul(self: Value, other: Value | float) -> Value:
    """`Value.__mul__`: self * other, the op '*' of OPS (a * b)."""
    if type(other) is Value:
        a = self._data
        b = other._data
        node_kind = 13
    elif type(other) is float and LOW < other < HIGH:
        a = self._data
        b = other
        node_kind = 14
    elif type(other) is int and -EXACT <= other <= EXACT:  # 2 * x, x**2, 1 - y
        other = float(other)  # stored as a float, as apply stores it
        a = self._data
        b = other
        node_kind = 14
    else:  # a huge int, a bool, a Constant, not a number at all: apply decides
        return apply("*", self, other)
    try:
        data = a * b
    except (ArithmeticError, ValueError):
        return apply("*", self, other)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("*", self, other)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = other
        node._kind = node_kind
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_rmul(self: Value, other: Value | float) -> Value:
    """`Value.__rmul__`: other * self, the op '*' of OPS (a * b)."""
    if type(other) is Value:
        a = other._data
        b = self._data
        node_kind = 13
    elif type(other) is float and LOW < other < HIGH:
        a = other
        b = self._data
        node_kind = 15
    elif type(other) is int and -EXACT <= other <= EXACT:  # 2 * x, x**2, 1 - y
        other = float(other)  # stored as a float, as apply stores it
        a = other
        b = self._data
        node_kind = 15
    else:  # a huge int, a bool, a Constant, not a number at all: apply decides
        return apply("*", other, self)
    try:
        data = a * b
    except (ArithmeticError, ValueError):
        return apply("*", other, self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("*", other, self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = other
        node._b = self
        node._kind = node_kind
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_truediv(self: Value, other: Value | float) -> Value:
    """`Value.__truediv__`: self / other, the op '/' of OPS (a / b)."""
    if type(other) is Value:
        a = self._data
        b = other._data
        node_kind = 17
    elif type(other) is float and LOW < other < HIGH:
        a = self._data
        b = other
        node_kind = 18
    elif type(other) is int and -EXACT <= other <= EXACT:  # 2 * x, x**2, 1 - y
        other = float(other)  # stored as a float, as apply stores it
        a = self._data
        b = other
        node_kind = 18
    else:  # a huge int, a bool, a Constant, not a number at all: apply decides
        return apply("/", self, other)
    CHECKS["/"](self, other)
    try:
        data = a / b
    except (ArithmeticError, ValueError):
        return apply("/", self, other)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("/", self, other)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = other
        node._kind = node_kind
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_rtruediv(self: Value, other: Value | float) -> Value:
    """`Value.__rtruediv__`: other / self, the op '/' of OPS (a / b)."""
    if type(other) is Value:
        a = other._data
        b = self._data
        node_kind = 17
    elif type(other) is float and LOW < other < HIGH:
        a = other
        b = self._data
        node_kind = 19
    elif type(other) is int and -EXACT <= other <= EXACT:  # 2 * x, x**2, 1 - y
        other = float(other)  # stored as a float, as apply stores it
        a = other
        b = self._data
        node_kind = 19
    else:  # a huge int, a bool, a Constant, not a number at all: apply decides
        return apply("/", other, self)
    CHECKS["/"](other, self)
    try:
        data = a / b
    except (ArithmeticError, ValueError):
        return apply("/", other, self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("/", other, self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = other
        node._b = self
        node._kind = node_kind
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_pow(self: Value, other: Value | float) -> Value:
    """`Value.__pow__`: self ** other, the op '**' of OPS (a**b)."""
    if type(other) is Value:
        a = self._data
        b = other._data
        node_kind = 21
    elif type(other) is float and LOW < other < HIGH:
        a = self._data
        b = other
        node_kind = 22
    elif type(other) is int and -EXACT <= other <= EXACT:  # 2 * x, x**2, 1 - y
        other = float(other)  # stored as a float, as apply stores it
        a = self._data
        b = other
        node_kind = 22
    else:  # a huge int, a bool, a Constant, not a number at all: apply decides
        return apply("**", self, other)
    CHECKS["**"](self, other)
    try:
        data = a**b
    except (ArithmeticError, ValueError):
        return apply("**", self, other)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("**", self, other)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = other
        node._kind = node_kind
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_rpow(self: Value, other: Value | float) -> Value:
    """`Value.__rpow__`: other ** self, the op '**' of OPS (a**b)."""
    if type(other) is Value:
        a = other._data
        b = self._data
        node_kind = 21
    elif type(other) is float and LOW < other < HIGH:
        a = other
        b = self._data
        node_kind = 23
    elif type(other) is int and -EXACT <= other <= EXACT:  # 2 * x, x**2, 1 - y
        other = float(other)  # stored as a float, as apply stores it
        a = other
        b = self._data
        node_kind = 23
    else:  # a huge int, a bool, a Constant, not a number at all: apply decides
        return apply("**", other, self)
    CHECKS["**"](other, self)
    try:
        data = a**b
    except (ArithmeticError, ValueError):
        return apply("**", other, self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("**", other, self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = other
        node._b = self
        node._kind = node_kind
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_neg(self: Value) -> Value:
    """`Value.__neg__`: neg(self), the op 'neg' of OPS (-a).

    -self, one node (not -1 * self).
    """
    a = self._data
    try:
        data = -a
    except (ArithmeticError, ValueError):
        return apply("neg", self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("neg", self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = None
        node._kind = 26
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_exp(self: Value) -> Value:
    """`Value.exp`: exp(self), the op 'exp' of OPS (exp(a)).

    The exponential e ** self.
    """
    a = self._data
    try:
        data = exp(a)
    except (ArithmeticError, ValueError):
        return apply("exp", self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("exp", self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = None
        node._kind = 30
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_log(self: Value) -> Value:
    """`Value.log`: log(self), the op 'log' of OPS (log(a)).

    The natural logarithm; DomainError for self <= 0.
    """
    a = self._data
    CHECKS["log"](self)
    try:
        data = log(a)
    except (ArithmeticError, ValueError):
        return apply("log", self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("log", self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = None
        node._kind = 34
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_tanh(self: Value) -> Value:
    """`Value.tanh`: tanh(self), the op 'tanh' of OPS (tanh(a)).

    (e^x - e^-x) / (e^x + e^-x), exact +-1 limits.
    """
    a = self._data
    try:
        data = tanh(a)
    except (ArithmeticError, ValueError):
        return apply("tanh", self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("tanh", self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = None
        node._kind = 38
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_sigmoid(self: Value) -> Value:
    """`Value.sigmoid`: sigmoid(self), the op 'sigmoid' of OPS (sigmoid(a)).

    1 / (1 + e^-x), exact 0/1 limits.
    """
    a = self._data
    try:
        data = sigmoid(a)
    except (ArithmeticError, ValueError):
        return apply("sigmoid", self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("sigmoid", self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = None
        node._kind = 42
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_relu(self: Value) -> Value:
    """`Value.relu`: relu(self), the op 'relu' of OPS (a if a > 0 else 0.0).

    max(x, 0), with relu'(0) = 0 as in PyTorch.
    """
    a = self._data
    try:
        data = a if a > 0 else 0.0
    except (ArithmeticError, ValueError):
        return apply("relu", self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("relu", self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = None
        node._kind = 46
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_sqrt(self: Value) -> Value:
    """`Value.sqrt`: sqrt(self), the op 'sqrt' of OPS (sqrt(a)).

    The square root; DomainError for self < 0, and backward refuses it at 0.
    """
    a = self._data
    CHECKS["sqrt"](self)
    try:
        data = sqrt(a)
    except (ArithmeticError, ValueError):
        return apply("sqrt", self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("sqrt", self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = None
        node._kind = 50
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_abs(self: Value) -> Value:
    """`Value.abs`: abs(self), the op 'abs' of OPS (abs(a)).

    |x|, with abs'(0) = 0 as in PyTorch.
    """
    a = self._data
    try:
        data = abs(a)
    except (ArithmeticError, ValueError):
        return apply("abs", self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("abs", self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = None
        node._kind = 54
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_square(self: Value) -> Value:
    """`Value.square`: square(self), the op 'square' of OPS (a * a).

    self * self, as PyTorch's square.
    """
    a = self._data
    try:
        data = a * a
    except (ArithmeticError, ValueError):
        return apply("square", self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("square", self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = None
        node._kind = 58
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_sin(self: Value) -> Value:
    """`Value.sin`: sin(self), the op 'sin' of OPS (sin(a)).

    The sine (radians).
    """
    a = self._data
    try:
        data = sin(a)
    except (ArithmeticError, ValueError):
        return apply("sin", self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("sin", self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = None
        node._kind = 62
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_cos(self: Value) -> Value:
    """`Value.cos`: cos(self), the op 'cos' of OPS (cos(a)).

    The cosine (radians).
    """
    a = self._data
    try:
        data = cos(a)
    except (ArithmeticError, ValueError):
        return apply("cos", self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("cos", self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = None
        node._kind = 66
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


def value_softplus(self: Value) -> Value:
    """`Value.softplus`: softplus(self), the op 'softplus' of OPS (softplus(a)).

    log(1 + e^x), exact for every x; its derivative is sigmoid(x).
    """
    a = self._data
    try:
        data = softplus(a)
    except (ArithmeticError, ValueError):
        return apply("softplus", self)  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply("softplus", self)  # float arithmetic overflows to inf silently: refuse
    node = new(Value)
    node._data = data
    node.grad = 0.0
    node.label = ""
    node._adjoint = None
    node._n = next(NUMBERS)
    if grad_enabled():
        node._a = self
        node._b = None
        node._kind = 70
    else:
        node._a = None
        node._b = None
        node._kind = 0
    return node


METHODS: dict[str, Callable[..., Value]] = {
    "__add__": value_add,
    "__radd__": value_radd,
    "__sub__": value_sub,
    "__rsub__": value_rsub,
    "__mul__": value_mul,
    "__rmul__": value_rmul,
    "__truediv__": value_truediv,
    "__rtruediv__": value_rtruediv,
    "__pow__": value_pow,
    "__rpow__": value_rpow,
    "__neg__": value_neg,
    "exp": value_exp,
    "log": value_log,
    "tanh": value_tanh,
    "sigmoid": value_sigmoid,
    "relu": value_relu,
    "sqrt": value_sqrt,
    "abs": value_abs,
    "square": value_square,
    "sin": value_sin,
    "cos": value_cos,
    "softplus": value_softplus,
}
"""Value's methods by name (value.py sets them on the class)."""


def constant_add(self: Value, other: Value | float) -> Value:
    """`Constant.__add__`: self + other by `apply` (the Constant stored as its number)."""
    return apply("+", self, other)


def constant_radd(self: Value, other: Value | float) -> Value:
    """`Constant.__radd__`: other + self by `apply` (the Constant stored as its number)."""
    return apply("+", other, self)


def constant_sub(self: Value, other: Value | float) -> Value:
    """`Constant.__sub__`: self - other by `apply` (the Constant stored as its number)."""
    return apply("-", self, other)


def constant_rsub(self: Value, other: Value | float) -> Value:
    """`Constant.__rsub__`: other - self by `apply` (the Constant stored as its number)."""
    return apply("-", other, self)


def constant_mul(self: Value, other: Value | float) -> Value:
    """`Constant.__mul__`: self * other by `apply` (the Constant stored as its number)."""
    return apply("*", self, other)


def constant_rmul(self: Value, other: Value | float) -> Value:
    """`Constant.__rmul__`: other * self by `apply` (the Constant stored as its number)."""
    return apply("*", other, self)


def constant_truediv(self: Value, other: Value | float) -> Value:
    """`Constant.__truediv__`: self / other by `apply` (the Constant stored as its number)."""
    return apply("/", self, other)


def constant_rtruediv(self: Value, other: Value | float) -> Value:
    """`Constant.__rtruediv__`: other / self by `apply` (the Constant stored as its number)."""
    return apply("/", other, self)


def constant_pow(self: Value, other: Value | float) -> Value:
    """`Constant.__pow__`: self ** other by `apply` (the Constant stored as its number)."""
    return apply("**", self, other)


def constant_rpow(self: Value, other: Value | float) -> Value:
    """`Constant.__rpow__`: other ** self by `apply` (the Constant stored as its number)."""
    return apply("**", other, self)


def constant_neg(self: Value) -> Value:
    """`Constant.__neg__`: neg(self) by `apply` (the Constant stored as its number)."""
    return apply("neg", self)


def constant_exp(self: Value) -> Value:
    """`Constant.exp`: exp(self) by `apply` (the Constant stored as its number)."""
    return apply("exp", self)


def constant_log(self: Value) -> Value:
    """`Constant.log`: log(self) by `apply` (the Constant stored as its number)."""
    return apply("log", self)


def constant_tanh(self: Value) -> Value:
    """`Constant.tanh`: tanh(self) by `apply` (the Constant stored as its number)."""
    return apply("tanh", self)


def constant_sigmoid(self: Value) -> Value:
    """`Constant.sigmoid`: sigmoid(self) by `apply` (the Constant stored as its number)."""
    return apply("sigmoid", self)


def constant_relu(self: Value) -> Value:
    """`Constant.relu`: relu(self) by `apply` (the Constant stored as its number)."""
    return apply("relu", self)


def constant_sqrt(self: Value) -> Value:
    """`Constant.sqrt`: sqrt(self) by `apply` (the Constant stored as its number)."""
    return apply("sqrt", self)


def constant_abs(self: Value) -> Value:
    """`Constant.abs`: abs(self) by `apply` (the Constant stored as its number)."""
    return apply("abs", self)


def constant_square(self: Value) -> Value:
    """`Constant.square`: square(self) by `apply` (the Constant stored as its number)."""
    return apply("square", self)


def constant_sin(self: Value) -> Value:
    """`Constant.sin`: sin(self) by `apply` (the Constant stored as its number)."""
    return apply("sin", self)


def constant_cos(self: Value) -> Value:
    """`Constant.cos`: cos(self) by `apply` (the Constant stored as its number)."""
    return apply("cos", self)


def constant_softplus(self: Value) -> Value:
    """`Constant.softplus`: softplus(self) by `apply` (the Constant stored as its number)."""
    return apply("softplus", self)


CONSTANT_METHODS: dict[str, Callable[..., Value]] = {
    "__add__": constant_add,
    "__radd__": constant_radd,
    "__sub__": constant_sub,
    "__rsub__": constant_rsub,
    "__mul__": constant_mul,
    "__rmul__": constant_rmul,
    "__truediv__": constant_truediv,
    "__rtruediv__": constant_rtruediv,
    "__pow__": constant_pow,
    "__rpow__": constant_rpow,
    "__neg__": constant_neg,
    "exp": constant_exp,
    "log": constant_log,
    "tanh": constant_tanh,
    "sigmoid": constant_sigmoid,
    "relu": constant_relu,
    "sqrt": constant_sqrt,
    "abs": constant_abs,
    "square": constant_square,
    "sin": constant_sin,
    "cos": constant_cos,
    "softplus": constant_softplus,
}
"""Constant's methods by name (value.py sets them on the class)."""
