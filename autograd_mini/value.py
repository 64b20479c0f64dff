"""`Value`: a float that remembers the op and operands that made it, so it can be differentiated."""

from __future__ import annotations

import math
import numbers
import weakref
from typing import TYPE_CHECKING, Any, Self

from autograd_mini.copying import reduce
from autograd_mini.errors import DomainError, describe, echo
from autograd_mini.graph import backward, topological_order, zero_grad
from autograd_mini.ops import OP_NAMES, OPS, kind
from autograd_mini.recording import COMPARISONS, NUMBERS_READ
from autograd_mini.sweep import NUMBERS

Number = int | float
_INF = math.inf


def as_float(x: Any, where: str) -> float:
    """`x` as a finite float; TypeError or ValueError naming `where` for anything else."""
    if type(x) is not float:
        if isinstance(x, bool) or not isinstance(x, numbers.Real):
            raise TypeError(f"{where}: expected an int or float, got {type(x).__name__} {echo(x)}")
        try:
            x = float(x)
        except OverflowError:  # an int past 1.8e308, e.g. 10**400; its repr may be huge
            raise ValueError(f"{where}: {type(x).__name__} too large for a float") from None
    if not -_INF < x < _INF:
        raise ValueError(f"{where}: expected a finite number, got {x!r}")
    number: float = x
    return number


