"""Losses on Values: the derivation's L2 loss, the exercise's squared error, and MSE."""

from __future__ import annotations

from collections.abc import Sequence

from autograd_mini import Value


def squared_errors(name: str, y: Sequence[Value], t: Sequence[Value | float]) -> list[Value]:
    """[(y_k - t_k)^2 for each k]; ValueError naming `name` if the lengths differ or are 0."""
    if len(y) != len(t):
        raise ValueError(f"{name}: y has {len(y)} entries but t has {len(t)}")
    if not y:
        raise ValueError(f"{name}: y and t are empty")
    return [(y_k - t_k) ** 2 for y_k, t_k in zip(y, t, strict=True)]


def total(terms: Sequence[Value]) -> Value:
    """terms[0] + terms[1] + ..., without the `0 +` node that `sum()` would add to the graph."""
    result = terms[0]
    for term in terms[1:]:
        result = result + term
    return result


def squared_error(y: Sequence[Value], t: Sequence[Value | float]) -> Value:
    """E = sum_k (y_k - t_k)^2, the exercise's loss: dE/dy_k = 2 (y_k - t_k), twice L2's."""
    return total(squared_errors("squared_error", y, t))


def l2_loss(y: Sequence[Value], t: Sequence[Value | float]) -> Value:
    """L = 1/2 sum_k (y_k - t_k)^2, the derivation's loss: dL/dy_k = y_k - t_k."""
    return 0.5 * total(squared_errors("l2_loss", y, t))


def mse_loss(y: Sequence[Value], t: Sequence[Value | float], reduction: str = "mean") -> Value:
    """1/n sum_k (y_k - t_k)^2 with reduction="mean" (PyTorch's default), the sum with "sum"."""
    if reduction not in ("mean", "sum"):
        raise ValueError(f"mse_loss: reduction must be 'mean' or 'sum', got {reduction!r}")
    errors = total(squared_errors("mse_loss", y, t))
    return errors / len(y) if reduction == "mean" else errors


LOSSES = {"l2": l2_loss, "squared": squared_error}
"""The two conventions of the seeds, by the names the closed form, NumPy reference and CLI use."""
