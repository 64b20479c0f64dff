"""micrograd's `Neuron`, `Layer` and `MLP` (0.1.0) on our `Module`: its lecture code runs as is.

Same numbers as micrograd: weights drawn by the global `random.uniform(-1, 1)` in micrograd's
order (so `random.seed(1337)` gives its demo's network), bias 0, act = b + w_0 x_0 + w_1 x_1 + ...
summed in micrograd's order, ReLU hidden layers, a linear last layer, and `parameters()` per
neuron: its weights, then its bias (found from the attributes, named by their path, as
`layers[0].neurons[0].w[1]`). A layer of one unit returns a `Value`, not a list.
Differences: a wrong input length is refused (micrograd's `zip` drops inputs silently), and
`forward()` always returns a list, so training, drawing and tracing treat these models as any
other `Module`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from autograd_mini import Value
from autograd_mini.nn.layers import check_input
from autograd_mini.nn.module import Module, label_parameters

__all__ = ["MLP", "Layer", "Neuron"]


def unwrap(out: list[Value]) -> Value | list[Value]:
    """out[0] for one output, as micrograd's `Layer` returns, else the list."""
    return out[0] if len(out) == 1 else out


class Neuron(Module):
    """relu(b + sum_i w_i x_i) with `nonlin=True`, else the linear b + sum_i w_i x_i."""

    def __init__(self, nin: int, nonlin: bool = True) -> None:
        if nin < 1:
            raise ValueError(f"Neuron: nin must be >= 1, got {nin}")
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0.0)
        self.nonlin = nonlin
        label_parameters(self)

    def forward(self, x: Sequence[Value | float]) -> list[Value]:
        """[act]: the sum starts from b, as micrograd's `sum(..., self.b)`, so floats agree."""
        check_input(x, len(self.w), "Neuron")
        act = self.b
        for w_i, x_i in zip(self.w, x, strict=True):
            act = act + w_i * x_i
        return [act.relu() if self.nonlin else act]

    def __call__(self, x: Sequence[Value | float]) -> Value:
        """The Value act, as micrograd's Neuron returns; forward() keeps Module's list."""
        return self.forward(x)[0]

    def __repr__(self) -> str:
        return f"{'ReLU' if self.nonlin else 'Linear'}Neuron({len(self.w)})"


class Layer(Module):
    """`nout` neurons on the same inputs; keyword arguments (`nonlin`) go to each Neuron."""

    def __init__(self, nin: int, nout: int, nonlin: bool = True) -> None:
        if nout < 1:
            raise ValueError(f"Layer: nout must be >= 1, got {nout}")
        self.neurons = [Neuron(nin, nonlin=nonlin) for _ in range(nout)]
        label_parameters(self)

    def forward(self, x: Sequence[Value | float]) -> list[Value]:
        """[out_j for each neuron j]."""
        return [neuron.forward(x)[0] for neuron in self.neurons]

    def __call__(self, x: Sequence[Value | float]) -> Value | list[Value]:
        """The outputs, or the one output as a bare Value (a score), as micrograd returns."""
        return unwrap(self.forward(x))

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """Layers of `nouts` units after `nin` inputs: ReLU hidden layers, a linear last layer."""

    def __init__(self, nin: int, nouts: Sequence[int]) -> None:
        if not nouts:
            raise ValueError("MLP: nouts must list at least one layer size")
        sizes = [nin, *nouts]
        last = len(nouts) - 1
        self.layers = [Layer(sizes[i], sizes[i + 1], nonlin=i != last) for i in range(len(nouts))]
        label_parameters(self)

    def forward(self, x: Sequence[Value | float]) -> list[Value]:
        """The last layer's outputs, each layer fed the previous one's."""
        out = self.layers[0].forward(x)
        for layer in self.layers[1:]:
            out = layer.forward(out)
        return out

    def __call__(self, x: Sequence[Value | float]) -> Value | list[Value]:
        """The outputs; MLP(2, [16, 16, 1])(x) is one Value, a score, as in micrograd."""
        return unwrap(self.forward(x))

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"
