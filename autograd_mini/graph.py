"""Walking the graph: topological order and the reverse-mode sweep that fills in adjoints.

A walk keeps its scratch state on the nodes, in their `_adjoint` slot, not in a set and a dict,
whose hashing is slow on graphs scattered in memory, such as an MLP's. So walks take turns,
through `_ONE_WALK`.
"""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING, Any

from autograd_mini.errors import DomainError, describe
from autograd_mini.ops import OPS

if TYPE_CHECKING:
    from autograd_mini.value import Value

_INF = math.inf
_ONE_WALK = threading.Lock()


def topological_order(root: Value, constants: bool = True) -> list[Value]:
    """Every node under `root`, each after all of its parents (root last); no recursion.

    With `constants` the number operands come too, as the Constant leaves of `.parents`;
    without, only Values: what the backward pass and `zero_grad` need.
    """
    with _ONE_WALK:
        return _walk(root, constants, object())


def _walk(root: Value, constants: bool, mark: object) -> list[Value]:
    """`topological_order`, setting each node's `_adjoint` to `mark` (new for every walk)."""
    order: list[Value] = []
    stack: list[Value | None] = [root]
    while stack:
        node = stack.pop()
        if node is None:  # pushed above a node once it was expanded: its parents are in order
            order.append(stack.pop())  # type: ignore[arg-type]
        elif node._adjoint is not mark:  # marked when expanded, not when pushed (tests say why)
            node._adjoint = mark
            stack.append(node)
            stack.append(None)
            # The slots, not `.operands`: a property call and a tuple fewer per node.
            for parent in node.parents if constants else (node._a, node._b):
                if parent is not None and type(parent) is not float and parent._adjoint is not mark:
                    stack.append(parent)
    return order


def backpropagate(
    root: Value, seed: Any, create_graph: bool = False
) -> tuple[list[Value], list[Any]]:
    """Every node under `root`, root first, and its adjoint d root / d node: two lists.

    Touches no `.grad`. With `create_graph` the adjoints are Values built by recorded ops, so
    they can be differentiated again; otherwise they are floats computed from `.data`.
    Number operands (floats) get no adjoint.
    """
    with _ONE_WALK:
        unset = object()
        order = _walk(root, False, unset)
        order.reverse()
        root._adjoint = seed
        try:
            return order, _sweep(order, unset, create_graph)
        except BaseException:
            for node in order:  # else the nodes would keep create_graph's adjoints alive
                node._adjoint = None
            raise


def _sweep(order: list[Value], unset: object, create_graph: bool) -> list[Any]:
    """The chain rule, root to leaves, on the nodes' `_adjoint` slots (`unset` until set).

    Each node's adjoint times d node / d operand is added to the operand's adjoint. Returns
    the adjoints in the order of `order`, and leaves every `_adjoint` at None.
    """
    adjoints = []
    for node in order:
        grad = node._adjoint
        node._adjoint = None  # final: every node that uses this one came before it
        adjoints.append(grad)
        # Float arithmetic overflows to inf silently (1/b for tiny b); recorded ops refuse it.
        if not create_graph and not -_INF < grad < _INF:
            raise DomainError(f"backward: the gradient overflows ({grad!r}) at {describe(node)}")
        a, b = node._a, node._b  # the operands (see Value.__slots__)
        if a is None:  # a leaf
            continue
        grads = OPS[node.op].grads  # one rule per operand, called only where one is needed
        try:
            if create_graph:  # Values in and out; number operands stay numbers
                args = (*node.operands, node)
            elif b is None:
                args = (a if type(a) is float else a.data, node.data)
            else:
                x = a if type(a) is float else a.data
                args = (x, b if type(b) is float else b.data, node.data)
            # Number operands (floats) get no gradient, so their rule is not even called.
            if type(a) is not float:
                term = grads[0](*args) * grad
                a._adjoint = term if a._adjoint is unset else a._adjoint + term
            if b is not None and type(b) is not float:
                term = grads[1](*args) * grad
                b._adjoint = term if b._adjoint is unset else b._adjoint + term
        except (ArithmeticError, ValueError) as error:
            at = describe(*node.operands)
            raise DomainError(f"{node.op}: derivative is undefined at {at} ({error})") from None
    return adjoints
