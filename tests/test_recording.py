"""Functions that build their own graph record it even when called inside `no_grad()`."""

import math

import pytest

from autograd_mini import Value, grad, gradcheck, hessian, no_grad
from autograd_mini.recording import numbers_read


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


def test_numbers_read_notes_every_way_of_reading_a_values_number_and_no_op():
    x, y = Value(2.0), Value(-1.0)
    with numbers_read() as read:
        z = (x * y).exp() + x.relu() - abs(y)  # ops alone: the same graph at any x, y
        assert read == []
        _ = [x.data, y.item(), x > y, bool(z), f"{x:.1f}"]
    assert read == [x, y, x, z, x]


def test_numbers_read_ends_with_its_block_even_on_an_error():
    x = Value(1.0)

    def read_then_fail():
        with numbers_read() as outer:
            with numbers_read() as inner:
                _ = x.data
            found.extend([inner, outer])
            _ = x.data + 1 / 0

    found = []
    with pytest.raises(ZeroDivisionError):
        read_then_fail()
    inner, outer = found
    assert (inner, outer) == ([x], [x])
    _ = x.data  # outside every block: noted nowhere
    assert (inner, outer) == ([x], [x])
