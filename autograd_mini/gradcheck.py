"""`gradcheck`: the engine's gradients against central finite differences."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from autograd_mini.collector import gc_paused
from autograd_mini.functional import grad
from autograd_mini.recording import enable_grad
from autograd_mini.tables import html_table, text_table
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

    def cells(self) -> tuple[list[str], list[list[str]]]:
        """The table's header and rows as text: input, x, analytic, numeric, abs error, ok."""
        header = ["input", "x", "analytic", "numeric", "abs error", "ok"]
        rows = [
            [
                r.name,
                f"{r.x:.6g}",
                f"{r.analytic:.15g}",
                f"{r.numeric:.15g}",
                f"{r.abs_error:.2e}",
                "yes" if r.ok else "NO",
            ]
            for r in self.rows
        ]
        return header, rows

    def __str__(self) -> str:
        return text_table(*self.cells())

    __repr__ = __str__  # a terminal echoes the table, not a 1,000-character dataclass repr

    def _repr_html_(self) -> str:
        verdict = "every input agrees" if self else "some input disagrees"
        return html_table(*self.cells(), caption=f"gradcheck: {verdict}")


@gc_paused()  # it builds f's graph 2n + 1 times (see autograd_mini.collector)
def gradcheck(
    f: Callable[..., Value],
    xs: Number | Value | Sequence[Number | Value],
    eps: float = 1e-6,
    atol: float = 1e-6,
    rtol: float = 1e-5,
) -> GradcheckResult:
    """Compare d f / d x_i from the engine with (f(x + h) - f(x - h)) / 2h for each input.

    The step is relative, h = eps * |x| (eps at x = 0): a fixed step is lost in the rounding
    of a large x and steps past 0 from a tiny one. An input passes when
    |analytic - numeric| <= atol + rtol * |numeric|. `xs` is one number (f(x)) or a list
    (f(*xs)); a Value stands for its number.
    """
    listed = list(xs) if isinstance(xs, list | tuple) else [xs]
    points = [x.data if isinstance(x, Value) else as_float(x, "gradcheck") for x in listed]
    eps = as_float(eps, "gradcheck: eps")
    if eps <= 0:
        raise ValueError(f"gradcheck: eps must be > 0, got {eps!r}")
    steps = [eps * abs(x) if x else eps for x in points]
    for i, (x, h) in enumerate(zip(points, steps, strict=True)):
        if x + h == x:
            raise ValueError(f"gradcheck: eps={eps!r} is too small a step at x{i} = {x!r}")
    inputs = [Value(x, f"x{i}") for i, x in enumerate(points)]
    with enable_grad():  # the analytic side needs f's graph, even under the caller's no_grad
        analytic = grad(_checked(f(*inputs)), inputs)

    def f_at(i: int, x_i: float) -> float:
        return _checked(f(*[Value(x_i if j == i else x) for j, x in enumerate(points)])).data

    rows = []
    for i, (x, h, a) in enumerate(zip(points, steps, analytic, strict=True)):
        above, below = x + h, x - h
        # Divided by the step the floats really took, not by 2h: x + h rounds.
        numeric = (f_at(i, above) - f_at(i, below)) / (above - below)
        ok = abs(a.data - numeric) <= atol + rtol * abs(numeric)
        rows.append(GradcheckRow(f"x{i}", x, a.data, numeric, ok))
    return GradcheckResult(rows)


def _checked(y: object) -> Value:
    if not isinstance(y, Value):
        raise TypeError(f"gradcheck: f must return a Value, got {type(y).__name__}")
    return y
