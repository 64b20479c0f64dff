"""The way from a unit to its backward pass: step-through pages of the training page's samples.

One page per sample (viz.snapshots): its loss graph laid out once, with every number of each
snapshot it holds. Writing a snapshot's numbers means writing its whole page's text (about
0.25 ms of CPU per node of the graph), so a run holds as many snapshots as `BUDGET` allows,
evenly spread; at another snapshot the training page names the nearest that have one.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Sequence
from typing import Any

from autograd_mini import Value, topological_order
from autograd_mini.files import write_atomically
from autograd_mini.nn.history import History, layer_parameters, weighted_sum_of
from autograd_mini.nn.losses import LOSSES
from autograd_mini.nn.module import Module
from autograd_mini.viz.look import MAX_NODES, count_drawn_nodes, format_number
from autograd_mini.viz.snapshots import SnapshotPage

BUDGET = 44_000
"""Nodes x snapshots x samples a run's pages may hold: about 15 s of CPU, the default XOR run's
every snapshot (4 samples, 54 nodes, 201 snapshots), 17 snapshots of a moons MLP 2-8-8-1's."""


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


def chosen_snapshots(history: History, steps: Sequence[int] | None, most: int) -> list[int]:
    """Indices of the snapshots at or just before each of `steps`.

    None: every snapshot, or `most` of them evenly spread, the first and the last among them.
    """
    count = len(history.snapshots)
    if steps is None:
        if count <= most:
            return list(range(count))
        return sorted({round(k * (count - 1) / (max(most, 2) - 1)) for k in range(max(most, 2))})
    chosen = set()
    for step in steps:
        at = [k for k, snapshot in enumerate(history.snapshots) if snapshot["step"] <= step]
        chosen.add(at[-1] if at else 0)
    return sorted(chosen)


def backward_pages(
    history: History,
    model: Module,
    steps: Sequence[int] | None,
    done: Callable[[], object] = lambda: None,
) -> list[tuple[dict[str, Any], SnapshotPage]]:
    """Each page sample's step-through page at the chosen snapshots, and what the page links.

    A link holds the sample's position in the page's list, the page's file name, the steps it
    has and each unit's backward step; `done` is called after each page (a progress bar).
    ValueError if a sample's graph is too big to draw (viz.look.MAX_NODES).
    """
    first = history.samples[0]
    root = sample_loss(model, history.xs[first], history.ts[first], history.loss)
    if count_drawn_nodes(root, MAX_NODES) > MAX_NODES:
        raise ValueError(
            f"a sample's graph has more than {MAX_NODES:,} nodes to draw, too many to lay out"
        )
    nodes = len(topological_order(root))
    chosen = chosen_snapshots(history, steps, BUDGET // (nodes * len(history.samples)))
    models = [model_at(model, history.snapshots[k]) for k in chosen]
    pages = []
    for position, index in enumerate(history.samples):
        x, t = history.xs[index], history.ts[index]
        roots = [sample_loss(at, x, t, history.loss) for at in models]
        shown = [", ".join(format_number(v) for v in values) for values in (x, t)]
        title = f"autograd_mini: sample {index} (x = {shown[0]}; t = {shown[1]}), its loss"
        page = SnapshotPage(roots, [history.snapshots[k]["step"] for k in chosen], title=title)
        link = {
            "sample": position,
            "file": f"sample{index}.html",
            "steps": page.steps,
            "units": unit_steps(roots[0]),
        }
        pages.append((link, page))
        done()
    return pages


def write_pages(
    folder: str | os.PathLike[str], pages: list[tuple[dict[str, Any], SnapshotPage]]
) -> int:
    """Lay out and write each page into `folder` (made if missing); the bytes written."""
    os.makedirs(folder, exist_ok=True)
    size = 0
    for link, page in pages:
        text = page.html().encode("utf-8")
        write_atomically(os.path.join(folder, link["file"]), text)
        size += len(text)
    return size
