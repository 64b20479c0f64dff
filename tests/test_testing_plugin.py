"""The pytest plugin, run by pytester on small test files as a user's project would have them."""

import pytest

pytest_plugins = ["pytester"]

USER_TESTS = """
import math
from autograd_mini.testing import assert_grad_matches

def sigma(z):
    return 1 / (1 + math.exp(-z))

def f(a, b):
    return (a * b).sigmoid() + a.log()

def test_my_derivation():
    def mine(a, b):
        s = sigma(a * b)
        return s * (1 - s) * b + 1 / a, s * (1 - s) * a
    assert_grad_matches(f, mine, at=[(1.5, -0.5), (0.3, 2.0)])

def test_my_derivation_without_sigma_prime():
    def mine(a, b):
        s = sigma(a * b)
        return s * (1 - s) * b + 1 / a, a
    assert_grad_matches(f, mine, at=(1.5, -0.5))
"""


@pytest.fixture
def user_tests(pytester):
    pytester.makepyfile(test_user=USER_TESTS)
    return pytester


def section(output, title):
    """The lines of a report section `--- title ---` up to the next separator."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if f" {title} " in line and "---" in line)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(("---", "===")))
    return lines[start + 1 : end]


def test_a_failing_check_prints_its_table_as_a_section_of_the_failure(user_tests):
    result = user_tests.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    table = section(result.stdout.str(), "gradient check")
    assert table[0] == "assert_grad_matches: the gradient of f at a=1.5, b=-0.5"
    rows = {line.split()[0]: line for line in table if line[:2] in ("a ", "b ")}
    assert rows["a"].endswith(" ok")
    assert rows["b"].endswith(" formula wrong")
    assert table[-2].startswith("verdict: the engine agrees with finite differences")
    assert table[-1] == "  check your formula for b"


def test_the_plugin_is_active_when_installed_and_can_be_turned_off(user_tests):
    # No -p option: the entry point (setup.cfg, pytest11) loads it; -p no:autograd_mini stops it.
    result = user_tests.runpytest("-p", "no:autograd_mini")
    result.assert_outcomes(passed=1, failed=1)
    assert " gradient check " not in result.stdout.str()
    assert "formula wrong" in result.stdout.str()  # the exception's own message still says it


def test_grad_report_prints_every_check_passing_ones_too(user_tests):
    result = user_tests.runpytest("--grad-report")
    result.assert_outcomes(passed=1, failed=1)
    output = result.stdout.str()
    summary = output[output.index("= gradient checks: 3 =") :]
    assert summary.count("test_user.py::test_my_derivation: passed") == 2
    assert "test_user.py::test_my_derivation_without_sigma_prime: FAILED" in summary
    assert "a=0.3, b=2.0" in summary


def test_without_grad_report_passing_checks_print_nothing(user_tests):
    result = user_tests.runpytest("-k", "test_my_derivation and not sigma")
    result.assert_outcomes(passed=1)
    assert "gradient check" not in result.stdout.str()
    assert "--grad-report" in user_tests.runpytest("--help").stdout.str()
