"""Memory: big graphs are freed when dropped, by reference counting alone (no cycles, no caches)."""

import gc
import tracemalloc
import weakref
from contextlib import contextmanager

import pytest

from autograd_mini import Value, grad

STEPS = 100_000  # two nodes a step: a 200,000-node graph


@contextmanager
def cyclic_gc_off():
    """Without the cycle collector, only reference counting frees nodes: a cycle would leak."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def big_graph(x: Value, w: Value) -> Value:
    y = x
    for _ in range(STEPS):
        y = y * w + x  # bounded: converges to x / (1 - w)
    return y


@pytest.mark.slow
def test_building_and_dropping_big_graphs_keeps_memory_flat():
    x, w = Value(0.3, "x"), Value(0.5, "w")
    gc.collect()
    tracemalloc.start()
    try:
        with cyclic_gc_off():
            baseline, _ = tracemalloc.get_traced_memory()
            after_rounds, peaks = [], []
            for _ in range(3):
                tracemalloc.reset_peak()
                y = big_graph(x, w)
                del y
                current, peak = tracemalloc.get_traced_memory()
                after_rounds.append(current - baseline)
                peaks.append(peak - baseline)
    finally:
        tracemalloc.stop()
    # A 200,000-node graph holds ~50 MB; what survives a round is noise (~100 kB measured).
    assert min(peaks) > 20_000_000, peaks
    assert max(after_rounds) < 1_000_000, after_rounds


def test_dropped_graph_leaves_no_live_node_even_after_backward():
    with cyclic_gc_off():
        x, w = Value(0.3, "x"), Value(0.5, "w")
        y = big_graph(x, w)
        y.backward()  # backward's topological order and adjoints must not keep nodes alive
        refs = [weakref.ref(y), weakref.ref(y.parents[0]), weakref.ref(y.parents[0].parents[0])]
        node = y
        for _ in range(STEPS - 1):  # the deepest intermediate, x * w + x
            node = node.parents[0].parents[0]
        refs.append(weakref.ref(node))
        del node, y
        assert [ref() for ref in refs] == [None] * len(refs)


@pytest.mark.parametrize("how", ["backward", "grad"])
def test_backward_does_not_keep_the_graph_alive(how):
    with cyclic_gc_off():
        x, w = Value(0.3, "x"), Value(0.5, "w")
        y = (x * w + x).tanh() * (x - w).exp()
        middle = weakref.ref(y.parents[0].parents[0])
        root = weakref.ref(y)
        if how == "backward":
            y.backward()
        else:
            grad(y, [x, w])
        assert x.grad != 0.0 or how == "grad"
        del y
        assert middle() is None
        assert root() is None
