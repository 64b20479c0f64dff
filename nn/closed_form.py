"""The derivation's delta equations on plain floats, one function per equation (no `Value`).

Notation as in the seed: x_i inputs, w_ij input i -> hidden j, h_j hidden units, u_jk hidden j
-> output k, y_k outputs, t_k targets, L = 1/2 sum_k (y_k - t_k)^2. Indices count from 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from autograd_mini.nn.losses import SQUARED_FACTORS, check_loss

Vector = Sequence[float]
Matrix = Sequence[Sequence[float]]


def sigmoid(a: float) -> float:
    """sigma(a) = 1 / (1 + e^-a)."""
    return 1.0 / (1.0 + math.exp(-a))


def hidden(x: Vector, w: Matrix, b1: Vector | None) -> list[float]:
    """h_j = sigma(a1_j), a1_j = sum_i x_i w_ij + b1_j (a^(1) = x w + b^(1))."""
    n_hidden = len(w[0])
    a1 = [sum(x[i] * w[i][j] for i in range(len(x))) for j in range(n_hidden)]
    return [sigmoid(a1[j] + (b1[j] if b1 is not None else 0.0)) for j in range(n_hidden)]


def output(h: Vector, u: Matrix, b2: Vector | None) -> list[float]:
    """y_k = sigma(a2_k), a2_k = sum_j h_j u_jk + b2_k (a^(2) = h u + b^(2))."""
    n_out = len(u[0])
    a2 = [sum(h[j] * u[j][k] for j in range(len(h))) for k in range(n_out)]
    return [sigmoid(a2[k] + (b2[k] if b2 is not None else 0.0)) for k in range(n_out)]


def l2_loss(y: Vector, t: Vector) -> float:
    """L = 1/2 sum_k (y_k - t_k)^2."""
    return 0.5 * sum((y_k - t_k) ** 2 for y_k, t_k in zip(y, t, strict=True))


def output_delta(y: Vector, t: Vector) -> list[float]:
    """delta_k = dL/dy_k * dy_k/da2_k = (y_k - t_k) y_k (1 - y_k)."""
    return [(y_k - t_k) * y_k * (1.0 - y_k) for y_k, t_k in zip(y, t, strict=True)]


def grad_u(delta: Vector, h: Vector) -> list[list[float]]:
    """dL/du_jk = delta_k h_j."""
    return [[delta_k * h_j for delta_k in delta] for h_j in h]


def grad_b2(delta: Vector) -> list[float]:
    """dL/db2_k = delta_k (da2_k/db2_k = 1)."""
    return list(delta)


def grad_h(delta: Vector, u: Matrix) -> list[float]:
    """dL/dh_j = sum_k (y_k - t_k) y_k (1 - y_k) u_jk = sum_k delta_k u_jk."""
    return [sum(delta[k] * u[j][k] for k in range(len(delta))) for j in range(len(u))]


def grad_w(delta: Vector, u: Matrix, h: Vector, x: Vector) -> list[list[float]]:
    """dL/dw_ij = sum_k delta_k u_jk h_j (1 - h_j) x_i."""
    dl_dh = grad_h(delta, u)
    return [[dl_dh[j] * h[j] * (1.0 - h[j]) * x_i for j in range(len(h))] for x_i in x]


def grad_b1(delta: Vector, u: Matrix, h: Vector) -> list[float]:
    """dL/db1_j = sum_k delta_k u_jk h_j (1 - h_j) (da1_j/db1_j = 1)."""
    dl_dh = grad_h(delta, u)
    return [dl_dh[j] * h[j] * (1.0 - h[j]) for j in range(len(h))]


def gradients(
    x: Vector,
    t: Vector,
    w: Matrix,
    u: Matrix,
    b1: Vector | None = None,
    b2: Vector | None = None,
    loss: str = "l2",
) -> dict[str, list[float] | list[list[float]]]:
    """{"w": dL/dw, "b1": ..., "u": ..., "b2": ...}; loss="squared" gives dE/d. = 2 dL/d.

    The exercise's E = sum_k (y_k - t_k)^2 is 2 L, so each of its gradients is twice L's.
    """
    check_loss(loss, "gradients", SQUARED_FACTORS)
    factor = SQUARED_FACTORS[loss]
    h = hidden(x, w, b1)
    delta = [factor * d for d in output_delta(output(h, u, b2), t)]
    result: dict[str, list[float] | list[list[float]]] = {"w": grad_w(delta, u, h, x)}
    if b1 is not None:
        result["b1"] = grad_b1(delta, u, h)
    result["u"] = grad_u(delta, h)
    if b2 is not None:
        result["b2"] = grad_b2(delta)
    return result
