"""The pages' one number formatter: viz/format.js in Chromium, and look.format_number, its twin."""

import base64
import math
import re
import struct
from decimal import Decimal, localcontext
from importlib.resources import files

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from autograd_mini.viz.look import exact_number, format_number, format_percent

DIGITS = 4


@pytest.fixture(scope="module")
def js(browser):
    """js(values, digits) -> the texts formatNumber gives them, in a blank Chromium page."""
    source = files("autograd_mini.viz").joinpath("format.js").read_text(encoding="utf-8")
    page = browser.new_page()
    # The module imported from a data: URL (what the pages' import map names, alone).
    page.evaluate(
        "async (source) => { window.format = await import("
        "'data:text/javascript,' + encodeURIComponent(source)); }",
        source,
    )
    # The values go as their 8 bytes each and the texts come back as one string: playwright
    # checks and converts a list item by item, ~0.1 s of CPU for the sweep's 12,000 floats.
    script = """([packed, d]) => {
      const bytes = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));
      const view = new DataView(bytes.buffer);
      const texts = [];
      for (let i = 0; i < bytes.length; i += 8) {  // little-endian, as struct's "<d"
        texts.push(format.formatNumber(view.getFloat64(i, true), d));
      }
      return texts.join("\\n");
    }"""

    def run(values, digits=DIGITS):
        packed = base64.b64encode(struct.pack(f"<{len(values)}d", *values)).decode()
        texts = page.evaluate(script, [packed, digits])
        return texts.split("\n") if values else []

    run.page = page  # for the module's other exports
    yield run
    page.close()


def within_its_digits(text, x, digits=DIGITS):
    """The text parses back to x within half a unit in its last (digits-th) significant digit.

    Compared as exact decimals: float() would read 2e308, the text of 1.5e308 to one digit, as inf.
    """
    shown, exact = Decimal(text), Decimal(x)
    if not exact.is_finite() or exact == 0:
        return shown == exact
    with localcontext(prec=2_000):  # enough digits for any double's exact value: no rounding
        last_digit = Decimal(10) ** (exact.adjusted() - (digits - 1))
        return abs(shown - exact) <= last_digit / 2


def significant_figures(text):
    """How many significant digits the text's mantissa writes."""
    if text in ("Infinity", "-Infinity"):
        return 0
    return len(text.split("e")[0].replace("-", "").replace(".", "").lstrip("0"))


magnitudes = st.floats(min_value=-300, max_value=300).map(lambda e: 10.0**e)
numbers = st.tuples(magnitudes, st.sampled_from([1.0, -1.0])).map(lambda ms: ms[0] * ms[1])
EDGES = [-1.237e-10, 1.237e-10, 3.799e-4, 9999.6, 0.00099996, 1e300, -1e-300, 0.5, 1234.0]


@given(st.lists(numbers | st.just(0.0) | st.just(-0.0), min_size=1, max_size=20))
@example(EDGES)
def test_the_shown_text_parses_back_to_the_value_within_its_digits(js, values):
    for x, text in zip(values, js(values), strict=True):
        assert within_its_digits(text, x), (x, text)
        assert significant_figures(text) <= DIGITS


def test_the_exponent_keeps_every_digit_and_plain_numbers_read_as_themselves(js):
    values = [-1.237e-10, 1e-10, 3.799e-4, 0.5, 1.0, 1234.0, 12345.0, 0.0, -0.0, math.inf]
    expected = ["-1.237e-10", "1e-10", "3.799e-4", "0.5", "1", "1234", "1.235e4", "0", "0"]
    assert js(values) == [*expected, "Infinity"]


@given(numbers | st.just(0.0) | st.just(-0.0) | st.floats(), st.integers(1, 8))
@example(5e-324, DIGITS)
@example(-2.2250738585072014e-308, DIGITS)
def test_python_text_parses_back_to_the_value_within_its_digits(x, digits):
    text = format_number(x, digits)
    if math.isnan(x):
        assert text == "NaN"
        return
    assert within_its_digits(text, x, digits), (x, digits, text)
    assert significant_figures(text) <= digits


