"""Writing `.data`: numbers are stored as floats, anything else is refused naming the Value."""

import math

import pytest

from autograd_mini import Value


def test_writing_data_stores_a_float_and_the_lecture_update_works():
    p = Value(1.0, "p")
    p.grad = 2.0
    p.data += -0.1 * p.grad  # micrograd's lecture's update
    assert p.data == 0.8
    p.data = 3
    assert type(p.data) is float
    assert p.data == 3.0


@pytest.mark.parametrize(
    ("number", "error", "words"),
    [
        (math.nan, ValueError, "Value.data of 'w': expected a finite number, got nan"),
        (math.inf, ValueError, "expected a finite number, got inf"),
        ("1.0", TypeError, "Value.data of 'w': expected an int or float, got str '1.0'"),
        (None, TypeError, "got NoneType"),
        (True, TypeError, "got bool"),
        (10**400, ValueError, "int too large for a float"),
    ],
)
def test_writing_a_non_finite_or_non_number_data_is_refused_and_changes_nothing(
    number, error, words
):
    w = Value(0.5, "w")
    with pytest.raises(error) as raised:
        w.data = number
    assert words in str(raised.value)
    assert w.data == 0.5


def test_an_unlabelled_value_is_named_value_data():
    with pytest.raises(ValueError, match=r"^Value\.data: expected a finite number, got nan$"):
        Value(1.0).data = math.nan
