"""`gradcheck`: the engine's gradients against central finite differences."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from autograd_mini.functional import grad
from autograd_mini.value import Number, Value, as_float


@dataclass(frozen=True)
class GradcheckRow:
    """One input: the analytic and numeric derivatives and whether they agree."""

    name: str
    x: float
    analytic: float
    numeric: float
    ok: bool

    @property
    def abs_error(self) -> float:
        """|analytic - numeric|."""
        return abs(self.analytic - self.numeric)


@dataclass(frozen=True)
class GradcheckResult:
    """Truthy when every input agrees; prints as a table."""

    rows: list[GradcheckRow]

    def __bool__(self) -> bool:
        return all(row.ok for row in self.rows)

    def __str__(self) -> str:
        lines = [f"{'input':<8} {'x':>12} {'analytic':>22} {'numeric':>22} {'abs error':>10}  ok"]
        for r in self.rows:
            mark = "yes" if r.ok else "NO"
            lines.append(
                f"{r.name:<8} {r.x:>12.6g} {r.analytic:>22.15g} {r.numeric:>22.15g} "
                f"{r.abs_error:>10.2e}  {mark}"
            )
        return "\n".join(lines)


def gradcheck(
    f: Callable[..., Value],
    xs: Sequence[Number],
    eps: float = 1e-6,
    atol: float = 1e-6,
    rtol: float = 1e-5,
) -> GradcheckResult:
    """Compare d f / d x_i from the engine with (f(x + eps) - f(x - eps)) / 2 eps for each input.

    An input passes when |analytic - numeric| <= atol + rtol * |numeric|.
    """
    xs = [as_float(x, "gradcheck") for x in xs]
    inputs = [Value(x, f"x{i}") for i, x in enumerate(xs)]
    analytic = grad(f(*inputs), inputs)

    def f_at(i: int, h: float) -> float:
        return f(*[Value(x + h if j == i else x) for j, x in enumerate(xs)]).data

    rows = []
    for i, (x, a) in enumerate(zip(xs, analytic, strict=True)):
        numeric = (f_at(i, eps) - f_at(i, -eps)) / (2 * eps)
        ok = abs(a.data - numeric) <= atol + rtol * abs(numeric)
        rows.append(GradcheckRow(f"x{i}", x, a.data, numeric, ok))
    return GradcheckResult(rows)
