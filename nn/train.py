"""Training on the engine: the batch loss, full-batch SGD or Adam steps, and accuracy."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from autograd_mini import Value, compile, gc_paused, no_grad
from autograd_mini.nn.losses import LOSSES, TRACED_LOSSES, check_loss, class_index, total
from autograd_mini.nn.module import Module
from autograd_mini.nn.optim import SGD, Adam, Optimizer
from autograd_mini.nn.tape import trace

Batch = Sequence[Sequence[float]]


def check_batch(xs: Batch, ts: Batch, loss: str) -> None:
    """ValueError unless `loss` is known and xs, ts are a non-empty batch of equal length."""
    check_loss(loss, "batch_loss")
    if len(xs) != len(ts) or not xs:
        raise ValueError(f"batch: {len(xs)} inputs but {len(ts)} targets")


def batch_loss(model: Module, xs: Batch, ts: Batch, loss: str = "l2") -> Value:
    """1/N sum_n loss(model(x_n), t_n): the mean of the per-sample losses, as the reference's."""
    check_batch(xs, ts, loss)
    return total([LOSSES[loss](model.forward(x), t) for x, t in zip(xs, ts, strict=True)]) / len(xs)


@gc_paused()  # every step builds a graph: see autograd_mini.collector
def fit(
    model: Module,
    xs: Batch,
    ts: Batch,
    lr: float,
    steps: int,
    loss: str = "l2",
    on_step: Callable[[int, float], None] | None = None,
    backend: str = "engine",
    optimizer: str = "sgd",
) -> list[float]:
    """Full-batch descent for `steps` steps; returns the loss before each step (`on_step` sees it).

    `backend` says where each step's gradient comes from: "engine" builds and backpropagates
    the batch loss, "tape" replays one compiled tape over the whole batch (see `trace`),
    "compiled" runs the batch loss's straight-line code (see `autograd_mini.compile`).
    `optimizer` is "sgd" (p <- p - lr dL/dp) or "adam" (`Adam` with its default betas).
    """
    check_batch(xs, ts, loss)
    if backend not in GRADIENTS:
        raise ValueError(f"fit: backend must be one of {', '.join(GRADIENTS)}, got {backend!r}")
    if optimizer not in OPTIMIZERS:
        raise ValueError(
            f"fit: optimizer must be one of {', '.join(OPTIMIZERS)}, got {optimizer!r}"
        )
    if backend in ("tape", "compiled"):  # cross_entropy reads max(z.data): not in one graph
        check_loss(
            loss, f"fit: backend {backend!r} (a loss that one traced graph computes)", TRACED_LOSSES
        )
    loss_and_grads = GRADIENTS[backend](model, xs, ts, loss)
    descend = OPTIMIZERS[optimizer](model.parameters(), lr)
    history = []
    for step in range(steps):
        history.append(loss_and_grads())
        if on_step is not None:  # before the update: the model still holds this loss's weights
            on_step(step, history[-1])
        descend.step()
    return history


def engine_gradients(model: Module, xs: Batch, ts: Batch, loss: str) -> Callable[[], float]:
    """A function that fills every parameter's `.grad` with dL/dp and returns L, by the engine."""

    def loss_and_grads() -> float:
        model.zero_grad()
        value = batch_loss(model, xs, ts, loss)
        value.backward()
        return value.data

    return loss_and_grads


def tape_gradients(model: Module, xs: Batch, ts: Batch, loss: str) -> Callable[[], float]:
    """`engine_gradients` from a compiled tape: one pass over the whole batch per call.

    The tape traces one sample's loss with the parameters captured, so it reads their current
    `.data` at each call; dL/dp is the mean of the per-sample gradients, as the batch loss's.
    """
    n_in, rule = len(xs[0]), LOSSES[loss]
    params = model.parameters()
    tape = trace(
        lambda *xt: rule(model.forward(xt[:n_in]), xt[n_in:]), *xs[0], *ts[0], parameters=params
    )
    columns = [list(column) for column in zip(*xs, strict=True)]
    columns += [list(column) for column in zip(*ts, strict=True)]

    def loss_and_grads() -> float:
        result = tape.value_and_grad(*columns)
        means = np.mean(result.parameters, axis=1).tolist()  # one call, not one per parameter
        for p, mean in zip(params, means, strict=True):
            p.grad = mean
        return float(result.value.sum() / len(xs))

    return loss_and_grads


def compiled_gradients(model: Module, xs: Batch, ts: Batch, loss: str) -> Callable[[], float]:
    """`engine_gradients` from `autograd_mini.compile`: the batch loss traced once, then run.

    It runs as straight-line float code, with the engine's numbers; a comparison of Values
    that comes out otherwise than when traced (a max taken for stability) runs on the engine.
    """
    params = model.parameters()
    compiled = compile(lambda: batch_loss(model, xs, ts, loss), parameters=params)

    def loss_and_grads() -> float:
        value, _, grads = compiled()
        for p, g in zip(params, grads, strict=True):
            p.grad = g
        return value

    return loss_and_grads


GRADIENTS = {"engine": engine_gradients, "tape": tape_gradients, "compiled": compiled_gradients}
"""`fit`'s backends: each makes the function that fills `.grad` and returns the loss."""

OPTIMIZERS: dict[str, Callable[[list[Value], float], Optimizer]] = {"sgd": SGD, "adam": Adam}
"""`fit`'s optimizers by name, each made from the parameters and the learning rate."""


def predicts(y: Sequence[float], t: Sequence[float], loss: str = "l2") -> bool:
    """Cross-entropy: the largest output is the target class; else each y_k on t_k's side of 0.5."""
    if loss == "cross_entropy":
        return max(range(len(y)), key=y.__getitem__) == class_index(t, len(y))
    return all((y_k > 0.5) == (t_k > 0.5) for y_k, t_k in zip(y, t, strict=True))


def accuracy(model: Module, xs: Batch, ts: Batch, loss: str = "l2") -> float:
    """The fraction of samples the model gets right, as `predicts` judges."""
    check_batch(xs, ts, loss)
    with no_grad():
        outputs = [[y.data for y in model.forward(x)] for x in xs]
    return sum(predicts(y, t, loss) for y, t in zip(outputs, ts, strict=True)) / len(xs)
