"""Pictures of a training run with matplotlib: the loss curve, and a 2-D decision boundary."""

from __future__ import annotations

import io
import math
import os
from collections.abc import Sequence

try:
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.figure import Figure
except ImportError:  # an extra, not a dependency: the engine, grad and demo need no matplotlib
    raise ImportError(
        "nn.plot_loss, nn.plot_boundary and train --plot need matplotlib, "
        "which the 'plots' extra installs: pip install '.[plots]'"
    ) from None

from autograd_mini import enable_grad, no_grad
from autograd_mini.files import write_atomically
from autograd_mini.nn.history import History
from autograd_mini.nn.module import Module
from autograd_mini.nn.tape import trace
from autograd_mini.viz.look import ACCURACY_COLOUR, CLASSES, LOSS_COLOUR

Targets = Sequence[Sequence[float]] | Sequence[float]


def lighter(colour: str, strength: float = 0.7) -> str:
    """`colour` mixed with white, `strength` of the way from white to it (the page's shading)."""
    channels = [int(colour[k : k + 2], 16) for k in (1, 3, 5)]
    return "#" + "".join(f"{round(255 + (c - 255) * strength):02x}" for c in channels)


SHADING = LinearSegmentedColormap.from_list(
    "class1", [lighter(CLASSES[0]), "#ffffff", lighter(CLASSES[1])]
)
"""P(class 1) from 0 to 1, as on the training page: purple (class 0), white at 0.5, green."""


class Plot(Figure):
    """A matplotlib Figure that a notebook shows as a picture, with or without pyplot.

    A bare Figure shows as `<Figure size 700x400 with 1 Axes>` in a fresh kernel: Jupyter
    draws only pyplot's figures, and only after `%matplotlib inline`.
    """

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()


def save(figure: Figure, path: str | os.PathLike[str] | None) -> Figure:
    """The figure, written to `path` as PNG when a path is given (replaced whole or not at all)."""
    if path is not None:
        image = io.BytesIO()
        figure.savefig(image, format="png", dpi=100)
        write_atomically(path, image.getvalue())
    return figure


def plot_loss(
    history: History | Sequence[float], path: str | os.PathLike[str] | None = None
) -> Figure:
    """Loss per step (log scale) and, from a `History`, accuracy on a second axis."""
    figure = Plot(figsize=(7, 4), layout="constrained")
    axes = figure.add_subplot()
    losses = history.losses if isinstance(history, History) else list(history)
    steps = history.steps if isinstance(history, History) else list(range(len(losses)))
    axes.plot(steps, losses, color=LOSS_COLOUR, label="loss")
    axes.set_xlabel("step")
    axes.set_ylabel("loss (mean over samples)")
    if min(losses) > 0:
        axes.set_yscale("log")
    axes.grid(alpha=0.3)
    if isinstance(history, History):
        right = axes.twinx()
        right.plot(steps, history.accuracy, color=ACCURACY_COLOUR, linestyle="--", label="accuracy")
        right.set_ylabel("accuracy")
        right.set_ylim(-0.02, 1.02)
        figure.legend(loc="outside upper center", ncols=2)
    return save(figure, path)


def classes_of(ts: Targets) -> list[int]:
    """Class 0 or 1 per target: [0]/[1] (or 0/1), or micrograd's -1/+1 scores' signs."""
    values = [t[0] if isinstance(t, Sequence) else t for t in ts]
    threshold = 0.0 if min(values) < 0 else 0.5
    return [int(v > threshold) for v in values]


def class1_probability(outputs: list[float], threshold: float) -> float:
    """P(class 1): softmax's p_1, the output itself (0/1 targets) or a score's sigmoid (-1/+1)."""
    if len(outputs) > 1:
        return 1.0 / (1.0 + math.exp(min(outputs[0] - outputs[1], 700.0)))
    if threshold == 0.0:
        return 1.0 / (1.0 + math.exp(min(-outputs[0], 700.0)))
    return min(max(outputs[0], 0.0), 1.0)


