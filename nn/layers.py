"""Networks on `Value`: Neuron, Layer, MLP, and the derivation's TwoLayerNet (w, b1, u, b2)."""

from __future__ import annotations

import math
import numbers
import random
from collections.abc import Callable, Sequence
from typing import Any, overload

from autograd_mini import Value
from autograd_mini.nn.module import Module, Tensor, label_parameters

ACTIVATIONS: dict[str, Callable[[Value], Value]] = {
    "sigmoid": Value.sigmoid,
    "tanh": Value.tanh,
    "relu": Value.relu,
    "linear": lambda a: a,
}


@overload
def weighted_sum(x: Sequence[Value | float], w: Sequence[Value], b: Value | None) -> Value: ...
@overload
def weighted_sum(x: Sequence[float], w: Sequence[float], b: float | None) -> float: ...
def weighted_sum(x: Sequence[Any], w: Sequence[Any], b: Any) -> Any:
    """The sum sum_i x_i w_i + b, left to right, the bias last (as x @ w + b adds it).

    On Values it builds the unit's graph; on floats (nn.diagnose) it computes the same numbers.
    """
    a = x[0] * w[0]
    for x_i, w_i in zip(x[1:], w[1:], strict=True):
        a = a + x_i * w_i
    return a if b is None else a + b


