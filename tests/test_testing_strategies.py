"""autograd_mini.testing.strategies: numbers keep their stated margin from every pole and kink,
expressions are defined everywhere and print as the text of the same graph, networks as said."""

import inspect
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd_mini import OPS, DomainError, Value, apply, parse
from autograd_mini.nn import TwoLayerNet
from autograd_mini.testing import strategies
from autograd_mini.testing.strategies import (
    BOUND,
    DOMAINS,
    MARGIN,
    domain,
    expressions,
    networks,
    numbers,
    points,
)


def operands():
    return st.sampled_from([(op, i) for op in sorted(OPS) for i in range(OPS[op].arity)])


@given(operands().flatmap(lambda case: st.tuples(st.just(case), numbers(*case))))
def test_numbers_keep_the_margin_from_every_cut_of_their_domain(drawn):
    (op, i), x = drawn
    cuts = {c for lo, hi in DOMAINS[op][i] for c in (lo, hi) if math.isfinite(c)}
    # c - MARGIN rounds: 3 - 0.001 is 2.999, 9.999999999998899e-4 from 3.
    assert all(abs(x - c) >= MARGIN * (1 - 1e-9) for c in cuts), (op, i, x)
    assert any(lo < x < hi for lo, hi in DOMAINS[op][i])
    assert -BOUND <= x <= BOUND


@given(st.sampled_from(sorted(OPS)).flatmap(lambda op: st.tuples(st.just(op), points(op))))
def test_every_op_is_defined_a_tenth_of_the_margin_around_its_points(drawn):
    op, xs = drawn
    for shift in (-MARGIN / 10, 0.0, MARGIN / 10):
        apply(op, *(Value(x + shift) for x in xs))  # raises DomainError outside the domain


def test_the_kink_of_relu_and_the_poles_are_cut_out():
    assert domain("relu") == ((-BOUND, 0.0), (0.0, BOUND))
    assert domain("/", 1) == ((-BOUND, 0.0), (0.0, BOUND))
    assert domain("log") == ((0.0, BOUND),)
    with pytest.raises(KeyError, match="op 'cube' has no domain"):
        domain("cube")


@given(expressions(("x", "y")), st.floats(-5, 5), st.floats(-5, 5))
def test_an_expression_is_defined_everywhere_and_its_text_parses_to_the_same_number(e, x, y):
    try:
        built = e(Value(x), Value(y))
    except DomainError as error:
        refused = str(error)
    else:
        refused = ""
        assert parse(str(e), {"x": x, "y": y}).data == built.data, str(e)
    assert not refused or "overflow" in refused  # only overflow (exp of a large number)


@given(expressions(("a", "b", "c")))
def test_an_expression_function_has_the_variables_as_named_inputs(e):
    assert list(inspect.signature(e.function()).parameters) == ["a", "b", "c"]


def test_expressions_refuse_variables_that_are_not_names():
    @given(expressions(("a b",)))
    def draw(e):
        pass

    with pytest.raises(ValueError, match="variables must be names"):
        draw()


@given(networks(max_width=3, bias=False))
def test_networks_draw_nets_inputs_and_targets_of_matching_sizes(drawn):
    net, x, t = drawn
    assert isinstance(net, TwoLayerNet)
    assert net.b1 is None
    assert 1 <= len(net.w) == len(x) <= 3
    assert 1 <= len(net.u[0]) == len(t) <= 3
    assert all(0.0 <= t_k <= 1.0 for t_k in t)
    assert all(-2.0 <= v.data <= 2.0 for v in net.parameters())


def test_networks_is_the_nn_strategy_reexported():
    from autograd_mini.nn.testing import networks as in_nn

    assert strategies.networks is in_nn
