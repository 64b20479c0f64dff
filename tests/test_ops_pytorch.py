"""The ops PyTorch users reach for first, at their kinks and domain edges, as PyTorch states them.

Closed forms and central differences for every op are in test_ops.py (its tables list these too).
"""

import math

import pytest

from autograd_mini import DomainError, Value, grad, parse


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


@pytest.mark.parametrize("x", [0.0, -0.0])
def test_abs_derivative_at_zero_is_zero_as_in_pytorch(x):
    a = Value(x)
    out = abs(a)
    out.backward()
    assert out.op == "abs"
    assert out.data == 0.0
    assert a.grad == 0.0


@pytest.mark.parametrize(("x", "slope"), [(-2.0, -1.0), (3.0, 1.0)])
def test_abs_is_the_builtin_and_the_method(x, slope):
    a = Value(x)
    assert abs(a).data == a.abs().data == abs(x)
    assert grad(abs(a), a).data == slope


def test_sqrt_at_zero_is_zero_and_its_infinite_slope_is_refused():
    z = Value(0.0, "z")
    root = z.sqrt()
    assert root.data == 0.0
    with pytest.raises(DomainError, match=r"sqrt: derivative is undefined at 0\.0 \(Value 'z'\)"):
        root.backward()  # PyTorch gives inf; the engine refuses a non-finite gradient
    assert z.grad == 0.0


def test_sqrt_of_a_negative_number_is_refused():
    with pytest.raises(DomainError, match=r"sqrt: operand must be >= 0, got -1\.0 \(Value 'x'\)"):
        Value(-1.0, "x").sqrt()


@pytest.mark.parametrize("x", [-800.0, -30.0, 0.0, 25.0, 30.0, 1e300])
def test_softplus_is_exact_where_pytorch_switches_to_x(x):
    # log(1 + e^x) = max(x, 0) + log(1 + e^-|x|); PyTorch returns x itself past x > 20
    a = Value(x)
    out = a.softplus()
    out.backward()
    assert out.data == max(x, 0.0) + math.log1p(math.exp(-abs(x)))
    assert a.grad == pytest.approx(sigmoid(x) if x > -700 else 0.0, rel=1e-15, abs=1e-300)


@pytest.mark.parametrize(
    ("x", "slope", "out", "d_x", "d_slope"),
    [
        (-2.0, 0.01, -0.02, 0.01, -2.0),
        (3.0, 0.01, 3.0, 1.0, 0.0),
        (0.0, 0.2, 0.0, 0.2, 0.0),  # at the kink PyTorch takes the slope: x > 0 ? 1 : slope
        (-0.5, 0.2, -0.1, 0.2, -0.5),
    ],
)
def test_leaky_relu_values_and_slopes_as_pytorch(x, slope, out, d_x, d_slope):
    a, s = Value(x), Value(slope)
    y = a.leaky_relu(s)  # a Value slope learns (PReLU): d y / d slope = x for x <= 0
    assert y.data == pytest.approx(out, rel=1e-15)
    assert [g.data for g in grad(y, [a, s])] == pytest.approx([d_x, d_slope], rel=1e-15)
    assert grad(Value(x).leaky_relu(slope), [a])[0].data == 0.0  # another leaf


def test_leaky_relu_default_slope_is_pytorchs():
    a = Value(-1.0)
    a.leaky_relu().backward()
    assert a.grad == 0.01


@pytest.mark.parametrize("x", [-2.0, 0.0, 0.7, 3.0])
def test_sin_and_cos_second_derivatives(x):
    for f, d1, d2 in (
        (lambda t: t.sin(), math.cos, lambda t: -math.sin(t)),
        (lambda t: t.cos(), lambda t: -math.sin(t), lambda t: -math.cos(t)),
    ):
        a = Value(x)
        first = grad(f(a), a, create_graph=True)
        assert first.data == pytest.approx(d1(x), rel=1e-15, abs=1e-16)
        assert grad(first, a).data == pytest.approx(d2(x), rel=1e-15, abs=1e-16)


def test_the_parser_reads_the_new_ops():
    x, y = Value(4.0, "x"), Value(-1.0, "y")
    f = parse(
        "sqrt(x) + abs(y) + sin(x) * cos(y) + softplus(y) + leaky_relu(y, 0.1)", {"x": x, "y": y}
    )
    value = 2.0 + 1.0 + math.sin(4.0) * math.cos(-1.0) + math.log1p(math.exp(-1.0)) - 0.1
    assert f.data == pytest.approx(value, rel=1e-15)
    d_x = 0.25 + math.cos(4.0) * math.cos(-1.0)  # 1 / (2 sqrt x) + cos x cos y
    d_y = -1.0 - math.sin(4.0) * math.sin(-1.0) + sigmoid(-1.0) + 0.1  # abs' = -1 at y < 0
    assert [g.data for g in grad(f, [x, y])] == pytest.approx([d_x, d_y], rel=1e-14)


@pytest.mark.parametrize("x", [-3.5, -1e-3, 0.0, 0.1, 7.0, 1e150])
def test_square_is_x_times_x_with_slope_2x_as_pytorchs(x):
    # torch.square(x) is x * x to the bit (not a pow), its slope 2x, its second derivative 2.
    a = Value(x, "x")
    out = a.square()
    assert out.op == "square"
    assert out.data == x * x
    first = grad(out, a, create_graph=True)
    assert first.data == 2 * x
    assert grad(first, a).data == 2.0
    eps = 1e-6 * max(1.0, abs(x))
    assert first.data == pytest.approx(((x + eps) ** 2 - (x - eps) ** 2) / (2 * eps), rel=1e-9)


def test_square_overflowing_a_float_is_refused_and_the_parser_reads_it():
    with pytest.raises(DomainError, match=r"square: .*overflows.*1e\+200 \(Value 'x'\)"):
        Value(1e200, "x").square()
    x = Value(-1.5, "x")
    f = parse("square(x) + square(2)", {"x": x})
    assert f.data == 2.25 + 4.0
    assert grad(f, x).data == -3.0  # d/dx of x^2 + 4 at -1.5
