"""The way from a unit to its backward pass: step-through pages of the training page's samples.

A step-through page of one sample's graph is large (an MLP 2-8-8-1: 320 nodes, 1.2 MB, 2 s to
lay out), so they are written for a stated set of snapshots only, the first and the last unless
asked otherwise; the training page links a page only from the snapshot it was made at.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from typing import Any

from autograd_mini import Value, topological_order
from autograd_mini.files import write_atomically
from autograd_mini.nn.history import History, layer_parameters, weighted_sum_of
from autograd_mini.nn.losses import LOSSES
from autograd_mini.nn.module import Module
from autograd_mini.viz.html import to_html
from autograd_mini.viz.look import MAX_NODES, count_drawn_nodes


def model_at(model: Module, snapshot: dict[str, Any]) -> Module:
    """A copy of `model` holding the weights and biases of `snapshot`."""
    copied = copy.deepcopy(model)
    for layer, saved in zip(layer_parameters(copied), snapshot["layers"], strict=True):
        for row, values in zip(layer["w"], saved["w"], strict=True):
            for p, value in zip(row, values, strict=True):
                p.data = value
        for p, value in zip(layer["b"], saved["b"], strict=True):
            p.data = value
    return copied


def sample_loss(model: Module, x: Sequence[float], t: Sequence[float], loss: str) -> Value:
    """The loss of one sample, its inputs leaves named x[0], x[1], ... as on the training page."""
    inputs = [Value(v, f"x[{i}]") for i, v in enumerate(x)]
    return LOSSES[loss](model.forward(inputs), t)


def unit_steps(root: Value) -> dict[str, int]:
    """The backward step (as the step-through page numbers them) of each unit's weighted sum.

    viz.steps.backward_steps: step 0 seeds the root, then one step per op node, newest first;
    a sum's step opens with its gradient, the training page's delta of that unit.
    """
    order = topological_order(root)
    sums = {weighted_sum_of(value) for value in order if value.label}
    steps: dict[str, int] = {}
    step = 0
    for value in reversed(order):
        if value.parents:
            step += 1
            if value in sums and value.label:
                steps[value.label] = step
    return steps


def chosen_snapshots(history: History, steps: Sequence[int] | None) -> list[int]:
    """Indices of the snapshots at or just before each of `steps` (None: the first and last)."""
    if steps is None:
        return sorted({0, len(history.snapshots) - 1})
    chosen = set()
    for step in steps:
        at = [k for k, snapshot in enumerate(history.snapshots) if snapshot["step"] <= step]
        chosen.add(at[-1] if at else 0)
    return sorted(chosen)


def backward_graphs(
    history: History, model: Module, steps: Sequence[int] | None
) -> list[tuple[dict[str, Any], Value]]:
    """Each page sample's loss graph at each chosen snapshot, with what the training page links.

    A link holds the sample's position in the page's list, the step, the page's file name and
    each unit's backward step. ValueError if a sample's graph is too big to draw
    (viz.look.MAX_NODES).
    """
    first = history.samples[0]
    root = sample_loss(model, history.xs[first], history.ts[first], history.loss)
    if count_drawn_nodes(root, MAX_NODES) > MAX_NODES:
        raise ValueError(
            f"a sample's graph has more than {MAX_NODES:,} nodes to draw, too many to lay out"
        )
    graphs = []
    for k in chosen_snapshots(history, steps):
        snapshot = history.snapshots[k]
        at = model_at(model, snapshot)
        for position, index in enumerate(history.samples):
            root = sample_loss(at, history.xs[index], history.ts[index], history.loss)
            link = {
                "sample": position,
                "step": snapshot["step"],
                "file": f"sample{index}-step{snapshot['step']}.html",
                "units": unit_steps(root),
            }
            graphs.append((link, root))
    return graphs


def write_pages(folder: str | os.PathLike[str], graphs: list[tuple[dict[str, Any], Value]]) -> int:
    """Write each graph's step-through page into `folder` (made if missing); the bytes written."""
    os.makedirs(folder, exist_ok=True)
    size = 0
    for link, root in graphs:
        page = to_html(root).encode("utf-8")
        write_atomically(os.path.join(folder, link["file"]), page)
        size += len(page)
    return size
