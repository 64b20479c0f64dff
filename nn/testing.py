"""`assert_deltas_match`: your delta per layer against the engine's; random networks.

This is `autograd_mini.testing` for networks; it lives in nn because the engine's package
never depends on nn (`autograd_mini.testing` re-exports it on first use).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from autograd_mini import enable_grad, grad, topological_order
from autograd_mini.nn import closed_form
from autograd_mini.nn.layers import TwoLayerNet
from autograd_mini.nn.losses import LOSSES, SQUARED_FACTORS, check_loss
from autograd_mini.testing.extras import require
from autograd_mini.testing.grads import ATOL, FIRST_REFEREE, RTOL, first_difference
from autograd_mini.testing.table import Report, Row, Tolerance, publish

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

Deltas = Mapping[str, Sequence[float]]
# Each layer's delta is dL/da at its pre-activations, named as TwoLayerNet labels them.
LAYERS = {"hidden": "a1", "output": "a2"}


def assert_deltas_match(
    net: TwoLayerNet,
    x: Sequence[float],
    t: Sequence[float],
    deltas: Deltas | Callable[..., Deltas],
    loss: str = "l2",
    rtol: float = RTOL,
    atol: float = ATOL,
) -> None:
    """Assert your deltas equal the engine's: delta_k = dL/da2_k (output), dL/da1_j (hidden).

    Args:
        net: the derivation's network (h = sigma(x w + b1), y = sigma(h u + b2)).
        x: one sample's inputs.
        t: its targets.
        deltas: {"output": [delta_k, ...], "hidden": [delta_j, ...]} (one layer alone is
            checked alone), or a function returning that from the forward pass's numbers by
            the derivation's names, taking any of x, t, w, b1, u, b2, a1, h, a2, y.
        loss: "l2", the derivation's L = 1/2 sum (y_k - t_k)^2, or "squared", the exercise's
            E = sum (y_k - t_k)^2 (every delta twice L's).
        rtol: as in `assert_grad_matches` (defaults 1e-9 and 1e-12); the referee is finite
            differences of the loss, computed on floats, in each pre-activation.
        atol: see rtol.

    Raises:
        GradientMismatch: the table of every delta, engine against yours, with the referee.
    """
    check_loss(loss, "assert_deltas_match", SQUARED_FACTORS)
    if not isinstance(net, TwoLayerNet):
        raise TypeError(f"assert_deltas_match: net must be a TwoLayerNet, got {type(net).__name__}")
    with enable_grad():
        output = LOSSES[loss](net(x), t)
        nodes = {node.label: node for node in topological_order(output, constants=False)}
        sizes = {"a1": len(net.w[0]), "a2": len(net.u[0])}
        a = {name: [nodes[f"{name}[{i}]"] for i in range(n)] for name, n in sizes.items()}
        engine = dict(zip(("a1", "a2"), (grad(output, a[n]) for n in ("a1", "a2")), strict=True))
    state = {key.split(".")[1]: value for key, value in net.state_dict().items()}
    numbers: dict[str, Any] = {"x": list(x), "t": list(t), "b1": None, "b2": None, **state}
    counts = {"a1": sizes["a1"], "h": sizes["a1"], "a2": sizes["a2"], "y": sizes["a2"]}
    for name, n in counts.items():
        numbers[name] = [nodes[f"{name}[{i}]"].data for i in range(n)]
    yours = deltas(**chosen(deltas, numbers)) if callable(deltas) else deltas
    unknown = set(yours) - set(LAYERS)
    if unknown or not yours:
        raise ValueError(f"deltas: give layers {list(LAYERS)}, got {list(yours)}")

    def loss_at(offsets: list[float]) -> float:
        """The loss on floats, `offsets` added to a1 then a2: a bias moves its a one for one."""
        n1 = sizes["a1"]
        b1 = [(numbers["b1"] or [0.0] * n1)[j] + offsets[j] for j in range(n1)]
        b2 = [
            (numbers["b2"] or [0.0] * sizes["a2"])[k] + offsets[n1 + k] for k in range(sizes["a2"])
        ]
        h = closed_form.hidden(numbers["x"], numbers["w"], b1)
        return SQUARED_FACTORS[loss] * closed_form.l2_loss(
            closed_form.output(h, numbers["u"], b2), t
        )

    tolerance = Tolerance(rtol, atol, *FIRST_REFEREE)
    zeros = [0.0] * (sizes["a1"] + sizes["a2"])
    rows = []
    for layer in ("output", "hidden"):
        if layer not in yours:
            continue
        name = LAYERS[layer]
        if len(yours[layer]) != sizes[name]:
            raise ValueError(
                f"deltas: {layer} needs {sizes[name]} numbers, got {len(yours[layer])}"
            )
        offset = 0 if name == "a1" else sizes["a1"]
        for i, (mine, theirs) in enumerate(zip(engine[name], yours[layer], strict=True)):
            referee = first_difference(loss_at, zeros, offset + i)
            at = f"{numbers[name][i]:.12g}"
            rows.append(
                Row(f"{layer} delta[{i}]", at, mine.data, float(theirs), referee, tolerance)
            )
    title = (
        f"assert_deltas_match: delta = dL/da per layer ({loss} loss) at x={list(x)}, t={list(t)}"
    )
    publish(Report(title, rows, tolerance, at="a"))


def chosen(function: Callable[..., Any], numbers: dict[str, Any]) -> dict[str, Any]:
    """The numbers `function` asks for by parameter name (all of them if it takes **kwargs)."""
    parameters = inspect.signature(function).parameters
    if any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        return numbers
    unknown = [name for name in parameters if name not in numbers]
    if unknown:
        raise TypeError(f"deltas: unknown argument {unknown[0]!r}; choose from {list(numbers)}")
    return {name: numbers[name] for name in parameters}


def networks(
    max_width: int = 6, bias: bool | None = None
) -> SearchStrategy[tuple[TwoLayerNet, list[float], list[float]]]:
    """Hypothesis strategy of (net, x, t): a TwoLayerNet, one sample's inputs and targets.

    Each layer has 1..max_width units; weights, biases and inputs lie in [-2, 2], targets in
    [0, 1] (a sigmoid's range); bias None draws nets with and without biases.
    """
    require("hypothesis", "autograd_mini.nn.testing.networks")
    from hypothesis import strategies as st

    def vector(draw: st.DrawFn, n: int, low: float = -2.0, high: float = 2.0) -> list[float]:
        return draw(st.lists(st.floats(low, high), min_size=n, max_size=n))

    @st.composite
    def network(draw: st.DrawFn) -> tuple[TwoLayerNet, list[float], list[float]]:
        n_in, n_hidden, n_out = (draw(st.integers(1, max_width)) for _ in range(3))
        w = [vector(draw, n_hidden) for _ in range(n_in)]
        u = [vector(draw, n_out) for _ in range(n_hidden)]
        with_bias = draw(st.booleans()) if bias is None else bias
        b1, b2 = (vector(draw, n_hidden), vector(draw, n_out)) if with_bias else (None, None)
        x, t = vector(draw, n_in), vector(draw, n_out, low=0.0, high=1.0)
        return TwoLayerNet.from_weights(w, u, b1, b2), x, t

    return network()