def activation_function(name: str) -> Callable[[Value], Value]:
    """The activation function called `name`; ValueError naming the choices otherwise."""
    if name not in ACTIVATIONS:
        raise ValueError(f"activation {name!r}: choose one of {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[name]


def uniform(rng: random.Random, n_in: int) -> float:
    """A starting weight, uniform in +-1/sqrt(n_in) so a unit's sum starts near 0 for any n_in."""
    scale = 1.0 / math.sqrt(n_in)
    return rng.uniform(-scale, scale)


def check_input(x: Sequence[Value | float], n_in: int, where: str) -> None:
    """ValueError unless `x` has `n_in` entries."""
    if len(x) != n_in:
        raise ValueError(f"{where}: expected {n_in} inputs, got {len(x)}")


class Neuron(Module):
    """out = f(sum_i x_i w_i + b); weights drawn by `uniform` from `rng` (fresh if None), bias 0.

    Its parameters, "w" and "b", are found from its attributes (see Module). `names`, when a
    Layer sets it, labels the sum and the output (e.g. "a1[0]", "h1[0]").
    """

    names: tuple[str, str] | None = None

    def __init__(
        self, n_in: int, activation: str = "sigmoid", rng: random.Random | None = None
    ) -> None:
        rng = rng or random.Random()
        self.activation = activation
        self.f = activation_function(activation)
        self.w = [Value(uniform(rng, n_in)) for _ in range(n_in)]
        self.b = Value(0.0)
        label_parameters(self)

    def extra_repr(self) -> str:
        """n_in and the activation."""
        return f"n_in={len(self.w)}, activation={self.activation!r}"

    def forward(self, x: Sequence[Value | float]) -> list[Value]:
        """[f(sum_i x_i w_i + b)], a list so that every Module returns the same kind."""
        check_input(x, len(self.w), "Neuron")
        a = weighted_sum(x, self.w, self.b)
        out = self.f(a)
        if self.names:  # (a linear unit's out is a itself: it keeps the output's name)
            a.label, out.label = self.names
        return [out]


class Layer(Module):
    """`n_out` neurons on the same inputs; its weight matrix is w[i][j], input i to unit j.

    Unit j's sum and output are labelled `a[j]` and `h[j]`, or as `names` says (an MLP's layer
    2 uses "a2" and "h2"), as the delta-rule derivation names them.
    """

    def __init__(
        self,
        n_in: int,
        n_out: int,
        activation: str = "sigmoid",
        rng: random.Random | None = None,
        names: tuple[str, str] = ("a", "h"),
    ) -> None:
        rng = rng or random.Random()
        self.activation = activation
        self.neurons = [Neuron(n_in, activation, rng) for _ in range(n_out)]
        for j, neuron in enumerate(self.neurons):
            neuron.names = (f"{names[0]}[{j}]", f"{names[1]}[{j}]")
        label_parameters(self)

    def named_tensors(self) -> dict[str, Tensor]:
        """{"w": w[i][j] (input i, unit j, as the derivation's w_ij), "b": b[j]}."""
        n_in = len(self.neurons[0].w)
        return {
            "w": [[neuron.w[i] for neuron in self.neurons] for i in range(n_in)],
            "b": [neuron.b for neuron in self.neurons],
        }

    def forward(self, x: Sequence[Value | float]) -> list[Value]:
        """[out_j for each unit j]."""
        return [neuron.forward(x)[0] for neuron in self.neurons]

    def extra_repr(self) -> str:
        """n_in, n_out and the activation."""
        n_in = len(self.neurons[0].w)
        return f"n_in={n_in}, n_out={len(self.neurons)}, activation={self.activation!r}"


class MLP(Module):
    """Layers of `sizes` units after `n_in` inputs; `activation` is one name or one per layer.

    Weights are drawn fresh each time; `seed=` draws the same ones again. Called on an input it
    gives a list of outputs, one per unit of the last layer (micrograd's MLP, which gives one
    Value for one output, is `autograd_mini.nn.micrograd.MLP`).
    """

    def __init__(
        self,
        n_in: int,
        sizes: Sequence[int],
        activation: str | Sequence[str] = "sigmoid",
        seed: int | None = None,
    ) -> None:
        if not sizes:
            raise ValueError("MLP: sizes must give at least one layer")
        names = [activation] * len(sizes) if isinstance(activation, str) else list(activation)
        if len(names) != len(sizes):
            raise ValueError(f"MLP: {len(sizes)} layers but {len(names)} activations")
        rng = random.Random(seed)
        widths = [n_in, *sizes]
        # Layer k (from 1) computes a{k}[j] and h{k}[j]; the last one's outputs are y[j].
        labels = [(f"a{k}", f"h{k}") for k in range(1, len(sizes))] + [(f"a{len(sizes)}", "y")]
        self.layers = [
            Layer(widths[k], widths[k + 1], names[k], rng, labels[k]) for k in range(len(sizes))
        ]
        label_parameters(self)

    def named_tensors(self) -> dict[str, Tensor]:
        """{"layer1.w": ..., "layer1.b": ..., "layer2.w": ...}, layers counted from 1."""
        return {
            f"layer{k}.{key}": tensor
            for k, layer in enumerate(self.layers, start=1)
            for key, tensor in layer.named_tensors().items()
        }

    def forward(self, x: Sequence[Value | float]) -> list[Value]:
        """The last layer's outputs, each layer fed the previous one's."""
        out = self.layers[0].forward(x)
        for layer in self.layers[1:]:
            out = layer.forward(out)
        return out


class TwoLayerNet(Module):
    """The derivation's network: h = sigma(x w + b1), y = sigma(h u + b2), w_ij input i -> hidden j.

    Parameters are named `hidden.w[i][j]`, `hidden.b1[j]`, `output.u[j][k]`, `output.b2[k]`;
    indices count from 0 where the derivation counts from 1 (its w_11 is `hidden.w[0][0]`).
    Weights are drawn fresh each time; `seed=` draws the same ones again.
    """

    def __init__(
        self, n_in: int, n_hidden: int, n_out: int, bias: bool = True, seed: int | None = None
    ) -> None:
        for name, size in (("n_in", n_in), ("n_hidden", n_hidden), ("n_out", n_out)):
            if size < 1:
                raise ValueError(f"TwoLayerNet: {name} must be >= 1, got {size}")
        rng = random.Random(seed)
        self.w = [[Value(uniform(rng, n_in)) for _ in range(n_hidden)] for _ in range(n_in)]
        self.u = [[Value(uniform(rng, n_hidden)) for _ in range(n_out)] for _ in range(n_hidden)]
        self.b1 = [Value(0.0) for _ in range(n_hidden)] if bias else None
        self.b2 = [Value(0.0) for _ in range(n_out)] if bias else None
        label_parameters(self)

    @classmethod
    def from_weights(
        cls,
        w: Sequence[Sequence[float]],
        u: Sequence[Sequence[float]],
        b1: Sequence[float] | None = None,
        b2: Sequence[float] | None = None,
    ) -> TwoLayerNet:
        """The net holding these numbers: w n_in x n_hidden, u n_hidden x n_out, b1 and b2."""
        if (b1 is None) != (b2 is None):
            raise ValueError("TwoLayerNet.from_weights: give both b1 and b2, or neither")
        n_in, n_hidden, n_out = len(w), len(u), len(u[0]) if len(u) else 0
        net = cls(n_in, n_hidden, n_out, bias=b1 is not None)
        state = {"hidden.w": to_lists(w), "output.u": to_lists(u)}
        if b1 is not None and b2 is not None:
            state |= {"hidden.b1": to_lists(b1), "output.b2": to_lists(b2)}
        net.load_state_dict(state)
        return net

    def named_tensors(self) -> dict[str, Tensor]:
        """{"hidden.w": w, "hidden.b1": b1, "output.u": u, "output.b2": b2} (biases if present)."""
        tensors: dict[str, Tensor] = {"hidden.w": self.w}
        if self.b1 is not None:
            tensors["hidden.b1"] = self.b1
        tensors["output.u"] = self.u
        if self.b2 is not None:
            tensors["output.b2"] = self.b2
        return tensors

    def extra_repr(self) -> str:
        """The sizes, and whether there are biases."""
        sizes = f"n_in={len(self.w)}, n_hidden={len(self.u)}, n_out={len(self.u[0])}"
        return f"{sizes}, bias={self.b1 is not None}"

    def hidden(self, x: Sequence[Value | float]) -> list[Value]:
        """h_j = sigma(a1_j), a1_j = sum_i x_i w_ij + b1_j, labelled a1[j] and h[j]."""
        check_input(x, len(self.w), "TwoLayerNet")
        b1: Sequence[Value | None] = self.b1 or [None] * len(self.w[0])
        columns = zip(*self.w, strict=True)  # column j holds w_0j, w_1j, ...
        return [
            sigmoid_unit(weighted_sum(x, w_j, b1_j), f"a1[{j}]", f"h[{j}]")
            for j, (w_j, b1_j) in enumerate(zip(columns, b1, strict=True))
        ]

    def output(self, h: Sequence[Value]) -> list[Value]:
        """y_k = sigma(a2_k), a2_k = sum_j h_j u_jk + b2_k, labelled a2[k] and y[k]."""
        b2: Sequence[Value | None] = self.b2 or [None] * len(self.u[0])
        columns = zip(*self.u, strict=True)  # column k holds u_0k, u_1k, ...
        return [
            sigmoid_unit(weighted_sum(h, u_k, b2_k), f"a2[{k}]", f"y[{k}]")
            for k, (u_k, b2_k) in enumerate(zip(columns, b2, strict=True))
        ]

    def forward(self, x: Sequence[Value | float]) -> list[Value]:
        """The outputs y = sigma(sigma(x w + b1) u + b2)."""
        return self.output(self.hidden(x))


def sigmoid_unit(a: Value, a_name: str, out_name: str) -> Value:
    """sigma(a), with `a` and the result labelled by the derivation's names (e.g. a1[0], h[0])."""
    out = a.sigmoid()
    a.label, out.label = a_name, out_name
    return out


def to_lists(x: Any) -> Any:
    """Nested sequences (tuples, NumPy arrays) as nested lists of floats, for `load_state_dict`."""
    if isinstance(x, str | bool) or not hasattr(x, "__iter__"):
        return float(x) if isinstance(x, numbers.Real) and not isinstance(x, bool) else x
    return [to_lists(entry) for entry in x]
