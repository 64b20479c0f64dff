"""Modules, losses and SGD: names, forward passes written out by hand, errors."""

import math

import pytest

from autograd_mini import Value, grad
from autograd_mini.nn import (
    MLP,
    SGD,
    Layer,
    Neuron,
    TwoLayerNet,
    l2_loss,
    mse_loss,
    parameter_groups,
    squared_error,
)


def sigmoid(a):
    return 1 / (1 + math.exp(-a))


def test_two_layer_net_names_follow_the_derivation():
    net = TwoLayerNet(2, 3, 1)
    names = [name for name, _ in net.named_parameters()]
    assert names[:3] == ["hidden.w[0][0]", "hidden.w[0][1]", "hidden.w[0][2]"]
    assert names[6:9] == ["hidden.b1[0]", "hidden.b1[1]", "hidden.b1[2]"]
    assert names[9:] == ["output.u[0][0]", "output.u[1][0]", "output.u[2][0]", "output.b2[0]"]
    assert [p.label for p in net.parameters()] == names
    assert net.named_parameters()[1][1] is net.w[0][1]


def test_two_layer_net_without_bias_has_only_weights():
    net = TwoLayerNet(2, 2, 2, bias=False)
    assert list(net.state_dict()) == ["hidden.w", "output.u"]
    assert len(net.parameters()) == 8


def test_two_layer_net_forward_by_hand():
    net = TwoLayerNet.from_weights([[1.0, -2.0]], [[0.5], [0.25]], [0.1, 0.2], [-0.3])
    h = [sigmoid(0.7 * 1.0 + 0.1), sigmoid(0.7 * -2.0 + 0.2)]
    y = sigmoid(h[0] * 0.5 + h[1] * 0.25 - 0.3)
    assert net([0.7])[0].data == pytest.approx(y, rel=1e-15)


def test_from_weights_rejects_a_ragged_or_mismatched_matrix():
    with pytest.raises(ValueError, match=r"hidden\.w\[1\]"):
        TwoLayerNet.from_weights([[1.0, 2.0], [3.0]], [[1.0], [1.0]])
    with pytest.raises(ValueError, match="both b1 and b2"):
        TwoLayerNet.from_weights([[1.0]], [[1.0]], b1=[0.0])
    with pytest.raises(ValueError, match="n_in must be >= 1"):
        TwoLayerNet.from_weights([], [[1.0]])


def test_seeded_initialisation_is_deterministic_and_seed_dependent():
    assert TwoLayerNet(2, 3, 2, seed=1).state_dict() == TwoLayerNet(2, 3, 2, seed=1).state_dict()
    assert TwoLayerNet(2, 3, 2, seed=1).state_dict() != TwoLayerNet(2, 3, 2, seed=2).state_dict()
    assert MLP(3, [4, 2], seed=5).state_dict() == MLP(3, [4, 2], seed=5).state_dict()
    assert all(abs(p.data) <= 1 / math.sqrt(3) for p in MLP(3, [4], seed=5).parameters())


