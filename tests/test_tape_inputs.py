"""The NumPy tape refuses the inputs the engine refuses (complex, strings, bools), as it does."""

import warnings

import numpy as np
import pytest

from autograd_mini import Value
from autograd_mini.nn import trace


@pytest.mark.parametrize(
    ("column", "got"),
    [
        (np.array([1 + 2j, 3.0]), "complex (1+2j) at sample 0"),
        ([2.0, 1j], "complex (2+0j) at sample 0"),  # the whole column is complex
        ([2.0, "1"], "str '2.0' at sample 0"),
        (1 + 0j, "complex (1+0j)"),
        (["1.5", "2"], "str '1.5' at sample 0"),
        ("1.5", "str '1.5'"),
        ([b"1"], "bytes b'1' at sample 0"),
        ([True, False], "bool True at sample 0"),
        (True, "bool True"),
        (np.array([1.0, 0.0]) > 0.5, "bool True at sample 0"),
        ([1.0, None], "NoneType None at sample 1"),
        (np.array([1.0, "x"], dtype=object), "str 'x' at sample 1"),
    ],
)
def test_the_tape_refuses_what_the_engine_refuses(column, got):
    tape = trace(lambda x: x * x, 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # NumPy's ComplexWarning was the only sign before
        with pytest.raises(TypeError) as error:
            tape(column)
        with pytest.raises(TypeError):
            tape.value_and_grad(column)
    assert str(error.value) == f"tape: input x[0]: expected an int or float, got {got}"


def test_the_engines_message_is_the_same_kind():
    with pytest.raises(TypeError, match=r"^Value: expected an int or float, got str '1.5'$"):
        Value("1.5")


@pytest.mark.parametrize("example", ["1.5", True, 1j, np.True_, np.complex128(1.0)])
def test_trace_refuses_an_example_the_engine_refuses(example):
    with pytest.raises(TypeError, match="expected an int or float, got"):
        trace(lambda x: x * x, example)


@pytest.mark.parametrize(
    "column",
    [[1, 2], np.array([1, 2], dtype=np.int64), [np.float32(1.5), 2.0], np.int64(3), 2, [2**60]],
)
def test_the_tape_takes_ints_and_floats_of_any_width(column):
    tape = trace(lambda x: x * x, 1.0)
    expected = np.asarray(column, dtype=np.float64) ** 2
    np.testing.assert_array_equal(tape(column), np.broadcast_to(expected, tape(column).shape))
