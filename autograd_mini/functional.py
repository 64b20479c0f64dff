"""Gradients as return values: `grad` (first and higher order) and `hessian`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from autograd_mini.graph import backpropagate
from autograd_mini.recording import enable_grad
from autograd_mini.value import Constant, Number, Value


def grad(output: Value, inputs: Sequence[Value], create_graph: bool = False) -> list[Value]:
    """[d output / d x for x in inputs], leaving every `.grad` untouched.

    An input that `output` does not depend on gets 0. With `create_graph=True` the results are
    recorded Values, so `grad(grad(y, [x], create_graph=True)[0], [x])` is d2y/dx2.
    """
    if not isinstance(output, Value):
        raise TypeError(f"grad: output must be a Value, got {type(output).__name__}")
    for x in inputs:
        if not isinstance(x, Value):
            raise TypeError(f"grad: inputs must be Values, got {type(x).__name__}")
    with enable_grad():  # create_graph's adjoints are recorded ops, under no_grad() too
        adjoints = dict(
            zip(
                *backpropagate(output, Constant(1.0) if create_graph else 1.0, create_graph),
                strict=True,
            )
        )
    results = []
    for x in inputs:
        g = adjoints.get(x, 0.0)
        results.append(g if isinstance(g, Value) else Value(g))
    return results


def hessian(f: Callable[..., Value], xs: Sequence[Number]) -> list[list[float]]:
    """H[i][j] = d2 f / dx_i dx_j at `xs`, from a recorded first backward pass."""
    inputs = [Value(x, f"x{i}") for i, x in enumerate(xs)]
    with enable_grad():
        first = grad(f(*inputs), inputs, create_graph=True)
    return [[g.data for g in grad(d_i, inputs)] for d_i in first]