class Value:
    """A scalar with `.data`, `.grad` and the graph (`.op`, `.parents`) that produced it.

    `==` and `hash` are by identity, so Values can live in sets and dicts (graphs do);
    `<`, `<=`, `>`, `>=` compare `.data` and return a bool. To compare numbers, compare `.data`.
    `bool(v)` is `v.data != 0`, as `bool(tensor)` in PyTorch: `if v:` tests the number, so test
    for a missing Value with `is None`.

    `Value(2.0, requires_grad=False)` is a `Constant`, which gets no gradient (as a PyTorch
    tensor made without requires_grad); every other Value gets one. `Value(2.0, (), "")`,
    micrograd's positional form for a leaf, is accepted.
    """

    # The operands sit in two slots, _a and _b (None when absent), not in a tuple, and a number
    # operand is kept as a float, not wrapped in a node: one object per op, not two or three,
    # for the cyclic garbage collector, which took 60% of an MLP's forward pass when it saw
    # them all (`python -m benchmarks.profile gc`).
    # `_adjoint` is scratch space for graph walks; `_n` is the creation number (a node is newer
    # than its operands) and `_kind` the op and operand pattern: see autograd_mini.sweep.
    # `.op` is read from `_kind`: a node stores one slot less, and each collection of the
    # cyclic GC visits one less (small MLP build, callgrind: 4,215 -> 4,144 instructions a
    # node with the GC off, 6,492 -> 6,287 with it on).
    # A dict, so that help(Value) shows what each public slot holds.
    __slots__ = {
        "__weakref__": "",
        "_a": "",
        "_adjoint": "",
        "_b": "",
        "_data": "",
        "_kind": "",
        "_n": "",
        "grad": "d root / d this node, added by root.backward() (0.0 until then).",
        "label": "A name for messages, drawings and the page ('' for none).",
    }
    is_constant = False
    requires_grad = True
    _data: float
    grad: float
    label: str
    _a: Value | float | None
    _b: Value | float | None
    _adjoint: Any
    _n: int
    _kind: int

    def __new__(
        cls,
        data: Number,
        label: str | tuple[()] = "",
        _op: str = "",
        *,
        requires_grad: bool = True,
    ) -> Self:
        """A leaf holding `data` as a float, a Constant for `requires_grad=False`."""
        if type(requires_grad) is not bool:
            raise TypeError(f"Value: requires_grad must be True or False, got {requires_grad!r}")
        if type(label) is tuple:  # micrograd's Value(data, _children, _op): a leaf only
            if label or _op:
                raise TypeError(
                    "Value: a node is made by an op (x * y, x.exp(), apply), not from children"
                    " and an op name as in micrograd; add an op to autograd_mini.ops.OPS"
                )
            label = ""
        if type(label) is not str:
            raise TypeError(f"Value: label must be a str, got {type(label).__name__}")
        leaf = cls if requires_grad else Constant
        node: Self = new_node(leaf, as_float(data, "Value"), "", None, None)  # type: ignore[assignment]
        node.label = label
        return node

    @property
    def op(self) -> str:
        """The name in OPS of the op that made this node ('' for a leaf)."""
        return OP_NAMES[self._kind >> 2]

    @property
    def data(self) -> float:
        """The number this node holds."""
        read = NUMBERS_READ.get()
        if read is not None:  # inside numbers_read(): is f's graph made of ops alone?
            read.append(self)
        return self._data

    @data.setter
    def data(self, number: float) -> None:
        # Checked, as few writes are (optimizer steps, loading): a nan or a str in .data would
        # surface ops later, far from the line that wrote it. The engine writes `_data`.
        self._data = as_float(
            number, f"Value.data of {self.label!r}" if self.label else "Value.data"
        )

    @property
    def operands(self) -> tuple[Value | float, ...]:
        """What this node was computed from: (), (a,) or (a, b); number operands as floats."""
        a, b = self._a, self._b
        if a is None:
            return ()
        return (a,) if b is None else (a, b)

    @property
    def parents(self) -> tuple[Value, ...]:
        """The operands as Values, each number operand as a `Constant` leaf.

        The Constants are made on first access and kept while this node lives, so that every
        access returns the same objects (drawings and `topological_order` rely on it).
        """
        operands = self.operands
        if not any(type(x) is float for x in operands):
            return operands  # type: ignore[return-value]
        parents = _CONSTANT_PARENTS.get(self)
        if parents is None:
            parents = tuple(Constant(x) if isinstance(x, float) else x for x in operands)
            _CONSTANT_PARENTS[self] = parents
        return parents

    @property
    def _prev(self) -> set[Value]:
        """The parents as a set, micrograd's `_prev` (its lecture's `draw_dot` reads it)."""
        return set(self.parents)

    @property
    def _op(self) -> str:
        """The op's name, micrograd's `_op`."""
        return self.op

    def item(self) -> float:
        """The number, `.data`, as PyTorch's `tensor.item()` gives it."""
        return self.data

    def detach(self) -> Value:
        """A new leaf with the same number and label: the graph and gradient stop here."""
        return Value(self.data, self.label)

    def __pos__(self) -> Value:
        """+x is x itself, as in Python for numbers (and as `parse` reads it)."""
        return self

    def __bool__(self) -> bool:
        """`v.data != 0`, as `bool(tensor)` in PyTorch."""
        return _compared(self, "!=", 0.0, self.data != 0)

    def __round__(self, ndigits: int | None = None) -> Value:
        """Refused: a rounded Value would have slope 0 everywhere, silently stopping gradients."""
        raise TypeError(
            f"round(): a Value is not rounded, at {describe(self)}: round(v.item(), 4) rounds"
            " its number (a rounding op would have derivative 0 and stop the gradient)"
        )

    def __repr__(self) -> str:
        """Every digit of `.data` and `.grad`, the op and the label."""
        return (
            f"Value(data={self.data!r}, grad={self.grad!r}, op={self.op!r}, label={self.label!r})"
        )

    def __float__(self) -> float:
        """Refused: use `v.data` for the number (an implicit float would cut the graph)."""
        # An implicit float would cut the graph silently: math.exp(v) returned a plain float,
        # so x * math.exp(x) lost a term of x.grad. micrograd refuses the same way.
        raise TypeError(
            f"float(): a Value does not turn into a float implicitly, at {describe(self)}: use"
            " v.data for its number, or an op method such as v.exp() to keep the gradient"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle and deepcopy without recursion, at any depth (see autograd_mini.copying)."""
        return reduce(self, (type(self), self.data, self.grad, self.label, self.op))

    def __setstate__(self, operands: tuple[Any, Any]) -> None:
        """The operands of an unpickled node, given after they are rebuilt (see copying)."""
        self._a, self._b = operands
        self._kind = kind(OPS[self.op], *operands) if self.op else 0
        self._n = next(NUMBERS)  # newer than its operands, rebuilt by now in any copy order

    @classmethod
    def _unpickle(cls, data: float, grad: float, label: str, op: str) -> Value:
        """A node, its operands to come through `__setstate__` (see autograd_mini.copying)."""
        if op and op not in OPS:  # pickled where OPS had an op this process lacks
            raise ValueError(
                f"unpickle: the graph uses the op {echo(op)}, which this process's OPS lacks "
                f"(known: {' '.join(OPS)}); add that op before loading the graph"
            )
        node = new_node(cls, data, "", None, None)  # after the ancestors copied before it
        node.grad, node.label = grad, label
        node._kind = OPS[op].kind if op else 0  # names the op; its operands come next
        return node

    def __format__(self, spec: str) -> str:
        """`f"{v:.3f}"` formats `.data`; an empty spec gives the repr."""
        return format(self.data, spec) if spec else repr(self)

    # Operators and op methods: each is one node whose op names it. They are generated from OPS
    # into autograd_mini/_generated/methods.py (set on the class below); declared here for types.
    if TYPE_CHECKING:

        def __add__(self, other: Value | Number) -> Value: ...
        def __radd__(self, other: Number) -> Value: ...
        def __sub__(self, other: Value | Number) -> Value: ...
        def __rsub__(self, other: Number) -> Value: ...
        def __mul__(self, other: Value | Number) -> Value: ...
        def __rmul__(self, other: Number) -> Value: ...
        def __truediv__(self, other: Value | Number) -> Value: ...
        def __rtruediv__(self, other: Number) -> Value: ...
        def __pow__(self, other: Value | Number) -> Value: ...
        def __rpow__(self, other: Number) -> Value: ...
        def __neg__(self) -> Value: ...
        # Their docstrings are their ops' `doc` in OPS, written into the generated methods.
        def exp(self) -> Value: ...  # noqa: D102
        def log(self) -> Value: ...  # noqa: D102
        def tanh(self) -> Value: ...  # noqa: D102
        def sigmoid(self) -> Value: ...  # noqa: D102
        def relu(self) -> Value: ...  # noqa: D102
        def sqrt(self) -> Value: ...  # noqa: D102
        def abs(self) -> Value: ...  # noqa: D102
        def square(self) -> Value: ...  # noqa: D102
        def sin(self) -> Value: ...  # noqa: D102
        def cos(self) -> Value: ...  # noqa: D102
        def softplus(self) -> Value: ...  # noqa: D102

    def leaky_relu(self, negative_slope: Value | Number = 0.01) -> Value:
        """Leaky ReLU: x for x > 0, else negative_slope * x (at 0 the slope), as PyTorch's."""
        return apply("leaky_relu", self, negative_slope)

    def __abs__(self) -> Value:
        """abs(x): the op "abs", as `x.abs()`."""
        return self.abs()

    def __lt__(self, other: Value | Number) -> bool:
        """`self < other` on the numbers: a bool, not a node."""
        return _compared(self, "<", other, self.data < _data(other, "<"))

    def __le__(self, other: Value | Number) -> bool:
        """`self <= other` on the numbers: a bool, not a node."""
        return _compared(self, "<=", other, self.data <= _data(other, "<="))

    def __gt__(self, other: Value | Number) -> bool:
        """`self > other` on the numbers: a bool, not a node."""
        return _compared(self, ">", other, self.data > _data(other, ">"))

    def __ge__(self, other: Value | Number) -> bool:
        """`self >= other` on the numbers: a bool, not a node."""
        return _compared(self, ">=", other, self.data >= _data(other, ">="))

    def backward(self) -> None:
        """Add d self / d node to `.grad` of every node under self (intermediates too).

        A second call adds one more pass, as PyTorch accumulates; `zero_grad()` clears.
        If a derivative is undefined, DomainError is raised and no `.grad` has changed.
        A `.grad` set to None (PyTorch's way to clear it) counts as 0.
        """
        try:
            backward(self)
        except TypeError:  # None + float: rare, so looked for only here, costing nothing else
            cleared = [node for node in topological_order(self, False) if node.grad is None]
            if not cleared:
                raise
            for node in cleared:
                node.grad = 0.0
            backward(self)

    def zero_grad(self) -> None:
        """Set `.grad` to 0 on every node under self (and clear any scratch state left there)."""
        zero_grad(self)


class Constant(Value):
    """A number as a Value: how `.parents` and drawings show a number operand (the 2 in `x * 2`).

    It gets no gradient; used as an operand it counts as its number.
    """

    __slots__ = ()
    is_constant = True
    requires_grad = False

    def __repr__(self) -> str:
        return f"Constant({self.data!r})"


def operand(x: Value | Number, op: str) -> Value | float:
    """`x` as a node stores it: a Value as itself, a number or a Constant as a float.

    TypeError naming `op` for anything that is not a number.
    """
    if isinstance(x, Value):
        return x._data if x.is_constant else x
    return as_float(x, op)


def _data(x: Value | Number, op: str) -> float:
    return x._data if isinstance(x, Value) else as_float(x, op)


def _compared(a: Value, op: str, b: Value | Number, result: bool) -> bool:
    """`result`, noted first if `autograd_mini.compile` is tracing (it checks each again)."""
    noted = COMPARISONS.get()
    if noted is not None:
        noted.append((a, op, b, result))
    return result


_UNARY: Any = object()  # apply's b when there is none (None is an operand users can pass)
_CONSTANT_PARENTS: weakref.WeakKeyDictionary[Value, tuple[Value, ...]] = weakref.WeakKeyDictionary()


def apply(op: str, a: Value | Number, b: Any = _UNARY) -> Value:
    """The Value `op(a)` or `op(a, b)` for any op in `OPS`, by name: `apply("exp", x)`.

    Checks the domain, computes on floats and records the node: the reference for what an op
    does. Operators and methods (`x * y`, `x.exp()`) run generated code for the common operands
    and call this for the rest; it reaches an op added to `OPS` that has no method.
    """
    try:
        rule = OPS[op]
    except KeyError:
        raise ValueError(f"apply: unknown op {op!r} (known: {' '.join(OPS)})") from None
    if (b is _UNARY) is not (rule.arity == 1):
        raise TypeError(f"apply: {op} takes {rule.arity} operand(s)")
    if type(a) is not Value:  # a plain Value, the common case, is stored as it is
        a = operand(a, op)
    if b is _UNARY:
        b = None
    elif type(b) is not Value and not (type(b) is float and -_INF < b < _INF):
        b = operand(b, op)  # a finite float, the usual number operand, is stored as it is
    if rule.check is not None:
        rule.check(a) if b is None else rule.check(a, b)
    x = a if isinstance(a, float) else a._data
    try:
        data = rule.forward(x) if b is None else rule.forward(x, b if type(b) is float else b._data)
    except (ArithmeticError, ValueError) as error:  # e.g. math.exp's OverflowError
        # The reason alone: `**`'s OverflowError prints as "(34, 'Numerical result ...')".
        reason = error.args[-1] if error.args else type(error).__name__
        raise DomainError(f"{op}: undefined or overflows at {_at(a, b)} ({reason})") from None
    if not -_INF < data < _INF:  # float arithmetic overflows to inf silently; we refuse
        raise DomainError(f"{op}: result overflows a float ({data!r}) at {_at(a, b)}")
    return new_node(Value, data, op, a, b)


def _at(a: Value | float, b: Value | float | None) -> str:
    return describe(a) if b is None else describe(a, b)


# The generated module imports Value and apply from here, so it comes last. `x * y` runs one
# generated function with the forward formula and the node constructor written in: one Python
# frame instead of three (method, apply, the compiled formula), and no table lookup.
from autograd_mini._generated.methods import CONSTANT_METHODS, METHODS, new_node  # noqa: E402

for _name, _method in METHODS.items():
    setattr(Value, _name, _method)
for _name, _method in CONSTANT_METHODS.items():
    setattr(Constant, _name, _method)
