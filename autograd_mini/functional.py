"""Gradients as return values: `grad`, `value_and_grad`, `jacobian`, `hessian`, also as transforms.

Given Values, `grad(y, x)` is PyTorch's `torch.autograd.grad`. Given a function, `grad(f)` is
JAX's transform: a function returning df/dx at its first argument (`grad(f)(2.0)`). Inputs
keep their shape in the result: one number or Value gives one derivative, a list gives a list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, overload

from autograd_mini.collector import gc_paused
from autograd_mini.graph import backpropagate
from autograd_mini.recording import enable_grad
from autograd_mini.value import Constant, Number, Value, as_float

Inputs = Number | Value | Sequence[Number | Value]
"""A point: one number (or Value), or a list of them."""


@overload
def grad(output: Value, inputs: Value, create_graph: bool = False) -> Value: ...
@overload
def grad(output: Value, inputs: Iterable[Value], create_graph: bool = False) -> list[Value]: ...
@overload
def grad(output: Callable[..., Value], *, argnums: int = 0) -> Callable[..., Any]: ...
def grad(
    output: Value | Callable[..., Value],
    inputs: Value | Iterable[Value] | None = None,
    create_graph: bool = False,
    *,
    argnums: int = 0,
) -> Value | list[Value] | Callable[..., Any]:
    """[d output / d x for x in inputs] (one Value for one input); `grad(f)`: f's derivative.

    An input that `output` does not depend on gets 0; every `.grad` is left untouched. With
    `create_graph=True` the results are recorded Values, so `grad(grad(y, x, create_graph=True),
    x)` is d2y/dx2. `grad(f, argnums=i)` differentiates f at its argument i, as JAX's `grad`.
    """
    if not isinstance(output, Value):
        if callable(output) and inputs is None and not create_graph:
            return _transform(output, argnums, with_value=False)
        if callable(output):
            raise TypeError(
                "grad(f): give the function alone, and the argument to differentiate by as "
                f"argnums=, e.g. grad(f, argnums=1), not {inputs!r:.40}"
            )
        raise TypeError(f"grad: output must be a Value or a function, got {type(output).__name__}")
    if inputs is None:
        raise TypeError("grad(y, x): give the inputs to differentiate by, a Value or a list")
    single = isinstance(inputs, Value)
    try:  # a list once: a generator read by the type check below would then be empty
        xs: list[Any] = [inputs] if isinstance(inputs, Value) else list(inputs)
    except TypeError:
        raise TypeError(
            f"grad: inputs must be a Value or Values, got {type(inputs).__name__}"
        ) from None
    for x in xs:
        if not isinstance(x, Value):
            raise TypeError(f"grad: inputs must be Values, got {type(x).__name__}")
    with enable_grad():  # create_graph's adjoints are recorded ops, under no_grad() too
        nodes, adjoints = backpropagate(
            output, Constant(1.0) if create_graph else 1.0, create_graph
        )
    # Only the inputs' adjoints are kept: a dict of every node costs more per node as the graph
    # grows (0.04 us at 1e3 nodes, 0.17 at 1e6), looking each node up in this one does not.
    wanted: dict[Value, Any] = dict.fromkeys(xs, 0.0)  # 0: an input output does not depend on
    for node, g in zip(nodes, adjoints, strict=True):
        if node in wanted:
            wanted[node] = g
    results = []
    for x in xs:
        g = wanted[x]
        results.append(g if isinstance(g, Value) else Value(g))
    return results[0] if single else results


def value_and_grad(f: Callable[..., Value], argnums: int = 0) -> Callable[..., Any]:
    """`f` -> a function giving (f(*args), d f / d args[argnums]), as JAX's `value_and_grad`."""
    if not callable(f):
        raise TypeError(f"value_and_grad: expected a function, got {type(f).__name__}")
    return _transform(f, argnums, with_value=True)


