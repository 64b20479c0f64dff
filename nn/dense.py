"""Dense layers in a tape: units that share their inputs, replayed as matrix products.

`nn.MLP`'s unit j computes a_j = x_0 w_0j + x_1 w_1j + ... + b_j (`weighted_sum`), then
h_j = f(a_j): traced, 2 n_in + 1 steps per unit, each one NumPy call on the (N,) arrays of a
replay. `find_layers` finds the units with the same inputs and activation, so that a layer runs
as A = X W + b, H = f(A) on (N, n_in) and (N, n_out) matrices: a few NumPy calls whatever its
width. A matrix product adds a sum's terms in its own order, not the engine's left to right, so
the numbers agree with the engine's to rounding (1e-12 relative), not bit for bit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from autograd_mini.nn.array_ops import ArrayOp
from autograd_mini.nn.record import Step

Array = NDArray[np.float64]


class StepByStep(Exception):  # noqa: N818 (a signal, not an error: the caller replays steps)
    """A layer met a number it cannot vouch for (not finite, outside an op's domain)."""


class Unit(NamedTuple):
    """One weighted sum found in the steps: a = sum_i x_i w_i (+ b), then h = f(a)."""

    inputs: tuple[int, ...]  # the steps x_i
    weights: tuple[int, ...]  # the steps w_i, parameters
    bias: int | None  # the step b, a parameter, if there is one
    total: int  # the step a
    output: int  # the step h = f(a), or a itself when nothing follows
    activation: str | None  # f's op, None for a linear unit
    steps: tuple[int, ...]  # every step of the unit


class Dense(NamedTuple):
    """Units sharing inputs and activation: A = X W + b, H = f(A), run at step `last`."""

    units: list[Unit]
    # positions[i, j]: the parameter position of unit j's weight on input i; with biases, the
    # last row holds b_j's (the bias is the weight of an input that is always 1).
    positions: Array
    bias: bool
    grid: tuple[int, int, int] | None  # positions as a grid of g's rows, see `_grid`
    alone: bool  # no other step reads the layer's parameters: it writes their rows, not adds
    last: int  # the step it runs at, its units' last: it names the layer in a `Run`
    feeder: int | None = None  # the layer (its `last`) whose outputs are X, read by this alone

    @property
    def inputs(self) -> tuple[int, ...]:
        """The steps x_i every unit reads."""
        return self.units[0].inputs

    @property
    def activation(self) -> str | None:
        """The op every unit applies to its sum, None for linear units."""
        return self.units[0].activation

    @property
    def outputs(self) -> tuple[int, ...]:
        """The steps h_j, one per unit."""
        return tuple(unit.output for unit in self.units)


Plan = list[int | Dense]
"""The order of a replay: step indices, with each layer in place of its units' steps."""


def find_layers(steps: list[Step]) -> Plan:
    """The replay order of `steps`: each dense layer's steps replaced by one `Dense`.

    Parameters read by layers alone are left out too: a layer reads them as one array.
    """
    users: list[list[int]] = [[] for _ in steps]
    for k, step in enumerate(steps):
        for j in step.operands:
            users[j].append(k)
    units: list[Unit] = []
    taken: set[int] = set()
    for k in reversed(range(len(steps))):  # from the end, so each sum is found whole
        unit = None if k in taken else _unit(steps, users, k)
        if unit is not None:
            units.append(unit)
            taken.update(unit.steps)
    groups: dict[tuple[Any, ...], list[Unit]] = {}
    for unit in sorted(units, key=lambda u: u.total):
        key = (unit.inputs, unit.bias is None, unit.activation)
        groups.setdefault(key, []).append(unit)
    layers = [
        layer for group in groups.values() if (layer := _layer(steps, users, group)) is not None
    ]
    layers.sort(key=lambda layer: layer.last)
    layers = [_fed(layer, layers, users) for layer in layers]
    runs_at = {layer.last: layer for layer in layers}
    replaced = {k for layer in layers for unit in layer.units for k in unit.steps}
    replaced |= {
        k
        for k, step in enumerate(steps)
        if step.op == "parameter" and users[k] and all(user in replaced for user in users[k])
    }
    return [runs_at.get(k, k) for k in range(len(steps)) if k not in replaced or k in runs_at]


def _unit(steps: list[Step], users: list[list[int]], k: int) -> Unit | None:
    """The weighted sum (and its activation) whose sum is step k, as `weighted_sum` adds it."""

    def product(i: int) -> bool:  # x * w, w a parameter, read by one step only
        step = steps[i]
        return step.op == "*" and steps[step.operands[1]].op == "parameter" and len(users[i]) == 1

    total, covered, bias = k, [k], None
    step = steps[k]
    if step.op == "+" and steps[step.operands[1]].op == "parameter":
        inner = step.operands[0]
        if len(users[inner]) != 1:
            return None
        bias, k = step.operands[1], inner
        covered.append(k)
    terms = []
    while not product(k):
        step = steps[k]
        if step.op != "+" or not product(step.operands[1]):
            return None
        if len(users[step.operands[0]]) != 1:
            return None
        terms.append(steps[step.operands[1]].operands)
        k = step.operands[0]
        covered += [step.operands[1], k]
    terms.append(steps[k].operands)
    if len(terms) == 1 and bias is None:
        return None  # a lone x * w is no layer
    terms.reverse()
    activation, output = None, total
    if len(users[total]) == 1 and len(steps[users[total][0]].operands) == 1:
        output = users[total][0]
        activation = steps[output].op
        covered.append(output)
    inputs, weights = zip(*terms, strict=True)
    return Unit(inputs, weights, bias, total, output, activation, tuple(covered))


def _layer(steps: list[Step], users: list[list[int]], units: list[Unit]) -> Dense | None:
    """The units as one layer, or None where running them together would change the result."""
    covered = {k for unit in units for k in unit.steps}
    first, last = min(covered), max(covered)
    outputs = {unit.output for unit in units}
    if any(x >= first for x in units[0].inputs):
        return None  # an input computed among the layer's own steps
    if any(user <= last for h in outputs for user in users[h] if user not in covered):
        return None  # something reads an output before the whole layer is done
    bias = units[0].bias is not None
    leaves = [[*u.weights, u.bias] if u.bias is not None else list(u.weights) for u in units]
    positions = np.array([[steps[k].position for k in column] for column in leaves]).T
    if len(np.unique(positions)) != positions.size:
        return None  # a weight used twice: `g[positions] += ...` would add it once
    alone = all(user in covered for column in leaves for k in column for user in users[k])
    return Dense(units, positions, bias, _grid(positions), alone, last)


def _grid(positions: Array) -> tuple[int, int, int] | None:
    """(start, down, across) if positions[i, j] = start + i down + j across, else None.

    A layer's parameters usually are such a grid (an MLP's unit by unit, w then b); their rows
    of the gradient array are then a view, written in one call instead of gathered by index.
    """
    start = int(positions[0, 0])
    down = int(positions[1, 0]) - start if positions.shape[0] > 1 else 0
    across = int(positions[0, 1]) - start if positions.shape[1] > 1 else 0
    i, j = np.indices(positions.shape)
    if down < 0 or across < 0 or not (positions == start + i * down + j * across).all():
        return None
    return start, down, across


def _fed(layer: Dense, layers: list[Dense], users: list[list[int]]) -> Dense:
    """`layer`, with the earlier layer whose outputs are exactly its inputs, read by it alone."""
    mine = {k for unit in layer.units for k in unit.steps}
    for other in layers:
        if other.outputs == layer.inputs and all(
            user in mine for h in other.outputs for user in users[h]
        ):
            return layer._replace(feeder=other.last)
    return layer


class Run:
    """One replay's matrices by layer (its `last`): X, A, H and W forward, then dH backward.

    A matrix holds one sample per column, so that each unit's row is an (N,) array as the
    tape's steps have, and a parameter's per-sample gradient is a row of the tape's `g`.
    """

    def __init__(self) -> None:
        self.forward: dict[int, tuple[Array, Array, Array, Array]] = {}
        self.d_outputs: dict[int, Array] = {}


def forward(
    layer: Dense, run: Run, values: list[Any], data: Array, n: int, rule: ArrayOp | None
) -> None:
    """H = f(W^T X + b) over the batch; each unit's row of H goes to `values`.

    StepByStep if a number is not finite (the tape runs it with NumPy's overflow flags off).
    """
    if layer.feeder is not None:
        x = run.forward[layer.feeder][2]
    else:
        x = np.empty((len(layer.inputs), n))
        for c, i in enumerate(layer.inputs):
            x[c] = values[i]
    w = data[layer.positions]
    if layer.bias:
        a = w[:-1].T @ x
        a += w[-1][:, None]
    else:
        a = w.T @ x
    if rule is not None and rule.outside is not None and np.any(rule.outside(a)[0]):
        raise StepByStep
    h = a if rule is None else rule.forward(a)
    if not np.isfinite(a).all() or (h is not a and not np.isfinite(h).all()):
        raise StepByStep
    run.forward[layer.last] = (x, a, h, w)
    for j, unit in enumerate(layer.units):
        values[unit.output] = h[j]


def backward(
    layer: Dense,
    run: Run,
    adjoints: list[Any],
    g: Array,
    n: int,
    rule: ArrayOp | None,
    constants: Sequence[bool],
) -> None:
    """Backpropagate: dA = dH f'(A), dX = W dA, and per sample dw_ij = x_i da_j, db_j = da_j."""
    x, a, h, w = run.forward[layer.last]
    d_h = run.d_outputs.pop(layer.last, None)
    if d_h is None:
        d_h = np.zeros((len(layer.units), n))
        for j, unit in enumerate(layer.units):
            if adjoints[unit.output] is not None:
                d_h[j] = adjoints[unit.output]
    d_a = d_h if rule is None else d_h * rule.grads[0](a, h)
    n_in = len(layer.inputs)
    d_x = w[:n_in] @ d_a
    if not np.isfinite(d_x).all():
        raise FloatingPointError  # matrix products raise no flag: replay step by step
    if layer.grid is not None and layer.alone:  # the fast case: one pass, no copy
        rows = _rows(g, layer)
        np.multiply(x[:, None, :], d_a, out=rows[:n_in])
        if layer.bias:
            rows[-1] = d_a
    else:
        g[layer.positions[:n_in].ravel()] += (x[:, None, :] * d_a).reshape(-1, n)
        if layer.bias:
            g[layer.positions[-1]] += d_a
    if layer.feeder is not None:
        run.d_outputs[layer.feeder] = d_x
        return
    for c, i in enumerate(layer.inputs):
        if not constants[i]:
            adjoints[i] = d_x[c] if adjoints[i] is None else adjoints[i] + d_x[c]


def _rows(g: Array, layer: Dense) -> Array:
    """The rows of `g` of the layer's parameters, as a view shaped as `positions` (by N)."""
    start, down, across = layer.grid or (0, 0, 0)
    row, column = g.strides
    shape = (*layer.positions.shape, g.shape[1])
    strides = (down * row, across * row, column)
    return np.ndarray(shape, g.dtype, g, start * row, strides)  # rows inside g: see `_grid`
