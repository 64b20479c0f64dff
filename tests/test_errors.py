"""Bad input: a clear error naming the op and operand, and no change to any graph or grad."""

import math

import pytest

from autograd_mini import DomainError, Value, grad, hessian, topological_order


def snapshot(*values):
    nodes = {n for v in values for n in topological_order(v)}
    return {id(n): (n.data, n.grad, n.op, n.parents) for n in nodes}


@pytest.fixture
def graph():
    """A graph with gradients in it, whose state must survive every failed op."""
    x = Value(-2.0, "x")
    zero = Value(0.0, "z")
    big = Value(1000.0, "big")
    y = x * zero + big
    y.backward()
    return x, zero, big, y


CASES = [
    ("log of 0", lambda x, z, big: z.log(), DomainError, ["log", "> 0", "0.0", "'z'"]),
    ("log of negative", lambda x, z, big: x.log(), DomainError, ["log", "-2.0", "'x'"]),
    (
        "negative base, fractional power",
        lambda x, z, big: x**0.5,
        DomainError,
        ["**", "negative base", "-2.0", "'x'", "0.5"],
    ),
    ("0 to a negative power", lambda x, z, big: z**-1, DomainError, ["**", "0", "-1.0"]),
    ("division by zero", lambda x, z, big: x / z, DomainError, ["/", "zero", "'z'"]),
    ("number divided by zero", lambda x, z, big: 1 / z, DomainError, ["/", "zero", "'z'"]),
    ("exp overflow", lambda x, z, big: big.exp(), DomainError, ["exp", "1000.0", "'big'"]),
    ("pow overflow", lambda x, z, big: Value(10.0) ** 1000, DomainError, ["**", "10.0", "1000"]),
    ("mul overflow", lambda x, z, big: Value(1e300) * 1e300, DomainError, ["*", "overflow"]),
    (
        "negative base, Value exponent",
        lambda x, z, big: x ** Value(2.0),
        DomainError,
        ["**", "base must be > 0", "'x'"],
    ),
    (
        "zero base, Value exponent",
        lambda x, z, big: z ** Value(2.0),
        DomainError,
        ["**", "> 0", "'z'"],
    ),
    ("string operand", lambda x, z, big: x + "1", TypeError, ["+", "str", "'1'"]),
    ("None operand", lambda x, z, big: x * None, TypeError, ["*", "NoneType"]),
    ("complex operand", lambda x, z, big: x - 1j, TypeError, ["-", "complex"]),
    ("bool operand", lambda x, z, big: x * True, TypeError, ["*", "bool"]),
    ("list operand", lambda x, z, big: x / [1.0], TypeError, ["/", "list"]),
    ("nan operand", lambda x, z, big: x + math.nan, ValueError, ["+", "finite", "nan"]),
    ("inf exponent", lambda x, z, big: big**math.inf, ValueError, ["**", "finite", "inf"]),
    ("string compared", lambda x, z, big: x < "3", TypeError, ["<", "str"]),
    ("sqrt of negative", lambda x, z, big: x.sqrt(), DomainError, ["sqrt", ">= 0", "-2.0", "'x'"]),
    ("slope not a number", lambda x, z, big: x.leaky_relu("0.1"), TypeError, ["leaky_relu", "str"]),
]


