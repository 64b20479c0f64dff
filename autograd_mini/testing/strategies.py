"""Hypothesis strategies: numbers inside each op's domain, points, random expressions, networks.

An op's domain is a few open intervals per operand, cut at its poles and kinks and bounded by
BOUND. `numbers` keeps MARGIN away from every cut, so finite differences with steps up to
MARGIN / 10 never straddle a kink or reach a pole. An op added to `OPS` needs one entry in
`DOMAINS` (a test fails until it has one).
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from autograd_mini.ops import OPS
from autograd_mini.testing.extras import require
from autograd_mini.value import Value, apply

require("hypothesis", "autograd_mini.testing.strategies")  # a one-line error if it is missing

from hypothesis import strategies as st  # noqa: E402 (after the check above)

BOUND = 10.0
"""Operands are drawn from [-BOUND, BOUND]: exp and powers of them stay far from overflow."""
MARGIN = 1e-3
"""The distance every number keeps from a pole, a kink or a domain's edge."""

Interval = tuple[float, float]
LINE: tuple[Interval, ...] = ((-math.inf, math.inf),)
POSITIVE: tuple[Interval, ...] = ((0.0, math.inf),)
NONZERO: tuple[Interval, ...] = ((-math.inf, 0.0), (0.0, math.inf))

DOMAINS: dict[str, tuple[tuple[Interval, ...], ...]] = {
    "+": (LINE, LINE),
    "-": (LINE, LINE),
    "*": (LINE, LINE),
    "/": (LINE, NONZERO),  # a pole at b = 0
    "**": (POSITIVE, ((-3.0, 3.0),)),  # any real exponent needs a > 0 (d/db has log a)
    "neg": (LINE,),
    "exp": (LINE,),
    "log": (POSITIVE,),  # a pole at 0, undefined below
    "tanh": (LINE,),
    "sigmoid": (LINE,),
    "relu": (NONZERO,),  # a kink at 0
    "sqrt": (POSITIVE,),  # an infinite slope at 0, undefined below
    "abs": (NONZERO,),  # a kink at 0
    "square": (LINE,),
    "sin": (LINE,),
    "cos": (LINE,),
    "softplus": (LINE,),
    "leaky_relu": (NONZERO, ((0.0, 1.0),)),  # a kink at 0; the slope b in (0, 1)
}
"""Each op's operands' domains, by the name in `OPS`: open intervals (cut at poles and kinks)."""


def domain(op: str, operand: int = 0) -> tuple[Interval, ...]:
    """The intervals of `op`'s operand (0: a, 1: b), clipped to [-BOUND, BOUND]."""
    if op not in DOMAINS:
        raise KeyError(f"strategies: op {op!r} has no domain; add one to strategies.DOMAINS")
    return tuple((max(lo, -BOUND), min(hi, BOUND)) for lo, hi in DOMAINS[op][operand])


def numbers(op: str, operand: int = 0, margin: float = MARGIN) -> st.SearchStrategy[float]:
    """Floats inside `op`'s domain for one operand, `margin` away from every pole and kink."""
    return st.one_of(
        *(
            st.floats(lo + margin, hi - margin, allow_subnormal=False)
            for lo, hi in domain(op, operand)
        )
    )


def points(op: str, margin: float = MARGIN) -> st.SearchStrategy[tuple[float, ...]]:
    """Tuples of operands for `op`, each inside its domain (see `numbers`)."""
    return st.tuples(*(numbers(op, i, margin) for i in range(OPS[op].arity)))


@dataclass(frozen=True)
class Expression:
    """Steps (op, operands) over named variables; an int operand is an earlier node's index.

    Call it with one Value (or number) per variable to build it on the engine; `str` is the
    Python text of the same expression.
    """

    variables: tuple[str, ...]
    steps: tuple[tuple[str, tuple[int | float, ...]], ...]

    def __call__(self, *inputs: Value | float) -> Value:
        """The expression built on the engine from one input per variable."""
        nodes: list[Value | float] = list(inputs)
        for op, operands in self.steps:
            args = [nodes[x] if isinstance(x, int) else x for x in operands]
            nodes.append(apply(op, *args))
        result = nodes[-1]
        return result if isinstance(result, Value) else Value(result)

    def __str__(self) -> str:
        texts = list(self.variables)
        for op, operands in self.steps:
            args = [texts[x] if isinstance(x, int) else repr(x) for x in operands]
            if op == "neg":
                texts.append(f"(-{args[0]})")
            elif len(args) == 2 and not op.isidentifier():
                texts.append(f"({args[0]} {op} {args[1]})")
            else:
                texts.append(f"{op}({', '.join(args)})")
        return texts[-1]

    def function(self) -> Callable[..., Value]:
        """A function of the named variables, for `assert_grad_matches`: def f(x, y): ..."""

        def f(*inputs: Value | float) -> Value:
            return self(*inputs)

        # Named inputs without writing code: inspect.signature, which reads them, honours this.
        parameter = inspect.Parameter.POSITIONAL_OR_KEYWORD
        f.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [inspect.Parameter(name, parameter) for name in self.variables]
        )
        return f


@st.composite
def expressions(
    draw: st.DrawFn, variables: Sequence[str] = ("x", "y"), max_ops: int = 6, margin: float = MARGIN
) -> Expression:
    """Random expressions over `variables` using every op of `OPS`, defined everywhere.

    An operand whose domain is not the whole line is squeezed into one of its intervals,
    `margin` inside: lo + margin + (hi - lo - 2 margin) * sigmoid(e). So whatever numbers the
    variables take, no op meets a pole or a kink (large values can still overflow exp).
    """
    names = tuple(variables)
    if not names or not all(name.isidentifier() for name in names):
        raise ValueError(f"expressions: variables must be names, got {list(names)}")
    steps: list[tuple[str, tuple[int | float, ...]]] = []

    def emit(op: str, *operands: int | float) -> int:
        steps.append((op, operands))
        return len(names) + len(steps) - 1

    def operand(op: str, i: int) -> int | float:
        node: int = draw(st.integers(0, len(names) + len(steps) - 1))
        intervals = domain(op, i)
        if intervals == ((-BOUND, BOUND),):
            return node
        lo, hi = draw(st.sampled_from(intervals))
        squeezed = emit("*", emit("sigmoid", node), hi - lo - 2 * margin)
        return emit("+", squeezed, lo + margin)

    for _ in range(draw(st.integers(1, max_ops))):
        op = draw(st.sampled_from(sorted(OPS)))
        emit(op, *(operand(op, i) for i in range(OPS[op].arity)))
    used = {x for _, operands in steps for x in operands if isinstance(x, int)}
    for unused in range(len(names) + len(steps) - 1):  # every variable and node reaches the end
        if unused not in used:
            emit("+", len(names) + len(steps) - 1, unused)
    return Expression(names, tuple(steps))


def __getattr__(name: str) -> Any:
    """`networks`, from autograd_mini.nn.testing on first use (the engine never imports nn)."""
    if name == "networks":
        from autograd_mini.nn.testing import networks  # noqa: TID251 (nn's strategy, on request)

        return networks
    raise AttributeError(f"module 'autograd_mini.testing.strategies' has no attribute {name!r}")
