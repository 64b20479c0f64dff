"""`assert_grad_matches` and `assert_hessian_matches`: the engine against your own formulas.

Each derivative is computed three ways: by the engine (backward, recorded twice for second
order), by your analytic formula, and by finite differences of f's forward values as a referee.
A check passes when the engine matches your formula; when it does not, the referee says which
of the two is wrong.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from autograd_mini.errors import DomainError
from autograd_mini.functional import grad
from autograd_mini.recording import enable_grad, no_grad
from autograd_mini.testing.table import Report, Row, Tolerance, publish
from autograd_mini.value import Number, Value, as_float

Point = Number | Sequence[Number] | Mapping[str, Number]
Expected = Callable[..., Any] | Mapping[str, Callable[..., Any]]

# Float64 defaults. Engine against formula: 1e-9 relative + 1e-12 absolute, room for the two
# sides to add the same terms in different orders. The referee (finite differences) is good to
# about 1e-10 for first derivatives, 1e-7 for second; it "agrees" within the looser bounds.
RTOL, ATOL = 1e-9, 1e-12
FIRST_REFEREE = (1e-6, 1e-8)
SECOND_REFEREE = (1e-4, 1e-6)


def assert_grad_matches(
    f: Callable[..., Value],
    expected: Expected,
    at: Point | Sequence[Point] | Any,
    rtol: float = RTOL,
    atol: float = ATOL,
) -> None:
    """Assert the engine's df/dx_i equals your formula at every point of `at`.

    Args:
        f: builds a Value from one Value per input; the inputs are named by f's parameters
            (and labelled so, for drawings and `to_sympy`).
        expected: your gradient, called with the inputs as floats: it returns one number per
            input (a number for one input, a sequence, or a dict by input name); or a dict by
            input name of such callables, one number each.
        at: one point (a number, a sequence, or a dict by name), a list of points, or a
            hypothesis strategy of points (then hypothesis searches and shrinks a failure).
        rtol: the engine passes where |engine - analytic| <= atol + rtol * |analytic|;
            defaults 1e-9 and 1e-12, for float64. The referee, 5-point central differences
            with step 1e-3 * max(1, |x|), agrees within 1e-8 + 1e-6 * |itself|.
        atol: see rtol.

    Raises:
        GradientMismatch: an AssertionError whose message is a table: each input, the engine's
            value, yours, their absolute and relative error, the finite-difference referee and
            a verdict naming the side that looks wrong.
    """
    names = input_names(f)
    tolerance = Tolerance(rtol, atol, *FIRST_REFEREE)
    for_each_point(
        at, names, lambda xs: publish(gradient_report(f, expected, names, xs, tolerance))
    )


def assert_hessian_matches(
    f: Callable[..., Value],
    expected: Expected,
    at: Point | Sequence[Point] | Any,
    rtol: float = RTOL,
    atol: float = ATOL,
) -> None:
    """Assert the engine's d2f/dx_i dx_j equals your formula at every point of `at`.

    `expected` returns the matrix: rows of numbers (a number for one input), or a dict by input
    name of rows; a dict of callables by name gives one row each. The referee is central
    differences of f's values with step 2e-4 * max(1, |x|), agreeing within 1e-6 + 1e-4 *
    |itself|. Otherwise as `assert_grad_matches` (same defaults, rtol 1e-9 and atol 1e-12).
    """
    names = input_names(f)
    tolerance = Tolerance(rtol, atol, *SECOND_REFEREE)
    for_each_point(at, names, lambda xs: publish(hessian_report(f, expected, names, xs, tolerance)))


def input_names(f: Callable[..., Value]) -> list[str]:
    """The positional parameter names of f: lambda a, b: ... -> ["a", "b"]."""
    try:
        parameters = inspect.signature(f).parameters.values()
    except (TypeError, ValueError):
        raise TypeError(
            f"f: cannot read the inputs of {f!r}; pass a function of named inputs"
        ) from None
    names = [p.name for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if not names or any(p.kind is p.VAR_POSITIONAL for p in parameters):
        raise TypeError("f: needs named inputs, like `lambda a, b: ...` (not *args or none)")
    return names


def for_each_point(at: Any, names: list[str], check: Callable[[list[float]], None]) -> None:
    """Run `check` on each point of `at`, or under hypothesis if `at` is a strategy."""
    if type(at).__module__.startswith("hypothesis"):
        from autograd_mini.testing.extras import require

        hypothesis = require("hypothesis", "a strategy as `at`")
        settings = hypothesis.settings(deadline=None, database=None)
        settings(hypothesis.given(at)(lambda point: check(as_point(point, names))))()
        return
    for point in points_of(at, names):
        check(as_point(point, names))


def points_of(at: Any, names: list[str]) -> list[Any]:
    """`at` as a list of points: one point (a number, numbers, a dict) or a list of them."""
    if isinstance(at, Mapping) or not isinstance(at, Sequence):
        return [at]
    if all(isinstance(x, Sequence | Mapping) for x in at):
        return list(at)
    # A flat list of numbers: one point, except for f of one input, where it lists points.
    return list(at) if len(names) == 1 and len(at) != 1 else [at]


def as_point(point: Any, names: list[str]) -> list[float]:
    """One point as floats in `names` order; TypeError/ValueError naming what is wrong."""
    if isinstance(point, Mapping):
        missing = [name for name in names if name not in point]
        extra = [key for key in point if key not in names]
        if missing or extra:
            raise ValueError(f"at: point {dict(point)!r} must name {names}, not {missing + extra}")
        point = [point[name] for name in names]
    elif not isinstance(point, Sequence):
        point = [point]
    if len(point) != len(names):
        raise ValueError(
            f"at: f takes {len(names)} inputs {names}, point {point!r} has {len(point)}"
        )
    return [as_float(x, f"at: {name}") for name, x in zip(names, point, strict=True)]


def analytic(expected: Expected, names: list[str], xs: list[float], shape: str) -> list[Any]:
    """Your formula's numbers at `xs`, one entry per input (a number or a row), in `names` order."""
    if isinstance(expected, Mapping):
        if set(expected) != set(names):
            raise ValueError(f"expected: give a formula for each of {names}, got {list(expected)}")
        return [expected[name](*xs) for name in names]
    result = expected(*xs)
    if isinstance(result, Mapping):
        if set(result) != set(names):
            raise ValueError(
                f"expected: must return a number for each of {names}, got {list(result)}"
            )
        return [result[name] for name in names]
    if len(names) == 1 and not isinstance(result, Sequence):
        result = [result]
    if not isinstance(result, Sequence) or len(result) != len(names):
        raise ValueError(f"expected: must return {shape} for the {len(names)} inputs {names}")
    return list(result)