def test_wrong_number_of_inputs_is_refused():
    with pytest.raises(ValueError, match="expected 2 inputs, got 3"):
        TwoLayerNet(2, 2, 1)([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="expected 3 inputs, got 1"):
        MLP(3, [2])([1.0])


@pytest.mark.parametrize(
    ("name", "f"),
    [
        ("sigmoid", sigmoid),
        ("tanh", math.tanh),
        ("relu", lambda a: max(a, 0.0)),
        ("linear", lambda a: a),
    ],
)
def test_mlp_activation_by_hand(name, f):
    mlp = MLP(2, [2, 1], activation=[name, "linear"], seed=3)
    state = mlp.state_dict()
    w1, b1, w2, b2 = (state[k] for k in ("layer1.w", "layer1.b", "layer2.w", "layer2.b"))
    x = [0.3, -1.2]
    h = [f(x[0] * w1[0][j] + x[1] * w1[1][j] + b1[j]) for j in range(2)]
    y = h[0] * w2[0][0] + h[1] * w2[1][0] + b2[0]
    assert mlp(x)[0].data == pytest.approx(y, rel=1e-14, abs=1e-15)


def test_mlp_names_count_layers_from_one():
    names = [name for name, _ in MLP(2, [3, 1]).named_parameters()]
    assert names[0] == "layer1.w[0][0]"
    assert names[-1] == "layer2.b[0]"
    assert len(names) == 2 * 3 + 3 + 3 + 1


def test_mlp_rejects_unknown_activation_and_count_mismatch():
    with pytest.raises(ValueError, match="activation 'gelu'"):
        MLP(2, [2], activation="gelu")
    with pytest.raises(ValueError, match="2 layers but 1 activations"):
        MLP(2, [2, 1], activation=["tanh"])


def test_mlp_refuses_an_empty_list_of_layers():
    # Without a layer, forward would hand back its inputs, plain floats where Values are promised.
    with pytest.raises(ValueError, match="at least one layer"):
        MLP(2, [])


def test_neuron_and_layer_name_their_tensors():
    assert [n for n, _ in Neuron(2).named_parameters()] == ["w[0]", "w[1]", "b"]
    layer = Layer(2, 3)
    assert [n for n, _ in layer.named_parameters()][:3] == ["w[0][0]", "w[0][1]", "w[0][2]"]
    assert layer.named_parameters()[1][1] is layer.neurons[1].w[0]


def test_zero_grad_clears_every_parameter():
    net = TwoLayerNet(2, 2, 1)
    l2_loss(net([0.5, 0.5]), [1.0]).backward()
    assert any(p.grad != 0 for p in net.parameters())
    net.zero_grad()
    assert all(p.grad == 0 for p in net.parameters())


def test_parameter_groups_map_each_parameter_to_its_layer():
    net = TwoLayerNet(2, 2, 1)
    groups = parameter_groups(net)
    assert groups[net.w[1][0]] == "hidden"
    assert groups[net.b2[0]] == "output"
    assert len(groups) == len(net.parameters())


def test_losses_by_hand():
    y = [Value(0.9), Value(0.2)]
    t = [1.0, 0.5]
    assert l2_loss(y, t).data == pytest.approx(0.5 * (0.01 + 0.09), rel=1e-15)
    assert squared_error(y, t).data == pytest.approx(0.01 + 0.09, rel=1e-15)
    assert mse_loss(y, t).data == pytest.approx((0.01 + 0.09) / 2, rel=1e-15)
    assert mse_loss(y, t, reduction="sum").data == pytest.approx(0.1, rel=1e-15)


def test_squared_error_gradient_is_twice_l2():
    y = [Value(0.9), Value(0.2)]
    t = [1.0, 0.5]
    d_l2 = [g.data for g in grad(l2_loss(y, t), y)]
    d_e = [g.data for g in grad(squared_error(y, t), y)]
    assert d_l2 == pytest.approx([0.9 - 1.0, 0.2 - 0.5], rel=1e-14)
    assert d_e == pytest.approx([2 * d for d in d_l2], rel=1e-15)


@pytest.mark.parametrize("loss", [l2_loss, squared_error, mse_loss])
def test_losses_refuse_mismatched_lengths(loss):
    with pytest.raises(ValueError, match="y has 2 entries but t has 3"):
        loss([Value(1.0), Value(2.0)], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="empty"):
        loss([], [])


def test_mse_refuses_unknown_reduction():
    with pytest.raises(ValueError, match="reduction must be"):
        mse_loss([Value(1.0)], [1.0], reduction="none")


def test_sgd_step_descends():
    p = Value(3.0)
    loss = p * p
    loss.backward()  # d(p^2)/dp = 6
    SGD([p], lr=0.1).step()
    assert p.data == pytest.approx(3.0 - 0.1 * 6.0, rel=1e-15)


def test_sgd_zero_grad_and_bad_lr():
    p = Value(1.0)
    p.grad = 4.0
    SGD([p], lr=0.5).zero_grad()
    assert p.grad == 0.0
    for lr in (0, -0.1, math.inf, math.nan, True, "0.1"):
        with pytest.raises(ValueError, match="lr must be"):
            SGD([p], lr=lr)
