"""grad(f), value_and_grad, jacobian, hessian and gradcheck against closed forms."""

import math

import pytest

from autograd_mini import Value, gradcheck, hessian, jacobian, value_and_grad
from autograd_mini import grad as grad_


def cube_exp(x):  # x^3 e^x: f' = (x^3 + 3x^2) e^x, f'' = (x^3 + 6x^2 + 6x) e^x
    return x**3 * x.exp()


def d_cube_exp(x):
    return (x**3 + 3 * x**2) * math.exp(x)


def d2_cube_exp(x):
    return (x**3 + 6 * x**2 + 6 * x) * math.exp(x)


def close(a, b, rel=1e-12):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


@pytest.mark.parametrize("x", [-1.5, 0.0, 0.7, 2.0])
def test_grad_of_a_function_is_its_derivative(x):
    g = grad_(cube_exp)(x)
    assert type(g) is float
    assert close(g, d_cube_exp(x))


@pytest.mark.parametrize("x", [-1.5, 0.7, 2.0])
def test_grad_of_grad_is_the_second_derivative(x):
    assert close(grad_(grad_(cube_exp))(x), d2_cube_exp(x), 1e-10)


def test_grad_third_order_of_a_cubic():
    assert grad_(grad_(grad_(lambda x: x**3)))(5.0) == 6.0


def test_grad_argnums_picks_the_argument_as_in_jax():
    def g(x, y):
        return x * x * y  # d/dx = 2 x y, d/dy = x^2

    assert grad_(g)(3.0, 5.0) == 30.0
    assert grad_(g, argnums=1)(3.0, 5.0) == 9.0
    assert grad_(g, argnums=-1)(3.0, 5.0) == 9.0


def test_grad_of_a_function_of_a_list_is_a_list():
    assert grad_(lambda v: v[0] * v[1] * v[1])([2.0, 3.0]) == [9.0, 12.0]


def test_grad_at_a_value_returns_a_recorded_value():
    x = Value(2.0)
    g = grad_(lambda t: t**3)(x)
    assert isinstance(g, Value)
    assert g.data == 12.0
    assert grad_(g, x).data == 12.0  # d(3 x^2)/dx = 6 x


def test_grad_with_a_function_and_a_positional_second_argument_says_argnums():
    with pytest.raises(TypeError, match="argnums="):
        grad_(cube_exp, 1)


def test_value_and_grad_gives_both():
    value, g = value_and_grad(cube_exp)(1.0)
    assert close(value, math.e)
    assert close(g, 4 * math.e)
    assert value_and_grad(lambda x, y: x * y, argnums=1)(2.0, 5.0) == (10.0, 2.0)


def test_jacobian_of_two_outputs_of_two_inputs():
    # f = (x y, x + tanh y): J = [[y, x], [1, 1 / cosh(y)^2]]
    def g(x, y):
        return [x * y, x + y.tanh()]

    x, y = 2.0, 0.5
    expected = [[y, x], [1.0, 1 / math.cosh(y) ** 2]]
    for got in (jacobian(g, [x, y]), jacobian(lambda v: g(*v))([x, y])):
        assert got[0] == expected[0]
        assert got[1][0] == 1.0
        assert close(got[1][1], expected[1][1])


def test_jacobian_shapes_drop_single_indices():
    assert jacobian(lambda x: x.exp(), 0.0) == 1.0
    assert jacobian(lambda x: [x * 2, x * x], 3.0) == [2.0, 6.0]
    assert jacobian(lambda x, y: x * y, [3.0, 4.0]) == [4.0, 3.0]
    assert jacobian(lambda x: x * x)(Value(5.0)) == 10.0


def test_hessian_of_a_single_number_is_the_second_derivative():
    assert close(hessian(cube_exp, 0.7), d2_cube_exp(0.7), 1e-10)
    assert close(hessian(cube_exp)(0.7), d2_cube_exp(0.7), 1e-10)
    assert hessian(lambda x: x**3, Value(2.0)) == 12.0


def test_hessian_of_a_list_is_the_matrix():
    # x^2 y + y^3: H = [[2y, 2x], [2x, 6y]]
    expected = [[4.0, 2.0], [2.0, 12.0]]
    assert hessian(lambda x, y: x * x * y + y**3, [1.0, 2.0]) == expected
    assert hessian(lambda x, y: x * x * y + y**3, [Value(1.0), Value(2.0)]) == expected
    assert hessian(lambda v: v[0] * v[0] * v[1] + v[1] ** 3)([1.0, 2.0]) == expected


@pytest.mark.parametrize("xs", [0.5, [0.5], Value(0.5), [Value(0.5)], (0.5,)])
def test_gradcheck_takes_a_number_a_list_or_values(xs):
    result = gradcheck(lambda x: x.tanh() * x, xs)
    assert result
    assert close(result.rows[0].analytic, math.tanh(0.5) + 0.5 / math.cosh(0.5) ** 2)


def test_transforms_refuse_no_inputs_and_non_functions():
    with pytest.raises(ValueError, match="no inputs"):
        hessian(lambda: Value(1.0), [])
    with pytest.raises(TypeError, match="expected a function"):
        value_and_grad(3.0)
