"""assert_grad_matches / assert_hessian_matches: pass on right formulas, and on a wrong one the
finite-difference referee names the culprit: your formula, or (planted in a subprocess) the engine.

The right formulas below are derived by hand, independently of the engine.
"""

import json
import math
import subprocess
import sys
import textwrap

import pytest
from hypothesis import strategies as st

from autograd_mini import Value
from autograd_mini.testing import (
    GradientMismatch,
    assert_grad_matches,
    assert_hessian_matches,
)
from autograd_mini.testing.table import LISTENERS


def sigma(z):
    return 1.0 / (1.0 + math.exp(-z))


def f(a, b):
    return (a * b).sigmoid() + a.log()


def right(a, b):
    """d/da = s(1 - s) b + 1/a, d/db = s(1 - s) a, s = sigma(ab): by hand."""
    s = sigma(a * b)
    return s * (1 - s) * b + 1 / a, s * (1 - s) * a


def missing_sigma_prime(a, b):
    """The learner forgot sigma'(ab) in d/db."""
    s = sigma(a * b)
    return s * (1 - s) * b + 1 / a, a


POINTS = [(1.5, -0.5), (0.3, 2.0), (4.0, 0.25)]


def test_a_right_formula_passes_at_every_point():
    assert_grad_matches(f, right, at=POINTS)


def test_a_formula_can_return_a_dict_or_be_a_dict_of_formulas_and_points_can_be_dicts():
    assert_grad_matches(f, lambda a, b: dict(zip("ab", right(a, b), strict=True)), at=POINTS)
    by_name = {"a": lambda a, b: right(a, b)[0], "b": lambda a, b: right(a, b)[1]}
    assert_grad_matches(f, by_name, at={"b": -0.5, "a": 1.5})


def test_one_input_takes_a_number_and_a_flat_list_of_points():
    assert_grad_matches(lambda x: x.tanh(), lambda x: 1 - math.tanh(x) ** 2, at=0.7)
    assert_grad_matches(lambda x: x.exp() * x, lambda x: math.exp(x) * (1 + x), at=[-1.0, 0, 2])


def test_a_wrong_formula_fails_and_the_referee_blames_the_formula_for_that_input_only():
    with pytest.raises(GradientMismatch) as raised:
        assert_grad_matches(f, missing_sigma_prime, at=(1.5, -0.5))
    report = raised.value.report
    assert report.culprits == {"formula wrong": ["b"]}
    a, b = report.rows
    assert a.verdict == "ok"
    s = sigma(-0.75)
    assert (b.engine, b.analytic) == (pytest.approx(s * (1 - s) * 1.5, rel=1e-12), 1.5)
    assert b.referee == pytest.approx(s * (1 - s) * 1.5, rel=1e-9)


def test_the_failure_message_is_a_table_a_learner_can_read():
    with pytest.raises(AssertionError) as raised:
        assert_grad_matches(f, missing_sigma_prime, at=(1.5, -0.5))
    lines = str(raised.value).splitlines()
    assert "a=1.5, b=-0.5" in lines[1]
    header = lines[5].split()
    assert header[:4] == ["input", "x", "engine", "analytic"]
    assert "finite" in header
    assert header[-1] == "verdict"
    assert lines[6].split()[0] == "a"
    assert lines[6].endswith("ok")
    assert lines[7].split()[0] == "b"
    assert lines[7].endswith("formula wrong")
    assert lines[-2:] == [
        "verdict: the engine agrees with finite differences and your formula does not:",
        "  check your formula for b",
    ]


def test_a_formula_wrong_by_rounding_fails_tight_passes_loose_and_is_too_close_to_call():
    def nudged(a, b):
        da, db = right(a, b)
        return da * (1 + 1e-8), db

    with pytest.raises(GradientMismatch) as raised:
        assert_grad_matches(f, nudged, at=(1.5, -0.5))
    assert raised.value.report.culprits == {"too close to call": ["a"]}
    assert_grad_matches(f, nudged, at=(1.5, -0.5), rtol=1e-7)


def test_a_hypothesis_strategy_as_at_finds_the_failing_region():
    def right_only_for_positive(x):
        return abs(x) * 0 + 2 * x if x > 0 else 0.0

    points = st.floats(-3, 3).filter(lambda x: abs(x) > 1e-3)
    assert_grad_matches(lambda x: x * x, lambda x: 2 * x, at=points)
    with pytest.raises(GradientMismatch) as raised:
        assert_grad_matches(lambda x: x * x, right_only_for_positive, at=points)
    assert raised.value.report.culprits == {"formula wrong": ["x"]}


