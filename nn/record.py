"""Tracing: a function's graph at one sample as a flat list of steps, and the check of others.

A tape of one sample's graph is wrong at a sample whose graph differs (f branched on data), so
a replay re-traces some rows with `check_row`.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from autograd_mini import DomainError, Value, gc_paused, is_grad_enabled, topological_order
from autograd_mini.recording import numbers_read


class DataDependentError(ValueError):
    """`f`'s graph at some sample differs from the traced one: the tape would be wrong there."""


class Step(NamedTuple):
    """Node i of the tape: an op on earlier nodes, or a leaf (input, parameter or constant)."""

    op: str  # a name in OPS, or "input", "parameter", "constant" for a leaf
    operands: tuple[int, ...] = ()  # indices of the earlier steps the op reads
    position: int = 0  # which input or parameter a leaf is
    constant: float = 0.0  # a constant's value


class Recording(NamedTuple):
    """f's graph at one sample as steps, its parameters, and whether f read a Value's number."""

    steps: list[Step]
    parameters: list[Value]
    read_numbers: bool  # .data, a comparison, bool(): f's graph may differ at other samples


def input_array(column: Any, position: int) -> NDArray[np.float64]:
    """Input column x[position] as floats; TypeError, as `Value` raises, for anything else.

    NumPy would read "1.5" as 1.5, True as 1.0 and drop the imaginary part of 1+2j (with only
    a warning); the engine refuses all three, and so does the tape.
    """
    array = np.asarray(column)
    if array.dtype.kind not in "iuf":  # not ints or floats: find the first item that is not
        for k, item in enumerate(array.tolist() if array.ndim == 1 else [array.tolist()]):
            if isinstance(item, bool) or not isinstance(item, numbers.Real):
                at = f" at sample {k}" if array.ndim == 1 else ""
                raise TypeError(
                    f"tape: input x[{position}]: expected an int or float, "
                    f"got {type(item).__name__} {item!r:.60}{at}"
                )
    return array.astype(np.float64)


@gc_paused()  # f's graph, built here: see autograd_mini.collector
def record(
    f: Callable[..., Value], example: Sequence[float], parameters: Sequence[Value] = ()
) -> Recording:
    """The steps of `f`'s graph at one sample, and its parameters (leaf Values f reads).

    The parameters are `parameters`, then any other leaf Value f read, in the order met.
    """
    if not is_grad_enabled():
        raise RuntimeError("trace: called inside no_grad(), so f would record no graph")
    inputs = [Value(x, f"x[{i}]") for i, x in enumerate(example)]
    with numbers_read() as read:
        output = f(*inputs)
    if not isinstance(output, Value):
        raise TypeError(f"trace: f must return a Value, got {type(output).__name__}")
    position = {node: i for i, node in enumerate(inputs)}
    captured = list(parameters)
    where = {node: k for k, node in enumerate(captured)}  # Values hash by identity
    order = topological_order(output)
    index = {node: i for i, node in enumerate(order)}
    steps = []
    for node in order:
        if node.parents:
            steps.append(Step(node.op, tuple(index[p] for p in node.parents)))
        elif node.is_constant:
            steps.append(Step("constant", constant=node.data))
        elif node in position:
            steps.append(Step("input", position=position[node]))
        else:
            if node not in where:
                where[node] = len(captured)
                captured.append(node)
            steps.append(Step("parameter", position=where[node]))
    return Recording(steps, captured, bool(read))


def check_row(
    f: Callable[..., Value],
    row: list[float],
    k: int,
    traced: list[Step],
    parameters: list[Value],
    n_given: int,
) -> None:
    """Re-trace f at sample k (`row`); DataDependentError if its graph is not `traced`.

    `parameters` are the tape's (the first `n_given` were passed to it, the rest captured).
    The engine's DomainError at that sample gets the sample number added.
    """
    try:
        steps, found, _ = record(f, row, parameters[:n_given])
    except DomainError as error:
        raise DomainError(f"{error}, at sample {k}") from None
    if steps == traced and all(
        p is q or p.data == q.data for p, q in zip(found, parameters, strict=False)
    ):
        return
    first = next(
        (i for i, (a, b) in enumerate(zip(steps, traced, strict=False)) if a != b),
        min(len(steps), len(traced)),
    )
    where = (
        f"first different at step v{first}"
        if steps != traced
        else "the same steps but a leaf Value made inside f holds different data"
    )
    raise DataDependentError(
        f"f's graph depends on the data: traced with {len(traced)} steps, at sample {k} "
        f"it has {len(steps)}, {where}. f branches on a Value's data (an `if`, max/min, "
        f"or .data), so one tape cannot replay it; write the branch with ops (e.g. relu) "
        f"or run the engine on each sample."
    )
