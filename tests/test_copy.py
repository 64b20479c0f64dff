"""copy.deepcopy and pickle of graphs: any depth, shared nodes stay shared, originals untouched."""

import copy
import pickle

import pytest

from autograd_mini import Constant, Value, topological_order


def chain(x, n):
    """x -> (x + 1) * 1 repeated: y = x + n, dy/dx = 1 (closed form), 2n ops deep."""
    y = x
    for _ in range(n):
        y = (y + 1.0) * 1.0
    return y


def pickle_round_trip(obj):
    return pickle.loads(pickle.dumps(obj))


@pytest.mark.parametrize("copier", [copy.deepcopy, pickle_round_trip], ids=["deepcopy", "pickle"])
@pytest.mark.parametrize("n", [1, 150, 5000])
def test_a_deep_graph_copies_and_its_copy_differentiates(copier, n):
    x = Value(0.5, "x")
    y = chain(x, n)
    x2, y2 = copier((x, y))
    assert y2.data == 0.5 + n  # every step adds exactly 1.0 in floats
    assert len(topological_order(y2)) == len(topological_order(y))
    y2.backward()
    assert x2.grad == 1.0  # d(x + n)/dx
    assert x2.label == "x"
    assert x.grad == y.grad == 0.0  # the original graph is untouched


@pytest.mark.parametrize("copier", [copy.deepcopy, pickle_round_trip], ids=["deepcopy", "pickle"])
def test_a_node_shared_by_two_copied_roots_stays_one_node(copier):
    x = Value(2.0, "x")
    h = x * x
    y, z = h.tanh(), h * 3.0
    x2, h2, y2, z2 = copier([x, h, y, z])
    assert y2.parents == (h2,)
    assert z2.operands == (h2, 3.0)
    assert h2.parents == (x2, x2)
    assert type(z2.parents[1]) is Constant


def test_a_copy_keeps_data_grad_label_and_op():
    x = Value(-1.5, "x")
    y = (x * 2.0).exp()
    y.backward()
    y2 = copy.deepcopy(y)
    pairs = zip(topological_order(y), topological_order(y2), strict=True)
    for old, new in pairs:
        assert new is not old
        assert (new.data, new.grad, new.label, new.op) == (old.data, old.grad, old.label, old.op)
