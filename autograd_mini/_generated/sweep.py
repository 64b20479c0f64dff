"""The backward sweeps, with each op's derivative formulas written in.

autograd_mini.sweep explains the algorithm and holds the functions these call.

Generated from autograd_mini.ops.OPS by `python -m autograd_mini.generated --write`: do not edit.
The templates are in autograd_mini/generated.py; tests/test_generated.py fails while this file
is stale.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Any

from autograd_mini.errors import DomainError, describe
from autograd_mini.ops import FUNCTIONS
from autograd_mini.sweep import chain_rule, far, overflow

if TYPE_CHECKING:
    from autograd_mini.value import Value

cos = FUNCTIONS["cos"]
log = FUNCTIONS["log"]
sigmoid = FUNCTIONS["sigmoid"]
sin = FUNCTIONS["sin"]


def sweep_grads(root: Value, seed: Any) -> None:
    """Add d root / d node to the `.grad` of every node under root."""
    olds: list[float] = []  # the .grad of each node taken, before this pass
    todo: list[Any] = [root]  # todo[base - node._n] is node; None where no node of this graph is
    lists = [todo]  # every list the sweep reads, in the order it reads them
    size = 1  # len(todo), kept in a local: it is read at every node reached
    heap: list[tuple[int, Value]] = []
    leaves: list[Value] = []  # reached, with nothing to propagate: taken last, in one list
    base = root._n
    try:
        root._adjoint = seed
        while True:
            for node in todo:  # the list grows while it is read: the iterator sees it grow
                if node is None:  # a number no node of this graph has
                    continue
                g = node._adjoint
                node._adjoint = None  # final: every node that uses this one came before it
                old = node.grad
                r = old + g
                if r - r:
                    overflow(node, g)
                olds.append(old)
                node.grad = r  # after its old value is kept: the restore below finds it
                kind = node._kind
                if kind == 0:
                    continue
                if kind == 13:  # *, Values: a and b
                    value_a = node._a
                    a = value_a._data
                    value_b = node._b
                    b = value_b._data
                    t = b * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                    t = a * g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 14:  # *, Values: a
                    value_a = node._a
                    b = node._b
                    t = b * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 5:  # +, Values: a and b
                    value_a = node._a
                    value_b = node._b
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            g  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            g  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += g
                elif kind == 6:  # +, Values: a
                    value_a = node._a
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            g  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += g
                elif kind == 46:  # relu, Values: a
                    value_a = node._a
                    a = value_a._data
                    t = (1 if a > 0 else 0) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 38:  # tanh, Values: a
                    value_a = node._a
                    out = node._data
                    t = (1 - out**2) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 9:  # -, Values: a and b
                    value_a = node._a
                    value_b = node._b
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            g  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += g
                    t = -g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 10:  # -, Values: a
                    value_a = node._a
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            g  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += g
                elif kind == 22:  # **, Values: a
                    value_a = node._a
                    a = value_a._data
                    b = node._b
                    t = (0 if b == 0 else b * a ** (b - 1)) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 17:  # /, Values: a and b
                    value_a = node._a
                    value_b = node._b
                    b = value_b._data
                    out = node._data
                    t = (1 / b) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                    t = (-out / b) * g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 18:  # /, Values: a
                    value_a = node._a
                    b = node._b
                    t = (1 / b) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 30:  # exp, Values: a
                    value_a = node._a
                    out = node._data
                    t = out * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 21:  # **, Values: a and b
                    value_a = node._a
                    a = value_a._data
                    value_b = node._b
                    b = value_b._data
                    out = node._data
                    t = (0 if b == 0 else b * a ** (b - 1)) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                    t = (out * log(a)) * g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 73:  # leaky_relu, Values: a and b
                    value_a = node._a
                    a = value_a._data
                    value_b = node._b
                    b = value_b._data
                    t = (1 if a > 0 else b) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                    t = (0 if a > 0 else a) * g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 26:  # neg, Values: a
                    value_a = node._a
                    t = -g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 34:  # log, Values: a
                    value_a = node._a
                    a = value_a._data
                    t = (1 / a) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 42:  # sigmoid, Values: a
                    value_a = node._a
                    out = node._data
                    t = (out * (1 - out)) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 50:  # sqrt, Values: a
                    value_a = node._a
                    out = node._data
                    t = (0.5 / out) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 54:  # abs, Values: a
                    value_a = node._a
                    a = value_a._data
                    t = (1 if a > 0 else (-1 if a < 0 else 0)) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 58:  # square, Values: a
                    value_a = node._a
                    a = value_a._data
                    t = (2 * a) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 62:  # sin, Values: a
                    value_a = node._a
                    a = value_a._data
                    t = cos(a) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 66:  # cos, Values: a
                    value_a = node._a
                    a = value_a._data
                    t = (-sin(a)) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 70:  # softplus, Values: a
                    value_a = node._a
                    a = value_a._data
                    t = sigmoid(a) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 74:  # leaky_relu, Values: a
                    value_a = node._a
                    a = value_a._data
                    b = node._b
                    t = (1 if a > 0 else b) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 7:  # +, Values: b
                    value_b = node._b
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            g  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += g
                elif kind == 11:  # -, Values: b
                    value_b = node._b
                    t = -g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 15:  # *, Values: b
                    a = node._a
                    value_b = node._b
                    t = a * g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 19:  # /, Values: b
                    value_b = node._b
                    b = value_b._data
                    out = node._data
                    t = (-out / b) * g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 23:  # **, Values: b
                    a = node._a
                    value_b = node._b
                    out = node._data
                    t = (out * log(a)) * g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 75:  # leaky_relu, Values: b
                    a = node._a
                    value_b = node._b
                    t = (0 if a > 0 else a) * g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                else:  # an op with no branch above (added to OPS since): generically
                    for operand, t in chain_rule(node, g, False):
                        if operand._adjoint is None:
                            k = base - operand._n
                            if k < size:
                                todo[k] = operand
                            elif operand._kind == 0:
                                leaves.append(operand)
                            else:
                                size = far(todo, heap, base, operand, k)
                            operand._adjoint = (
                                t  # once it is listed, where the cleanup looks, not before
                            )
                        else:
                            operand._adjoint += t
            if heap:
                node = heap[0][1]  # the newest of the nodes far back starts a list
                base = node._n
                todo = [node]
                lists.append(todo)
                heapq.heappop(heap)  # only now: until it is in todo, the heap lists it
                size = far(todo, heap, base, None, 0)
            elif leaves:  # every other node is done: the leaves' adjoints are final
                todo = leaves
                lists.append(todo)
                leaves = []  # after: until then the cleanup finds them in leaves
            else:
                return
    except BaseException as error:  # KeyboardInterrupt too: every exit leaves no state behind
        for waiting in (*todo, *(entry[1] for entry in heap), *leaves):
            if waiting is not None:  # reached and not processed (the rest hold None already)
                waiting._adjoint = None
        taken = (listed for read in lists for listed in read if listed is not None)
        for done, old in zip(taken, olds, strict=False):
            done.grad = old
        if isinstance(error, (ArithmeticError, ValueError)) and not isinstance(error, DomainError):
            at = describe(*node.operands)
            message = f"{node.op}: derivative is undefined at {at} ({error})"
            raise DomainError(message) from error
        raise


def sweep_floats(root: Value, seed: Any) -> tuple[list[Value], list[Any]]:
    """Every node under root, each before its operands, and d root / d node (a float)."""
    nodes: list[Value] = []
    adjoints: list[Any] = []
    todo: list[Any] = [root]  # todo[base - node._n] is node; None where no node of this graph is
    size = 1  # len(todo), kept in a local: it is read at every node reached
    heap: list[tuple[int, Value]] = []
    leaves: list[Value] = []  # reached, with nothing to propagate: taken last, in one list
    base = root._n
    try:
        root._adjoint = seed
        while True:
            for node in todo:  # the list grows while it is read: the iterator sees it grow
                if node is None:  # a number no node of this graph has
                    continue
                g = node._adjoint
                node._adjoint = None  # final: every node that uses this one came before it
                nodes.append(node)
                adjoints.append(g)
                if g - g:
                    overflow(node, g)
                kind = node._kind
                if kind == 0:
                    continue
                if kind == 13:  # *, Values: a and b
                    value_a = node._a
                    a = value_a._data
                    value_b = node._b
                    b = value_b._data
                    t = b * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                    t = a * g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 14:  # *, Values: a
                    value_a = node._a
                    b = node._b
                    t = b * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 5:  # +, Values: a and b
                    value_a = node._a
                    value_b = node._b
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            g  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            g  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += g
                elif kind == 6:  # +, Values: a
                    value_a = node._a
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            g  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += g
                elif kind == 46:  # relu, Values: a
                    value_a = node._a
                    a = value_a._data
                    t = (1 if a > 0 else 0) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 38:  # tanh, Values: a
                    value_a = node._a
                    out = node._data
                    t = (1 - out**2) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 9:  # -, Values: a and b
                    value_a = node._a
                    value_b = node._b
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            g  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += g
                    t = -g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 10:  # -, Values: a
                    value_a = node._a
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            g  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += g
                elif kind == 22:  # **, Values: a
                    value_a = node._a
                    a = value_a._data
                    b = node._b
                    t = (0 if b == 0 else b * a ** (b - 1)) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 17:  # /, Values: a and b
                    value_a = node._a
                    value_b = node._b
                    b = value_b._data
                    out = node._data
                    t = (1 / b) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                    t = (-out / b) * g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 18:  # /, Values: a
                    value_a = node._a
                    b = node._b
                    t = (1 / b) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 30:  # exp, Values: a
                    value_a = node._a
                    out = node._data
                    t = out * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 21:  # **, Values: a and b
                    value_a = node._a
                    a = value_a._data
                    value_b = node._b
                    b = value_b._data
                    out = node._data
                    t = (0 if b == 0 else b * a ** (b - 1)) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                    t = (out * log(a)) * g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 73:  # leaky_relu, Values: a and b
                    value_a = node._a
                    a = value_a._data
                    value_b = node._b
                    b = value_b._data
                    t = (1 if a > 0 else b) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                    t = (0 if a > 0 else a) * g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 26:  # neg, Values: a
                    value_a = node._a
                    t = -g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 34:  # log, Values: a
                    value_a = node._a
                    a = value_a._data
                    t = (1 / a) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 42:  # sigmoid, Values: a
                    value_a = node._a
                    out = node._data
                    t = (out * (1 - out)) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 50:  # sqrt, Values: a
                    value_a = node._a
                    out = node._data
                    t = (0.5 / out) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 54:  # abs, Values: a
                    value_a = node._a
                    a = value_a._data
                    t = (1 if a > 0 else (-1 if a < 0 else 0)) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 58:  # square, Values: a
                    value_a = node._a
                    a = value_a._data
                    t = (2 * a) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 62:  # sin, Values: a
                    value_a = node._a
                    a = value_a._data
                    t = cos(a) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 66:  # cos, Values: a
                    value_a = node._a
                    a = value_a._data
                    t = (-sin(a)) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 70:  # softplus, Values: a
                    value_a = node._a
                    a = value_a._data
                    t = sigmoid(a) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 74:  # leaky_relu, Values: a
                    value_a = node._a
                    a = value_a._data
                    b = node._b
                    t = (1 if a > 0 else b) * g
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        elif value_a._kind == 0:
                            leaves.append(value_a)
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += t
                elif kind == 7:  # +, Values: b
                    value_b = node._b
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            g  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += g
                elif kind == 11:  # -, Values: b
                    value_b = node._b
                    t = -g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 15:  # *, Values: b
                    a = node._a
                    value_b = node._b
                    t = a * g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 19:  # /, Values: b
                    value_b = node._b
                    b = value_b._data
                    out = node._data
                    t = (-out / b) * g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 23:  # **, Values: b
                    a = node._a
                    value_b = node._b
                    out = node._data
                    t = (out * log(a)) * g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                elif kind == 75:  # leaky_relu, Values: b
                    a = node._a
                    value_b = node._b
                    t = (0 if a > 0 else a) * g
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        elif value_b._kind == 0:
                            leaves.append(value_b)
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += t
                else:  # an op with no branch above (added to OPS since): generically
                    for operand, t in chain_rule(node, g, False):
                        if operand._adjoint is None:
                            k = base - operand._n
                            if k < size:
                                todo[k] = operand
                            elif operand._kind == 0:
                                leaves.append(operand)
                            else:
                                size = far(todo, heap, base, operand, k)
                            operand._adjoint = (
                                t  # once it is listed, where the cleanup looks, not before
                            )
                        else:
                            operand._adjoint += t
            if heap:
                node = heap[0][1]  # the newest of the nodes far back starts a list
                base = node._n
                todo = [node]
                heapq.heappop(heap)  # only now: until it is in todo, the heap lists it
                size = far(todo, heap, base, None, 0)
            elif leaves:  # every other node is done: the leaves' adjoints are final
                todo = leaves
                leaves = []  # after: until then the cleanup finds them in leaves
            else:
                return nodes, adjoints
    except BaseException as error:  # KeyboardInterrupt too: every exit leaves no state behind
        for waiting in (*todo, *(entry[1] for entry in heap), *leaves):
            if waiting is not None:  # reached and not processed (the rest hold None already)
                waiting._adjoint = None
        if isinstance(error, (ArithmeticError, ValueError)) and not isinstance(error, DomainError):
            at = describe(*node.operands)
            message = f"{node.op}: derivative is undefined at {at} ({error})"
            raise DomainError(message) from error
        raise


def sweep_values(root: Value, seed: Any) -> tuple[list[Value], list[Any]]:
    """Every node under root, each before its operands, and d root / d node as a Value."""
    nodes: list[Value] = []
    adjoints: list[Any] = []
    todo: list[Any] = [root]  # todo[base - node._n] is node; None where no node of this graph is
    size = 1  # len(todo), kept in a local: it is read at every node reached
    heap: list[tuple[int, Value]] = []
    leaves: list[Value] = []  # reached, with nothing to propagate: taken last, in one list
    base = root._n
    try:
        root._adjoint = seed
        while True:
            for node in todo:  # the list grows while it is read: the iterator sees it grow
                if node is None:  # a number no node of this graph has
                    continue
                g = node._adjoint
                node._adjoint = None  # final: every node that uses this one came before it
                nodes.append(node)
                adjoints.append(g)
                if node._kind == 0:
                    continue
                for operand, t in chain_rule(node, g, True):
                    if operand._adjoint is None:
                        k = base - operand._n
                        if k < size:
                            todo[k] = operand
                        elif operand._kind == 0:
                            leaves.append(operand)
                        else:
                            size = far(todo, heap, base, operand, k)
                        operand._adjoint = (
                            t  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        operand._adjoint += t
            if heap:
                node = heap[0][1]  # the newest of the nodes far back starts a list
                base = node._n
                todo = [node]
                heapq.heappop(heap)  # only now: until it is in todo, the heap lists it
                size = far(todo, heap, base, None, 0)
            elif leaves:  # every other node is done: the leaves' adjoints are final
                todo = leaves
                leaves = []  # after: until then the cleanup finds them in leaves
            else:
                return nodes, adjoints
    except BaseException as error:  # KeyboardInterrupt too: every exit leaves no state behind
        for waiting in (*todo, *(entry[1] for entry in heap), *leaves):
            if waiting is not None:  # reached and not processed (the rest hold None already)
                waiting._adjoint = None
        if isinstance(error, (ArithmeticError, ValueError)) and not isinstance(error, DomainError):
            at = describe(*node.operands)
            message = f"{node.op}: derivative is undefined at {at} ({error})"
            raise DomainError(message) from error
        raise


def sweep_order(root: Value, seed: Any) -> tuple[list[Value], list[Any]]:
    """Every node under root, newest first (the second list holds placeholders)."""
    nodes: list[Value] = []
    adjoints: list[Any] = []
    todo: list[Any] = [root]  # todo[base - node._n] is node; None where no node of this graph is
    size = 1  # len(todo), kept in a local: it is read at every node reached
    heap: list[tuple[int, Value]] = []
    leaves: list[Value] = []  # reached, with nothing to propagate: taken last, in one list
    base = root._n
    try:
        root._adjoint = seed
        while True:
            for node in todo:  # the list grows while it is read: the iterator sees it grow
                if node is None:  # a number no node of this graph has
                    continue
                g = node._adjoint
                node._adjoint = None  # final: every node that uses this one came before it
                nodes.append(node)
                adjoints.append(g)
                if node._kind == 0:
                    continue
                value_a = node._a
                if type(value_a) is not float:
                    if value_a._adjoint is None:
                        k = base - value_a._n
                        if k < size:
                            todo[k] = value_a
                        else:
                            size = far(todo, heap, base, value_a, k)
                        value_a._adjoint = (
                            True  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_a._adjoint += True
                value_b = node._b
                if value_b is not None and type(value_b) is not float:
                    if value_b._adjoint is None:
                        k = base - value_b._n
                        if k < size:
                            todo[k] = value_b
                        else:
                            size = far(todo, heap, base, value_b, k)
                        value_b._adjoint = (
                            True  # once it is listed, where the cleanup looks, not before
                        )
                    else:
                        value_b._adjoint += True
            if heap:
                node = heap[0][1]  # the newest of the nodes far back starts a list
                base = node._n
                todo = [node]
                heapq.heappop(heap)  # only now: until it is in todo, the heap lists it
                size = far(todo, heap, base, None, 0)
            elif leaves:  # every other node is done: the leaves' adjoints are final
                todo = leaves
                leaves = []  # after: until then the cleanup finds them in leaves
            else:
                return nodes, adjoints
    except BaseException as error:  # KeyboardInterrupt too: every exit leaves no state behind
        for waiting in (*todo, *(entry[1] for entry in heap), *leaves):
            if waiting is not None:  # reached and not processed (the rest hold None already)
                waiting._adjoint = None
        if isinstance(error, (ArithmeticError, ValueError)) and not isinstance(error, DomainError):
            at = describe(*node.operands)
            message = f"{node.op}: derivative is undefined at {at} ({error})"
            raise DomainError(message) from error
        raise
