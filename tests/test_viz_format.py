"""viz/format.js, the pages' one number formatter, run in Chromium's JavaScript engine."""

import math
from importlib.resources import files

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

pytestmark = pytest.mark.browser

DIGITS = 4


@pytest.fixture(scope="module")
def js(browser):
    """js(values) -> the texts formatNumber gives them, in a blank Chromium page."""
    source = files("autograd_mini.viz").joinpath("format.js").read_text(encoding="utf-8")
    page = browser.new_page()
    # The module imported from a data: URL (what the pages' import map names, alone).
    page.evaluate(
        "async (source) => { window.format = await import("
        "'data:text/javascript,' + encodeURIComponent(source)); }",
        source,
    )
    yield lambda values: page.evaluate("vs => vs.map((v) => format.formatNumber(v))", values)
    page.close()


def within_its_digits(text, x):
    """The text parses back to x within half a unit in its last (DIGITS-th) significant digit."""
    shown = float(text)
    if x == 0:
        return shown == 0
    last_digit = 10.0 ** (math.floor(math.log10(abs(x))) - (DIGITS - 1))
    return abs(shown - x) <= 0.5 * last_digit * (1 + 1e-12)


magnitudes = st.floats(min_value=-300, max_value=300).map(lambda e: 10.0**e)
numbers = st.tuples(magnitudes, st.sampled_from([1.0, -1.0])).map(lambda ms: ms[0] * ms[1])


@given(st.lists(numbers | st.just(0.0) | st.just(-0.0), min_size=1, max_size=20))
@example([-1.237e-10, 1.237e-10, 3.799e-4, 9999.6, 0.00099996, 1e300, -1e-300, 0.5, 1234.0])
def test_the_shown_text_parses_back_to_the_value_within_its_digits(js, values):
    for x, text in zip(values, js(values), strict=True):
        assert within_its_digits(text, x), (x, text)
        mantissa = text.split("e")[0].replace("-", "").replace(".", "").lstrip("0")
        assert len(mantissa) <= DIGITS


def test_the_exponent_keeps_every_digit_and_plain_numbers_read_as_themselves(js):
    values = [-1.237e-10, 1e-10, 3.799e-4, 0.5, 1.0, 1234.0, 12345.0, 0.0, -0.0, math.inf]
    expected = ["-1.237e-10", "1e-10", "3.799e-4", "0.5", "1", "1234", "1.235e4", "0", "0"]
    assert js(values) == [*expected, "Infinity"]
