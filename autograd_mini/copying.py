"""Pickle and deepcopy of graphs of any depth: a root lists its ancestors flat, not nested.

Pickling a node's operands inside the node recursed once per level (RecursionError at about
250 ops deep). So the first node reached lists all its ancestors, parents before children, in
its own arguments; each ancestor, reached there, finds its operands already copied. Nodes
shared between roots stay one node in the copy.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from autograd_mini.graph import topological_order

if TYPE_CHECKING:
    from autograd_mini.value import Value


class _CopyBatch:
    """Alive while one pickle or deepcopy runs: the nodes it lists skip listing ancestors."""


# A node -> the batch that lists it; a dead batch (that copy has finished) counts as none.
_COPYING: weakref.WeakKeyDictionary[Value, weakref.ref[_CopyBatch]] = weakref.WeakKeyDictionary()


def reduce(node: Value, state: tuple[Any, ...]) -> tuple[Any, ...]:
    """`node.__reduce__()`: rebuilt by `unpickled(batch, ancestors, *state)`, then its operands."""
    mark = _COPYING.get(node)
    if mark is not None and mark() is not None:  # listed by a root being copied right now
        batch, ancestors = None, []
    else:
        batch, ancestors = _CopyBatch(), topological_order(node, constants=False)[:-1]
        for ancestor in ancestors:
            _COPYING[ancestor] = weakref.ref(batch)
    return unpickled, (batch, ancestors, *state), (node._a, node._b)


def unpickled(
    batch: _CopyBatch | None,
    ancestors: list[Value],
    cls: type[Value],
    data: float,
    grad: float,
    label: str,
    op: str,
) -> Value:
    """A node from `reduce`'s arguments; its ancestors were rebuilt first, as its arguments."""
    return cls._unpickle(data, grad, label, op)
