"""`training_page`: one self-contained HTML page that steps through a recorded training run."""

from __future__ import annotations

import html
import json
import os
from importlib.resources import files
from typing import Any

from autograd_mini.files import write_atomically
from autograd_mini.nn.history import History, grid_box
from autograd_mini.viz.look import format_number
from autograd_mini.viz.template import fill_page

MAX_CURVE_POINTS = 1000  # the loss curve is thinned to this many points for long runs


def page_data(
    history: History, model_name: str, backward: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What the page's script reads: snapshots, the loss curve, the data and its grid box.

    `backward`: the step-through pages written beside the page (nn.backward_pages), as
    {"folder": its name, "pages": [...]}, or {"pages": [], "note": why none were}.
    """
    stride = -(-len(history.steps) // MAX_CURVE_POINTS)  # ceiling division
    curve = list(zip(history.steps, history.losses, strict=True))[::stride]
    if curve[-1][0] != history.steps[-1]:
        curve.append((history.steps[-1], history.losses[-1]))
    data: dict[str, Any] = {
        "model": model_name,
        "loss": history.loss,
        "lr": history.lr,
        "optimizer": history.optimizer,
        "activations": history.activations,
        "names": history.names,
        "sums": history.sums,
        "curve": [list(point) for point in curve],
        "samples": [
            {"index": i, "x": list(history.xs[i]), "t": list(history.ts[i])}
            for i in history.samples
        ],
        "snapshots": history.snapshots,
    }
    if backward is not None:
        data["backward"] = backward
    if history.problem:
        data["problem"] = {"from": history.problem.step, "text": str(history.problem)}
    if len(history.xs[0]) == 2:
        data["points"] = [[*x, t[0]] for x, t in zip(history.xs, history.ts, strict=True)]
        data["box"] = list(grid_box(history.xs))
    # Full precision, not rounded: the page's 4 digits are then the value's own, never a
    # rounding of a rounding (-0.50974972 rounded to 6 digits and then to 4 shows -0.5098).
    return data


def training_page(
    history: History, model_name: str, about: str = "", backward: dict[str, Any] | None = None
) -> str:
    """The page as a string: no network, no external file; needs a `History` kept with snapshots.

    `about` names the run in the title and header (train gives the data, activation, loss,
    optimizer, learning rate and steps); by default the loss, learning rate and steps.
    `backward` lists the step-through pages the page links (see `page_data`).
    """
    if not history.snapshots:
        raise ValueError("training_page: the history has no snapshots (make it with keep=True)")
    article = "an" if model_name[:1] in "AEIMNOSX" else "a"  # an MLP, a TwoLayerNet
    about = (
        about
        or f"{history.loss} loss, lr {format_number(history.lr, 6)}, {history.steps[-1]} steps"
    )
    title = f"autograd_mini: training {article} {model_name}: {about}"
    fields = {
        "title": html.escape(title),
        # "<" escaped, so that nothing in the data can close the <script> element early.
        "data": json.dumps(page_data(history, model_name, backward)).replace("<", "\\u003c"),
    }
    # training_page.js imports the stepper, keys and formatter the step-through page uses, and
    # its sign palette (docs/viz.md).
    template = files("autograd_mini.nn").joinpath("training_page.html")
    return fill_page(template, fields, "nn/training_page.js")


def write_page(
    history: History,
    model_name: str,
    path: str | os.PathLike[str],
    about: str = "",
    backward: dict[str, Any] | None = None,
) -> None:
    """Write `training_page(history, ...)` to `path`, replaced whole or not at all."""
    write_atomically(path, training_page(history, model_name, about, backward))
