"""nn.micrograd: micrograd 0.1.0's API, checked against a NumPy re-implementation and micrograd."""

import random
import sys
from pathlib import Path

import numpy as np
import pytest

from autograd_mini import Value
from autograd_mini.nn import SGD, Module, batch_loss, fit
from autograd_mini.nn.micrograd import MLP, Layer, Neuron

# benchmarks/ is not installed; appended, not prepended, so the installed autograd_mini wins.
sys.path.append(str(Path(__file__).resolve().parent.parent))

from benchmarks.micrograd_demo import demo_loop, moons

ALPHA = 1e-4  # the notebook's L2 regularisation strength


def weights(model):
    """[(W, b)] per layer as arrays, W[i, j] from input i to neuron j (read from .data)."""
    return [
        (
            np.array([[p.data for p in neuron.w] for neuron in layer.neurons]).T,
            np.array([neuron.b.data for neuron in layer.neurons]),
        )
        for layer in model.layers
    ]


def numpy_demo_step(layers, inputs, y, k):
    """One step of the notebook's loop, forward and backward written out by hand in NumPy."""
    activations, sums = [inputs], []
    for index, (w, b) in enumerate(layers):
        z = activations[-1] @ w + b
        sums.append(z)
        activations.append(np.maximum(z, 0.0) if index < len(layers) - 1 else z)
    score = activations[-1][:, 0]
    margin = 1.0 - y * score
    data_loss = np.maximum(margin, 0.0).mean()
    reg_loss = ALPHA * sum((w**2).sum() + (b**2).sum() for w, b in layers)
    accuracy = np.mean((y > 0) == (score > 0))
    # d(hinge)/d(score) = -y where the margin is positive, over the batch mean.
    d_out = (-(y * (margin > 0)) / len(y))[:, None]
    grads = []
    for index in reversed(range(len(layers))):
        w, b = layers[index]
        grads.append((activations[index].T @ d_out + 2 * ALPHA * w, d_out.sum(0) + 2 * ALPHA * b))
        d_out = (d_out @ w.T) * (sums[index - 1] > 0) if index else None
    lr = 1.0 - 0.9 * k / 100
    pairs = zip(layers, grads[::-1], strict=True)
    stepped = [(w - lr * dw, b - lr * db) for (w, b), (dw, db) in pairs]
    return data_loss + reg_loss, accuracy, stepped


def test_reprs_are_micrograds():
    random.seed(0)
    model = MLP(2, [3, 1])
    assert repr(model) == (
        "MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)], "
        "Layer of [LinearNeuron(3)]]"
    )
    assert repr(Neuron(4, nonlin=False)) == "LinearNeuron(4)"
    assert str(Layer(1, 2)) == "Layer of [ReLUNeuron(1), ReLUNeuron(1)]"


def test_parameters_per_neuron_weights_then_bias():
    random.seed(0)
    model = MLP(2, [3, 1])
    first, last = model.layers[0].neurons[0], model.layers[1].neurons[0]
    params = model.parameters()
    assert len(params) == 3 * 3 + 4
    assert params[:3] == [*first.w, first.b]
    assert params[-4:] == [*last.w, last.b]
    assert [p.label for p in params[:3]] == [
        "layers[0].neurons[0].w[0]",
        "layers[0].neurons[0].w[1]",
        "layers[0].neurons[0].b",
    ]


def test_weights_come_from_the_global_random_as_micrograds():
    random.seed(1337)
    expected = [random.uniform(-1, 1) for _ in range(3)]
    random.seed(1337)
    neuron = Neuron(3)
    assert [w.data for w in neuron.w] == expected
    assert neuron.b.data == 0.0


def test_one_unit_returns_a_value_and_several_a_list():
    random.seed(2)
    model = MLP(2, [4, 1])
    x = [Value(1.0), Value(-2.0)]
    assert isinstance(model(x), Value)
    assert isinstance(Neuron(2)(x), Value)
    assert isinstance(MLP(2, [4, 2])(x), list)
    assert isinstance(model.forward(x), list)  # Module's contract, for training and tracing


def test_forward_is_relu_hidden_and_linear_output_by_hand():
    random.seed(3)
    model = MLP(2, [2, 1])
    (w1, b1), (w2, b2) = weights(model)
    x = np.array([0.3, -0.7])
    expected = np.maximum(x @ w1 + b1, 0.0) @ w2 + b2
    assert model([0.3, -0.7]).data == pytest.approx(expected[0], rel=1e-15, abs=1e-15)


