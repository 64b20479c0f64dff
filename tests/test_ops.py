"""Each op's derivative against its closed form and against central differences on floats."""

import math

import pytest

from autograd_mini import Value, apply, grad
from autograd_mini.ops import OPS


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


# name -> (build on Values, the same function on floats, closed-form derivative(s), inputs)
UNARY = {
    "neg": (lambda a: -a, lambda a: -a, lambda a: -1.0),
    "exp": (lambda a: a.exp(), math.exp, math.exp),
    "log": (lambda a: a.log(), math.log, lambda a: 1 / a),
    "tanh": (lambda a: a.tanh(), math.tanh, lambda a: 1 / math.cosh(a) ** 2),
    "sigmoid": (lambda a: a.sigmoid(), sigmoid, lambda a: math.exp(-a) / (1 + math.exp(-a)) ** 2),
    "relu": (lambda a: a.relu(), lambda a: max(a, 0.0), lambda a: 1.0 if a > 0 else 0.0),
    "sqrt": (lambda a: a.sqrt(), math.sqrt, lambda a: 0.5 / math.sqrt(a)),
    "abs": (lambda a: abs(a), abs, lambda a: math.copysign(1.0, a)),
    "square": (lambda a: a.square(), lambda a: a * a, lambda a: 2 * a),
    "sin": (lambda a: a.sin(), math.sin, math.cos),
    "cos": (lambda a: a.cos(), math.cos, lambda a: -math.sin(a)),
    "softplus": (lambda a: a.softplus(), lambda a: math.log1p(math.exp(a)), sigmoid),
}
UNARY_INPUTS = {
    "neg": [-3.0, -0.5, 0.0, 2.0],
    "exp": [-5.0, -1.0, 0.0, 0.3, 4.0],
    "log": [1e-3, 0.5, 1.0, 7.0],
    "tanh": [-4.0, -0.3, 0.0, 0.3, 4.0],
    "sigmoid": [-6.0, -0.2, 0.0, 0.2, 6.0],
    "relu": [-2.0, -1e-3, 1e-3, 2.0],
    "sqrt": [0.01, 0.25, 2.0, 9.0],
    "abs": [-2.0, -1e-3, 1e-3, 3.0],
    "square": [-3.0, -0.5, 0.0, 1.5],
    "sin": [-2.0, 0.0, 0.5, 3.0],
    "cos": [-2.0, 0.0, 0.5, 3.0],
    "softplus": [-30.0, -1.0, 0.0, 1.0, 30.0],
}
BINARY = {
    "+": (lambda a, b: a + b, lambda a, b: (1.0, 1.0)),
    "-": (lambda a, b: a - b, lambda a, b: (1.0, -1.0)),
    "*": (lambda a, b: a * b, lambda a, b: (b, a)),
    "/": (lambda a, b: a / b, lambda a, b: (1 / b, -a / b**2)),
    "**": (lambda a, b: a**b, lambda a, b: (b * a ** (b - 1), a**b * math.log(a))),
}
BINARY_INPUTS = [(0.5, 2.0), (3.0, -1.5), (1.7, 0.25), (2.0, 3.0)]


def central_difference(f, x, eps=1e-6):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def close(a, b, rel=1e-6, abs_=1e-8):
    return abs(a - b) <= abs_ + rel * abs(b)


def test_the_shipped_ops_all_have_closed_forms_above():
    assert set(UNARY) | set(BINARY) <= set(OPS)


@pytest.mark.parametrize("name", sorted(OPS))
@pytest.mark.parametrize("xs", [(0.3, 1.7), (1.2, 0.6), (2.5, 1.1)])  # inside every domain
def test_every_op_in_the_table_meets_finite_differences_first_and_second_order(name, xs):
    xs = xs[: OPS[name].arity]
    inputs = [Value(x) for x in xs]
    firsts = grad(apply(name, *inputs), inputs, create_graph=True)
    for i, first in enumerate(firsts):

        def f(t, i=i):
            return apply(name, *(t if j == i else x for j, x in enumerate(xs))).data

        def df(t, i=i):
            moved = [Value(t if j == i else x) for j, x in enumerate(xs)]
            return grad(apply(name, *moved), [moved[i]])[0].data

        assert close(first.data, central_difference(f, xs[i]))
        (second,) = grad(first, [inputs[i]])
        assert close(second.data, central_difference(df, xs[i]))


@pytest.mark.parametrize(
    ("name", "x"), [(name, x) for name, xs in UNARY_INPUTS.items() for x in xs]
)
def test_unary_derivative_matches_closed_form_and_finite_difference(name, x):
    build, on_floats, derivative = UNARY[name]
    a = Value(x)
    out = build(a)
    out.backward()
    assert out.data == pytest.approx(on_floats(x), rel=1e-15, abs=1e-300)
    assert a.grad == pytest.approx(derivative(x), rel=1e-12, abs=1e-15)
    assert close(a.grad, central_difference(on_floats, x))


