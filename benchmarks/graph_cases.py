"""Cases on bare graphs: per-op cost, the mixed chain, the 1e6-node chain, a small MLP, diamonds.

Each case function takes an engine adapter and sizes and returns (metrics, check): metrics in
the units their names say, check the numbers (a list, or lists by name) that every engine must
reproduce.
"""

import gc
import itertools
import random
import resource
import statistics
import sys
import tracemalloc

from benchmarks import clock

OPS = ("+", "*", "**", "exp", "tanh", "relu")

# Wide graph: one op per leaf (binary ops take a second leaf), the results summed.
WIDE = {
    "+": lambda x, w: x + w,
    "*": lambda x, w: x * w,
    "**": lambda x, w: x**2.0,
    "exp": lambda x, w: x.exp(),
    "tanh": lambda x, w: x.tanh(),
    "relu": lambda x, w: x.relu(),
}

# Deep graph: a chain y = step(y) that stays finite for 10^6 steps. exp alone would overflow,
# so its step is exp(y * -1.0): two ops, timed per step.
DEEP = {
    "+": lambda y: y + 0.001,
    "*": lambda y: y * 0.999,
    "**": lambda y: y**1.0,
    "exp": lambda y: (y * -1.0).exp(),
    "tanh": lambda y: y.tanh(),
    "relu": lambda y: y.relu(),
}


