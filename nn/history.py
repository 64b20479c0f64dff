"""A training run's record: loss and accuracy per step, and up to 201 snapshots of the network.

A snapshot holds what the training page shows at that step: each layer's weights and biases,
each unit's activation h and delta dL/da (a its weighted sum) for a few samples; the page
shades the predicted probability over 2-D inputs from the weights.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd_mini import Value, grad, no_grad
from autograd_mini.files import write_atomically
from autograd_mini.nn.array_ops import array_op
from autograd_mini.nn.diagnose import Problem
from autograd_mini.nn.layers import ACTIVATIONS, MLP, TwoLayerNet
from autograd_mini.nn.losses import LOSSES
from autograd_mini.nn.module import Module
from autograd_mini.nn.train import Batch, predicts

NEAR = 1e-9
"""Outputs this close to a decision (0.5, or a tie) are judged by the engine's forward pass."""
EVERY_STEP = 50  # snapshots at every step up to here
MAX_SNAPSHOTS = 150  # then at most this many more, evenly spaced
PAGE_SAMPLES = 8  # samples whose activations and deltas the page can show


def layer_outputs(model: Module, x: Sequence[float]) -> list[list[Value]]:
    """Each layer's outputs on `x` (TwoLayerNet: h then y; an MLP: layer by layer)."""
    if isinstance(model, TwoLayerNet):
        h = model.hidden(x)
        return [h, model.output(h)]
    outputs: list[list[Value]] = []
    for layer in model.layers:  # type: ignore[attr-defined]
        outputs.append(layer.forward(outputs[-1] if outputs else x))
    return outputs


def layer_parameters(model: Module) -> list[dict[str, list[Any]]]:
    """Per layer {"w": w[i][j] (input i to unit j), "b": b[j]}: the parameters themselves."""
    if isinstance(model, TwoLayerNet):
        return [{"w": model.w, "b": model.b1 or []}, {"w": model.u, "b": model.b2 or []}]
    return [
        {
            "w": [[n.w[i] for n in layer.neurons] for i in range(len(layer.neurons[0].w))],
            "b": [n.b for n in layer.neurons],
        }
        for layer in model.layers  # type: ignore[attr-defined]
    ]


def layer_weights(model: Module, field: str = "data") -> list[dict[str, list[Any]]]:
    """Per layer {"w": w[i][j], "b": b[j]}: each parameter's `field`.

    `field="grad"` gives dL/dp instead: the batch gradient while a step is under way.
    """
    return [
        {
            "w": [[getattr(p, field) for p in row] for row in layer["w"]],
            "b": [getattr(p, field) for p in layer["b"]],
        }
        for layer in layer_parameters(model)
    ]


def weighted_sum_of(out: Value) -> Value:
    """The unit's sum a from its output f(a); a linear unit's output is a itself."""
    return out.parents[0] if out.op in ("sigmoid", "tanh", "relu") else out


def grid_box(xs: Batch) -> tuple[float, float, float, float]:
    """(x_min, x_max, y_min, y_max): the data's range with a margin of 0.5 on each side."""
    return (
        min(x[0] for x in xs) - 0.5,
        max(x[0] for x in xs) + 0.5,
        min(x[1] for x in xs) - 0.5,
        max(x[1] for x in xs) + 0.5,
    )


def unit_activations(model: Module) -> list[str]:
    """Each layer's activation by name (the page recomputes the network from the weights)."""
    if isinstance(model, TwoLayerNet):
        return ["sigmoid", "sigmoid"]
    names = {f: name for name, f in ACTIVATIONS.items()}
    return [names[layer.neurons[0].f] for layer in model.layers]  # type: ignore[attr-defined]


def count_right(model: Module, xs: Batch, ts: Batch, loss: str) -> int:
    """How many samples `model` gets right, as `predicts` judges the engine's outputs.

    A recorded run asks this every step, so it uses NumPy's forward over the batch (train
    --history, moons MLP 2-8-8-1, 100 steps: 2.73 s with the engine's forward, 0.84 s with
    NumPy's, farm-bench medians of 3). NumPy's sums round differently in the last bits only,
    so a sample whose output is within NEAR of the decision is re-run on the engine: the count
    is the engine's.
    """
    if not isinstance(model, MLP | TwoLayerNet):  # layer_weights knows only these
        with no_grad():
            outputs = [[y.data for y in model.forward(x)] for x in xs]
        return sum(predicts(y, t, loss) for y, t in zip(outputs, ts, strict=True))
    out = np.array(xs, dtype=float)
    for layer, name in zip(layer_weights(model), unit_activations(model), strict=True):
        a = out @ np.array(layer["w"]) + np.array(layer["b"] or 0.0)
        out = a if name == "linear" else array_op(name).forward(a)
    right = 0
    for x, y, t in zip(xs, out.tolist(), ts, strict=True):
        if near_decision(y, loss):
            with no_grad():
                y = [v.data for v in model.forward(x)]
        right += predicts(y, t, loss)
    return right


def near_decision(y: list[float], loss: str) -> bool:
    """Whether outputs `y` are within NEAR of changing `predicts`' answer (0.5, or a tie)."""
    if loss == "cross_entropy":
        top = sorted(y)[-2:]
        return len(top) > 1 and top[1] - top[0] < NEAR
    return any(abs(y_k - 0.5) < NEAR for y_k in y)


