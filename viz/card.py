"""The summary card, the backward pass's last step: every input's gradient, the caller's tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from autograd_mini import Value
from autograd_mini.viz.look import format_number


@dataclass(frozen=True)
class SummaryTable:
    """A titled table of text for the summary card, e.g. the gradients checked another way.

    `to_html(root, summary=[...])` adds these below the card's table of gradients; viz draws
    them as given, so the caller (the demo, a notebook) formats the numbers.
    """

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    note: str = ""

    def to_data(self) -> dict[str, Any]:
        """Plain data for the page's script."""
        return {
            "title": self.title,
            "header": list(self.header),
            "rows": [list(row) for row in self.rows],
            "note": self.note,
        }


def summary_step(
    order: list[Value],
    names: list[str],
    final: list[float],
    digits: int,
    tables: Sequence[SummaryTable] = (),
) -> dict[str, Any]:
    """The last step: a card of every input's gradient, then `tables`, and what descent does."""
    root = len(order) - 1
    inputs = [i for i, value in enumerate(order) if not value.parents and not value.is_constant]
    gradients = SummaryTable(
        "Every input's gradient",
        ["input", f"∂{names[root]}/∂input"],
        [[names[i], format_number(final[i], digits)] for i in inputs],
    )
    return {
        "node": root,
        "operands": inputs,
        "title": f"Summary: the gradient of {names[root]} by each input",
        "lines": [
            f"a step of gradient descent moves each input against its gradient, p ← p - η·p.grad,"
            f" which lowers {names[root]} when the step size η is small enough"
        ],
        "changes": [],
        "tables": [table.to_data() for table in (gradients, *tables)],
    }