@pytest.mark.parametrize(
    ("bad", "message_parts", "kind"), [(c[1], c[3], c[2]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_op_names_op_and_operand_and_changes_nothing(graph, bad, message_parts, kind):
    x, z, big, y = graph
    before = snapshot(y)
    with pytest.raises(kind) as caught:
        bad(x, z, big)
    message = str(caught.value)
    for part in message_parts:
        assert part in message, f"{part!r} not in {message!r}"
    assert snapshot(y) == before


@pytest.mark.parametrize(
    ("data", "kind", "part"),
    [
        ("1.0", TypeError, "str"),
        (None, TypeError, "NoneType"),
        (2j, TypeError, "complex"),
        (True, TypeError, "bool"),
        ([1.0], TypeError, "list"),
        (math.nan, ValueError, "nan"),
        (-math.inf, ValueError, "-inf"),
    ],
)
def test_value_refuses_non_numbers_and_non_finite_numbers(data, kind, part):
    with pytest.raises(kind, match="Value") as caught:
        Value(data)
    assert part in str(caught.value)


def test_value_refuses_a_numpy_array():
    np = pytest.importorskip("numpy")
    with pytest.raises(TypeError, match="ndarray"):
        Value(np.array([1.0, 2.0]))
    assert Value(np.float64(2.5)).data == 2.5  # a NumPy scalar is a real number


def test_value_refuses_a_non_string_label():
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)


def test_failed_backward_changes_no_grad():
    # sqrt at 0 has an infinite slope: the pass fails before any .grad is written.
    x = Value(0.0, "x")
    w = Value(3.0, "w")
    y = x**0.5 + w * w
    with pytest.raises(DomainError, match=r"\*\*: derivative is undefined at 0.0 \(Value 'x'\)"):
        y.backward()
    assert all(node.grad == 0.0 for node in topological_order(y))


def test_backward_refuses_a_gradient_that_overflows():
    # a / b is finite, but d(a/b)/da = 1/b = 1e310 is not a float: no silent inf.
    a, b = Value(1e-300, "a"), Value(1e-310, "b")
    y = a / b
    with pytest.raises(DomainError, match=r"backward: the gradient overflows \(-?inf\)"):
        y.backward()
    assert (a.grad, b.grad, y.grad) == (0.0, 0.0, 0.0)


def test_grad_refuses_non_values():
    x = Value(1.0)
    with pytest.raises(TypeError, match="grad: inputs"):
        grad(x * 2, [1.0])
    with pytest.raises(TypeError, match="grad: output"):
        grad(2.0, [x])


@pytest.mark.parametrize(
    "convert",
    [float, math.exp, math.tanh, math.log, math.sqrt, complex],
    ids=["float", "math.exp", "math.tanh", "math.log", "math.sqrt", "complex"],
)
def test_a_value_never_turns_into_a_float_implicitly(convert):
    # math.exp(x) would return a plain float and silently cut the graph: x.grad would miss a term.
    x = Value(0.5, "x")
    with pytest.raises(TypeError) as caught:
        convert(x)
    message = str(caught.value)
    for part in (".data", ".exp()", "'x'"):
        assert part in message, f"{part!r} not in {message!r}"
    assert (x.grad, x.op, x.parents) == (0.0, "", ())


def test_numpy_refuses_to_turn_a_value_into_a_float():
    np = pytest.importorskip("numpy")
    with pytest.raises(TypeError, match=r"\.data"):
        np.array([Value(1.0)], dtype=float)


@pytest.mark.parametrize(
    ("make", "parts"),
    [
        (lambda: Value(10**400), ["Value", "int", "too large for a float"]),
        (lambda: Value(1.0, "x") + 10**400, ["+", "int", "too large for a float"]),
        (lambda: Value(2.0) ** -(10**400), ["**", "too large for a float"]),
    ],
    ids=["Value of a huge int", "huge int operand", "huge negative exponent"],
)
def test_an_int_too_large_for_a_float_is_refused_naming_the_op(make, parts):
    with pytest.raises(ValueError, match="too large for a float") as caught:
        make()
    for part in parts:
        assert part in str(caught.value), f"{part!r} not in {caught.value}"


def test_repeated_backward_refuses_to_overflow_grad_and_changes_nothing():
    # Each pass adds 1e308 to x.grad: the second would make it inf (past 1.8e308).
    x = Value(1.0, "x")
    y = x * 1e308
    y.backward()
    with pytest.raises(DomainError, match=r"backward: .*overflows \.grad at .*'x'"):
        y.backward()
    assert (x.grad, y.grad) == (1e308, 1.0)


def test_a_number_operands_derivative_is_not_computed_so_cannot_refuse():
    # d/dx 0.001**x = 0.001**x * log(0.001), finite at x = -102 (about -6.9e306), while the
    # derivative for the base, x * 0.001**(x - 1), would overflow: 0.001 is a number, so it
    # gets none, and nothing is refused.
    x = Value(-102.0, "x")
    y = 0.001**x
    y.backward()
    assert x.grad == pytest.approx(0.001**-102.0 * math.log(0.001), rel=1e-12)
    # The same for the exponent's derivative: d/da a**3 needs no log(a), so 6a at 1e102.
    assert hessian(lambda a: a**3, [1e102]) == [[pytest.approx(6e102, rel=1e-12)]]
