"""The creation-order sweep: graphs spread over unrelated nodes, interleaved, and its code."""

import math

import pytest

from autograd_mini import Constant, DomainError, Value, grad, topological_order


def test_operands_made_long_before_the_graph_wait_in_the_heap_and_come_in_order():
    # w is made, then 50,000 unrelated nodes, then a graph using w twice and a new leaf x:
    # w is "far back" from the root, so it waits in the heap, its adjoint still summed.
    w = Value(1.5, "w")
    junk = Value(0.0)
    for _ in range(50_000):
        junk = junk + 1.0
    x = Value(2.0, "x")
    h = (w * x).tanh()
    y = h * w + x
    y.backward()
    t = math.tanh(3.0)
    # dy/dw = w * x * (1 - t^2) + t and dy/dx = w * w * (1 - t^2) + 1, by hand.
    assert w.grad == pytest.approx(1.5 * 2.0 * (1 - t * t) + t, rel=1e-14)
    assert x.grad == pytest.approx(1.5 * 1.5 * (1 - t * t) + 1, rel=1e-14)
    assert junk.grad == 0.0


def test_a_chain_through_many_far_back_leaves_sums_each_once():
    # Leaves made between long runs of unrelated nodes: each window of the sweep starts from
    # the heap, and nodes reached again while waiting there add, not repeat.
    leaves = []
    for i in range(6):
        leaves.append(Value(float(i + 1), f"x{i}"))
        junk = Value(0.0)
        for _ in range(3_000):
            junk = junk * 1.0
    y = leaves[0]
    for leaf in leaves[1:]:
        y = y * leaf + leaf
    d0 = grad(y, leaves)[0]
    # y = ((((x0 x1 + x1) x2 + x2) ...): dy/dx0 = x1 x2 x3 x4 x5 = 720, by hand.
    assert d0.data == 720.0
    assert [n.label for n in topological_order(y, constants=False) if n.label] == [
        f"x{i}" for i in range(6)
    ]


def test_two_graphs_built_interleaved_each_get_their_own_gradients():
    a, b = Value(2.0), Value(3.0)
    ya, yb = a, b
    for _ in range(200):  # nodes of the two graphs alternate in creation order
        ya = ya * 1.01
        yb = yb * 0.99
    ya.backward()
    assert a.grad == pytest.approx(1.01**200, rel=1e-12)
    assert b.grad == 0.0


def test_a_constant_on_the_left_counts_as_its_number():
    x = Value(2.0)
    y = Constant(3.0) * x
    assert y.operands == (3.0, x)
    y.backward()
    assert x.grad == 3.0


def test_a_failed_sweep_leaves_no_scratch_state_and_the_next_pass_is_right():
    # (0 ** 0.5)' is infinite: the sweep fails there, after reaching other nodes, some of them
    # waiting far back in the heap. None may keep an adjoint, or the next pass would add it.
    far_back = Value(3.0, "w")
    junk = Value(0.0)
    for _ in range(5_000):
        junk = junk + 1.0
    z = Value(0.0, "z")
    y = far_back * 2.0 + z**0.5 + far_back * z
    with pytest.raises(DomainError):
        y.backward()
    nodes = topological_order(y, constants=False)
    assert all(node._adjoint is None for node in nodes)
    assert all(node.grad == 0.0 for node in nodes)
    z.data = 4.0  # now defined: dy/dw = 2 + z, dy/dz = 0.5 / sqrt(z) + w, by hand
    (far_back * 2.0 + z**0.5 + far_back * z).backward()
    assert (far_back.grad, z.grad) == (6.0, 0.25 + 3.0)
