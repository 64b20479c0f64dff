"""The two-layer sigmoid network in matrix form with NumPy: a batch in one pass (no `Value`).

A batch x holds one sample per row (N x n_in), t one target per row (N x n_out); h and y
likewise hold one sample's hidden units and outputs per row. Parameters are
a dict {"w": n_in x n_hidden, "b1": n_hidden, "u": n_hidden x n_out, "b2": n_out}; without
"b1" and "b2" the net has no biases. The batch loss is the mean of the per-sample losses.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from autograd_mini.nn.losses import SQUARED_FACTORS, check_loss

Array = NDArray[np.float64]
Params = dict[str, Array]


def sigmoid(a: Array) -> Array:
    """sigma(a) = 1 / (1 + e^-a), elementwise."""
    with np.errstate(over="ignore"):  # e^-a = inf for a < -709 gives sigma = 0, as it should
        return 1.0 / (1.0 + np.exp(-a))


def forward(params: Params, x: Array) -> tuple[Array, Array]:
    """The pair (h, y): h = sigma(x w + b1), y = sigma(h u + b2), one row per sample."""
    h = sigmoid(x @ params["w"] + params.get("b1", 0.0))
    y = sigmoid(h @ params["u"] + params.get("b2", 0.0))
    return h, y


def loss_factor(loss: str) -> float:
    """2 for the exercise's E = sum (y - t)^2, 1 for the derivation's L = 1/2 sum (y - t)^2."""
    check_loss(loss, "reference", SQUARED_FACTORS)
    return SQUARED_FACTORS[loss]


def batch_loss(params: Params, x: Array, t: Array, loss: str = "l2") -> float:
    """The mean over samples of factor/2 * sum_k (y_k - t_k)^2."""
    _, y = forward(params, x)
    return float(loss_factor(loss) / 2 * np.sum((y - t) ** 2) / len(x))


def gradients(params: Params, x: Array, t: Array, loss: str = "l2") -> Params:
    """The batch loss's gradient by each parameter: the delta equations as matrix products."""
    h, y = forward(params, x)
    delta2 = loss_factor(loss) * (y - t) * y * (1.0 - y) / len(x)  # delta_k per sample (N x n_out)
    delta1 = (delta2 @ params["u"].T) * h * (1.0 - h)  # sum_k delta_k u_jk h_j (1 - h_j)
    # dL/dw_ij = sum over samples of x_i delta1_j; dL/du_jk = sum over samples of h_j delta_k
    grads = {"w": x.T @ delta1, "u": h.T @ delta2}
    if "b1" in params:
        grads["b1"] = delta1.sum(axis=0)
        grads["b2"] = delta2.sum(axis=0)
    return grads


def sgd_step(params: Params, grads: Params, lr: float) -> Params:
    """New parameters p - lr * dL/dp (descent)."""
    return {key: value - lr * grads[key] for key, value in params.items()}


def train(
    params: Params,
    x: Array,
    t: Array,
    lr: float,
    steps: int,
    loss: str = "l2",
    on_step: Callable[[int, float, Params], None] | None = None,
) -> tuple[Params, list[float]]:
    """Full-batch SGD for `steps` steps: the final parameters and the loss before each step.

    `on_step(step, loss, params)` sees each step's loss and the parameters it was computed at.
    """
    history = []
    for step in range(steps):
        history.append(batch_loss(params, x, t, loss))
        if on_step is not None:
            on_step(step, history[-1], params)
        params = sgd_step(params, gradients(params, x, t, loss), lr)
    return params, history
