"""Walking the graph: topological order and the reverse-mode pass that fills in adjoints.

Both take nodes newest first by creation number (backward passes take far-back leaves last),
in one sweep with no recursion and no sort (see autograd_mini.sweep; the sweeps run from
autograd_mini/_generated/sweep.py). A walk keeps its scratch state on the nodes, in their
`_adjoint` slot, not in a set and a dict, whose hashing is slow on graphs scattered in memory
such as an MLP's. So walks take turns, through `_ONE_WALK`. The cyclic collector is paused
during a walk: the walk allocates (the lists, the heap's entries), and each collection it set
off would walk every live node of the graph, which holds no cycles (see
autograd_mini.collector).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from autograd_mini._generated.sweep import sweep_floats, sweep_grads, sweep_order, sweep_values
from autograd_mini.collector import gc_paused

if TYPE_CHECKING:
    from autograd_mini.value import Value

_ONE_WALK = threading.Lock()


def topological_order(root: Value, constants: bool = True) -> list[Value]:
    """Every node under `root`, each after all of its parents (root last); no recursion.

    With `constants` the number operands come too, as the Constant leaves of `.parents`, each
    just before the first node that uses it; without, only Values: what `zero_grad` needs.
    """
    with _ONE_WALK, gc_paused():
        nodes, _ = sweep_order(root, True)
    nodes.reverse()
    if not constants:
        return nodes
    order: list[Value] = []
    for node in nodes:
        if node._a is not None and (type(node._a) is float or type(node._b) is float):
            order.extend(parent for parent in node.parents if parent.is_constant)
        order.append(node)
    return order


def backpropagate(
    root: Value, seed: Any, create_graph: bool = False
) -> tuple[list[Value], list[Any]]:
    """Every node under `root`, root first, and its adjoint d root / d node: two lists.

    Touches no `.grad`. With `create_graph` the adjoints are Values built by recorded ops, so
    they can be differentiated again; otherwise they are floats computed from `.data`.
    Number operands (floats) get no adjoint.
    """
    with _ONE_WALK, gc_paused():
        return (sweep_values if create_graph else sweep_floats)(root, seed)


def backward(root: Value) -> None:
    """Add d root / d node to the `.grad` of every node under `root`.

    The sweep writes each `.grad` as it takes the node, in its one pass, and keeps the old
    ones: an error (or Ctrl-C) puts every `.grad` back as it was. Under the walk lock, so
    backward passes in several threads into shared leaves each add their part.
    """
    with _ONE_WALK, gc_paused():
        sweep_grads(root, 1.0)


def zero_grad(root: Value) -> None:
    """Set `.grad` to 0 on every Value under `root`, and clear any scratch state left on one.

    Walks with a set of the nodes seen, not the sweep's scratch marks: a mark left behind (by
    an interrupt during a sweep's own cleanup) would hide its node from a sweep, not from this.
    """
    with _ONE_WALK, gc_paused():
        seen = {root}
        todo = [root]
        while todo:
            node = todo.pop()
            node.grad = 0.0
            node._adjoint = None
            for operand in (node._a, node._b):
                if operand is not None and not isinstance(operand, float) and operand not in seen:
                    seen.add(operand)
                    todo.append(operand)