def test_python_writes_the_edge_cases_as_the_pages_do():
    # Expected texts written by hand from format.js's rule (plain for 0.001 <= |x| < 10**digits,
    # halves rounded away from zero as JavaScript's toPrecision does), not from either formatter.
    cases = [
        (0.0, "0"),
        (-0.0, "0"),
        (math.nan, "NaN"),
        (math.inf, "Infinity"),
        (-math.inf, "-Infinity"),
        (5e-324, "4.941e-324"),
        (1e300, "1e300"),
        (-1e-300, "-1e-300"),
        (9999.6, "1e4"),
        (9999.4, "9999"),
        (0.00099996, "1e-3"),
        (0.001, "0.001"),
        (10000.0, "1e4"),
        (999.96, "1000"),
        (12345.0, "1.235e4"),
        (1.0625, "1.063"),
        (-1.0625, "-1.063"),
        (0.0002602, "2.602e-4"),
        (-1.237e-10, "-1.237e-10"),
        (0.1, "0.1"),
    ]
    assert [(x, format_number(x)) for x, _ in cases] == cases
    assert [format_number(2.5, 1), format_number(0.0015, 1), format_number(99.5, 2)] == [
        "3",
        "0.002",
        "1e2",
    ]


def sweep():
    """Some thousands of floats: every decade of the doubles, ties, carries and boundaries."""
    values = [0.0, -0.0, math.nan, math.inf, -math.inf, 5e-324, 2.2250738585072014e-308]
    values += [1.7976931348623157e308, 1e-3, 1e-3 * (1 - 2**-52), 1e-3 * (1 + 2**-52)]
    for power in range(-324, 309):
        for mantissa in (1.0, 1.2345, 2.5, 4.99995, 9.9996, 9.99949):
            values.append(mantissa * 10.0**power)
    for digits in range(1, 9):  # 10**digits, just under it, and what rounds up to it
        values += [10.0**digits, 10.0**digits * (1 - 2**-52), 10.0**digits - 0.4]
    values += [k / 1024 for k in range(1, 40_000, 37)]  # exact binary fractions: many ties
    values += [float(k) * 5 for k in range(1, 30_000, 29)]  # integers ending in 5 or 0
    return values + [-x for x in values]


@pytest.mark.parametrize("digits", [1, 2, 3, 4, 6])
def test_python_and_javascript_write_the_same_text_across_a_wide_sweep(js, digits):
    values = sweep()
    shown = js(values, digits)
    different = [
        (x, text, format_number(x, digits))
        for x, text in zip(values, shown, strict=True)
        if format_number(x, digits) != text
    ]
    assert len(values) > 5_000
    assert different == []


@given(st.lists(st.floats(), min_size=50, max_size=50), st.integers(1, 8))
def test_python_and_javascript_write_the_same_text_for_any_float(js, values, digits):
    python = [format_number(x, digits) for x in values]
    assert python == js(values, digits)


@given(st.floats(allow_nan=False, allow_infinity=False))
@example(0.000427309011190178)
@example(100.0)
@example(70368744177664.62)  # exactly ...664.625: repr keeps .62, a rounding to 16 figures .63
def test_exact_number_keeps_every_digit_of_repr_in_the_one_rule(x):
    text = exact_number(x)
    assert Decimal(text) == Decimal(repr(x))  # the same digits as Python's shortest repr
    # Laid out by the rule: plain between 0.001 and 10**figures (at least 4), else a mantissa
    # with one digit before its point and an exponent; no trailing zeros after a point.
    shortest = Decimal(repr(x)).normalize()
    figures = max(len(shortest.as_tuple().digits), 4)
    if x == 0 or 1e-3 <= abs(x) < 10**figures:
        assert re.fullmatch(r"-?\d+(\.\d*[1-9])?", text), text
    else:
        assert re.fullmatch(r"-?[1-9](\.\d*[1-9])?e-?[1-9]\d*", text), text


def test_a_percentage_is_its_number_of_percent_in_the_rule_in_python_and_javascript(js):
    assert [format_percent(s) for s in (0.75, 0.875, 1 / 3, 1.0, 0.0, 0.07, 0.29)] == [
        "75%",
        "87.5%",
        "33.33%",
        "100%",
        "0%",
        "7%",
        "29%",
    ]
    shares = [k / n for n in range(1, 65) for k in range(n + 1)]  # every accuracy of up to 64
    shown = js.page.evaluate("(shares) => shares.map(format.formatPercent)", shares)
    assert shown == [format_percent(s) for s in shares]
    assert all(text == f"{format_number(100 * s)}%" for s, text in zip(shares, shown, strict=True))