def test_the_hessian_of_a_right_formula_passes_and_a_wrong_entry_is_named():
    def g(a, b):
        return a * b.exp() + a.log()

    def hessian(a, b):
        return [[-1 / a**2, math.exp(b)], [math.exp(b), a * math.exp(b)]]

    def forgot_a(a, b):
        return [[-1 / a**2, math.exp(b)], [math.exp(b), math.exp(b)]]

    assert_hessian_matches(g, hessian, at=POINTS[:2])
    assert_hessian_matches(lambda x: x**3, lambda x: 6 * x, at=[-2.0, 0.5])
    with pytest.raises(GradientMismatch) as raised:
        assert_hessian_matches(g, forgot_a, at=(1.5, -0.5))
    assert raised.value.report.culprits == {"formula wrong": ["b,b"]}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: assert_grad_matches(f, right, at=(1.0,)), "f takes 2 inputs"),
        (lambda: assert_grad_matches(f, right, at={"a": 1.0}), "must name"),
        (lambda: assert_grad_matches(f, lambda a, b: (1.0,), at=(1.0, 2.0)), "must return"),
        (lambda: assert_grad_matches(f, {"a": math.exp}, at=(1.0, 2.0)), "a formula for each"),
        (lambda: assert_grad_matches(lambda *xs: xs[0], right, at=1.0), "named inputs"),
        (lambda: assert_grad_matches(lambda a: 2.0, lambda a: 0.0, at=1.0), "must return a Value"),
        (lambda: assert_grad_matches(f, right, at=(1.0, "2")), "at: b"),
    ],
    ids=[
        "short point",
        "dict point",
        "short result",
        "dict formulas",
        "star args",
        "float f",
        "string",
    ],
)
def test_bad_arguments_are_one_clear_error(call, message):
    with pytest.raises((TypeError, ValueError), match=message):
        call()


def test_every_check_is_published_to_listeners_passing_or_not():
    seen = []
    LISTENERS.append(seen.append)
    try:
        assert_grad_matches(f, right, at=POINTS)
        with pytest.raises(GradientMismatch):
            assert_grad_matches(f, missing_sigma_prime, at=POINTS)
    finally:
        LISTENERS.remove(seen.append)
    assert [report.ok for report in seen] == [True, True, True, False]


PLANTED = textwrap.dedent(
    """
    import json, math
    from autograd_mini import OPS, Op, apply
    from autograd_mini.testing import GradientMismatch, assert_grad_matches, assert_hessian_matches

    # The planted bug: a sigmoid whose derivative loses its (1 - out) factor; the forward is
    # intact. (OPS refuses to replace the built-in entry, so the bug is planted as a new op.)
    OPS["planted_sigmoid"] = Op("sigmoid(a)", d_a="out")

    s = lambda z: 1 / (1 + math.exp(-z))
    verdicts = {}
    for name, check, formula in [
        ("grad", assert_grad_matches, lambda x: s(x) * (1 - s(x))),
        ("hessian", assert_hessian_matches, lambda x: s(x) * (1 - s(x)) * (1 - 2 * s(x))),
    ]:
        try:
            check(lambda x: apply("planted_sigmoid", x), formula, at=0.8)
            verdicts[name] = "passed"
        except GradientMismatch as error:
            verdicts[name] = error.report.culprits
    print(json.dumps(verdicts))
    """
)


def test_a_wrong_engine_derivative_is_blamed_on_the_engine(tmp_path):
    run = subprocess.run(
        [sys.executable, "-c", PLANTED], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert run.returncode == 0, run.stderr
    verdicts = json.loads(run.stdout)
    assert verdicts == {"grad": {"engine wrong": ["x"]}, "hessian": {"engine wrong": ["x,x"]}}


def test_the_same_check_passes_on_the_real_engine():
    # The control for the planted test: the same formulas hold on the unmodified table.
    def s(z):
        return 1 / (1 + math.exp(-z))

    assert_grad_matches(lambda x: x.sigmoid(), lambda x: s(x) * (1 - s(x)), at=0.8)
    assert_hessian_matches(
        lambda x: x.sigmoid(), lambda x: s(x) * (1 - s(x)) * (1 - 2 * s(x)), at=0.8
    )
    assert isinstance(Value(0.8).sigmoid(), Value)
