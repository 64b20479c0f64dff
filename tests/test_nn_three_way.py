"""Engine, closed-form delta equations and NumPy agree on 200 random networks, both losses."""

import itertools
import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd_mini import grad, no_grad
from autograd_mini.nn import (
    EXERCISE,
    NET_232,
    Row,
    TwoLayerNet,
    closed_form,
    compare,
    l2_loss,
    reference,
    squared_error,
    to_reference,
)
from autograd_mini.nn.losses import SQUARED_FACTORS
from autograd_mini.nn.testing import assert_deltas_match
from autograd_mini.testing.strategies import networks

LOSSES = {"l2": l2_loss, "squared": squared_error}


def random_case(seed):
    rng = random.Random(seed)
    n_in, n_hidden, n_out = (rng.randint(1, 6) for _ in range(3))
    bias = rng.random() < 0.8

    def numbers(*shape):
        return np.array([rng.uniform(-2, 2) for _ in range(int(np.prod(shape)))]).reshape(shape)

    weights = {"w": numbers(n_in, n_hidden), "u": numbers(n_hidden, n_out)}
    if bias:
        weights |= {"b1": numbers(n_hidden), "b2": numbers(n_out)}
    x = numbers(n_in).tolist()
    t = [rng.random() for _ in range(n_out)]
    return weights, x, t


def agree(a, b, name):
    # Relative 1e-12, plus 1e-15 absolute: every gradient carries a factor (y - t) or y(1 - y),
    # whose rounding error is an ulp of y (about 1e-16) however small the difference is, and the
    # three ways add terms in different orders (hypothesis found y - t = 1e-7, where the engine
    # and NumPy differ by 1.4e-17). Inputs and weights are at most 2, so 1e-15 is a few ulps.
    assert abs(a - b) <= 1e-12 * max(abs(a), abs(b)) + 1e-15, f"{name}: {a!r} vs {b!r}"


def check_three_ways(weights, x, t, loss):
    net = TwoLayerNet.from_weights(weights["w"], weights["u"], weights.get("b1"), weights.get("b2"))
    names, params = zip(*net.named_parameters(), strict=True)
    engine = [g.data for g in grad(LOSSES[loss](net(x), t), list(params))]
    lists = {key: value.tolist() for key, value in weights.items()}
    by_equation = closed_form.gradients(x, t, loss=loss, **lists)
    by_matrix = reference.gradients(weights, np.array([x]), np.array([t]), loss)
    for name, e in zip(names, engine, strict=True):
        key = name.split(".")[1].split("[")[0]
        index = tuple(int(i) for i in name.split("[", 1)[1][:-1].split("]["))
        c = np.asarray(by_equation[key])[index]
        m = by_matrix[key][index]
        agree(e, c, f"{name} engine vs closed form")
        agree(e, m, f"{name} engine vs numpy")
        agree(c, m, f"{name} closed form vs numpy")
    # The same equations one level down: the deltas they go through, against the engine's
    # dL/da at each layer (finite differences referee a failure).
    assert_deltas_match(net, x, t, closed_form_deltas(lists, x, t, loss), loss=loss)


def closed_form_deltas(lists, x, t, loss):
    """{"output": delta_k, "hidden": delta_j} by the delta equations (closed_form), on floats."""
    h = closed_form.hidden(x, lists["w"], lists.get("b1"))
    y = closed_form.output(h, lists["u"], lists.get("b2"))
    delta = [SQUARED_FACTORS[loss] * d for d in closed_form.output_delta(y, t)]
    return {"output": delta, "hidden": closed_form.grad_b1(delta, lists["u"], h)}


def test_the_delta_equations_match_the_engine_on_the_seeds_networks():
    for example, loss in ((NET_232, "l2"), (EXERCISE, "squared")):
        lists = {"w": example.w, "b1": example.b1, "u": example.u, "b2": example.b2}
        deltas = closed_form_deltas(lists, example.x, example.t, loss)
        assert_deltas_match(example.network(), example.x, example.t, deltas, loss=loss)


def test_three_ways_agree_on_200_random_networks_per_loss():
    # One test, not 400 ids: a failure names its seed and loss, and the count stays honest.
    for seed in range(200):
        for loss in LOSSES:
            try:
                check_three_ways(*random_case(seed), loss)
            except AssertionError as error:
                raise AssertionError(f"seed {seed}, loss {loss}: {error}") from None


@given(networks(), st.sampled_from(["l2", "squared"]))
def test_three_ways_agree_as_a_property(network, loss):
    # autograd_mini.testing.strategies.networks: shapes 1..6, weights and inputs in [-2, 2],
    # targets in [0, 1], with or without biases.
    net, x, t = network
    check_three_ways(to_reference(net), x, t, loss)


def test_a_row_difference_is_the_widest_gap_between_its_three_gradients():
    # By hand: the three values span 1.0 - (-0.5) = 1.5, whichever source holds which.
    for values in itertools.permutations([0.25, -0.5, 1.0]):
        assert Row("w[0][0]", *values).difference == 1.5


def test_compare_table_shows_a_disagreement_where_one_source_is_wrong(monkeypatch):
    weights, x, t = random_case(7)
    net = TwoLayerNet.from_weights(weights["w"], weights["u"], weights.get("b1"), weights.get("b2"))
    right = closed_form.gradients

    def off_by_a_thousandth(*args, **kwargs):
        gradients = right(*args, **kwargs)
        gradients["u"][0][0] += 1e-3
        return gradients

    monkeypatch.setattr(closed_form, "gradients", off_by_a_thousandth)
    data = compare(net, x, t, loss="squared").to_dict()
    gaps = {row["name"]: row["difference"] for row in data["rows"]}
    assert gaps.pop("output.u[0][0]") == pytest.approx(1e-3, abs=1e-15)
    assert max(gaps.values()) < 1e-15  # the other parameters still agree to rounding
    assert data["largest_difference"] == pytest.approx(1e-3, abs=1e-15)


def test_compare_table_lists_every_parameter_with_its_largest_difference():
    weights, x, t = random_case(7)
    net = TwoLayerNet.from_weights(weights["w"], weights["u"], weights.get("b1"), weights.get("b2"))
    table = compare(net, x, t, loss="squared")
    assert [row.name for row in table.rows] == [name for name, _ in net.named_parameters()]
    data = table.to_dict()
    assert data["loss"] == "squared"
    assert data["largest_difference"] < 1e-15
    printed = str(table)
    assert all(name in printed for name, _ in net.named_parameters())
    assert "largest difference" in printed


def test_compare_rejects_an_unknown_loss():
    net = TwoLayerNet(2, 2, 1)
    with pytest.raises(ValueError, match="loss must be one of"):
        compare(net, [0.1, 0.2], [0.5], loss="huber")


def test_compare_inside_no_grad_gives_the_closed_form_not_zeros():
    net = EXERCISE.network()
    with no_grad():
        table = compare(net, EXERCISE.x, EXERCISE.t, loss="squared")
    assert all(row.engine != 0.0 for row in table.rows)
    for row in table.rows:
        assert row.engine == pytest.approx(row.closed_form, rel=1e-12)
