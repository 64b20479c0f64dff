"""The reverse sweep: newest node first, each op's chain rule on the way, in one pass.

Every node has a creation number (`_n`, from one counter), and an op's node is always newer
than its operands. So nodes taken newest first come in a valid order for the chain rule: when
a node is taken, every node that uses it has been, and its adjoint is final. The sweep reaches
and processes nodes in one pass, with no depth-first walk and no sort: a node first reached
is put in a list at index `base - node._n` (`base`: the newest node's number), and the list is
read front to back while it fills. A leaf far back (a parameter made long before the graph)
waits in a list of leaves, taken once every other node is done (a leaf passes nothing on, so
its adjoint is final then); any other node far back waits in a heap and starts a new list
once the current one is done.

The sweeps themselves are generated from the op table into autograd_mini/_generated/sweep.py:
the chain rule written out per op and operand pattern (both Values, or one a number), each op's
derivative formulas in place, so a node costs no table lookup, no rule call and no tuple, and a
number operand no work at all. An op with no branch there (one added to OPS at run time), and
every node of a recorded pass (`create_graph`), go through `chain_rule` below instead. This
module holds what the generated sweeps call.
"""

from __future__ import annotations

import heapq
import itertools
import math
from typing import TYPE_CHECKING, Any

from autograd_mini.errors import DomainError, describe
from autograd_mini.ops import OPS

if TYPE_CHECKING:
    from autograd_mini.value import Value

NUMBERS = itertools.count()
"""Creation numbers, `next(NUMBERS)` (atomic under the GIL): newer nodes get larger ones."""


def chain_rule(node: Value, g: Any, recorded: bool) -> list[tuple[Value, Any]]:
    """(operand, d(operand) = op.grads[i](a, b, out) * g) for each Value operand of `node`.

    The chain rule for any op, read from OPS when it runs. `recorded` (`create_graph`): the
    rules see the operands as stored and `out` as the node itself, so the terms are recorded
    ops that can be differentiated again; otherwise they see numbers.
    """
    rule = OPS[node.op]
    operands = node.operands
    if recorded:
        args = (*operands, node)
    else:
        args = (*(x if isinstance(x, float) else x._data for x in operands), node._data)
    return [
        (x, d_operand(*args) * g)
        for x, d_operand in zip(operands, rule.grads, strict=True)
        if not isinstance(x, float)  # a number operand gets no gradient: none is computed
    ]


def far(todo: list[Any], heap: list[tuple[int, Value]], base: int, node: Any, k: int) -> int:
    """Put `node` (None: none) at todo[k] past todo's end, or in `heap` if it is far back.

    The list at most doubles (plus a little room): a gap of numbers no node of this graph has
    is read over as Nones, cheap when short; a node further back waits in the heap instead.
    What waits there moves to the list by the same rule, newest first: each node that falls
    inside the list or within its doubling (the list grows to it), so nodes stay newest first
    overall. Nodes far back but close to each other (the products of a sum listed before it
    is added up) so move in together as the list grows, and fewer of them wait at all: half
    as many heap entries on 1e5 such products. Returns todo's new length.
    """
    if node is not None and k >= 2 * len(todo) + 64:
        heapq.heappush(heap, (-node._n, node))
        return len(todo)
    todo.extend([None] * (max(k + 1, 2 * len(todo)) - len(todo)))
    if node is not None:
        todo[k] = node
    while heap and base + heap[0][0] < 2 * len(todo) + 64:
        waiting = heap[0][1]
        k = base - waiting._n
        if k >= len(todo):
            todo.extend([None] * (k + 1 - len(todo)))
        todo[k] = waiting
        heapq.heappop(heap)  # after it is in todo: an interrupt leaves it listed for the cleanup
    return len(todo)


def overflow(node: Value, g: float) -> None:
    """Refuse an adjoint `g` that is not finite, or that makes `node.grad + g` overflow."""
    if not -math.inf < g < math.inf:
        raise DomainError(f"backward: the gradient overflows ({g!r}) at {describe(node)}")
    raise DomainError(
        f"backward: {node.grad!r} + this pass's gradient overflows .grad at"
        f" {describe(node)}; zero_grad() clears it"
    )
