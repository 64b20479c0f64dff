"""Time per full-batch training step on the 2-3-2 net, batch 100: engine vs NumPy reference.

Run: python -m benchmarks.nn_step (medians of 7 rounds, one process).
"""

import random
import statistics
import time

import numpy as np

from autograd_mini.nn import TwoLayerNet, fit, reference, to_reference

rng = random.Random(0)
xs = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(100)]
ts = [[rng.random(), rng.random()] for _ in range(100)]
x, t = np.array(xs), np.array(ts)


def engine_round(steps):
    net = TwoLayerNet(2, 3, 2, seed=0)
    start = time.perf_counter()
    fit(net, xs, ts, lr=0.5, steps=steps)
    return (time.perf_counter() - start) / steps


def numpy_round(steps):
    params = to_reference(TwoLayerNet(2, 3, 2, seed=0))
    start = time.perf_counter()
    for _ in range(steps):
        params = reference.sgd_step(params, reference.gradients(params, x, t), 0.5)
    return (time.perf_counter() - start) / steps


engine = statistics.median(engine_round(20) for _ in range(7))
numpy = statistics.median(numpy_round(2000) for _ in range(7))
print(f"engine: {engine * 1e3:.3f} ms/step   numpy: {numpy * 1e6:.1f} us/step")
print(f"engine / numpy: {engine / numpy:.0f}x")
