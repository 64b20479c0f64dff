"""The report of a gradient check: one row per input, the finite-difference referee, a verdict."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

# What each row's verdict says, from which of the two sides the referee agrees with.
OK = "ok"
FORMULA = "formula wrong"
ENGINE = "engine wrong"
BOTH = "both off"
CLOSE = "too close to call"
UNREFEREED = "no referee"


@dataclass(frozen=True)
class Tolerance:
    """|engine - analytic| <= atol + rtol * |analytic| passes; the referee's own is looser."""

    rtol: float
    atol: float
    referee_rtol: float
    referee_atol: float

    def passes(self, got: float, want: float) -> bool:
        """Whether the engine's `got` matches the analytic `want`."""
        return abs(got - want) <= self.atol + self.rtol * abs(want)

    def refereed(self, value: float, referee: float) -> bool:
        """Whether `value` agrees with the finite-difference `referee` to its accuracy."""
        return abs(value - referee) <= self.referee_atol + self.referee_rtol * abs(referee)


@dataclass(frozen=True)
class Row:
    """One derivative: its name, the engine's and the analytic value, and the referee's."""

    name: str
    x: str
    engine: float
    analytic: float
    referee: float | None
    tolerance: Tolerance

    @property
    def abs_error(self) -> float:
        """|engine - analytic|."""
        return abs(self.engine - self.analytic)

    @property
    def rel_error(self) -> float:
        """|engine - analytic| / |analytic| (inf where the analytic value is 0 and they differ)."""
        if self.abs_error == 0:
            return 0.0
        return self.abs_error / abs(self.analytic) if self.analytic else math.inf

    @property
    def verdict(self) -> str:
        """ok, or which side the finite-difference referee says is wrong."""
        if self.tolerance.passes(self.engine, self.analytic):
            return OK
        if self.referee is None:
            return UNREFEREED
        engine_ok = self.tolerance.refereed(self.engine, self.referee)
        analytic_ok = self.tolerance.refereed(self.analytic, self.referee)
        if engine_ok and analytic_ok:
            return CLOSE
        if engine_ok:
            return FORMULA
        return ENGINE if analytic_ok else BOTH


SUMMARIES = {
    FORMULA: (
        "the engine agrees with finite differences and your formula does not",
        "check your formula for {names}",
    ),
    ENGINE: (
        "your formula agrees with finite differences and the engine does not",
        "check the derivative rules (autograd_mini.ops.OPS) of the ops in f for {names}",
    ),
    BOTH: (
        "neither side agrees with finite differences for {names}",
        "both may be wrong, or f has a kink or a pole near this point",
    ),
    CLOSE: (
        "both sides agree with finite differences to their accuracy for {names}",
        "the difference is rounding: loosen rtol/atol",
    ),
    UNREFEREED: (
        "f is undefined next to this point, so finite differences cannot referee",
        "check {names} another way",
    ),
}
"""Each failing verdict's summary under the table: what the referee found, what to check."""


@dataclass(frozen=True)
class Report:
    """Every row of one check at one point; prints as the table a failure shows."""

    title: str
    rows: list[Row]
    tolerance: Tolerance
    notes: list[str] = field(default_factory=list)
    at: str = "x"  # the heading of the column saying where each derivative is taken

    @property
    def ok(self) -> bool:
        """Whether every row passes."""
        return all(row.verdict == OK for row in self.rows)

    def titled(self, title: str) -> Report:
        """The same report under another title."""
        return Report(title, self.rows, self.tolerance, self.notes, self.at)

    @property
    def culprits(self) -> dict[str, list[str]]:
        """{verdict: names of the rows with it}, for the rows that fail."""
        found: dict[str, list[str]] = {}
        for row in self.rows:
            if row.verdict != OK:
                found.setdefault(row.verdict, []).append(row.name)
        return found

    def __str__(self) -> str:
        t = self.tolerance
        header = ("input", self.at, "engine", "analytic", "abs error", "rel error", "finite diff")
        cells = [[*header, "verdict"]]
        for r in self.rows:
            referee = "-" if r.referee is None else f"{r.referee:.12g}"
            numbers = (f"{r.engine:.15g}", f"{r.analytic:.15g}", f"{r.abs_error:.1e}")
            cells.append([r.name, r.x, *numbers, f"{r.rel_error:.1e}", referee, r.verdict])
        widths = [max(len(row[i]) for row in cells) for i in range(len(header) + 1)]
        lines = [
            self.title,
            f"pass: |engine - analytic| <= {t.atol:g} + {t.rtol:g} * |analytic|",
            "referee: finite diff agrees within"
            f" {t.referee_atol:g} + {t.referee_rtol:g} * |itself|",
            "",
        ]
        for row in cells:
            lines.append(
                "  ".join(
                    cell.ljust(w) if i in (0, len(widths) - 1) else cell.rjust(w)
                    for i, (cell, w) in enumerate(zip(row, widths, strict=True))
                ).rstrip()
            )
        lines.append("")
        for verdict, names in self.culprits.items():
            found, advice = (text.format(names=", ".join(names)) for text in SUMMARIES[verdict])
            lines += [f"verdict: {found}:", f"  {advice}"]
        return "\n".join([*lines, *self.notes])


class GradientMismatch(AssertionError):  # noqa: N818 (an AssertionError, as pytest expects)
    """A gradient check failed; `.report` holds the table its message prints."""

    def __init__(self, report: Report) -> None:
        super().__init__("\n" + str(report))
        self.report = report


LISTENERS: list[Callable[[Report], None]] = []
"""Called with every report, passing or not (the pytest plugin collects them here)."""


def publish(report: Report) -> None:
    """Hand `report` to every listener, then raise GradientMismatch if it failed."""
    for listener in LISTENERS:
        listener(report)
    if not report.ok:
        raise GradientMismatch(report)
