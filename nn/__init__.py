"""Networks on the engine, losses, SGD, the closed-form delta equations and a NumPy reference."""

from autograd_mini.nn import closed_form, micrograd, reference
from autograd_mini.nn.compare import GradientTable, Row, compare, from_reference, to_reference
from autograd_mini.nn.data import EXERCISE, NET_232, Example, two_moons, xor
from autograd_mini.nn.layers import MLP, Layer, Neuron, TwoLayerNet
from autograd_mini.nn.losses import cross_entropy, l2_loss, mse_loss, softmax, squared_error
from autograd_mini.nn.module import Module, StateError, parameter_groups
from autograd_mini.nn.optim import SGD, Adam
from autograd_mini.nn.tape import DataDependentError, Gradients, Tape, trace
from autograd_mini.nn.train import accuracy, batch_loss, fit

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
    "reference",
    "softmax",
    "squared_error",
    "to_reference",
    "trace",
    "two_moons",
    "xor",
]
