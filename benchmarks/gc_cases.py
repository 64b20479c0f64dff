"""Cases on the cyclic garbage collector: per-node cost as graphs grow, the wide sum, fan-in.

The collector runs after every 700 new container objects and, as a graph grows, walks all of it
again now and then, so its cost shows as a per-node cost that climbs with the graph's size.
Each case returns (metrics, check) like those in `graph_cases`; collections are counted with
`gc.get_stats()`.
"""

import gc
import random

from benchmarks import clock
from benchmarks.graph_cases import chain_from, chain_of, sample, total

SCALES = {"1e3": 1_000, "1e4": 10_000, "1e5": 100_000, "1e6": 1_000_000}


def collections():
    """Collections of every generation so far in this process."""
    return sum(generation["collections"] for generation in gc.get_stats())


def chain(engine, n, watch=None):
    """x * 1.0 * 1.0 ... n ops: (build s, backward s, collections during backward, check).

    `watch`, a gc.callbacks function, is installed while the chain is built.
    """
    gc.collect()
    if watch is not None:
        gc.callbacks.append(watch)
    start = clock()
    x, y = chain_of(engine, n)
    built = clock()
    if watch is not None:
        gc.callbacks.remove(watch)
    before = collections()
    y.backward()
    done = clock()
    return (
        built - start,
        done - built,
        collections() - before,
        [engine.data(y), engine.grad(x)],
    )


class FullCollections:
    """While installed (gc.callbacks): the CPU time full collections take, and the objects
    they walk (every tracked object, counted after each; the counting is not timed)."""

    def __init__(self):
        self.seconds, self.walked, self.counting, self.started = 0.0, 0, 0.0, 0.0

    def __call__(self, phase, info):
        if info["generation"] != 2:
            return
        if phase == "start":
            self.started = clock()
            return
        self.seconds += clock() - self.started
        counting = clock()
        self.walked += len(gc.get_objects())
        self.counting += clock() - counting


def per_node(engine, sizes):
    """A chain built and backpropagated at 1e3 ... 1e6 nodes, us per node, GC at its defaults.

    The build's full collections are timed apart, with the objects they walk per node: the
    part of the cost that climbs with the graph's size. With autograd_mini's `gc_paused()`
    where the engine has it: the same chain with the user's loop inside the block, as its
    docs suggest; and `grad(f)`, f building the chain, the collector left at its defaults:
    the engine's own pass, which builds f's graph with collections kept off.
    """
    metrics, check = {}, {}
    paused = grad = None
    if engine.name in ("autograd_mini", "before"):  # "before" may predate both
        import autograd_mini

        paused = getattr(autograd_mini, "gc_paused", None)
        grad = getattr(autograd_mini, "grad", None)
    for scale, n in SCALES.items():
        n = min(n, sizes["per_node_max"])
        full = FullCollections()
        build, backward, _, check[scale] = chain(engine, n, full)
        build -= full.counting
        metrics[f"{scale} nodes: build us per node"] = build / n * 1e6
        metrics[f"{scale} nodes: of which full collections us per node"] = full.seconds / n * 1e6
        metrics[f"{scale} nodes: objects full collections walk per node"] = full.walked / n
        metrics[f"{scale} nodes: backward us per node"] = backward / n * 1e6
        if paused is not None:
            with paused():
                build, backward, _, _ = chain(engine, n)
            metrics[f"{scale} nodes in gc_paused(): build + backward us per node"] = (
                (build + backward) / n * 1e6
            )
        if grad is not None:
            gc.collect()
            start = clock()
            grad(lambda x, n=n: chain_from(x, n))(1.0)
            metrics[f"{scale} nodes by grad(f): build + backward us per node"] = (
                (clock() - start) / n * 1e6
            )
    return metrics, check


def wide_leaves(engine, n):
    """n parameters and n inputs, made before the graph (as a layer's weights are)."""
    rng = random.Random(5)
    return (
        [engine.leaf(rng.uniform(-1, 1)) for _ in range(n)],
        [engine.leaf(rng.uniform(-1, 1)) for _ in range(n)],
    )


# Two ways to build the sum: the products listed first, then added (each kind of node in one
# block); and Python's sum() of a generator, micrograd's way (each product, then its add).
SHAPES = {
    "": lambda engine, terms: total(list(terms)),
    "sum() of a generator: ": lambda engine, terms: sum(terms, engine.leaf(0.0)),
}


def backward_on_and_off(engine, build):
    """Backward ms with the collector on and off, and collections during the pass (on).

    `build(add)` makes the graph, its terms added by `add`, once per shape and mode.
    """
    metrics = {}
    for shape, add in SHAPES.items():
        for mode in ("on", "off"):
            out, leaves = build(lambda terms, add=add: add(engine, terms))
            gc.collect()
            if mode == "off":
                gc.disable()
            before = collections()
            start = clock()
            out.backward()
            seconds = clock() - start
            gc.enable()
            metrics[f"{shape}backward ms, GC {mode}"] = seconds * 1e3
            if mode == "on":
                metrics[f"{shape}collections during backward, GC on"] = collections() - before
            check = [engine.data(out), *map(engine.grad, sample(leaves))]
            del out, leaves
    return metrics, check


def wide_sum(engine, sizes):
    """sum(w_i * x_i) over 1e5 pairs of leaves made first: every leaf is far back from the sum."""
    n = sizes["wide"]

    def build(add):
        ws, xs = wide_leaves(engine, n)
        return add(w * x for w, x in zip(ws, xs, strict=True)), ws + xs

    return backward_on_and_off(engine, build)


def fan_in(engine, sizes):
    """sum(w_i * x) over 1e5 leaves w_i and one x: 1e5 terms meet in x's gradient."""
    n = sizes["wide"]

    def build(add):
        ws, _ = wide_leaves(engine, n)
        x = engine.leaf(0.5)
        return add(w * x for w in ws), [x, *ws]

    return backward_on_and_off(engine, build)
