"""The exercise's and the derivation's networks (docs/nn.md), and two generated data sets."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from autograd_mini.nn.layers import TwoLayerNet


@dataclass(frozen=True)
class Example:
    """One sample (x, t) and a TwoLayerNet's numbers: w (input -> hidden), b1, u, b2; and eta."""

    x: list[float]
    t: list[float]
    w: list[list[float]]
    b1: list[float]
    u: list[list[float]]
    b2: list[float]
    lr: float

    def network(self) -> TwoLayerNet:
        """A fresh TwoLayerNet holding these weights."""
        return TwoLayerNet.from_weights(self.w, self.u, self.b1, self.b2)


EXERCISE = Example(
    x=[0.5, 0.3],
    t=[0.7],
    w=[[0.2, 0.4], [0.1, 0.3]],  # the exercise's w1
    b1=[0.1, 0.2],
    u=[[0.5], [0.6]],  # the exercise's w2
    b2=[0.1],
    lr=0.1,
)
"""The exercise's 2-2-1 network, sample and learning rate; its loss is E = sum (y - t)^2."""

NET_232 = Example(
    x=[1.0, -0.5],
    t=[0.9, 0.1],
    w=[[0.15, -0.25, 0.35], [0.45, 0.05, -0.3]],
    b1=[0.1, -0.2, 0.05],
    u=[[0.4, -0.6], [0.3, 0.5], [-0.7, 0.2]],
    b2=[0.05, -0.1],
    lr=0.5,
)
"""The derivation's shape (x1, x2 -> h1, h2, h3 -> y1, y2) on fixed weights of our choosing."""


def xor() -> tuple[list[list[float]], list[list[float]]]:
    """Inputs and targets: the unit square's corners, target 1 where exactly one input is 1."""
    xs = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    ts = [[0.0], [1.0], [1.0], [0.0]]
    return xs, ts


def two_moons(
    n: int = 100, noise: float = 0.1, seed: int = 0
) -> tuple[list[list[float]], list[list[float]]]:
    """Inputs and targets: two interleaved half circles (target 0 upper, 1 lower), with noise."""
    rng = random.Random(seed)
    xs, ts = [], []
    for index in range(n):
        upper = index < n // 2
        angle = rng.uniform(0.0, math.pi)
        if upper:
            point = (math.cos(angle), math.sin(angle))
        else:
            point = (1.0 - math.cos(angle), 0.5 - math.sin(angle))
        xs.append([point[0] + rng.gauss(0.0, noise), point[1] + rng.gauss(0.0, noise)])
        ts.append([0.0 if upper else 1.0])
    return xs, ts
