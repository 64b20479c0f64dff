"""Training on the engine: the batch loss, full-batch SGD steps, and accuracy."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from autograd_mini import Value, no_grad
from autograd_mini.nn.losses import LOSSES, total
from autograd_mini.nn.module import Module
from autograd_mini.nn.optim import SGD
from autograd_mini.nn.tape import trace

Batch = Sequence[Sequence[float]]


def check_batch(xs: Batch, ts: Batch, loss: str) -> None:
    """ValueError unless `loss` is known and xs, ts are a non-empty batch of equal length."""
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {', '.join(LOSSES)}, got {loss!r}")
    if len(xs) != len(ts) or not xs:
        raise ValueError(f"batch: {len(xs)} inputs but {len(ts)} targets")


def batch_loss(model: Module, xs: Batch, ts: Batch, loss: str = "l2") -> Value:
    """1/N sum_n loss(model(x_n), t_n): the mean of the per-sample losses, as the reference's."""
    check_batch(xs, ts, loss)
    return total([LOSSES[loss](model.forward(x), t) for x, t in zip(xs, ts, strict=True)]) / len(xs)


def fit(
    model: Module,
    xs: Batch,
    ts: Batch,
    lr: float,
    steps: int,
    loss: str = "l2",
    on_step: Callable[[int, float], None] | None = None,
    backend: str = "engine",
) -> list[float]:
    """Full-batch SGD for `steps` steps; returns the loss before each step (`on_step` sees it).

    `backend` says where each step's gradient comes from: "engine" builds and backpropagates
    the batch loss, "tape" replays one compiled tape over the whole batch (see `trace`).
    """
    check_batch(xs, ts, loss)
    if backend not in GRADIENTS:
        raise ValueError(f"fit: backend must be one of {', '.join(GRADIENTS)}, got {backend!r}")
    loss_and_grads = GRADIENTS[backend](model, xs, ts, loss)
    optimizer = SGD(model.parameters(), lr)
    history = []
    for step in range(steps):
        history.append(loss_and_grads())
        optimizer.step()
        if on_step is not None:
            on_step(step, history[-1])
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
        for p, per_sample in zip(params, result.parameters, strict=True):
            p.grad = float(per_sample.sum() / len(xs))
        return float(result.value.sum() / len(xs))

    return loss_and_grads


GRADIENTS = {"engine": engine_gradients, "tape": tape_gradients}
"""`fit`'s backends: each makes the function that fills `.grad` and returns the loss."""


def accuracy(model: Module, xs: Batch, ts: Batch) -> float:
    """The fraction of samples whose every output is on the target's side of 0.5."""
    with no_grad():
        hits = [
            all((y.data > 0.5) == (t_k > 0.5) for y, t_k in zip(model.forward(x), t, strict=True))
            for x, t in zip(xs, ts, strict=True)
        ]
    return sum(hits) / len(hits)
