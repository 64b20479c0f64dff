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
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_paused = 0  # blocks open now, in any thread: the collector is restored when the last ends
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Inside this block the cyclic collector does not run; after it, it is as it was.

    Restored on every exit (an exception, Ctrl-C), and only when the outermost block ends, so
    blocks nest and may overlap across threads. Garbage with cycles made inside (by your own
    code) is collected after the block. `gc.collect()` inside still collects.

        with autograd_mini.gc_paused():
            for step in range(1000):
                loss = model_loss()
                ...
    """
    global _paused, _was_enabled
    with _LOCK:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _LOCK:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
