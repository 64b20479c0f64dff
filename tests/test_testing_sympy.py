"""SymPy as the oracle: every op has a counterpart, graphs translate with their labels, and
SymPy's derivatives (its own calculus, not the op table's rules) check the engine's."""

import json
import subprocess
import sys
import textwrap

import pytest

from autograd_mini import OPS, Value
from autograd_mini.testing.strategies import DOMAINS

# SymPy (0.3 s to import) and the oracle that imports it are imported by the tests, not while
# collecting: every pytest-xdist worker collects every file, and most run none of these tests.


def symbols():
    """SymPy and the real symbols a and b."""
    import sympy

    return sympy, *sympy.symbols("a b", real=True)


def test_every_op_has_a_sympy_counterpart():
    from autograd_mini.testing.symbolic import SYMPY

    # Fails as soon as an op is added to OPS without its line in symbolic.SYMPY.
    assert set(OPS) - set(SYMPY) == set()


def test_every_op_has_a_domain_for_the_strategies():
    assert set(OPS) - set(DOMAINS) == set()
    for name, op in OPS.items():
        assert len(DOMAINS[name]) == op.arity, name


def test_a_graph_becomes_the_expression_its_labels_name():
    from autograd_mini.testing import to_sympy
    from autograd_mini.testing.symbolic import sigmoid

    sympy, a_, b_ = symbols()
    a, b = Value(1.5, "a"), Value(-0.5, "b")
    y = (a * b).sigmoid() + a.log()
    assert to_sympy(y) == sigmoid(a_ * b_) + sympy.log(a_)
    assert to_sympy(y).rewrite(sympy.exp) == 1 / (1 + sympy.exp(-a_ * b_)) + sympy.log(a_)
    assert float(to_sympy(y).subs({a_: 1.5, b_: -0.5})) == pytest.approx(y.data, rel=1e-15)


def test_numbers_are_short_rationals_and_unlabelled_or_repeated_labels_get_names():
    from autograd_mini.testing import to_sympy

    sympy, a_, _ = symbols()
    a = Value(2.0, "a")
    y = (a * 0.1 + 2) ** 2 / Value(3.0) - Value(1.0, "a").relu()
    x2, a_2 = sympy.Symbol("x1", real=True), sympy.Symbol("a_2", real=True)
    relu = sympy.Piecewise((a_2, a_2 > 0), (0, True))
    assert to_sympy(y) == (a_ / 10 + 2) ** 2 / x2 - relu


def test_symbolic_grad_reads_as_a_learner_derives_it():
    from autograd_mini.testing import symbolic_grad
    from autograd_mini.testing.symbolic import sigmoid

    sympy, a_, b_ = symbols()
    a, b = Value(1.5, "a"), Value(-0.5, "b")
    y = (a * b).sigmoid() + a.log()
    assert str(symbolic_grad(y, b)) == "a*(1 - sigmoid(a*b))*sigmoid(a*b)"
    by_hand = b_ * sigmoid(a_ * b_) * (1 - sigmoid(a_ * b_)) + 1 / a_
    assert sympy.simplify(symbolic_grad(y, a) - by_hand) == 0
    assert symbolic_grad(y, Value(1.0, "elsewhere")) == 0


def test_the_readable_sigmoid_has_the_derivative_sympy_finds_for_the_written_out_one():
    from autograd_mini.testing.symbolic import SYMPY, sigmoid

    sympy, a_, _ = symbols()
    written_out = sympy.diff(SYMPY["sigmoid"](a_), a_)
    readable = sympy.diff(sigmoid(a_), a_).rewrite(sympy.exp)
    assert sympy.simplify(written_out - readable) == 0
    assert float(sigmoid(sympy.Rational(1, 2)).evalf()) == pytest.approx(0.6224593312018546)


def test_assert_matches_sympy_passes_on_the_engine_at_several_points():
    from autograd_mini.testing import assert_matches_sympy

    def f(a, b):
        return (a * b).sigmoid() + a.log() + a**b + (a - b).tanh() / b.exp() - (b * 3).relu()

    assert_matches_sympy(f, at=[(1.5, -0.5), (0.2, 3.0), (4.0, 0.1)])


PLANTED = textwrap.dedent(
    """
    import json
    from autograd_mini import OPS, Op, Value, apply
    from autograd_mini.testing import GradientMismatch, assert_matches_sympy, to_sympy
    from autograd_mini.testing.symbolic import SYMPY

    # The planted bug: tanh again as a new entry, its derivative 1 - out, not 1 - out**2.
    OPS["bad_tanh"] = Op("tanh(a)", d_a="1 - out")
    SYMPY["bad_tanh"] = SYMPY["tanh"]  # its SymPy counterpart, from the definition
    try:
        assert_matches_sympy(lambda x, y: apply("bad_tanh", x) * y, at=(0.8, 2.0))
        culprits = "passed"
    except GradientMismatch as error:
        culprits = error.report.culprits
    OPS["cube"] = Op("a**3", d_a="3 * a**2")  # an op with no SymPy counterpart
    try:
        to_sympy(apply("cube", Value(2.0, "x")))
        missing = "translated"
    except KeyError as error:
        missing = error.args[0]
    print(json.dumps({"culprits": culprits, "missing": missing}))
    """
)


def test_a_wrong_engine_rule_is_blamed_and_an_op_without_counterpart_is_named(tmp_path):
    run = subprocess.run(
        [sys.executable, "-c", PLANTED], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["culprits"] == {"engine wrong": ["x"]}  # d/dy = tanh(x) is still right
    assert got["missing"] == (
        "to_sympy: op 'cube' has no SymPy counterpart; add one to"
        " autograd_mini.testing.symbolic.SYMPY"
    )


def test_to_sympy_refuses_a_non_value():
    from autograd_mini.testing import to_sympy

    with pytest.raises(TypeError, match="root must be a Value, got float"):
        to_sympy(1.0)
