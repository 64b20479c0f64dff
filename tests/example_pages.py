"""The pages the page tests share: a short XOR run's training page and step-through pages."""

from functools import cache

from recorded_runs import recorded_run

from autograd_mini import Value
from autograd_mini.nn import TwoLayerNet, batch_loss, xor
from autograd_mini.nn.training_page import training_page
from autograd_mini.viz import to_html


@cache
def pages():
    """name -> page: "training" (4 steps of XOR), "neuron view" (its first sample's loss, with
    the neuron view: every module of the step-through page runs), "step-through" (a * b: three
    steps, quick to play through). Cached: treat them as read-only."""
    xs, ts = xor()
    net = TwoLayerNet(2, 2, 1, seed=0)
    history = recorded_run(net, xs, ts, 1.0, 4)
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    return {
        "training": training_page(history, "TwoLayerNet"),
        "neuron view": to_html(batch_loss(net, xs[:1], ts[:1], "squared")),
        "step-through": to_html(a * b),
    }
