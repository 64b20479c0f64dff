"""Engine, closed form and NumPy reference on the same network and data, side by side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd_mini import enable_grad, grad
from autograd_mini.nn import closed_form, reference
from autograd_mini.nn.layers import TwoLayerNet
from autograd_mini.nn.losses import LOSSES, SQUARED_FACTORS, check_loss
from autograd_mini.nn.module import flatten
from autograd_mini.tables import html_table, text_table


def to_reference(net: TwoLayerNet) -> reference.Params:
    """The net's numbers as the reference's arrays: {"w": ..., "b1": ..., "u": ..., "b2": ...}."""
    return {key.split(".")[1]: np.array(value) for key, value in net.state_dict().items()}


def from_reference(params: reference.Params) -> TwoLayerNet:
    """A TwoLayerNet holding the reference's arrays."""
    lists = {key: array.tolist() for key, array in params.items()}
    return TwoLayerNet.from_weights(lists["w"], lists["u"], lists.get("b1"), lists.get("b2"))


@dataclass(frozen=True)
class Row:
    """One parameter's gradient three ways and the largest difference between any two."""

    name: str
    engine: float
    closed_form: float
    numpy: float

    @property
    def difference(self) -> float:
        """The largest |a - b| over the three pairs."""
        values = (self.engine, self.closed_form, self.numpy)
        return max(values) - min(values)


@dataclass(frozen=True)
class GradientTable:
    """Every parameter's gradient from the engine, the closed form and NumPy."""

    loss: str
    rows: list[Row]

    @property
    def largest_difference(self) -> float:
        """The largest disagreement in the table."""
        return max(row.difference for row in self.rows)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: the loss, the rows and the largest difference."""
        rows = [
            {
                "name": row.name,
                "engine": row.engine,
                "closed_form": row.closed_form,
                "numpy": row.numpy,
                "difference": row.difference,
            }
            for row in self.rows
        ]
        return {"loss": self.loss, "rows": rows, "largest_difference": self.largest_difference}

    def cells(self) -> tuple[list[str], list[list[str]]]:
        """The table's header and rows as text: parameter, engine, closed form, NumPy, diff."""
        header = ["parameter", "engine", "closed form", "numpy", "max diff"]
        rows = []
        for row in self.rows:
            numbers = [f"{x:.12e}" for x in (row.engine, row.closed_form, row.numpy)]
            rows.append([row.name, *numbers, f"{row.difference:.1e}"])
        return header, rows

    def __str__(self) -> str:
        return f"{text_table(*self.cells())}\nlargest difference: {self.largest_difference:.1e}"

    __repr__ = __str__  # a terminal echoes the table, not a 1,000-character dataclass repr

    def _repr_html_(self) -> str:
        caption = f"{self.loss} loss: largest difference {self.largest_difference:.1e}"
        return html_table(*self.cells(), caption=caption)


def compare(
    net: TwoLayerNet, x: Sequence[float], t: Sequence[float], loss: str = "l2"
) -> GradientTable:
    """Each parameter's gradient on one sample: the engine, the delta equations, NumPy."""
    check_loss(loss, "compare", SQUARED_FACTORS)
    names, params = zip(*net.named_parameters(), strict=True)
    with enable_grad():  # the engine's column needs the graph, even under the caller's no_grad
        engine = [g.data for g in grad(LOSSES[loss](net(x), t), list(params))]
    arrays = to_reference(net)
    by_equation = closed_form.gradients(
        x, t, loss=loss, **{k: v.tolist() for k, v in arrays.items()}
    )
    by_matrix = reference.gradients(arrays, np.array([x], float), np.array([t], float), loss)
    closed = dict(pair for key, g in by_equation.items() for pair in flatten(key, g))
    matrix = dict(pair for key, g in by_matrix.items() for pair in flatten(key, g.tolist()))
    rows = []
    for name, e in zip(names, engine, strict=True):
        short = name.split(".")[1]  # "hidden.w[0][1]" is "w[0][1]" in the derivation's notation
        rows.append(Row(name, e, closed[short], matrix[short]))
    return GradientTable(loss, rows)
