"""The op table: each op's forward rule, local derivatives and domain check, side by side.

An op is one entry in `OPS`. Its forward rule and its local derivatives are formulas: Python
expressions over the operands `a`, `b` and the result `out`. The formulas are the rules, not a
description of them: each is compiled once, when the `Op` is made, and the same text is what
drawings and the step-through page show. So the backward pass, the parser, the drawings and the
NumPy tape (`autograd_mini.nn.tape`) read one definition, and an op added to `OPS` (even at run
time) is parsed, differentiated, drawn and replayed with no other edit.
"""

from __future__ import annotations

import ast
import itertools
import keyword
import linecache
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


def softplus(x: float) -> float:
    """log(1 + e^x) on a float, as max(x, 0) + log(1 + e^-|x|) so exp never overflows."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


FUNCTIONS: dict[str, Callable[[float], float]] = {
    "exp": math.exp,
    "log": math.log,
    "tanh": math.tanh,
    "sigmoid": sigmoid,
    "sqrt": math.sqrt,
    "abs": math.fabs,
    "sin": math.sin,
    "cos": math.cos,
    "softplus": softplus,
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
"""The names a formula gives an op's operands, in order; `out` is the op's result."""

# Python's own operator symbols: an op may be named by one (the parser and methods map them).
OPERATOR_SYMBOLS = frozenset(("+", "-", "*", "/", "**", "//", "%", "@", "&", "|", "^", "<<", ">>"))

# What a formula may contain: arithmetic, comparisons, `x if test else y`, calls of FUNCTIONS.
_ALLOWED_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.operator,
    ast.unaryop,
    ast.boolop,
    ast.cmpop,
)
_OP_NUMBERS = itertools.count(1)


class FormulaError(ValueError):
    """A formula of an `Op` is not an expression over its operands, `out` and FUNCTIONS."""


def check_formula(formula: str, op: str, role: str, names: tuple[str, ...]) -> None:
    """Refuse `formula` (the `role` of op `op`) unless it is one expression using only `names`.

    Parsed with `ast`, never run: a formula is spliced into generated code and compiled, so
    what is not a plain expression (a `#`, a second line, a name the op does not have, which
    would read whatever that name meant where it runs) must stop here.
    """
    where = f"Op {op!r}: {role} = {formula!r}"
    if type(formula) is not str:
        raise FormulaError(f"Op {op!r}: {role} must be a str, got {type(formula).__name__}")
    if "#" in formula or "\n" in formula or "\r" in formula:
        raise FormulaError(f"{where}: a formula is one expression on one line, with no comment")
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as error:
        raise FormulaError(f"{where}: not a Python expression ({error.msg})") from None
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise FormulaError(f"{where}: {type(node).__name__} is not allowed in a formula")
        if isinstance(node, ast.Constant) and type(node.value) not in (int, float):
            raise FormulaError(f"{where}: only number literals, got {node.value!r}")
        if isinstance(node, ast.Call) and (
            not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords
        ):
            raise FormulaError(f"{where}: calls only {', '.join(FUNCTIONS)}, one argument each")
        if isinstance(node, ast.Name) and node.id not in names and node.id not in FUNCTIONS:
            raise FormulaError(
                f"{where} names {node.id!r}, which is not one of {', '.join(names)}"
                f" or a function ({', '.join(FUNCTIONS)})"
            )


def compile_formula(
    formula: str, arity: int, with_out: bool, functions: Mapping[str, Rule]
) -> Rule:
    """`formula` as a function of the operands (and `out`): "b * a" -> lambda a, b, out: b * a.

    Formulas come from the op table, which is code, and `Op` has checked each one
    (`check_formula`); user text never reaches here (`parse` builds graphs from an AST whitelist
    and calls ops by name). The source is registered with `linecache`, so a traceback through
    a rule shows its formula.
    """
    parameters = ", ".join(OPERANDS[:arity] + (("out",) if with_out else ()))
    source = f"lambda {parameters}: {formula}"
    filename = f"<formula {formula}>"
    linecache.cache[filename] = (len(source), None, [source + "\n"], filename)
    code = compile(source, filename, "eval")
    rule: Rule = eval(code, {"__builtins__": {}, **functions})
    return rule


class Op:
    """One operation: `formula` computes it, `derivatives["a"]` is d out / d a (and "b").

    `Op("a * b", d_a="b", d_b="a")`: formulas are Python expressions over the operands `a`, `b`
    and (in a derivative) the result `out`; each is checked when the Op is made (FormulaError).
    `check(*operands)` sees the operands as a node stores them (Values, and floats for numbers)
    and raises DomainError before anything is computed. `doc` says what the op computes, for
    people: `help(Value.log)` shows it. `forward` and `grads` (one per operand, in order a, b)
    are the compiled formulas; a derivative is only computed for an operand that needs one (not
    for numbers).
    """

    __slots__ = ("arity", "check", "derivatives", "doc", "formula", "forward", "grads", "kind")

    def __init__(
        self,
        formula: str,
        *,
        d_a: str,
        d_b: str | None = None,
        check: Callable[..., None] | None = None,
        doc: str = "",
    ) -> None:
        self.doc = doc
        self.derivatives = {"a": d_a} if d_b is None else {"a": d_a, "b": d_b}
        self.arity = len(self.derivatives)
        operands = OPERANDS[: self.arity]
        check_formula(formula, formula, "formula", operands)
        for x, derivative in self.derivatives.items():
            check_formula(derivative, formula, f"d_{x}", (*operands, "out"))
        self.formula = formula
        self.check = check
        self.forward = compile_formula(formula, self.arity, False, FUNCTIONS)
        recording = {name: _recording(name, f) for name, f in FUNCTIONS.items()}
        self.grads = tuple(
            compile_formula(d, self.arity, True, recording) for d in self.derivatives.values()
        )
        self.kind = 4 * next(_OP_NUMBERS)  # + an operand pattern: see `kind` below

    def __repr__(self) -> str:
        derivatives = ", ".join(f"d_{x}={d!r}" for x, d in self.derivatives.items())
        return f"Op({self.formula!r}, {derivatives})"


# A node's kind is its op's `kind` plus the pattern of its operands (0: no Value operand, so
# nothing to propagate); a leaf's is 0. The sweep branches on it (autograd_mini.sweep), and it
# names the node's op: `OP_NAMES[kind >> 2]` is `.op`.
BOTH, A_ONLY, B_ONLY = 1, 2, 3
PATTERNS = {BOTH: ("a", "b"), A_ONLY: ("a",), B_ONLY: ("b",)}  # which operands are Values
OP_NAMES = {0: ""}
"""The name in OPS of each op, by its number `op.kind >> 2` (0: a leaf's, no op)."""


def kind(op: Op, a: Any, b: Any) -> int:
    """The node kind of `op` on operands a, b (b None for one operand) as a node stores them."""
    if type(a) is float:
        return op.kind if b is None or type(b) is float else op.kind + B_ONLY
    return op.kind + (A_ONLY if b is None or type(b) is float else BOTH)


def data(x: Any) -> Any:  # a float, or a complex the caller's comparison refuses
    """The number an operand stands for: a number itself, else its `.data`.

    A number is a float, or in compiled code a complex (a negative base to a Value power):
    a check's comparison then raises TypeError, and the compiled function asks the engine.
    """
    return x if type(x) is float or type(x) is complex else x._data


def _positive(name: str) -> Callable[[Any], None]:
    def check(a: Any) -> None:
        if data(a) <= 0:
            raise DomainError(f"{name}: operand must be > 0, got {describe(a)}")

    return check


def _check_sqrt(a: Any) -> None:
    if data(a) < 0:
        raise DomainError(f"sqrt: operand must be >= 0, got {describe(a)}")


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


class OpTable(dict[str, Op]):
    """`OPS`: a dict of ops by name that can grow at run time but never change an entry.

    A new entry takes effect everywhere at once: `apply`, the parser, the backward pass (its
    generic path: autograd_mini.sweep), drawings and the NumPy tape all read the table when
    they run. Replacing or removing an entry is refused: the generated methods and sweeps
    (autograd_mini/_generated/) have the built-in formulas written in, and nodes already made
    name their op, so a changed entry would hold for some paths and not others.
    """

    def __setitem__(self, name: str, op: Op) -> None:
        if not isinstance(op, Op):
            raise TypeError(f"OPS[{name!r}]: expected an Op, got {type(op).__name__}")
        if type(name) is not str or not (
            (name.isidentifier() and not keyword.iskeyword(name)) or name in OPERATOR_SYMBOLS
        ):
            raise ValueError(
                f"OPS: op name {name!r:.60} must be an identifier or an operator symbol"
            )
        if name in self:
            raise ValueError(
                f"OPS: {name!r} is already an op; entries cannot be replaced at run time"
                " (methods and the generated sweep have its formulas written in): add a new name"
            )
        number = op.kind >> 2
        if number in OP_NAMES:  # a node names its op by the Op's number: one name per Op
            raise ValueError(
                f"OPS[{name!r}]: this Op is already OPS[{OP_NAMES[number]!r}]; make another"
                f" Op for {name!r}"
            )
        super().__setitem__(name, op)
        OP_NAMES[number] = name

    def __delitem__(self, name: str) -> None:
        raise ValueError(f"OPS: entries cannot be removed ({name!r}): nodes may still use them")

    def update(self, *args: Any, **kwargs: Op) -> None:
        """Add each entry as `OPS[name] = op` does (refusing to replace one)."""
        for name, op in dict(*args, **kwargs).items():
            self[name] = op

    def setdefault(self, name: str, op: Op) -> Op:
        """`OPS[name]`, added first if new."""
        if name not in self:
            self[name] = op
        return self[name]

    def __ior__(self, other: Any) -> OpTable:  # type: ignore[override,misc]
        self.update(other)
        return self

    def _refuse_removal(self, *args: Any) -> Any:
        raise ValueError("OPS: entries cannot be removed: nodes may still use them")

    pop = popitem = clear = _refuse_removal


OPS = OpTable()
"""Every op the engine knows, by the name a node's `.op` carries."""
OPS.update(
    {
        "+": Op("a + b", d_a="1", d_b="1"),
        "-": Op("a - b", d_a="1", d_b="-1"),
        "*": Op("a * b", d_a="b", d_b="a"),
        "/": Op("a / b", d_a="1 / b", d_b="-out / b", check=_check_div),
        # x**0 is the constant 1: slope 0 even at x = 0, where b * a**(b - 1) would divide by 0.
        # d/db needs log(a), defined for a > 0 only, which _check_pow demands of Value exponents.
        "**": Op(
            "a**b", d_a="0 if b == 0 else b * a**(b - 1)", d_b="out * log(a)", check=_check_pow
        ),
        "neg": Op("-a", d_a="-1", doc="-self, one node (not -1 * self)."),
        # d(e^a)/da = e^a: the derivative reuses the output.
        "exp": Op("exp(a)", d_a="out", doc="The exponential e ** self."),
        "log": Op(
            "log(a)",
            d_a="1 / a",
            check=_positive("log"),
            doc="The natural logarithm; DomainError for self <= 0.",
        ),
        "tanh": Op(
            "tanh(a)", d_a="1 - out**2", doc="(e^x - e^-x) / (e^x + e^-x), exact +-1 limits."
        ),
        "sigmoid": Op("sigmoid(a)", d_a="out * (1 - out)", doc="1 / (1 + e^-x), exact 0/1 limits."),
        "relu": Op(
            "a if a > 0 else 0.0",
            d_a="1 if a > 0 else 0",
            doc="max(x, 0), with relu'(0) = 0 as in PyTorch.",
        ),
        # sqrt(0) = 0, but its slope there is infinite (PyTorch gives inf): backward refuses it.
        "sqrt": Op(
            "sqrt(a)",
            d_a="0.5 / out",
            check=_check_sqrt,
            doc="The square root; DomainError for self < 0, and backward refuses it at 0.",
        ),
        "abs": Op(
            "abs(a)",
            d_a="1 if a > 0 else (-1 if a < 0 else 0)",
            doc="|x|, with abs'(0) = 0 as in PyTorch.",
        ),
        # torch.square: x * x (bit for bit, not pow), d/dx = 2x; one node, drawn as square(x).
        "square": Op("a * a", d_a="2 * a", doc="self * self, as PyTorch's square."),
        "sin": Op("sin(a)", d_a="cos(a)", doc="The sine (radians)."),
        "cos": Op("cos(a)", d_a="-sin(a)", doc="The cosine (radians)."),
        # Exact for every x: PyTorch's softplus returns x itself past x > 20 (its threshold).
        "softplus": Op(
            "softplus(a)",
            d_a="sigmoid(a)",
            doc="log(1 + e^x), exact for every x; its derivative is sigmoid(x).",
        ),
        # A parameter is an operand: b is the slope, a number as a rule, drawn as a constant; a
        # Value slope learns (PReLU). At 0 the slope is b, as PyTorch's x > 0 ? 1 : slope.
        "leaky_relu": Op(
            "a if a > 0 else b * a",
            d_a="1 if a > 0 else b",
            d_b="0 if a > 0 else a",
            doc="x for x > 0, else slope * x (at 0 the slope), as PyTorch's.",
        ),
    }
)