def sample(values, count=50):
    """About `count` evenly spaced entries of `values`, for the cross-check."""
    return values[:: max(1, len(values) // count)]


def timed(function, *args):
    """(seconds, result) of function(*args), after collecting earlier cases' garbage."""
    gc.collect()
    start = clock()
    result = function(*args)
    return clock() - start, result


def total(terms):
    """terms[0] + terms[1] + ... as a chain of adds (the same nodes in every engine)."""
    result = terms[0]
    for term in terms[1:]:
        result = result + term
    return result


def ops(engine, sizes):
    """Per-op forward and backward cost (us) on a wide and on a deep graph, op by op."""
    n_wide, n_deep = sizes["ops_wide"], sizes["ops_deep"]
    metrics, check = {}, {}
    for op in OPS:
        if op in engine.missing_ops:
            continue
        rng = random.Random(op)  # the same leaves whichever ops an engine skips
        xs = [engine.leaf(rng.uniform(-1.0, 1.0)) for _ in range(n_wide)]
        ws = [engine.leaf(rng.uniform(-1.0, 1.0)) for _ in range(n_wide)]
        forward, out = timed(wide, WIDE[op], xs, ws)
        backward, _ = timed(out.backward)
        metrics[f"wide {op} forward"] = forward / n_wide * 1e6
        metrics[f"wide {op} backward"] = backward / n_wide * 1e6
        check[f"wide {op}"] = [engine.data(out), *map(engine.grad, sample(xs) + sample(ws))]
        del xs, ws, out

        x = engine.leaf(0.5)
        step = DEEP[op]
        forward, out = timed(chain, x, step, n_deep)
        backward, _ = timed(out.backward)
        metrics[f"deep {op} forward"] = forward / n_deep * 1e6
        metrics[f"deep {op} backward"] = backward / n_deep * 1e6
        check[f"deep {op}"] = [engine.data(out), engine.grad(x)]
        del x, out
    return metrics, check


def wide(f, xs, ws):
    return total([f(x, w) for x, w in zip(xs, ws, strict=True)])


def chain(y, step, n):
    for _ in range(n):
        y = step(y)
    return y


def mixed(y, n):
    """n user ops cycling through + * ** relu - / (as micrograd's engine can do all of them)."""
    for i in range(n):
        k = i % 6
        if k == 0:
            y = y + 0.1
        elif k == 1:
            y = y * 0.999
        elif k == 2:
            y = y**1.0
        elif k == 3:
            y = y.relu()
        elif k == 4:
            y = y - 0.05
        else:
            y = y / 1.001
    return y


def mixed_chain(engine, sizes):
    """The 20,000-op mixed chain: forward + backward per op (us); memory blocks per op."""
    n = sizes["chain"]
    x = engine.leaf(0.3)
    forward, out = timed(mixed, x, n)
    backward, _ = timed(out.backward)
    metrics = {
        "forward + backward": (forward + backward) / n * 1e6,
        "forward": forward / n * 1e6,
        "backward": backward / n * 1e6,
    }
    check = {"chain": [engine.data(out), engine.grad(x)]}
    del x, out
    if engine.name != "torch":  # torch allocates in C++, where sys.getallocatedblocks cannot see
        n = sizes["alloc"]
        gc.collect()
        before = sys.getallocatedblocks()
        x = engine.leaf(0.3)
        out = mixed(x, n)
        built = sys.getallocatedblocks()
        out.backward()
        done = sys.getallocatedblocks()
        metrics["blocks held per op after build"] = (built - before) / n
        metrics["blocks added per op by backward"] = (done - built) / n
        check["alloc"] = [engine.data(out), engine.grad(x)]
    return metrics, check


def rss():
    """The resident set size of this process in bytes (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def chain_of(engine, n):
    """x and y = x * 1.0 * 1.0 ... (n ops) in `engine`: the deep and per-node cases' chain."""
    x = engine.leaf(1.0)
    return x, chain_from(x, n)


def chain_from(x, n):
    """x * 1.0 * 1.0 ... (n ops), in whichever engine x is a node of."""
    y = x
    for _ in range(n):
        y = y * 1.0
    return y


def deep_chain(engine, sizes, memory=False):
    """x * 1.0 * 1.0 ... (10^6 ops) built then backpropagated: seconds, or tracemalloc bytes.

    tracemalloc slows allocation several times over, so time and memory are separate runs.
    """
    n = sizes["deep_memory" if memory else "deep"]
    gc.collect()
    start_rss = rss()
    if memory:
        tracemalloc.start()
    start = clock()
    x, y = chain_of(engine, n)
    built = clock()
    y.backward()
    done = clock()
    check = [engine.data(y), engine.grad(x)]
    if memory:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return {"tracemalloc peak bytes per op": peak / n}, check
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "build + backward s": done - start,
        "build s": built - start,
        "backward s": done - built,
        "peak RSS growth bytes per op": max(0, peak_rss - start_rss) / n,
    }, check


SMALL_MLP = (3, 12, 12, 1)  # ReLU hidden layers, a linear output: about 10,000 nodes on 24 points


def small_mlp_numbers(sizes):
    """(weights and bias of each unit of each layer, points, targets): the small MLP's numbers."""
    rng = random.Random(24)
    layers = [
        [([rng.uniform(-1, 1) for _ in range(n_in)], 0.0) for _ in range(n_out)]
        for n_in, n_out in itertools.pairwise(SMALL_MLP)
    ]
    points = [
        [rng.uniform(-1, 1) for _ in range(SMALL_MLP[0])] for _ in range(sizes["small_batch"])
    ]
    targets = [rng.uniform(-1, 1) for _ in points]
    return layers, points, targets


def small_mlp_loss(engine, sizes):
    """(forward() -> squared loss of a 3-12-12-1 ReLU MLP on a batch, the parameters).

    Each unit is `sum((w * x for ...), bias)`, as a person writes it: a graph small enough that
    finding the backward order, not the chain rule, used to be most of the backward time.
    """
    numbers, points, targets = small_mlp_numbers(sizes)
    layers = [
        [([engine.leaf(w) for w in ws], engine.leaf(b)) for ws, b in layer] for layer in numbers
    ]

    def forward():
        loss = engine.leaf(0.0)
        for point, target in zip(points, targets, strict=True):
            h = [engine.leaf(x) for x in point]
            for k, layer in enumerate(layers):
                h = [sum((w * x for w, x in zip(ws, h, strict=True)), b) for ws, b in layer]
                if k < len(layers) - 1:
                    h = [a.relu() for a in h]
            error = h[0] - target
            loss = loss + error * error
        return loss

    return forward, [p for layer in layers for ws, b in layer for p in (*ws, b)]


def small_mlp_straight(name, sizes):
    """The small MLP's forward + backward as straight-line float code, ms (`small_reps` calls).

    "compiled": `autograd_mini.compile` of the engine's loss (traced once, the trace timed
    apart); "by_hand": benchmarks/by_hand.py, the loop a person writes for this network.
    """
    metrics = {}
    if name == "compiled":
        import autograd_mini
        from benchmarks.engines import adapter

        forward, params = small_mlp_loss(adapter("autograd_mini"), sizes)
        seconds, compiled = timed(lambda: autograd_mini.compile(forward, parameters=params))
        metrics["trace and compile ms"] = seconds * 1e3

        def step():
            value, _, grads = compiled()
            return value, grads

    else:
        from benchmarks.by_hand import loss_and_grads

        numbers, points, targets = small_mlp_numbers(sizes)
        layers = [([ws for ws, _ in layer], [b for _, b in layer]) for layer in numbers]

        def step():
            value, grads = loss_and_grads(layers, points, targets)
            units = (unit for d_ws, d_bs in grads for unit in zip(d_ws, d_bs, strict=True))
            return value, [g for d_w, d_b in units for g in (*d_w, d_b)]

    times = []
    for _ in range(sizes["small_reps"]):
        seconds, (value, grads) = timed(step)
        times.append(seconds)
    metrics["forward + backward ms"] = statistics.median(times) * 1e3
    return metrics, [value, *sample(grads)]


def small_mlp(engine, sizes):
    """Forward and backward of the small MLP's loss, ms each (medians of `small_reps`)."""
    forward, params = small_mlp_loss(engine, sizes)
    forwards, backwards = [], []
    for _ in range(sizes["small_reps"]):
        engine.zero_grad(params)
        seconds, loss = timed(forward)
        forwards.append(seconds)
        seconds, _ = timed(loss.backward)
        backwards.append(seconds)
    forward_ms, backward_ms = statistics.median(forwards) * 1e3, statistics.median(backwards) * 1e3
    metrics = {
        "forward + backward ms": forward_ms + backward_ms,
        "forward ms": forward_ms,
        "backward ms": backward_ms,
    }
    return metrics, [engine.data(loss), *map(engine.grad, sample(params))]


def diamonds(y, n):
    """n diamonds: b = y + y; c = b * b; y = c**0.5 * 0.5 (= y for y > 0): each node used twice."""
    for _ in range(n):
        b = y + y
        c = b * b
        y = c**0.5 * 0.5
    return y


def diamond(engine, sizes):
    """A chain of diamonds (reuse: b = a + a; c = b * b), forward and backward us per op."""
    n = sizes["diamonds"]
    x = engine.leaf(0.7)
    forward, out = timed(diamonds, x, n)
    backward, _ = timed(out.backward)
    ops = 4 * n
    metrics = {
        "forward + backward": (forward + backward) / ops * 1e6,
        "forward": forward / ops * 1e6,
        "backward": backward / ops * 1e6,
    }
    return metrics, [engine.data(out), engine.grad(x)]