def test_wrong_input_length_is_refused():
    random.seed(0)
    with pytest.raises(ValueError, match="Neuron: expected 2 inputs, got 3"):
        MLP(2, [3, 1])([1.0, 2.0, 3.0])


def test_demo_loop_matches_numpy_by_hand_step_by_step():
    inputs, y = moons()
    inputs, y = inputs[:30], y[:30]
    steps = 4
    history, model = demo_loop(Value, MLP, inputs, y, steps)
    random.seed(1337)
    layers = weights(MLP(2, [16, 16, 1]))  # the loop's starting weights: same seed, same draws
    for k in range(steps):
        loss, accuracy, layers = numpy_demo_step(layers, inputs, y, k)
        assert history[k][0] == pytest.approx(loss, rel=1e-12)
        assert history[k][1] == accuracy
    for (w, b), (w_ours, b_ours) in zip(layers, weights(model), strict=True):
        np.testing.assert_allclose(w_ours, w, rtol=1e-11, atol=1e-14)
        np.testing.assert_allclose(b_ours, b, rtol=1e-11, atol=1e-14)
    assert history[-1][0] < history[0][0]


def test_micrograd_model_trains_saves_and_loads_as_any_module(tmp_path):
    random.seed(5)
    model = MLP(2, [4, 1])
    xs, ts = [[0.0, 1.0], [1.0, 0.0]], [[1.0], [-1.0]]
    history = fit(model, xs, ts, lr=0.1, steps=5, loss="l2")
    assert history[-1] < history[0]
    model.save(tmp_path / "m.json")
    random.seed(6)
    other = MLP(2, [4, 1])
    other.load(tmp_path / "m.json")
    assert other.state_dict() == model.state_dict()
    assert isinstance(other, Module)
    assert batch_loss(other, xs, ts).data == batch_loss(model, xs, ts).data
    SGD(other.parameters(), 0.1)  # parameters() is a list of Values, as SGD wants


@pytest.fixture
def micrograd():
    return pytest.importorskip(
        "micrograd", reason="micrograd not installed: pip install '.[bench]'"
    )


def test_same_initial_parameters_and_order_as_micrograd(micrograd):
    from micrograd.nn import MLP as TheirMLP  # noqa: N811

    random.seed(1337)
    theirs = TheirMLP(2, [16, 16, 1])
    random.seed(1337)
    ours = MLP(2, [16, 16, 1])
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]
    assert repr(ours) == repr(theirs)


def test_demo_loop_matches_micrograd_step_by_step(micrograd):
    from micrograd.engine import Value as TheirValue
    from micrograd.nn import MLP as TheirMLP  # noqa: N811

    inputs, y = moons()
    inputs, y = inputs[:30], y[:30]
    theirs, their_model = demo_loop(TheirValue, TheirMLP, inputs, y, steps=3)
    ours, our_model = demo_loop(Value, MLP, inputs, y, steps=3)
    # Same ops in the same order forward; backward may add a node's gradient contributions in
    # another order (micrograd keeps parents in a set), so the last bits may differ.
    for (loss_m, acc_m), (loss_o, acc_o) in zip(theirs, ours, strict=True):
        assert loss_o == pytest.approx(loss_m, rel=1e-13)
        assert acc_o == acc_m
    their_params = [float(p.data) for p in their_model.parameters()]
    assert [p.data for p in our_model.parameters()] == pytest.approx(their_params, rel=1e-12)


def test_micrograd_model_trains_the_same_on_the_tape_and_shows_on_the_page():
    from autograd_mini.viz import to_html

    xs, ts = [[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]], [[1.0], [-1.0], [0.0]]
    random.seed(7)
    on_engine = MLP(2, [4, 1])
    on_tape = MLP(2, [4, 1])
    on_tape.load_state_dict(on_engine.state_dict())
    engine = fit(on_engine, xs, ts, lr=0.1, steps=5)
    tape = fit(on_tape, xs, ts, lr=0.1, steps=5, backend="tape")
    assert tape == pytest.approx(engine, rel=1e-12)
    score = on_engine([0.5, 1.0])
    score.backward()
    assert "<svg" in to_html(score)
