"""Pickle and deepcopy of graphs of any depth: a root lists its ancestors flat, not nested.

Pickling a node's operands inside the node recursed once per level (RecursionError at about
250 ops deep). So the first node reached lists all its ancestors, parents before children, in
its own arguments; each ancestor, reached there, finds its operands already copied. Nodes
shared between roots stay one node in the copy.

An ancestor reached inside that list must not list its own ancestors again (that would be
quadratic), so the list's nodes are marked while the list is copied, and only then: the marks
belong to the thread copying (another thread's copy is another copy) and end at a sentinel
after the list's last node (a Pickler or a deepcopy memo kept alive afterwards keeps none).
And a node takes its creation number when its operands are set (`Value.__setstate__`), so a
copy differentiates right in whatever order its nodes were rebuilt.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from autograd_mini.graph import topological_order

if TYPE_CHECKING:
    from autograd_mini.value import Value

_THIS_THREAD = threading.local()  # .listed: the ancestors of the root being copied (a set)


class _EndOfList:
    """Last in a root's list of ancestors: when a copy reaches it, the list has been copied."""

    def __reduce__(self) -> tuple[Any, ...]:
        _THIS_THREAD.listed = None
        return _EndOfList, ()


def reduce(node: Value, state: tuple[Any, ...]) -> tuple[Any, ...]:
    """`node.__reduce__()`: rebuilt by `unpickled(ancestors, *state)`, then its operands."""
    listed = getattr(_THIS_THREAD, "listed", None)
    ancestors: list[Any] = []
    if listed is None or node not in listed:  # not in the list of the root this thread copies
        listed = topological_order(node, constants=False)[:-1]
        _THIS_THREAD.listed = set(listed)
        ancestors = [*listed, _EndOfList()]
    return unpickled, (ancestors, *state), (node._a, node._b)


def unpickled(
    ancestors: list[Any],
    cls: type[Value],
    data: float,
    grad: float,
    label: str,
    op: str,
) -> Value:
    """A node from `reduce`'s arguments; its ancestors were rebuilt first, as its arguments."""
    return cls._unpickle(data, grad, label, op)
