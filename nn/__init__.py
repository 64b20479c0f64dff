"""Networks on the engine, losses, SGD, the closed-form delta equations and a NumPy reference.

"The derivation" (the delta rule for a 2-3-2 sigmoid network with L = 1/2 sum (y - t)^2) and
"the exercise" (a 2-2-1 worked example with printed numbers) are the texts docs/nn.md describes.
"""

from typing import Any

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


def __getattr__(name: str) -> Any:
    """nn.plot_loss and nn.plot_boundary, loaded on first use: matplotlib takes a while."""
    if name in ("plot_boundary", "plot_loss"):
        from autograd_mini.nn import plots

        return getattr(plots, name)
    raise AttributeError(f"module 'autograd_mini.nn' has no attribute {name!r}")


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
