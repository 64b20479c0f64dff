"""Failure that explains itself: train's defaults learn, and the detector names what went wrong."""

import argparse
import math

import numpy as np
import pytest

from autograd_mini.nn import MLP, fit, two_moons, xor
from autograd_mini.nn.diagnose import Watch, dead_units
from autograd_mini.nn.layers import ACTIVATIONS
from autograd_mini.nn.train import accuracy
from autograd_mini.nn.train_command import architecture, auto_backend, build_model, default_lr
from autograd_mini.viz.look import format_number

BUDGET = {"xor": 600, "moons": 100}  # steps: a fraction of train's defaults (2000 and 500)


def combinations():
    """Every model, activation, loss and optimizer `train` offers, on both data sets."""
    for data in ("xor", "moons"):
        for optimizer in ("sgd", "adam"):
            for loss in ("l2", "squared", "mse"):
                yield data, "twolayer", None, loss, optimizer
            for activation in ACTIVATIONS:
                if activation == "linear" and data == "xor":
                    continue  # a linear net cannot separate XOR: no learning rate helps
                for loss in ("l2", "squared", "mse", "cross_entropy"):
                    yield data, "mlp", activation, loss, optimizer


@pytest.mark.slow
@pytest.mark.parametrize(("data", "model", "activation", "loss", "optimizer"), list(combinations()))
def test_train_defaults_make_the_loss_fall_for_every_combination(
    data, model, activation, loss, optimizer
):
    args = argparse.Namespace(
        model=model, activation=activation, loss=loss, sizes=None, hidden=None, seed=0
    )
    xs, ts = xor() if data == "xor" else two_moons(n=40, seed=0)
    net = build_model(args, architecture(args, 2))
    lr = default_lr(optimizer, loss)
    # On the backend train picks by default (the tape for l2, squared and mse: test_tape.py checks
    # its losses and gradients against the engine's), as a user running `train` would.
    backend = auto_backend(loss)
    losses = fit(net, xs, ts, lr, BUDGET[data], loss, backend=backend, optimizer=optimizer)
    assert all(math.isfinite(value) for value in losses)
    assert max(losses) <= 1.5 * losses[0]  # no blow-up on the way
    assert losses[-1] < 0.9 * losses[0], (losses[0], losses[-1])


def relu_outputs_by_numpy(net, xs):
    """Each hidden layer's outputs on every sample, from the weights, with NumPy."""
    out, layers = np.array(xs), []
    for layer in net.layers[:-1]:
        w = np.array([[p.data for p in n.w] for n in layer.neurons])
        b = np.array([n.b.data for n in layer.neurons])
        out = np.maximum(out @ w.T + b, 0.0)
        layers.append(out)
    return layers


def watched(net, xs, ts, lr, steps, loss="l2", optimizer="sgd", losses=None):
    """Train with a Watch; return its problem (and the losses, into `losses`)."""
    watch = Watch(net, xs, lr, every=max(1, steps // 100))
    on_step = lambda s, value: watch.step(s, value, net)  # noqa: E731
    history = fit(net, xs, ts, lr, steps, loss, on_step, "engine", optimizer)
    if losses is not None:
        losses.extend(history)
    return watch.problem(net, accuracy(net, xs, ts, loss))


@pytest.mark.slow
def test_dead_relus_are_named_with_the_step_cause_and_fix():
    # The run, smaller: SGD at lr 5 pushes most ReLUs below 0 on every sample.
    xs, ts = two_moons(n=40, seed=0)
    net = MLP(2, [16, 16, 2], ["relu", "relu", "linear"], seed=0)
    problem = watched(net, xs, ts, 5.0, 20, "cross_entropy")
    hidden = relu_outputs_by_numpy(net, xs)
    dead = [
        (k, j) for k, out in enumerate(hidden) for j in range(out.shape[1]) if not out[:, j].any()
    ]
    assert sorted(dead_units(net, xs)) == dead
    assert len(dead) >= 16
    assert problem.kind == "dead ReLUs"
    assert f"{len(dead)} of 32 ReLU units output 0 on every sample" in problem.text
    assert "--lr 0.5" in problem.text
    assert "--optimizer adam" in problem.text
    assert problem.step < 20


def test_divergence_is_named_at_the_step_the_loss_blew_up():
    xs, ts = xor()
    net = MLP(2, [4, 2], ["linear", "linear"], seed=0)
    losses = []
    problem = watched(net, xs, ts, 5.0, 30, "cross_entropy", losses=losses)
    assert problem.kind == "diverging"
    assert "--lr 0.5 or --optimizer adam" in problem.text
    first = next(k for k, value in enumerate(losses) if value > 3 * losses[0])
    assert problem.step == first
    rose = f"the loss rose from {format_number(losses[0])} to "
    assert str(problem).startswith(f"step {first}: {rose}")


def test_a_plateau_is_named_and_a_good_run_has_no_problem():
    xs, ts = xor()
    stuck = build_model(
        argparse.Namespace(model="twolayer", seed=0),
        architecture(
            argparse.Namespace(
                model="twolayer", sizes=None, activation=None, loss="l2", hidden=None
            ),
            2,
        ),
    )
    problem = watched(stuck, xs, ts, 5.0, 200)
    assert problem.kind == "stalled"
    assert "with accuracy 50%" in problem.text
    assert "try more --steps" in problem.text
    good = MLP(2, [8, 1], ["tanh", "sigmoid"], seed=0)
    assert watched(good, xs, ts, 0.05, 300, optimizer="adam") is None
