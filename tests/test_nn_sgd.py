"""SGD's momentum, dampening, nesterov and weight_decay: PyTorch's rules, against closed forms
and a NumPy loop written here from torch.optim.SGD's documented algorithm."""

import math

import numpy as np
import pytest

from autograd_mini import Value
from autograd_mini.nn import SGD


def test_momentum_on_a_constant_gradient_matches_the_geometric_sum():
    # L = p: grad 1 at every step, so b_t = 1 + m + ... + m^(t-1) and p_T = p_0 - lr sum_t b_t.
    lr, m, steps = 0.1, 0.9, 7
    p = Value(1.0)
    opt = SGD([p], lr, momentum=m)
    for _ in range(steps):
        opt.zero_grad()
        p.backward()  # p is its own loss: dL/dp = 1
        opt.step()
    expected = 1.0 - lr * sum((1 - m**t) / (1 - m) for t in range(1, steps + 1))
    assert math.isclose(p.data, expected, rel_tol=1e-13)


def test_weight_decay_alone_shrinks_geometrically():
    lr, wd = 0.1, 0.5
    p = Value(2.0)
    opt = SGD([p], lr, weight_decay=wd)
    for _ in range(5):
        opt.step()  # grad 0: g = wd * p, p <- p (1 - lr wd)
    assert math.isclose(p.data, 2.0 * (1 - lr * wd) ** 5, rel_tol=1e-14)


def numpy_sgd(p, targets, scales, lr, momentum, dampening, weight_decay, nesterov, steps):
    """torch.optim.SGD's algorithm on L = sum_i c_i (p_i - t_i)^2, in NumPy."""
    p = np.array(p, dtype=float)
    buf = None
    for _ in range(steps):
        g = 2 * scales * (p - targets)
        if weight_decay:
            g = g + weight_decay * p
        if momentum:
            buf = g.copy() if buf is None else momentum * buf + (1 - dampening) * g
            g = g + momentum * buf if nesterov else buf
        p = p - lr * g
    return p


@pytest.mark.parametrize(
    ("momentum", "dampening", "weight_decay", "nesterov"),
    [
        (0.0, 0.0, 0.0, False),
        (0.9, 0.0, 0.0, False),
        (0.5, 0.3, 0.01, False),
        (0.8, 0.0, 0.1, True),
    ],
)
def test_sgd_matches_pytorchs_algorithm_written_in_numpy(
    momentum, dampening, weight_decay, nesterov
):
    start, targets, scales = [0.5, -1.0, 2.0], np.array([1.0, 0.0, -1.0]), np.array([1.0, 3.0, 0.5])
    params = [Value(x) for x in start]
    opt = SGD(params, 0.05, momentum, dampening, weight_decay, nesterov)
    for _ in range(6):
        opt.zero_grad()
        terms = zip(params, targets.tolist(), scales.tolist(), strict=True)
        loss = sum(c * (p - t) ** 2 for p, t, c in terms)
        loss.backward()
        opt.step()
    expected = numpy_sgd(
        start, targets, scales, 0.05, momentum, dampening, weight_decay, nesterov, 6
    )
    np.testing.assert_allclose([p.data for p in params], expected, rtol=1e-13)


def test_a_parameter_whose_grad_is_none_is_skipped():
    a, b = Value(1.0), Value(1.0)
    a.grad, b.grad = None, 1.0
    SGD([a, b], 0.1, momentum=0.9, weight_decay=0.1).step()
    assert a.data == 1.0
    assert math.isclose(b.data, 1.0 - 0.1 * 1.1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"momentum": -0.1}, "momentum must be finite and >= 0"),
        ({"weight_decay": math.inf}, "weight_decay must be finite and >= 0"),
        ({"nesterov": True}, "nesterov needs momentum > 0 and dampening 0"),
        ({"nesterov": True, "momentum": 0.9, "dampening": 0.1}, "nesterov needs"),
    ],
)
def test_bad_sgd_settings_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SGD([Value(1.0)], 0.1, **kwargs)
