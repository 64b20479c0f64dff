"""assert_deltas_match on the seeds' networks: the derivation's delta equations, as a learner
writes them, pass; a delta missing its sigma' factor fails, with the formula named as wrong."""

import pytest

from autograd_mini.nn import EXERCISE, NET_232, TwoLayerNet
from autograd_mini.nn.testing import assert_deltas_match
from autograd_mini.testing import GradientMismatch
from autograd_mini.testing import assert_deltas_match as re_exported


def derivation(h, y, t, u):
    """delta_k = (y_k - t_k) y_k (1 - y_k); hidden delta_j = sum_k delta_k u_jk h_j (1 - h_j)."""
    output = [(y_k - t_k) * y_k * (1 - y_k) for y_k, t_k in zip(y, t, strict=True)]
    hidden = [
        sum(d_k * u_jk for d_k, u_jk in zip(output, u[j], strict=True)) * h[j] * (1 - h[j])
        for j in range(len(h))
    ]
    return {"output": output, "hidden": hidden}


def hidden_without_sigma_prime(h, y, t, u):
    deltas = derivation(h, y, t, u)
    deltas["hidden"] = [d / (h_j * (1 - h_j)) for d, h_j in zip(deltas["hidden"], h, strict=True)]
    return deltas


def output_without_sigma_prime(y, t):
    return {"output": [y_k - t_k for y_k, t_k in zip(y, t, strict=True)]}


def test_the_derivations_deltas_pass_on_the_2_3_2_network():
    assert_deltas_match(NET_232.network(), NET_232.x, NET_232.t, derivation)


def test_the_exercises_loss_doubles_every_delta_on_the_2_2_1_network():
    def doubled(h, y, t, u):
        return {key: [2 * d for d in ds] for key, ds in derivation(h, y, t, u).items()}

    net = EXERCISE.network()
    assert_deltas_match(net, EXERCISE.x, EXERCISE.t, doubled, loss="squared")
    with pytest.raises(GradientMismatch):
        assert_deltas_match(net, EXERCISE.x, EXERCISE.t, derivation, loss="squared")


def test_the_exercises_output_delta_from_its_printed_numbers():
    # docs/nn.md: dE/dy * y (1 - y) = -0.009006191699 (10 digits), which also gives the
    # exercise's printed b2 after one step: 0.1 - 0.1 * delta = 0.1009006192.
    net = EXERCISE.network()
    assert_deltas_match(
        net, EXERCISE.x, EXERCISE.t, {"output": [-0.009006191699]}, loss="squared", rtol=1e-10
    )


@pytest.mark.parametrize(
    ("deltas", "blamed"),
    [
        (hidden_without_sigma_prime, ["hidden delta[0]", "hidden delta[1]", "hidden delta[2]"]),
        (output_without_sigma_prime, ["output delta[0]", "output delta[1]"]),
    ],
    ids=["hidden", "output"],
)
def test_a_delta_missing_sigma_prime_fails_and_the_referee_blames_the_formula(deltas, blamed):
    with pytest.raises(GradientMismatch) as raised:
        assert_deltas_match(NET_232.network(), NET_232.x, NET_232.t, deltas)
    report = raised.value.report
    assert report.culprits == {"formula wrong": blamed}
    assert "check your formula for " + ", ".join(blamed) in str(raised.value)


def test_a_network_without_biases_and_a_plain_dict_of_numbers():
    net = TwoLayerNet.from_weights(NET_232.w, NET_232.u)
    h = net.hidden(NET_232.x)
    y = net.output(h)
    numbers = derivation([v.data for v in h], [v.data for v in y], NET_232.t, NET_232.u)
    assert_deltas_match(net, NET_232.x, NET_232.t, numbers)


def test_autograd_mini_testing_re_exports_it():
    assert re_exported is assert_deltas_match


@pytest.mark.parametrize(
    ("net", "deltas", "error", "message"),
    [
        (TwoLayerNet(2, 3, 2), {"middle": [0.0]}, ValueError, "give layers"),
        (TwoLayerNet(2, 3, 2), {"output": [0.0]}, ValueError, "output needs 2 numbers"),
        (TwoLayerNet(2, 3, 2), lambda z: {}, TypeError, "unknown argument 'z'"),
        (object(), {"output": [0.0]}, TypeError, "must be a TwoLayerNet"),
    ],
    ids=["layer name", "length", "argument", "net"],
)
def test_bad_arguments_are_one_clear_error(net, deltas, error, message):
    with pytest.raises(error, match=message):
        assert_deltas_match(net, [1.0, -0.5], [0.9, 0.1], deltas)
