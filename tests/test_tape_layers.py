"""Dense layers in a tape run as matrix products: the engine's numbers, and the NumPy reference's.

Tolerance: a matrix product adds a sum's terms in BLAS's order, not the engine's left to right,
so values and per-sample gradients agree to rtol 1e-12, atol 1e-14 (measured on the moons MLP:
2.6e-14 relative at worst, 2.2e-16 absolute), not bit for bit.
"""

import numpy as np
import pytest

from autograd_mini import DomainError, Value, grad
from autograd_mini.nn import MLP, TwoLayerNet, l2_loss, reference, trace
from autograd_mini.nn.dense import Dense

RNG = np.random.default_rng(24)
TOLERANCE = {"rtol": 1e-12, "atol": 1e-14}


def sample_loss(net, n_in):
    """L(x_0, ..., x_{n_in - 1}, t_0, ...) = l2_loss(net(x), t) of one sample."""
    return lambda *xt: l2_loss(net(list(xt[:n_in])), list(xt[n_in:]))


def on_engine(f, rows, parameters):
    """f and df/d parameter per sample, one engine graph each: (N,), (parameters, N)."""
    values, grads = [], []
    for row in rows:
        output = f(*(Value(float(x)) for x in row))
        values.append(output.data)
        grads.append([g.data for g in grad(output, parameters)])
    return np.array(values), np.array(grads).T


def layers(tape):
    """(inputs, units, activation) of each Dense in the tape's plan."""
    return [(len(e.inputs), len(e.units), e.activation) for e in tape.plan if type(e) is Dense]


@pytest.mark.parametrize(
    "activation", [["sigmoid"] * 3, ["relu", "tanh", "linear"], ["tanh", "relu", "sigmoid"]]
)
def test_the_moons_mlp_replays_as_three_matrix_products_with_the_engines_numbers(activation):
    net = MLP(2, [16, 16, 1], activation, seed=3)
    f = sample_loss(net, 2)
    tape = trace(f, 0.1, 0.2, 1.0, parameters=net.parameters())
    last = None if activation[2] == "linear" else activation[2]  # a linear unit has no op
    assert layers(tape) == [(2, 16, activation[0]), (16, 16, activation[1]), (16, 1, last)]
    rows = np.c_[RNG.uniform(-2, 2, (40, 2)), RNG.random(40)]
    result = tape.value_and_grad(*rows.T)
    values, grads = on_engine(f, rows, net.parameters())
    np.testing.assert_allclose(result.value, values, **TOLERANCE)
    np.testing.assert_allclose(np.array(result.parameters), grads, **TOLERANCE)


def test_relu_units_at_their_kink_get_the_engines_zero_slope():
    net = MLP(3, [4, 2], ["relu", "linear"], seed=1)
    for neuron in net.layers[0].neurons[:2]:  # a = 0 exactly for every input: relu'(0) = 0
        for p in neuron.parameters():
            p.data = 0.0
    f = sample_loss(net, 3)
    tape = trace(f, 1.0, 1.0, 1.0, 0.0, 1.0, parameters=net.parameters())
    assert len(layers(tape)) == 2
    rows = np.c_[RNG.uniform(-1, 1, (10, 3)), RNG.random((10, 2))]
    _, grads = on_engine(f, rows, net.parameters())
    np.testing.assert_allclose(
        np.array(tape.value_and_grad(*rows.T).parameters), grads, **TOLERANCE
    )


def test_an_mlp_with_one_hidden_layer_matches_the_numpy_reference():
    net = MLP(2, [3, 2], "sigmoid", seed=5)  # the derivation's network, written as an MLP
    hidden, output = net.layers
    params = {
        "w": np.array([[n.w[i].data for n in hidden.neurons] for i in range(2)]),
        "b1": np.array([n.b.data for n in hidden.neurons]),
        "u": np.array([[n.w[j].data for n in output.neurons] for j in range(3)]),
        "b2": np.array([n.b.data for n in output.neurons]),
    }
    x, t = RNG.uniform(-2, 2, (25, 2)), RNG.random((25, 2))
    tape = trace(sample_loss(net, 2), *x[0], *t[0], parameters=net.parameters())
    assert layers(tape) == [(2, 3, "sigmoid"), (3, 2, "sigmoid")]
    result = tape.value_and_grad(*x.T, *t.T)
    for n in range(len(x)):  # the reference on a batch of one sample is that sample's gradient
        expected = reference.gradients(params, x[n : n + 1], t[n : n + 1])
        # net.parameters() order: a layer's w[i][j] row by row, then its b[j]
        flat = np.concatenate([expected[key].ravel() for key in ("w", "b1", "u", "b2")])
        got = np.array([g[n] for g in result.parameters])
        np.testing.assert_allclose(got, flat, rtol=1e-10, atol=1e-15)


def test_the_232_net_is_two_layers_too():
    net = TwoLayerNet(2, 3, 2, seed=0)
    tape = trace(sample_loss(net, 2), 0.0, 0.0, 0.0, 0.0, parameters=net.parameters())
    assert layers(tape) == [(2, 3, "sigmoid"), (3, 2, "sigmoid")]


def test_a_weight_used_twice_in_a_unit_is_replayed_step_by_step_and_summed():
    w, b = Value(0.5, "w"), Value(0.1, "b")
    f = lambda x0, x1: (x0 * w + x1 * w + b).tanh()  # noqa: E731
    tape = trace(f, 1.0, 2.0, parameters=[w, b])
    assert layers(tape) == []
    rows = RNG.uniform(-1, 1, (8, 2))
    _, grads = on_engine(f, rows, [w, b])
    np.testing.assert_allclose(
        np.array(tape.value_and_grad(*rows.T).parameters), grads, **TOLERANCE
    )


def test_an_overflow_inside_a_layer_names_the_op_and_sample_as_step_by_step():
    w = [Value(300.0), Value(1.0)]
    b = Value(0.0)
    f = lambda x0, x1: (x0 * w[0] + x1 * w[1] + b).exp()  # noqa: E731
    tape = trace(f, 0.0, 0.0, parameters=[*w, b])
    assert layers(tape) == [(2, 1, "exp")]
    np.testing.assert_allclose(tape([0.0, 1.0], [0.5, 0.5]), np.exp([0.5, 300.5]), rtol=1e-13)
    with pytest.raises(DomainError, match=r"exp: result overflows.*at sample 1"):
        tape.value_and_grad([0.0, 3.0], [0.5, 0.5])


def test_a_function_of_ops_alone_is_traced_once_and_never_again():
    net = MLP(2, [4, 1], seed=0)
    calls = []

    def f(x0, x1, t):
        calls.append(1)
        return l2_loss(net([x0, x1]), [t])

    tape = trace(f, 0.0, 0.0, 0.0, parameters=net.parameters())
    for _ in range(3):
        tape.value_and_grad(RNG.random(5), RNG.random(5), RNG.random(5))
    assert len(calls) == 1


def test_a_function_that_reads_a_number_is_traced_again_at_each_replay():
    calls = []

    def f(x):
        calls.append(1)
        return x * 2.0 if x.data > -10 else x  # the branch reads .data

    tape = trace(f, 1.0, rows_checked=1)
    for _ in range(3):
        tape.value_and_grad([1.0, 2.0])
    assert len(calls) == 1 + 3
