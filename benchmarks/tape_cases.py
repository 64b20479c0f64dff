"""The tape on the moons MLP 2-16-16-1: each sample's loss and gradients, batch 1 to 10,000.

Engines: "autograd_mini" is the engine, one graph per sample (`grad`); "tape" is
`trace(...).value_and_grad` over the batch; "before" is the older version's tape; "numpy" is
the same network written by hand in NumPy in the tape's layout (one sample per column, the
delta equations backward, one row of per-sample gradients per parameter, in
`net.parameters()` order). Returns (metrics, check) like the cases in `graph_cases`.
"""

import statistics

import numpy as np

from autograd_mini import Value, grad
from autograd_mini.nn import MLP, l2_loss, trace, two_moons
from benchmarks import clock

CHECKED = 100  # the check: every sample's loss, and the gradient summed over this many


def network():
    """The MLP `train --data moons --model mlp --sizes 16,16,1` starts from (sigmoid, seed 0)."""
    return MLP(2, [16, 16, 1], "sigmoid", seed=0)


def sample_loss(net):
    """L(x_0, x_1, t) = 1/2 (y - t)^2 of one sample."""
    return lambda x0, x1, t: l2_loss(net([x0, x1]), [t])


def on_engine(net, x, t):
    """(loss, dL/d parameter) of each sample, one engine graph per sample."""
    f, params = sample_loss(net), net.parameters()
    rows = []
    for (x0, x1), t0 in zip(x.tolist(), t.tolist(), strict=True):
        loss = f(Value(x0), Value(x1), Value(t0))
        rows.append([loss.data, *(g.data for g in grad(loss, params))])
    rows = np.array(rows)
    return rows[:, 0], rows[:, 1:].T


def by_hand(net, x, t):
    """(loss, dL/d parameter) of each sample: h = sigma(W^T h_prev + b), then the deltas."""
    layers = []  # w[i][j] (input i, unit j) and b[j], read afresh as the tape reads them
    for layer in net.layers:
        tensors = layer.named_tensors()
        w = np.array([[w_ij.data for w_ij in row] for row in tensors["w"]])
        layers.append((w, np.array([b_j.data for b_j in tensors["b"]])))
    hs = [np.ascontiguousarray(x.T)]  # one sample per column
    for w, b in layers:
        hs.append(1.0 / (1.0 + np.exp(-(w.T @ hs[-1] + b[:, None]))))
    y = hs[-1][0]
    delta = ((y - t) * y * (1.0 - y))[None, :]  # dL/da of the output unit
    grads = np.empty((sum(w.size + b.size for w, b in layers), len(t)))
    end = len(grads)  # each layer's rows: w[i][j] row by row, then b[j] (net.parameters())
    for k in reversed(range(len(layers))):
        (w, b), h = layers[k], hs[k]
        start = end - w.size - b.size
        # dL/dw_ij = h_i delta_j and dL/db_j = delta_j, per sample
        np.multiply(h[:, None, :], delta, out=grads[start : end - b.size].reshape(*w.shape, -1))
        grads[end - b.size : end] = delta
        delta = (w @ delta) * h * (1.0 - h)
        end = start
    return 0.5 * (y - t) ** 2, grads


def tape_mlp(engine, sizes):
    """ms per (loss, per-sample gradients) over each batch size, and the trace's ms."""
    net = network()
    largest = max(sizes["tape_batches"])
    xs, ts = two_moons(largest, seed=0)
    x, t = np.array(xs), np.array(ts)[:, 0]
    metrics, tape = {}, None
    if engine in ("tape", "before"):
        start = clock()
        tape = trace(sample_loss(net), *xs[0], *ts[0], parameters=net.parameters())
        metrics["trace ms"] = (clock() - start) * 1e3

        def run(x, t):  # its list of rows becomes one array for the check, outside the timing
            return tape.value_and_grad(x[:, 0], x[:, 1], t)

    elif engine == "numpy":

        def run(x, t):
            return by_hand(net, x, t)

    else:

        def run(x, t):
            return on_engine(net, x, t)

    for n in sizes["tape_batches"]:
        timed = min(n, sizes["tape_engine_samples"]) if engine == "autograd_mini" else n
        loops = max(1, sizes["tape_loop_samples"] // timed)  # a small batch is timed in a loop
        times = []
        for _ in range(sizes["tape_reps"]):
            start = clock()
            for _ in range(loops):
                run(x[:timed], t[:timed])
            times.append((clock() - start) * n / timed / loops)
        metrics[f"batch {n:,}: ms"] = statistics.median(times) * 1e3
    result = run(x[:CHECKED], t[:CHECKED])
    values, grads = (result.value, np.array(result.parameters)) if tape is not None else result
    return metrics, [*values.tolist(), *grads.sum(axis=1).tolist()]
