"""Functions that build their own graph record it even when called inside `no_grad()`."""

import math

import pytest

from autograd_mini import Value, grad, gradcheck, hessian, no_grad


def test_hessian_inside_no_grad_is_the_closed_form_not_zeros():
    # f = a^2 b: H = [[2b, 2a], [2a, 0]] at a=1, b=3.
    with no_grad():
        h = hessian(lambda a, b: a * a * b, [1.0, 3.0])
    assert h == [[6.0, 2.0], [2.0, 0.0]]


def test_gradcheck_inside_no_grad_compares_the_real_derivative():
    # d/da (a * exp(a)) = (1 + a) e^a
    with no_grad():
        result = gradcheck(lambda a: a * a.exp(), [0.5])
    assert result
    assert result.rows[0].analytic == pytest.approx(1.5 * math.exp(0.5), rel=1e-12)


def test_grad_with_create_graph_inside_no_grad_records_the_first_derivative():
    x = Value(2.0, "x")
    y = x**3
    with no_grad():
        (dy,) = grad(y, [x], create_graph=True)
        (d2y,) = grad(dy, [x])
    assert (dy.data, d2y.data) == (12.0, 12.0)  # 3x^2 and 6x at x=2


def test_no_grad_is_back_in_force_after_those_functions():
    with no_grad():
        hessian(lambda a: a * a, [1.0])
        gradcheck(lambda a: a * a, [1.0])
        x = Value(1.0)
        y = x * 2.0
    assert y.parents == ()
