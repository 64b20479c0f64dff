"""Per-sample gradients of the 2-3-2 sigmoid net: compiled tape vs NumPy vs the engine in a loop.

Run: python -m benchmarks.tape [samples] (default 100,000; medians of 7 interleaved rounds).
The engine loop is timed on 2,000 samples and scaled linearly to the batch size.
The tape runs on one thread; for a like-for-like reference give BLAS one too
(OPENBLAS_NUM_THREADS=1): on a busy 2-core machine its threaded matmul made the reference
5x slower (22 -> 116 ms measured), which flatters the tape.
"""

import os
import statistics
import sys
import time

import numpy as np

from autograd_mini import Value, grad
from autograd_mini.nn import TwoLayerNet, l2_loss, reference, to_reference, trace

ROUNDS = 7
ENGINE_SAMPLES = 2000


def per_sample_loss(net):
    """L = 1/2 sum_k (y_k - t_k)^2 of one sample, as a function of x_0, x_1, t_0, t_1."""
    return lambda x0, x1, t0, t1: l2_loss(net([x0, x1]), [t0, t1])


def numpy_per_sample(params, x, t):
    """The delta equations by hand, kept per sample: dL/dw_ij = x_i delta1_j etc. (N x ...)."""
    h, y = reference.forward(params, x)
    delta2 = (y - t) * y * (1.0 - y)
    delta1 = (delta2 @ params["u"].T) * h * (1.0 - h)
    return {
        "w": x[:, :, None] * delta1[:, None, :],
        "b1": delta1,
        "u": h[:, :, None] * delta2[:, None, :],
        "b2": delta2,
    }


def tape_per_sample(tape, x, t):
    return tape.value_and_grad(x[:, 0], x[:, 1], t[:, 0], t[:, 1]).parameters


def engine_per_sample(net, x, t):
    f, params = per_sample_loss(net), net.parameters()
    return [
        grad(f(*(Value(v) for v in (*x_n, *t_n))), params) for x_n, t_n in zip(x, t, strict=True)
    ]


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def main(samples=100_000, rounds=ROUNDS, engine_samples=ENGINE_SAMPLES):
    rng = np.random.default_rng(0)
    x, t = rng.uniform(-1.0, 1.0, (samples, 2)), rng.random((samples, 2))
    net = TwoLayerNet(2, 3, 2, seed=0)
    params = to_reference(net)
    tape = trace(per_sample_loss(net), *x[0], *t[0], parameters=net.parameters())
    engine_samples = min(engine_samples, samples)

    times = {"tape": [], "numpy": [], "engine": []}
    for _ in range(rounds):  # interleaved, so a slow moment hits every contender alike
        seconds, by_tape = timed(tape_per_sample, tape, x, t)
        times["tape"].append(seconds)
        seconds, by_numpy = timed(numpy_per_sample, params, x, t)
        times["numpy"].append(seconds)
        seconds, by_engine = timed(engine_per_sample, net, x[:engine_samples], t[:engine_samples])
        times["engine"].append(seconds * samples / engine_samples)

    # Cross-check: the parameters' order is hidden.w, hidden.b1, output.u, output.b2.
    expected = np.concatenate(
        [by_numpy[key].reshape(samples, -1) for key in ("w", "b1", "u", "b2")], axis=1
    )
    got = np.stack(by_tape, axis=1)
    engine = np.array([[g.data for g in row] for row in by_engine])
    assert np.allclose(got, expected, rtol=1e-10, atol=1e-14), "tape != NumPy reference"
    assert np.allclose(got[:engine_samples], engine, rtol=1e-12, atol=0), "tape != engine"

    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"2-3-2 sigmoid net, per-sample gradients of 17 parameters, {samples:,} samples")
    print(f"medians of {rounds} rounds; engine timed on {engine_samples:,} samples and scaled")
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")
    for name in ("tape", "numpy", "engine"):
        print(f"  {name:<7} {median[name] * 1e3:10.2f} ms")
    print(f"tape / numpy:  {median['tape'] / median['numpy']:.2f}x  (target <= 2x)")
    print(f"engine / tape: {median['engine'] / median['tape']:.0f}x  (target > 200x)")
    return median


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
