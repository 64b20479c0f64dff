"""Networks on the engine, losses, SGD, the closed-form delta equations and a NumPy reference.

"The derivation" (the delta rule for a 2-3-2 sigmoid network with L = 1/2 sum (y - t)^2) and
"the exercise" (a 2-2-1 worked example with printed numbers) are the texts docs/nn.md describes.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from typing import TYPE_CHECKING

from autograd_mini.nn import closed_form, micrograd, reference
from autograd_mini.nn.compare import GradientTable, Row, compare, from_reference, to_reference
from autograd_mini.nn.data import EXERCISE, NET_232, Example, two_moons, xor
from autograd_mini.nn.history import History
from autograd_mini.nn.layers import MLP, Layer, Neuron, TwoLayerNet
from autograd_mini.nn.losses import cross_entropy, l2_loss, mse_loss, softmax, squared_error
from autograd_mini.nn.model_file import StateError
from autograd_mini.nn.module import Module, parameter_groups
from autograd_mini.nn.optim import SGD, Adam
from autograd_mini.nn.record import DataDependentError
from autograd_mini.nn.tape import Gradients, Tape, trace
from autograd_mini.nn.train import accuracy, batch_loss, fit

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def plot_loss(
    history: History | Sequence[float], path: str | PathLike[str] | None = None
) -> Figure:
    """Loss per step (log scale) and, from a `History`, accuracy: `nn.plots.plot_loss`."""
    from autograd_mini.nn import plots  # on first use: matplotlib takes a while to import

    return plots.plot_loss(history, path)


def plot_boundary(
    model: Module,
    xs: Sequence[Sequence[float]],
    ts: Sequence[Sequence[float]] | Sequence[float],
    path: str | PathLike[str] | None = None,
    resolution: int = 60,
) -> Figure:
    """The class the model gives each point of a grid over 2-D data: `nn.plots.plot_boundary`."""
    from autograd_mini.nn import plots

    return plots.plot_boundary(model, xs, ts, path, resolution)


__all__ = [
    "EXERCISE",
    "MLP",
    "NET_232",
    "SGD",
    "Adam",
    "DataDependentError",
    "Example",
    "GradientTable",
    "Gradients",
    "History",
    "Layer",
    "Module",
    "Neuron",
    "Row",
    "StateError",
    "Tape",
    "TwoLayerNet",
    "accuracy",
    "batch_loss",
    "closed_form",
    "compare",
    "cross_entropy",
    "fit",
    "from_reference",
    "l2_loss",
    "micrograd",
    "mse_loss",
    "parameter_groups",
    "plot_boundary",
    "plot_loss",
    "reference",
    "softmax",
    "squared_error",
    "to_reference",
    "trace",
    "two_moons",
    "xor",
]