class History:
    """Loss, accuracy and learning rate per step, and snapshots when `keep` is set."""

    def __init__(self, xs: Batch, ts: Batch, loss: str, lr: float, steps: int, keep: bool) -> None:
        self.xs, self.ts, self.loss, self.lr, self.keep = xs, ts, loss, lr, keep
        self.total_steps = steps
        # Whether a parameter's .grad holds its step's batch gradient when `record` is called
        # (fit's on_step: yes; the NumPy reference's, which gives no gradients: set it False).
        self.gradients = True
        self.optimizer = "sgd"  # how the page says each step's update was made
        self.steps: list[int] = []
        self.losses: list[float] = []
        self.accuracy: list[float] = []
        self.snapshots: list[dict[str, Any]] = []
        self.problem: Problem | None = None  # set by whoever watched the run (train does)
        self.activations: list[str] = []  # each layer's, known at the first snapshot
        # Each unit's name and its weighted sum's, as the model labels them (h1[0], a1[0]).
        self.names: list[list[str]] = []
        self.sums: list[list[str]] = []
        # Every step of the first EVERY_STEP (one update at a time), then evenly spaced.
        self.snapshot_steps = set(range(min(EVERY_STEP, steps) + 1))
        spaced = min(MAX_SNAPSHOTS, steps - EVERY_STEP)
        for k in range(1, spaced + 1):
            self.snapshot_steps.add(EVERY_STEP + round(k * (steps - EVERY_STEP) / spaced))
        self.samples = sorted({round(k * (len(xs) - 1) / 7) for k in range(PAGE_SAMPLES)})

    def record(self, step: int, loss: float, model: Module) -> None:
        """The loss at the parameters after `step` steps, and the accuracy there."""
        hits = count_right(model, self.xs, self.ts, self.loss)
        self.steps.append(step)
        self.losses.append(loss)
        self.accuracy.append(hits / len(self.xs))
        if not self.keep:
            return
        if step in self.snapshot_steps:
            self.snapshots.append(self.snapshot(step, model))
        elif self.snapshots and self.snapshots[-1]["step"] == step - 1:
            # The last snapshot's update, done: the page's "w after" when the next snapshot is
            # steps away (Adam's update depends on running averages the page does not have).
            self.snapshots[-1]["after"] = layer_weights(model)

    def finish(self, loss: float, model: Module) -> None:
        """Record the trained model, one step after the last update."""
        step = self.steps[-1] + 1 if self.steps else 0
        self.record(step, loss, model)

    def snapshot(self, step: int, model: Module) -> dict[str, Any]:
        """What the page shows at `step`; the engine computes every number in it."""
        units = []
        for index in self.samples:
            outputs = layer_outputs(model, self.xs[index])
            sample_loss = LOSSES[self.loss](outputs[-1], self.ts[index])
            sums = [weighted_sum_of(out) for layer in outputs for out in layer]
            # grad(), not backward(): the parameters' .grad hold this training step's gradient.
            deltas = iter(grad(sample_loss, sums))
            units.append(
                {
                    "h": [[out.data for out in layer] for layer in outputs],
                    "delta": [[next(deltas).data for _ in layer] for layer in outputs],
                    "loss": sample_loss.data,
                }
            )
        snapshot = {
            "step": step,
            "loss": self.losses[-1],
            "accuracy": self.accuracy[-1],
            "layers": layer_weights(model),
            "units": units,
        }
        if self.gradients and step < self.total_steps:  # the trained model takes no step
            snapshot["grads"] = layer_weights(model, "grad")
        self.activations = unit_activations(model)
        outputs = layer_outputs(model, self.xs[0])
        self.names = [[out.label for out in layer] for layer in outputs]
        self.sums = [[weighted_sum_of(out).label for out in layer] for layer in outputs]
        return snapshot

    def write_csv(self, path: str | os.PathLike[str]) -> None:
        """step,loss,accuracy,lr: one row per step, the loss before that step's update."""
        text = io.StringIO(newline="")
        writer = csv.writer(text)
        writer.writerow(["step", "loss", "accuracy", "lr"])
        for row in zip(self.steps, self.losses, self.accuracy, strict=True):
            writer.writerow([row[0], repr(row[1]), repr(row[2]), repr(self.lr)])
        write_atomically(path, text.getvalue())  # a failed write keeps the previous file

    def predictions(self, model: Module) -> str:
        """A table: each sample's x, target, outputs and whether the model gets it right."""
        lines = [f"{'x':<16} {'t':<8} {'y':<24} right"]
        with no_grad():
            for x, t in zip(self.xs, self.ts, strict=True):
                y = [v.data for v in model.forward(x)]
                cells = (", ".join(f"{v:g}" for v in x), ", ".join(f"{v:g}" for v in t))
                outputs = ", ".join(f"{v:.4f}" for v in y)
                right = "yes" if predicts(y, t, self.loss) else "no"
                lines.append(f"{cells[0]:<16} {cells[1]:<8} {outputs:<24} {right}")
        return "\n".join(lines)
