"""gradcheck's finite-difference step: scaled with |x|, and refused when it cannot work."""

import math

import pytest

from autograd_mini import Value, gradcheck


@pytest.mark.parametrize(
    ("f", "x", "derivative"),
    [
        (lambda a: a * a, 1e10, 2e10),  # a fixed 1e-6 step is lost in 1e20's rounding
        (lambda a: a.log(), 1e-8, 1e8),  # a fixed 1e-6 step crosses 0: log undefined
        (lambda a: a.exp(), -700.0, math.exp(-700.0)),
        (lambda a: a * a * 3.0, 0.0, 0.0),
    ],
    ids=["large x", "tiny x", "tiny derivative", "x = 0"],
)
def test_gradcheck_passes_at_large_and_tiny_x(f, x, derivative):
    result = gradcheck(f, [x])
    assert result, str(result)
    assert result.rows[0].analytic == pytest.approx(derivative, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("eps", [0.0, -1e-6, math.nan, math.inf, 1e-20])
def test_gradcheck_refuses_a_step_that_cannot_work(eps):
    with pytest.raises(ValueError, match=r"gradcheck: eps"):
        gradcheck(lambda a: a * a, [1.0], eps=eps)


def test_gradcheck_refuses_non_values_from_f():
    with pytest.raises(TypeError, match=r"gradcheck: f must return a Value"):
        gradcheck(lambda a: a.data * 2.0, [1.0])


def test_gradcheck_does_not_change_grad_of_values_f_closes_over():
    w = Value(3.0, "w")
    result = gradcheck(lambda a: a * w, [2.0])
    assert result.rows[0].analytic == 3.0
    assert w.grad == 0.0