@pytest.mark.parametrize(("name", "xy"), [(n, xy) for n in BINARY for xy in BINARY_INPUTS])
def test_binary_derivative_matches_closed_form_and_finite_difference(name, xy):
    build, derivatives = BINARY[name]
    x, y = xy
    a, b = Value(x), Value(y)
    build(a, b).backward()
    da, db = derivatives(x, y)
    assert a.grad == pytest.approx(da, rel=1e-12)
    assert b.grad == pytest.approx(db, rel=1e-12, abs=1e-15)
    assert close(a.grad, central_difference(lambda t: build(t, y), x))
    assert close(b.grad, central_difference(lambda t: build(x, t), y))


@pytest.mark.parametrize("name", list(BINARY))
def test_reflected_operator_has_the_number_on_the_left(name):
    build, derivatives = BINARY[name]
    b = Value(2.5)
    out = build(1.5, b)
    out.backward()
    assert out.data == pytest.approx(build(1.5, 2.5), rel=1e-15)
    assert b.grad == pytest.approx(derivatives(1.5, 2.5)[1], rel=1e-12)


@pytest.mark.parametrize(
    ("n", "x"), [(3, -2.0), (2, -0.5), (-1, -4.0), (0.5, 3.0), (-2.5, 1.5), (1, 0.0), (2, 0.0)]
)
def test_power_with_constant_exponent_including_negative_and_zero_bases(n, x):
    a = Value(x)
    (a**n).backward()
    assert a.grad == pytest.approx(n * x ** (n - 1), rel=1e-12)


def test_power_zero_at_zero_has_slope_zero():
    a = Value(0.0)
    out = a**0
    out.backward()
    assert (out.data, a.grad) == (1.0, 0.0)


@pytest.mark.parametrize("x", [0.0, -0.0])
def test_relu_derivative_at_the_kink_is_zero_as_in_pytorch(x):
    a = Value(x)
    a.relu().backward()
    assert a.grad == 0.0


@pytest.mark.parametrize("x", [1e300, -1e300, 800.0, -800.0, 1e-300])
def test_sigmoid_and_tanh_are_stable_at_huge_inputs(x):
    s = Value(x).sigmoid()
    t = Value(x).tanh()
    if x > 1:
        assert (s.data, t.data) == (1.0, 1.0)
    elif x < -1:
        assert (s.data, t.data) == (0.0, -1.0)
    else:
        assert s.data == pytest.approx(0.5, rel=1e-12)  # sigmoid(x) = 1/2 + x/4 + O(x^3)
        assert t.data == pytest.approx(x, rel=1e-15)
    a = Value(x)
    a.sigmoid().backward()
    assert math.isfinite(a.grad)
    assert a.grad >= 0.0


def second_derivative(f, x):
    a = Value(x)
    (first,) = grad(f(a), [a], create_graph=True)
    (second,) = grad(first, [a])
    return first.data, second.data


@pytest.mark.parametrize(
    ("f", "d1", "d2", "x"),
    [
        (lambda a: a**3, lambda x: 3 * x**2, lambda x: 6 * x, 1.3),
        (lambda a: a**3, lambda x: 3 * x**2, lambda x: 6 * x, -0.7),
        (lambda a: a.exp(), math.exp, math.exp, 0.4),
        (
            lambda a: a.tanh(),
            lambda x: 1 - math.tanh(x) ** 2,
            lambda x: -2 * math.tanh(x) * (1 - math.tanh(x) ** 2),
            0.8,
        ),
        (
            lambda a: a.sigmoid(),
            lambda x: sigmoid(x) * (1 - sigmoid(x)),
            lambda x: sigmoid(x) * (1 - sigmoid(x)) * (1 - 2 * sigmoid(x)),
            -0.6,
        ),
        (lambda a: a.log(), lambda x: 1 / x, lambda x: -1 / x**2, 2.5),
        (lambda a: 1 / a, lambda x: -1 / x**2, lambda x: 2 / x**3, 1.7),
        (lambda a: 2.0**a, lambda x: 2**x * math.log(2), lambda x: 2**x * math.log(2) ** 2, 0.9),
        (
            lambda a: a**a,
            lambda x: x**x * (math.log(x) + 1),
            lambda x: x**x * ((math.log(x) + 1) ** 2 + 1 / x),
            1.4,
        ),
    ],
)
def test_second_derivative_matches_closed_form(f, d1, d2, x):
    first, second = second_derivative(f, x)
    assert first == pytest.approx(d1(x), rel=1e-12)
    assert second == pytest.approx(d2(x), rel=1e-11)
