"""Whether ops record their operands: `no_grad`, `enable_grad` and `is_grad_enabled`."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

# Per thread and per asyncio task: each starts from its own copy of the context.
RECORDING: ContextVar[bool] = ContextVar("autograd_mini_recording", default=True)

Comparison = tuple[Any, str, Any, bool]  # (left, "<", right, result), operands as compared
COMPARISONS: ContextVar[list[Comparison] | None] = ContextVar(
    "autograd_mini_comparisons", default=None
)
"""While `autograd_mini.compile` traces a function: every comparison of a Value, so that the
compiled code can check that each still comes out as it did (a branch of f taken on data)."""

NUMBERS_READ: ContextVar[list[Any] | None] = ContextVar("autograd_mini_numbers_read", default=None)
"""Inside `numbers_read()`: the list of Values whose number was read."""


@contextmanager
def numbers_read() -> Iterator[list[Any]]:
    """Collects, in the list it gives, the Values whose number is read inside the block.

    `.data` notes its Value, and so do `item()`, comparisons and `bool(v)`, which read it: a
    function that read none built its graph from ops alone, the same graph at every input
    (a tape, `autograd_mini.nn.trace`, then never traces it again).
    """
    read: list[Any] = []
    token = NUMBERS_READ.set(read)
    try:
        yield read
    finally:
        NUMBERS_READ.reset(token)


@contextmanager
def no_grad() -> Iterator[None]:
    """Inside this block ops record nothing: their results are leaves with no parents."""
    token = RECORDING.set(False)
    try:
        yield
    finally:
        RECORDING.reset(token)


@contextmanager
def enable_grad() -> Iterator[None]:
    """Inside this block ops record their operands again, even within `no_grad()`.

    `grad(create_graph=True)`, `hessian` and `gradcheck` build graphs of their own to
    differentiate; under the caller's `no_grad()` those graphs would be empty and every
    derivative 0. So they record inside this block, as PyTorch's `torch.autograd.functional`
    does.
    """
    token = RECORDING.set(True)
    try:
        yield
    finally:
        RECORDING.reset(token)


def is_grad_enabled() -> bool:
    """False inside `no_grad()` (and not inside an `enable_grad()` within it)."""
    return RECORDING.get()