def evaluate(f: Callable[..., Value], xs: list[float]) -> float:
    """The number f gives at xs, computed without recording a graph."""
    with no_grad():
        return output_of(f, [Value(x) for x in xs]).data


def output_of(f: Callable[..., Value], inputs: list[Value]) -> Value:
    """f(*inputs), or TypeError if f does not return a Value."""
    y = f(*inputs)
    if not isinstance(y, Value):
        raise TypeError(f"f: must return a Value, got {type(y).__name__}")
    return y


def moved(xs: list[float], steps: Mapping[int, float]) -> list[float]:
    """The point xs with steps[i] added to xs[i]."""
    return [x + steps.get(i, 0.0) for i, x in enumerate(xs)]


def first_difference(g: Callable[[list[float]], float], xs: list[float], i: int) -> float | None:
    """dg/dx_i by the 5-point stencil (error O(h^4)); a smaller step where g is undefined."""
    h = 1e-3 * max(1.0, abs(xs[i]))
    for _ in range(4):
        try:
            f2, f1, b1, b2 = (g(moved(xs, {i: k * h})) for k in (2, 1, -1, -2))
        except (DomainError, ArithmeticError):
            h /= 10
            continue
        return (-f2 + 8 * f1 - 8 * b1 + b2) / (12 * h)
    return None


def second_difference(f: Callable[..., Value], xs: list[float], i: int, j: int) -> float | None:
    """d2f/dx_i dx_j by central differences in x_i and x_j (O(h^2)); None where f is undefined."""
    hi, hj = (2e-4 * max(1.0, abs(xs[k])) for k in (i, j))
    if i == j:  # (f(x + 2h) - 2 f(x) + f(x - 2h)) / 4h^2: the corners below with x_i = x_j
        corners = [({i: 2 * hi}, 1), ({}, -2), ({i: -2 * hi}, 1)]
    else:
        corners = [({i: s * hi, j: r * hj}, s * r) for s in (1, -1) for r in (1, -1)]
    try:
        total = sum(sign * evaluate(f, moved(xs, steps)) for steps, sign in corners)
    except DomainError:
        return None
    return total / (4 * hi * hj)


def named_inputs(names: list[str], xs: list[float]) -> list[Value]:
    """One Value per input, labelled by f's parameter name."""
    return [Value(x, name) for name, x in zip(names, xs, strict=True)]


def point_text(names: list[str], xs: list[float]) -> str:
    """The point as text: a=1.5, b=-0.5."""
    return ", ".join(f"{name}={x!r}" for name, x in zip(names, xs, strict=True))


def gradient_report(
    f: Callable[..., Value], expected: Expected, names: list[str], xs: list[float], t: Tolerance
) -> Report:
    """The rows of df/dx_i at `xs`: engine, your formula, the referee."""
    inputs = named_inputs(names, xs)
    with enable_grad():
        engine = [g.data for g in grad(output_of(f, inputs), inputs)]
    formula = [
        as_float(v, f"expected: d/d{name}")
        for name, v in zip(names, analytic(expected, names, xs, "one number each"), strict=True)
    ]
    rows = [
        Row(name, repr(x), e, a, first_difference(lambda p: evaluate(f, p), xs, i), t)
        for i, (name, x, e, a) in enumerate(zip(names, xs, engine, formula, strict=True))
    ]
    return Report(f"assert_grad_matches: the gradient of f at {point_text(names, xs)}", rows, t)


def hessian_report(
    f: Callable[..., Value], expected: Expected, names: list[str], xs: list[float], t: Tolerance
) -> Report:
    """The rows of d2f/dx_i dx_j at `xs`: engine, your formula, the referee."""
    inputs = named_inputs(names, xs)
    with enable_grad():
        first = grad(output_of(f, inputs), inputs, create_graph=True)
        engine = [[g.data for g in grad(d_i, inputs)] for d_i in first]
    formula = analytic(expected, names, xs, "a row each")
    if len(names) == 1 and not isinstance(formula[0], Sequence):
        formula = [[formula[0]]]
    rows = []
    for i, (name_i, row) in enumerate(zip(names, formula, strict=True)):
        if not isinstance(row, Sequence) or len(row) != len(names):
            raise ValueError(f"expected: the row of {name_i} must have {len(names)} numbers")
        for j, (name_j, value) in enumerate(zip(names, row, strict=True)):
            a = as_float(value, f"expected: d2/d{name_i}d{name_j}")
            x = f"{xs[i]!r}" if i == j else f"{xs[i]!r}, {xs[j]!r}"
            rows.append(
                Row(f"{name_i},{name_j}", x, engine[i][j], a, second_difference(f, xs, i, j), t)
            )
    return Report(f"assert_hessian_matches: the Hessian of f at {point_text(names, xs)}", rows, t)