def _transform(f: Callable[..., Value], argnums: int, with_value: bool) -> Callable[..., Any]:
    """The derivative of f at argument `argnums` as a function: numbers in, floats out.

    Given Values, it differentiates at them and returns recorded Values, so transforms nest:
    `grad(grad(f))(2.0)` is f''(2).
    """
    if isinstance(argnums, bool) or not isinstance(argnums, int):
        raise TypeError(f"grad: argnums must be an int, got {argnums!r}")

    def derivative(*args: Any) -> Any:
        if not -len(args) <= argnums < len(args):
            raise TypeError(f"grad: argnums={argnums} but f was given {len(args)} arguments")
        i = argnums % len(args)
        point = args[i]
        recorded = isinstance(point, Value) or (
            isinstance(point, list | tuple) and any(isinstance(x, Value) for x in point)
        )
        leaves, single = _leaves(point, "grad")
        if recorded:  # differentiate at the caller's own Values, keeping the graph
            given = _listed(point)
            leaves = [
                x if isinstance(x, Value) else new for x, new in zip(given, leaves, strict=True)
            ]
        argument = leaves[0] if single else leaves
        with enable_grad(), gc_paused():  # f's graph, built here: see autograd_mini.collector
            y = _returned(f(*args[:i], argument, *args[i + 1 :]), "grad")
            gs = grad(y, leaves, create_graph=recorded)
        g: Any = gs if recorded else [x.data for x in gs]
        g = g[0] if single else g
        if not with_value:
            return g
        return (y if recorded else y.data), g

    derivative.__name__ = f"{'value_and_grad' if with_value else 'grad'}_of_{_name(f)}"
    derivative.__doc__ = f"d {_name(f)} / d argument {argnums}" + (" and its value" * with_value)
    return derivative


@overload
def jacobian(f: Callable[..., Any], xs: Inputs) -> Any: ...
@overload
def jacobian(f: Callable[..., Any]) -> Callable[..., Any]: ...
def jacobian(f: Callable[..., Any], xs: Inputs | None = None) -> Any:
    """J[i][j] = d f_i / d x_j at `xs`; `jacobian(f)` is that as a function of x, as in JAX.

    f returns a Value or a list of them. `xs` is one number (f(x)) or a list (f(*xs)); a Value
    stands for its number. One output or one input drops that index: a gradient, a derivative.
    """
    if xs is None:
        return _at_first_argument(jacobian, f)
    leaves, single_in = _leaves(xs, "jacobian")
    with enable_grad(), gc_paused():
        out = f(*leaves)
        single_out = isinstance(out, Value)
        outputs = [out] if single_out else list(out)
        rows = [[g.data for g in grad(_returned(y, "jacobian"), leaves)] for y in outputs]
    shaped = [row[0] if single_in else row for row in rows]
    return shaped[0] if single_out else shaped


@overload
def hessian(f: Callable[..., Value], xs: Inputs) -> Any: ...
@overload
def hessian(f: Callable[..., Value]) -> Callable[..., Any]: ...
def hessian(f: Callable[..., Value], xs: Inputs | None = None) -> Any:
    """H[i][j] = d2 f / dx_i dx_j at `xs` (one number: f''(x)); `hessian(f)`, as in JAX.

    `xs` is one number (f(x)) or a list (f(*xs)); a Value stands for its number. Computed from
    a recorded first backward pass.
    """
    if xs is None:
        return _at_first_argument(hessian, f)
    inputs, single = _leaves(xs, "hessian")
    with enable_grad(), gc_paused():
        first = grad(_returned(f(*inputs), "hessian"), inputs, create_graph=True)
        rows = [[g.data for g in grad(d_i, inputs)] for d_i in first]
    return rows[0][0] if single else rows


def _at_first_argument(transform: Callable[..., Any], f: Callable[..., Any]) -> Callable[..., Any]:
    """`transform(f)` as JAX reads it: a function of x (a number or a list), f's other args fixed.

    The list is passed to f as one list, as a JAX array is, not spread over f's arguments.
    """
    if not callable(f):
        raise TypeError(f"{_name(transform)}: expected a function, got {type(f).__name__}")

    def at(x: Inputs, *rest: Any) -> Any:
        if isinstance(x, list | tuple):
            return transform(lambda *xs: f(list(xs), *rest), list(x))
        return transform(lambda x_: f(x_, *rest), x)

    at.__name__ = f"{_name(transform)}_of_{_name(f)}"
    at.__doc__ = f"{_name(transform)} of {_name(f)} at x"
    return at


def _leaves(xs: Any, where: str) -> tuple[list[Value], bool]:
    """New leaves x0, x1, ... holding the numbers of `xs` (one, or a list), and whether one."""
    single = not isinstance(xs, list | tuple)
    numbers = [x.data if isinstance(x, Value) else as_float(x, where) for x in _listed(xs)]
    if not numbers:
        raise ValueError(f"{where}: no inputs to differentiate by")
    return [Value(x, f"x{i}") for i, x in enumerate(numbers)], single


def _listed(xs: Any) -> list[Any]:
    return list(xs) if isinstance(xs, list | tuple) else [xs]


def _returned(y: object, where: str) -> Value:
    if not isinstance(y, Value):
        raise TypeError(f"{where}: f must return a Value, got {type(y).__name__}")
    return y


def _name(f: Any) -> str:
    return str(getattr(f, "__name__", "f"))
