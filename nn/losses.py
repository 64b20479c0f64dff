"""Losses on Values: L2, the exercise's squared error, MSE, softmax and cross-entropy."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

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


def softmax(values: Sequence[Value]) -> list[Value]:
    """p_k = e^(z_k - m) / sum_j e^(z_j - m), m = max_j z_j: the same p, and no e^1000 overflow."""
    if not values:
        raise ValueError("softmax: no values")
    m = max(z.data for z in values)  # a number, not a node: shifting changes no gradient
    exps = [(z - m).exp() for z in values]
    norm = total(exps)
    return [e / norm for e in exps]


def cross_entropy(logits: Sequence[Value], target: int) -> Value:
    """-log p_target = log sum_j e^z_j - z_target, as m + log sum_j e^(z_j - m) - z_target.

    dL/dz_k = p_k - [k == target]. Subtracting m = max_j z_j keeps every e^(z_j - m) <= 1, so
    logits of 1000 work.
    """
    if not logits:
        raise ValueError("cross_entropy: no logits")
    if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target < len(logits):
        raise ValueError(
            f"cross_entropy: target must be a class index 0..{len(logits) - 1}, got {target!r}"
        )
    m = max(z.data for z in logits)
    return total([(z - m).exp() for z in logits]).log() + m - logits[target]


def class_index(t: Sequence[Value | float], n_classes: int) -> int:
    """The class k that a one-entry target [k] stands for (a whole number below `n_classes`)."""
    if len(t) == 1 and not isinstance(t[0], Value | bool):
        k = t[0]
        if float(k).is_integer() and 0 <= k < n_classes:
            return int(k)
    raise ValueError(
        f"cross_entropy: a target must be [k], k a class number 0..{n_classes - 1}, got {t!r:.60}"
    )


def sample_cross_entropy(y: Sequence[Value], t: Sequence[Value | float]) -> Value:
    """cross_entropy(y, k) for a target [k]: `LOSSES`' form, one target vector per sample."""
    return cross_entropy(y, class_index(t, len(y)))


Loss = Callable[[Sequence[Value], Sequence[Value | float]], Value]

LOSSES: dict[str, Loss] = {
    "l2": l2_loss,
    "squared": squared_error,
    "mse": mse_loss,
    "cross_entropy": sample_cross_entropy,
}
"""Per-sample losses by the names that `fit`, `batch_loss` and the train command take."""

TRACED_LOSSES = ("l2", "squared", "mse")
"""The losses one traced graph computes for every sample (cross-entropy picks its target's
logit by the sample's class, which a trace cannot follow)."""

SQUARED_FACTORS = {"l2": 1.0, "squared": 2.0}
"""dLoss/dy_k = factor * (y_k - t_k): the closed form's and NumPy reference's two losses (L2's
1/2 cancels the 2 of the square; the exercise's E = sum (y - t)^2 keeps it)."""


def check_loss(loss: str, where: str, known: Collection[str] = LOSSES) -> None:
    """ValueError naming `where` and the choices unless `loss` is one of `known`."""
    if loss not in known:
        raise ValueError(f"{where}: loss must be one of {', '.join(known)}, got {loss!r}")