def outputs_at(model: Module, xs: list[float], ys: list[float]) -> list[list[float]]:
    """The model's outputs at each point (xs[i], ys[i]), as floats.

    A model whose graph is the same at every point (it reads no Value's number, as `nn.MLP`
    and micrograd's MLP) is traced once per output and replayed over all points in one NumPy
    pass (`nn.trace`): a 60x60 grid of micrograd's MLP takes ~0.02 s, against ~0.7 s for a
    forward pass per point on the engine. Otherwise, and where an op meets a number outside
    its domain, the engine runs point by point, as a learner's own loop would.
    """
    with no_grad():
        count = len(model.forward([xs[0], ys[0]]))
    try:
        with enable_grad():  # trace records a graph, even when called under no_grad()
            tapes = [
                trace(lambda a, b, k=k: model.forward([a, b])[k], xs[0], ys[0])
                for k in range(count)
            ]
        # A tape re-checks rows only when f read a Value's number: its graph may differ there.
        if not any(tape.rows_checked for tape in tapes):
            columns = [tape(xs, ys).tolist() for tape in tapes]
            return [list(row) for row in zip(*columns, strict=True)]
    except (ArithmeticError, ValueError):  # DomainError is a ValueError: the engine says where
        pass
    with no_grad():
        return [[v.data for v in model.forward([x, y])] for x, y in zip(xs, ys, strict=True)]


def plot_boundary(
    model: Module,
    xs: Sequence[Sequence[float]],
    ts: Targets,
    path: str | os.PathLike[str] | None = None,
    resolution: int = 120,
) -> Figure:
    """The model's probability of class 1 shaded over 2-D data, its 0.5 contour, and the data.

    Targets -1/+1 (micrograd's demo) are split at a score of 0 (probability: the score's
    sigmoid), targets 0/1 at an output of 0.5; with several outputs, softmax's p_1.
    """
    if not xs or len(xs[0]) != 2:
        raise ValueError("plot_boundary: the inputs must be 2-D points")
    if len(xs) != len(ts):
        raise ValueError(f"plot_boundary: {len(xs)} inputs but {len(ts)} targets")
    classes = classes_of(ts)
    threshold = 0.0 if min(t[0] if isinstance(t, Sequence) else t for t in ts) < 0 else 0.5
    x0, x1 = min(x[0] for x in xs) - 0.5, max(x[0] for x in xs) + 0.5
    y0, y1 = min(x[1] for x in xs) - 0.5, max(x[1] for x in xs) + 0.5
    grid_x = [x0 + (x1 - x0) * c / (resolution - 1) for c in range(resolution)]
    grid_y = [y0 + (y1 - y0) * r / (resolution - 1) for r in range(resolution)]
    outputs = outputs_at(
        model, [gx for _ in grid_y for gx in grid_x], [gy for gy in grid_y for _ in grid_x]
    )
    probabilities = [class1_probability(row, threshold) for row in outputs]
    chance = [probabilities[r * resolution : (r + 1) * resolution] for r in range(resolution)]
    figure = Plot(figsize=(6, 5), layout="constrained")
    axes = figure.add_subplot()
    # The page's shading: purple for class 0, white at 0.5, green for class 1.
    shading = axes.imshow(
        chance, origin="lower", extent=(x0, x1, y0, y1), cmap=SHADING, vmin=0.0, vmax=1.0,
        aspect="auto", interpolation="bilinear",
    )  # fmt: skip
    figure.colorbar(shading, ax=axes, label="P(class 1)")
    axes.contour(grid_x, grid_y, chance, levels=[0.5], colors="#111", linewidths=1.2)
    for k in (0, 1):
        points = [x for x, c in zip(xs, classes, strict=True) if c == k]
        axes.scatter(
            [p[0] for p in points],
            [p[1] for p in points],
            s=22,
            color=CLASSES[k],
            edgecolors="white",
            linewidths=0.5,
            label=f"class {k}",
        )
    axes.set_xlim(x0, x1)
    axes.set_ylim(y0, y1)
    axes.set_xlabel("x[0]")
    axes.set_ylabel("x[1]")
    axes.legend(loc="upper right")
    return save(figure, path)


def save_plots(
    history: History, model: Module, xs: Sequence[Sequence[float]], ts: Targets, folder: str
) -> list[str]:
    """Write folder/loss.png, and folder/boundary.png for 2-D data; the paths written."""
    os.makedirs(folder, exist_ok=True)
    paths = [os.path.join(folder, "loss.png")]
    plot_loss(history, paths[0])
    if len(xs[0]) == 2:
        paths.append(os.path.join(folder, "boundary.png"))
        plot_boundary(model, xs, ts, paths[1])
    return paths
