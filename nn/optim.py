"""Optimizers: SGD (u <- u - eta * dL/du) and Adam, with PyTorch's update rules."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

from autograd_mini import Value


def check_number(name: str, value: float, ok: Callable[[float], bool], rule: str) -> float:
    """`value` as a float if it is an int or float for which `ok` holds; ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not ok(value):
        raise ValueError(f"{name} must be {rule}, got {value!r}")
    return float(value)


def positive(x: float) -> bool:
    """0 < x < inf."""
    return 0 < x < math.inf


def non_negative(x: float) -> bool:
    """0 <= x < inf."""
    return 0 <= x < math.inf


def write(where: str, params: Sequence[Value], new: Sequence[float]) -> None:
    """Set each p.data to its new number, or, if one is inf or nan, refuse and set none."""
    for p, number in zip(params, new, strict=True):
        if not math.isfinite(number):
            label = f" {p.label!r}" if p.label else ""
            raise ValueError(
                f"{where}: the step would make parameter{label} {number!r} (data {p.data!r}, "
                f"grad {p.grad!r}); no parameter was changed"
            )
    for p, number in zip(params, new, strict=True):
        p.data = number


class Optimizer:
    """Parameters and a learning rate; a subclass's `step()` moves the parameters."""

    def __init__(self, params: Iterable[Value], lr: float) -> None:
        self.lr = check_number(f"{type(self).__name__}: lr", lr, positive, "a finite number > 0")
        self.params = list(params)

    def step(self) -> None:
        """Move every parameter using its `.grad`."""
        raise NotImplementedError

    def zero_grad(self) -> None:
        """Set every parameter's `.grad` to 0 before the next backward pass adds into it."""
        for p in self.params:
            p.grad = 0.0


class SGD(Optimizer):
    """Gradient descent, as torch.optim.SGD computes it; plain u <- u - eta * u.grad by default.

    Per parameter: g = grad + weight_decay * p; with momentum, b = g at the first step, then
    b = momentum * b + (1 - dampening) * g, and g = b (nesterov: g = g + momentum * b);
    p <- p - lr * g. A parameter whose `.grad` is None is skipped, as in PyTorch.
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
    ) -> None:
        super().__init__(params, lr)
        at_least_0 = "finite and >= 0"
        self.momentum = check_number("SGD: momentum", momentum, non_negative, at_least_0)
        self.dampening = check_number("SGD: dampening", dampening, non_negative, at_least_0)
        self.weight_decay = check_number(
            "SGD: weight_decay", weight_decay, non_negative, at_least_0
        )
        if nesterov and (self.momentum == 0 or self.dampening != 0):
            raise ValueError("SGD: nesterov needs momentum > 0 and dampening 0 (as in PyTorch)")
        self.nesterov = bool(nesterov)
        self.buffers: list[float | None] = [None] * len(self.params)  # PyTorch's momentum_buffer

    def step(self) -> None:
        """One step on every parameter from its `.grad`; none changes if one would be inf."""
        params, new, buffers = [], [], list(self.buffers)
        for i, p in enumerate(self.params):
            if p.grad is None:  # PyTorch's cleared grad
                continue
            g = p.grad + self.weight_decay * p.data if self.weight_decay else p.grad
            if self.momentum:
                b = buffers[i]
                b = g if b is None else self.momentum * b + (1.0 - self.dampening) * g
                buffers[i] = b
                g = g + self.momentum * b if self.nesterov else b
            params.append(p)
            new.append(p.data - self.lr * g)
        write("SGD.step", params, new)
        self.buffers = buffers


class Adam(Optimizer):
    """Adam (Kingma and Ba), as torch.optim.Adam computes it; weight_decay adds wd * p to g (L2).

    Per parameter, at step t: g = grad + wd * p, m = beta1 m + (1 - beta1) g,
    v = beta2 v + (1 - beta2) g^2,
    p <- p - lr / (1 - beta1^t) * m / (sqrt(v / (1 - beta2^t)) + eps).
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        if not isinstance(betas, tuple) or len(betas) != 2:
            raise ValueError(f"Adam: betas must be a pair of numbers, got {betas!r}")
        beta1, beta2 = (
            check_number(f"Adam: betas[{i}]", beta, lambda b: 0 <= b < 1, "in [0, 1)")
            for i, beta in enumerate(betas)
        )
        self.betas = (beta1, beta2)
        self.eps = check_number("Adam: eps", eps, positive, "a finite number > 0")
        self.weight_decay = check_number(
            "Adam: weight_decay", weight_decay, lambda d: 0 <= d < math.inf, "finite and >= 0"
        )
        self.t = 0
        self.m = [0.0] * len(self.params)
        self.v = [0.0] * len(self.params)

    def step(self) -> None:
        """One Adam step on every parameter from its `.grad`; none changes if one would be inf."""
        beta1, beta2 = self.betas
        t = self.t + 1
        step_size = self.lr / (1.0 - beta1**t)  # the bias corrections, applied as PyTorch does
        correction2 = math.sqrt(1.0 - beta2**t)
        m, v, new = [], [], []
        for p, m_p, v_p in zip(self.params, self.m, self.v, strict=True):
            g = p.grad + self.weight_decay * p.data if self.weight_decay else p.grad
            m.append(beta1 * m_p + (1.0 - beta1) * g)
            v.append(beta2 * v_p + (1.0 - beta2) * g * g)
            new.append(p.data - step_size * m[-1] / (math.sqrt(v[-1]) / correction2 + self.eps))
        write("Adam.step", self.params, new)
        self.t, self.m, self.v = t, m, v
