"""Softmax and cross-entropy against closed forms, Adam against the paper's update in NumPy."""

import math

import numpy as np
import pytest

from autograd_mini import Value, grad
from autograd_mini.nn import SGD, Adam, cross_entropy, softmax


def values(*numbers):
    return [Value(float(z), f"z[{k}]") for k, z in enumerate(numbers)]


def test_softmax_is_exp_over_the_sum():
    z = values(1.0, 2.0, 3.0)
    norm = math.exp(1) + math.exp(2) + math.exp(3)
    assert [p.data for p in softmax(z)] == pytest.approx(
        [math.exp(1) / norm, math.exp(2) / norm, math.exp(3) / norm], rel=1e-14
    )


def test_softmax_gradient_is_p_times_delta_minus_p():
    z = values(0.5, -1.0, 2.0)
    p = softmax(z)
    e = np.exp([0.5, -1.0, 2.0])
    p_ref = e / e.sum()
    # dp_0/dz_j = p_0 ([j == 0] - p_j)
    expected = p_ref[0] * (np.eye(3)[0] - p_ref)
    assert [g.data for g in grad(p[0], z)] == pytest.approx(expected.tolist(), rel=1e-12)


def test_softmax_of_large_logits_does_not_overflow():
    p = softmax(values(1000.0, 0.0))
    assert [q.data for q in p] == [1.0, 0.0]  # e^-1000 underflows to 0 exactly


def test_cross_entropy_is_log_sum_exp_minus_the_target_logit():
    z = values(1.0, 2.0, 3.0)
    loss = cross_entropy(z, 0)
    norm = math.exp(1) + math.exp(2) + math.exp(3)
    assert loss.data == pytest.approx(math.log(norm) - 1.0, rel=1e-14)
    p = [math.exp(k) / norm for k in (1, 2, 3)]
    # dL/dz_k = p_k - [k == target]
    assert [g.data for g in grad(loss, z)] == pytest.approx([p[0] - 1, p[1], p[2]], rel=1e-13)


def test_cross_entropy_of_logits_near_1000():
    z = values(1000.0, 999.0)
    loss = cross_entropy(z, 1)
    # log(e^1000 + e^999) - 999 = 1 + log(1 + e^-1)
    assert loss.data == pytest.approx(1.0 + math.log1p(math.exp(-1.0)), rel=1e-14)
    p0 = 1.0 / (1.0 + math.exp(-1.0))  # softmax's first entry; the second is 1 - p0
    assert [g.data for g in grad(loss, z)] == pytest.approx([p0, (1.0 - p0) - 1.0], rel=1e-13)


@pytest.mark.parametrize("target", [2, -1, True, 1.0, "0"])
def test_cross_entropy_refuses_a_target_that_is_not_a_class(target):
    z = values(1.0, 2.0)
    with pytest.raises(ValueError, match=r"cross_entropy: target must be a class index 0\.\.1"):
        cross_entropy(z, target)
    assert [v.grad for v in z] == [0.0, 0.0]


def numpy_adam(p, grad_of, steps, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    """Algorithm 1 of Kingma and Ba, with PyTorch's L2 weight decay added to the gradient."""
    p = np.array(p, float)
    m = np.zeros_like(p)
    v = np.zeros_like(p)
    for t in range(1, steps + 1):
        g = grad_of(p) + weight_decay * p
        m = betas[0] * m + (1 - betas[0]) * g
        v = betas[1] * v + (1 - betas[1]) * g * g
        m_hat = m / (1 - betas[0] ** t)
        v_hat = v / (1 - betas[1] ** t)
        p = p - lr * m_hat / (np.sqrt(v_hat) + eps)
    return p


C = np.array([1.0, 10.0, 0.1])


def quadratic_grad(p):
    """dL/dp for L = sum_i c_i p_i^2."""
    return 2 * C * p


def run_adam(start, steps, **options):
    params = [Value(x) for x in start]
    adam = Adam(params, **options)
    for _ in range(steps):
        for p, g in zip(params, quadratic_grad(np.array([p.data for p in params])), strict=True):
            p.grad = float(g)
        adam.step()
    return [p.data for p in params]


@pytest.mark.parametrize(
    "options",
    [
        {"lr": 0.1},
        {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6},
        {"lr": 0.05, "weight_decay": 0.3},
    ],
)
def test_adam_matches_the_papers_update_in_numpy(options):
    start = [1.0, -2.0, 3.0]
    expected = numpy_adam(start, quadratic_grad, 30, **options)
    assert run_adam(start, 30, **options) == pytest.approx(expected.tolist(), rel=1e-12)


def test_adams_first_step_moves_each_parameter_by_lr_times_the_sign():
    # m_hat = g and v_hat = g^2 at t = 1, so p <- p - lr g / (|g| + eps)
    start = [1.0, -2.0, 3.0]
    g = quadratic_grad(np.array(start)) + 0.5 * np.array(start)
    expected = np.array(start) - 0.1 * g / (np.abs(g) + 1e-8)
    assert run_adam(start, 1, lr=0.1, weight_decay=0.5) == pytest.approx(
        expected.tolist(), rel=1e-15
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"lr": 0.0}, "Adam: lr must be a finite number > 0"),
        ({"betas": (0.9, 1.0)}, r"Adam: betas\[1\] must be in \[0, 1\)"),
        ({"betas": (0.9,)}, "Adam: betas must be a pair"),
        ({"eps": 0.0}, "Adam: eps must be a finite number > 0"),
        ({"weight_decay": -0.1}, "Adam: weight_decay must be finite and >= 0"),
    ],
)
def test_adam_refuses_bad_settings(options, message):
    with pytest.raises(ValueError, match=message):
        Adam([Value(1.0)], **options)


def test_sgd_step_refuses_a_non_finite_parameter_and_changes_none():
    first, big = Value(1.0, "first"), Value(1e308, "big")
    first.grad, big.grad = 1.0, -1e308
    with pytest.raises(ValueError, match=r"SGD\.step: the step would make parameter 'big' inf"):
        SGD([first, big], lr=10.0).step()
    assert (first.data, big.data) == (1.0, 1e308)


def test_adam_step_refuses_a_non_finite_parameter_and_changes_none():
    first, big = Value(1.0, "first"), Value(-1.7e308, "big")
    first.grad, big.grad = 1.0, 1.0
    adam = Adam([first, big], lr=1e307)  # step size lr / (1 - 0.9) = 1e308
    with pytest.raises(ValueError, match=r"Adam\.step: the step would make parameter 'big' -inf"):
        adam.step()
    assert (first.data, big.data) == (1.0, -1.7e308)
    assert adam.t == 0
