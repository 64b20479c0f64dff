"""Training: engine and NumPy reference end at the same weights; the loss falls on XOR."""

import random

import numpy as np
import pytest

from autograd_mini import no_grad
from autograd_mini.nn import (
    MLP,
    TwoLayerNet,
    accuracy,
    batch_loss,
    fit,
    from_reference,
    reference,
    to_reference,
    two_moons,
    xor,
)


@pytest.mark.parametrize("loss", ["l2", "squared"])
def test_engine_and_numpy_train_to_the_same_weights(loss):
    rng = random.Random(11)
    xs = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(20)]
    ts = [[rng.random(), rng.random()] for _ in range(20)]
    net = TwoLayerNet(2, 3, 2, seed=5)
    start = to_reference(net)
    engine_history = fit(net, xs, ts, lr=0.5, steps=100, loss=loss)
    params, numpy_history = reference.train(start, np.array(xs), np.array(ts), 0.5, 100, loss)
    assert engine_history == pytest.approx(numpy_history, rel=1e-12)
    assert engine_history[-1] < engine_history[0]
    for key, value in net.state_dict().items():
        np.testing.assert_allclose(value, params[key.split(".")[1]], rtol=0, atol=1e-9)


def test_reference_round_trip_keeps_every_number():
    net = TwoLayerNet(3, 2, 2, seed=9)
    assert from_reference(to_reference(net)).state_dict() == net.state_dict()
    no_bias = TwoLayerNet(3, 2, 2, bias=False, seed=9)
    assert set(to_reference(no_bias)) == {"w", "u"}
    assert from_reference(to_reference(no_bias)).state_dict() == no_bias.state_dict()


def test_loss_falls_on_xor_and_every_corner_is_learned():
    xs, ts = xor()
    net = TwoLayerNet(2, 4, 1, seed=0)
    history = fit(net, xs, ts, lr=5.0, steps=1500)
    assert history[-1] < history[0] / 100
    assert accuracy(net, xs, ts) == 1.0


def test_mlp_with_tanh_learns_xor():
    xs, ts = xor()
    mlp = MLP(2, [8, 1], activation=["tanh", "sigmoid"], seed=0)
    history = fit(mlp, xs, ts, lr=1.0, steps=1000)
    assert history[-1] < history[0] / 10


def test_batch_loss_is_the_mean_of_sample_losses():
    xs, ts = xor()
    net = TwoLayerNet(2, 2, 1, seed=1)
    ys = [net(x)[0].data for x in xs]
    by_hand = sum(0.5 * (y - t[0]) ** 2 for y, t in zip(ys, ts, strict=True)) / 4
    assert batch_loss(net, xs, ts).data == pytest.approx(by_hand, rel=1e-15)
    with pytest.raises(ValueError, match="4 inputs but 3 targets"):
        batch_loss(net, xs, ts[:3])
    with pytest.raises(ValueError, match="loss must be one of"):
        batch_loss(net, xs, ts, loss="mean_squared")


def test_mse_is_the_mean_over_outputs_as_pytorchs_mseloss():
    # Closed form: 1/N sum_n 1/K sum_k (y_nk - t_nk)^2, from the outputs alone.
    xs, ts = [[0.1, 0.2], [0.3, -0.4]], [[0.0, 1.0, 0.5], [1.0, 0.0, 0.25]]
    net = MLP(2, [3, 3], activation=["tanh", "sigmoid"], seed=2)
    ys = [[v.data for v in net(x)] for x in xs]
    by_hand = (
        sum(
            sum((y - t) ** 2 for y, t in zip(yn, tn, strict=True)) / 3
            for yn, tn in zip(ys, ts, strict=True)
        )
        / 2
    )
    assert batch_loss(net, xs, ts, loss="mse").data == pytest.approx(by_hand, rel=1e-14)
    assert batch_loss(net, xs, ts, loss="squared").data == pytest.approx(3 * by_hand, rel=1e-14)


