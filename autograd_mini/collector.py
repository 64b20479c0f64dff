"""`gc_paused()`: no cyclic garbage collection inside a block; the collector as it was after.

The engine's graphs hold no reference cycles (a node keeps its operands, nothing points back),
so everything in them is freed by reference counting the moment it is dropped, and Python's
cyclic collector never finds anything to free in them. It still runs after every 700 new nodes,
and as a graph grows it walks all of it again and again: on a 1e6-node chain that made building
cost 2.2 us a node instead of 0.4 us at 1e3 nodes (`python -m benchmarks --cases per_node`).
The engine's own passes run inside this block (backward, grad, hessian, gradcheck, compile);
wrap your own training loop in it the same way.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Inside this block the cyclic collector does not run; after it, it is as it was before.

    Restored on every exit (an exception, Ctrl-C). Each block keeps only its own "was it on",
    in a local: nothing shared can be left half-updated by an interrupt. A block that finds
    the collector off (the user's choice, or an enclosing block, in this thread or another)
    leaves it alone, so blocks nest, and overlapping blocks in several threads never leave it
    off: only a block that switched it off switches it back on. Garbage with cycles made
    inside (by your own code) is collected after the block. `gc.collect()` inside still works.

        with autograd_mini.gc_paused():
            for step in range(1000):
                loss = model_loss()
                ...
    """
    enabled = gc.isenabled()
    try:
        try:
            if enabled:
                gc.disable()
            yield
        finally:
            if enabled:
                gc.enable()
    finally:
        # Once more: an interrupt (Ctrl-C, a trace function's) can land on a line of the
        # `finally` above before its `gc.enable()` runs; one interrupt cannot stop both.
        if enabled:
            gc.enable()
