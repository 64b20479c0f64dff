"""Stochastic gradient descent: u <- u - eta * dL/du."""

from __future__ import annotations

import math
from collections.abc import Iterable

from autograd_mini import Value


class SGD:
    """Plain gradient descent on `params` with learning rate `lr` (the derivation's eta)."""

    def __init__(self, params: Iterable[Value], lr: float) -> None:
        if isinstance(lr, bool) or not isinstance(lr, int | float) or not 0 < lr < math.inf:
            raise ValueError(f"SGD: lr must be a finite number > 0, got {lr!r}")
        self.params = list(params)
        self.lr = float(lr)

    def step(self) -> None:
        """Update u <- u - eta * u.grad for every parameter: a step down the loss, never up."""
        for p in self.params:
            p.data -= self.lr * p.grad

    def zero_grad(self) -> None:
        """Set every parameter's `.grad` to 0 before the next backward pass adds into it."""
        for p in self.params:
            p.grad = 0.0