def test_fit_refuses_an_unknown_backend_and_leaves_the_model_as_it_was():
    xs, ts = xor()
    net = TwoLayerNet(2, 2, 1, seed=1)
    before = [p.data for p in net.parameters()]
    with pytest.raises(
        ValueError, match="fit: backend must be one of engine, tape, compiled, got 'numpy'"
    ):
        fit(net, xs, ts, lr=1.0, steps=3, backend="numpy")
    assert [p.data for p in net.parameters()] == before


@pytest.mark.parametrize(("loss", "optimizer"), [("l2", "sgd"), ("squared", "adam")])
def test_compiled_code_trains_as_the_engine_does(loss, optimizer):
    xs, ts = xor()
    histories, weights = [], []
    for backend in ("engine", "compiled"):
        net = MLP(2, [3, 1], activation=["tanh", "sigmoid"], seed=4)
        histories.append(fit(net, xs, ts, 0.5, 8, loss, backend=backend, optimizer=optimizer))
        weights.append([p.data for p in net.parameters()])
    assert histories[1] == histories[0]  # the engine's numbers, bit for bit
    assert weights[1] == weights[0]


def test_two_moons_is_deterministic_and_balanced():
    xs, ts = two_moons(n=50, seed=3)
    assert (xs, ts) == two_moons(n=50, seed=3)
    assert xs != two_moons(n=50, seed=4)[0]
    assert len(xs) == 50
    assert sum(t[0] for t in ts) == 25


def test_fit_with_cross_entropy_and_adam_learns_xor():
    xs, ts = xor()
    mlp = MLP(2, [8, 2], activation=["tanh", "linear"], seed=0)
    history = fit(mlp, xs, ts, lr=0.05, steps=300, loss="cross_entropy", optimizer="adam")
    assert history[-1] < history[0] / 10
    assert accuracy(mlp, xs, ts, loss="cross_entropy") == 1.0


def test_fit_refuses_an_unknown_optimizer_and_the_traced_backends_with_cross_entropy():
    xs, ts = xor()
    net = MLP(2, [2, 2], activation=["tanh", "linear"], seed=1)
    before = [p.data for p in net.parameters()]
    with pytest.raises(ValueError, match="fit: optimizer must be one of sgd, adam, got 'rmsprop'"):
        fit(net, xs, ts, lr=1.0, steps=3, optimizer="rmsprop")
    with pytest.raises(ValueError, match=r"backend 'tape'.*loss must be one of l2, squared"):
        fit(net, xs, ts, lr=1.0, steps=3, loss="cross_entropy", backend="tape")
    with pytest.raises(ValueError, match=r"backend 'compiled'.*loss must be one of l2, squared"):
        fit(net, xs, ts, lr=1.0, steps=3, loss="cross_entropy", backend="compiled")
    assert [p.data for p in net.parameters()] == before


@pytest.mark.parametrize("backend", ["engine", "numpy"])
def test_on_step_sees_the_weights_its_loss_was_computed_at(backend):
    xs, ts = xor()
    net = TwoLayerNet(2, 3, 1, seed=2)
    seen = []

    def check(step, loss, params=None):
        at = net if params is None else from_reference(params)
        with no_grad():
            seen.append((loss, batch_loss(at, xs, ts).data))

    if backend == "engine":
        fit(net, xs, ts, lr=1.0, steps=5, on_step=check)
    else:
        reference.train(to_reference(net), np.array(xs), np.array(ts), 1.0, 5, on_step=check)
    assert len(seen) == 5
    for reported, recomputed in seen:
        assert reported == pytest.approx(recomputed, rel=1e-14)


@pytest.mark.slow
def test_the_tape_trains_the_default_mlp_to_the_engines_loss_curve_within_1e_9():
    # What `train --backend auto` relies on: the tape's numbers are the engine's.
    xs, ts = two_moons(n=30, seed=3)
    curves = []
    for backend in ("engine", "tape"):
        net = MLP(2, [16, 16, 1], ["sigmoid"] * 3, seed=0)
        curves.append(fit(net, xs, ts, 5.0, 150, "l2", backend=backend))
    engine, tape = curves
    assert engine[-1] < engine[0] / 2  # it trained: the curves are not flat
    assert tape == pytest.approx(engine, rel=1e-9, abs=0)
