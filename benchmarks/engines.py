"""Each engine behind one small adapter, so that a case is written once for all of them."""

import contextlib
import importlib.util

ENGINES = (
    "autograd_mini",
    "before",
    "floor",
    "micrograd",
    "torch",
    "closed_form",
    "numpy",
    "tape",
    "compiled",
    "by_hand",
)
"""Every engine a case may run; the first is the one every ratio compares against.

"before" is autograd_mini too, an older version installed in another Python (--python-before),
so that a change is measured side by side with what it changes, in one run. "tape" is
autograd_mini's tape (`trace`; in the train case `fit(backend="tape")`), "numpy" the same
work written by hand in NumPy. "compiled" is
`autograd_mini.compile`'s code and "by_hand" the same network written by hand on floats
(benchmarks/by_hand.py), on the small MLP.
"""

PACKAGES = {"micrograd": "micrograd", "torch": "torch"}
"""Baselines whose package may be missing (the harness then skips them with a note)."""


def installed(engine):
    """True if the engine's package can be imported by this interpreter."""
    package = PACKAGES.get(engine)
    return package is None or importlib.util.find_spec(package) is not None


class Adapter:
    """Leaves, data, grads and the SGD update for an engine whose nodes have .data and .grad."""

    name = ""
    missing_ops = ()

    def __init__(self, value_class):
        self.Value = value_class

    def leaf(self, x):
        return self.Value(x)

    def data(self, v):
        return float(v.data)

    def grad(self, v):
        return float(v.grad)

    def zero_grad(self, params):
        for p in params:
            p.grad = 0.0

    def sgd(self, params, lr):
        for p in params:
            p.data -= lr * p.grad

    def no_grad(self):
        return contextlib.nullcontext()


class TorchAdapter(Adapter):
    """0-dim float64 tensors, what a line-by-line port of a micrograd script gets."""

    def __init__(self):
        import torch

        self.torch = torch
        super().__init__(None)

    def leaf(self, x):
        return self.torch.tensor(x, dtype=self.torch.float64, requires_grad=True)

    def data(self, v):
        return v.item()

    def grad(self, v):
        return 0.0 if v.grad is None else v.grad.item()

    def zero_grad(self, params):
        for p in params:
            if p.grad is not None:
                p.grad.zero_()

    def sgd(self, params, lr):
        for p in params:
            p.data -= lr * p.grad

    def no_grad(self):
        return self.torch.no_grad()


def adapter(engine):
    """The adapter for a graph engine (autograd_mini, floor, micrograd, torch)."""
    if engine in ("autograd_mini", "before"):
        from autograd_mini import Value, no_grad

        result = Adapter(Value)
        result.no_grad = no_grad
    elif engine == "floor":
        from benchmarks.floor import Value

        result = Adapter(Value)
    elif engine == "micrograd":
        from micrograd.engine import Value

        result = Adapter(Value)
        result.missing_ops = ("exp", "tanh")  # micrograd 0.1.0 has neither
    elif engine == "torch":
        result = TorchAdapter()
    else:
        raise ValueError(f"{engine} is not a graph engine")
    result.name = engine
    return result
