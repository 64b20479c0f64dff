"""Training that fails, said in one line: divergence, dead ReLUs, or a loss that stops falling."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from autograd_mini import OPS
from autograd_mini.nn.layers import ACTIVATIONS, MLP, Neuron, weighted_sum
from autograd_mini.nn.module import Module

# autograd_mini.viz.look's format_number and format_percent are imported where a problem is
# written: importing viz and graphviz takes about 50 ms of CPU, which a `train` run with no
# problem (and no page) never needs.

DIVERGED = 3.0  # a loss this many times its starting value, or not finite, is divergence
DEAD_SHARE = 0.5  # this share of the ReLU units dead is reported even when training went on
STALL = 0.01  # the loss within 1% of its final value from some step on: it stopped falling
GOOD = 0.9  # a stalled loss at this accuracy or more is a finished run, not a problem


@dataclass(frozen=True)
class Problem:
    """What went wrong, from which step: `text` names the likely cause and a fix."""

    step: int
    kind: str  # "diverging", "dead ReLUs" or "stalled"
    text: str
    loss: float = math.nan  # the loss at `step`

    def __str__(self) -> str:
        return f"step {self.step}: {self.text}"


def relu_units(model: Module) -> list[tuple[int, int]]:
    """(layer, unit) of every ReLU unit: the MLP's hidden units made with activation="relu"."""
    if not isinstance(model, MLP):
        return []  # the TwoLayerNet's hidden units are sigmoids
    return [
        (k, j)
        for k, layer in enumerate(model.layers)
        for j, neuron in enumerate(layer.neurons)
        if neuron.f is ACTIVATIONS["relu"]
    ]


def dead_units(model: Module, xs: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """The ReLU units that output 0 on every sample: no gradient reaches their weights."""
    units = relu_units(model)
    if not units or not isinstance(model, MLP):
        return []
    # On floats, not Values: each sum and activation as the engine computes it, to the bit, at a
    # tenth of the cost (train looks every step on short runs). Layers past the last ReLU unit
    # are not computed, and the samples stop once every ReLU unit has been seen alive.
    layers = [
        [([w.data for w in neuron.w], neuron.b.data, on_floats(neuron)) for neuron in layer.neurons]
        for layer in model.layers[: units[-1][0] + 1]
    ]
    relus = set(units)
    alive: set[tuple[int, int]] = set()
    for x in xs:
        out: Sequence[float] = x
        for k, layer in enumerate(layers):
            out = [f(weighted_sum(out, w, b)) for w, b, f in layer]
            alive.update((k, j) for j, h in enumerate(out) if h > 0 and (k, j) in relus)
        if len(alive) == len(relus):
            break
    return [unit for unit in units if unit not in alive]


def on_floats(neuron: Neuron) -> Callable[[float], float]:
    """The neuron's activation on a float, by its op's forward rule in OPS (linear: a itself)."""
    if neuron.activation == "linear":
        return lambda a: a
    return OPS[neuron.activation].forward


class Watch:
    """Follows a run step by step and names its first problem (`problem()`), with a fix."""

    def __init__(self, model: Module, xs: Sequence[Sequence[float]], lr: float, every: int) -> None:
        self.xs, self.lr, self.every = xs, lr, max(1, every)
        self.losses: list[float] = []
        self.diverged: Problem | None = None
        self.dead: list[tuple[int, list[tuple[int, int]]]] = []  # (step, dead units) checks
        self.relus = len(relu_units(model))

    def step(self, step: int, loss: float, model: Module) -> None:
        """See the loss before update `step`; every `every` steps, look for dead ReLUs."""
        self.losses.append(loss)
        if self.diverged is None and (not math.isfinite(loss) or loss > DIVERGED * self.losses[0]):
            from autograd_mini.viz.look import format_number

            first, lr, smaller = format_number(self.losses[0]), *self.learning_rates()
            self.diverged = Problem(
                step,
                "diverging",
                f"the loss rose from {first} to {format_number(loss)} (diverging): the "
                f"learning rate {lr} is likely too large; try --lr {smaller} or --optimizer adam",
                loss,
            )
        if self.relus and step % self.every == 0:
            self.dead.append((step, dead_units(model, self.xs)))

    def problem(self, model: Module, accuracy: float) -> Problem | None:
        """The run's problem once it is over (the trained `model`, its accuracy), or None."""
        dead = dead_units(model, self.xs) if self.relus else []
        start = self.stall_start()
        stalled = accuracy < GOOD and start is not None
        if dead and (len(dead) >= DEAD_SHARE * self.relus or stalled or self.diverged):
            from autograd_mini.viz.look import format_number

            since = next((s for s, units in self.dead if len(units) >= len(dead)), len(self.losses))
            jumped = format_number(self.diverged.loss) if self.diverged else ""
            jump = f" after the loss jumped to {jumped}" if self.diverged else ""
            lr, smaller = self.learning_rates()
            return Problem(
                min(since, self.diverged.step) if self.diverged else since,
                "dead ReLUs",
                f"{len(dead)} of {self.relus} ReLU units output 0 on every sample{jump} (dead "
                f"ReLUs), so no gradient reaches their weights; the learning rate {lr} is "
                f"likely too large: try --lr {smaller}, --optimizer adam or "
                "--activation tanh",
            )
        if self.diverged:
            return self.diverged
        if stalled and start is not None:
            from autograd_mini.viz.look import format_number, format_percent

            return Problem(
                start,
                "stalled",
                f"the loss stopped falling at {format_number(self.losses[-1])} with accuracy "
                f"{format_percent(accuracy)} "
                "(stalled on a plateau): try more --steps, a larger --lr or --optimizer adam",
            )
        return None

    def learning_rates(self) -> tuple[str, str]:
        """The learning rate and a tenth of it, as the pages write numbers (6 digits: as typed)."""
        from autograd_mini.viz.look import format_number

        return format_number(self.lr, 6), format_number(self.lr / 10, 6)

    def stall_start(self) -> int | None:
        """The step from which the loss stayed within STALL of its last value, or None.

        None unless that is the last quarter of the run or more: else it was still falling.
        """
        last = self.losses[-1]
        start = len(self.losses) - 1
        while start > 0 and self.losses[start - 1] <= last * (1 + STALL) + 1e-12:
            start -= 1
        return start if len(self.losses) - start >= max(2, len(self.losses) // 4) else None
