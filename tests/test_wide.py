"""Wide graphs: leaves made long before the sum, many terms meeting in one gradient."""

from __future__ import annotations

import heapq
import math
import random

import pytest
from test_collector import engine_lines, interrupted_at

from autograd_mini import DomainError, Value, topological_order
from autograd_mini.sweep import far


def leaves(n: int, seed: int) -> list[Value]:
    rng = random.Random(seed)
    return [Value(rng.uniform(-1, 1)) for _ in range(n)]


def total(terms: list[Value]) -> Value:
    out = terms[0]
    for term in terms[1:]:
        out = out + term
    return out


def test_a_wide_sum_gives_each_weight_its_input():
    ws, xs = leaves(3000, 1), leaves(3000, 2)  # made first: far back from the sum's nodes
    out = total([w * x for w, x in zip(ws, xs, strict=True)])
    out.backward()
    assert [w.grad for w in ws] == [x.data for x in xs]  # d/dw_i sum w_j x_j = x_i, exactly
    assert [x.grad for x in xs] == [w.data for w in ws]


def test_fan_in_adds_every_term_of_a_shared_input():
    ws = leaves(3000, 3)
    x = Value(0.5)
    total([w * x for w in ws]).backward()
    assert x.grad == pytest.approx(math.fsum(w.data for w in ws), rel=1e-12)
    assert all(w.grad == 0.5 for w in ws)


def test_a_pass_that_fails_midway_puts_back_every_grad_it_wrote():
    x = Value(2.0)
    y = x * x + x
    y.backward()
    x.grad = None  # the pass writes y's .grad and its operands' before it meets x's None
    y.backward()
    assert x.grad == 5.0  # 2 x + 1: one pass from 0, as PyTorch's grad = None does
    assert y.grad == 2.0  # one more pass, not two: the failed one's write was put back


def test_an_overflow_midway_changes_no_grad():
    w = Value(1.0, "w")
    product = w * 1e308
    y = product + w  # d/dw = 1e308 + 1: the pass writes y and product, then overflows at w
    w.grad = 1.7e308
    with pytest.raises(DomainError, match=r"overflows \.grad at 1\.0 \(Value 'w'\)"):
        y.backward()
    assert [y.grad, product.grad, w.grad] == [0.0, 0.0, 1.7e308]


def far_back_graph() -> Value:
    """A leaf and a product made long before the graph, and leaves made just before it."""
    early = Value(0.75, "early")
    product = early * 2.0  # not a leaf: it waits in the heap, its leaf among the leaves
    for _ in range(300):
        Value(0.0)  # numbers no node of the graph has
    x, w = Value(0.5, "x"), Value(-1.5, "w")
    y = (product * x + w * x).tanh() * w + early
    return y


def test_ctrl_c_at_any_line_of_backward_leaves_the_grads_of_no_pass_or_of_the_whole_pass():
    y = far_back_graph()
    y.backward()
    one = [n.grad for n in topological_order(y, constants=False)]
    lines = engine_lines(y.backward)
    outcomes = []
    for line in range(1, lines + 1):
        y.zero_grad()
        y.backward()
        assert interrupted_at(line, y.backward), line
        order = topological_order(y, constants=False)
        grads = [n.grad for n in order]
        # Inside the sweep: every .grad as it was (one pass); after it (in the lock's or the
        # collector's exit) the pass is whole: two. Never some nodes with one and some two.
        assert grads in (one, [2 * g for g in one]), line
        assert all(n._adjoint is None for n in order), line
        outcomes.append(grads == one)
    assert sum(outcomes) > 0.9 * lines  # most lines are the sweep's


def test_leaves_made_long_before_wait_in_one_list_not_in_the_heap(monkeypatch):
    ws, xs = leaves(300, 1), leaves(300, 2)
    for _ in range(10_000):
        Value(0.0)  # numbers no node of the graph has: the leaves are far back
    out = total([w * x for w, x in zip(ws, xs, strict=True)])
    pushed = []
    real_push = heapq.heappush

    def push(heap, entry):
        pushed.append(entry[1])
        real_push(heap, entry)

    monkeypatch.setattr("heapq.heappush", push)
    out.backward()
    assert pushed  # the products, made before the sums, wait there
    assert not [node for node in pushed if not node.parents]  # but no leaf does
    assert ws[0].grad == xs[0].data


def test_nodes_waiting_close_together_come_back_from_the_heap_in_one_list():
    # The products of a sum listed before it is added up wait in the heap; once they are the
    # newest left, they must come back into one list, as far() lets a list grow for new nodes
    # (doubling), not only those already inside it: on 1e5 such products that halved the
    # heap's entries and took 20% off the backward pass.
    far_back = Value(1.0) * 3.0  # not a leaf: leaves wait in a list of their own
    for _ in range(10_000):
        Value(0.0)  # numbers no node of the graph has
    close = [Value(float(i)) * 2.0 for i in range(200)]
    newest = close[-1]
    heap = [(-node._n, node) for node in [far_back, *close[:-1]]]
    heapq.heapify(heap)
    todo: list[Value | None] = [newest]
    size = far(todo, heap, newest._n, None, 0)
    assert [node for node in todo if node is not None] == close[::-1]  # newest first
    assert size == len(todo) < 2 * 200 + 64  # a list the size of what it holds, not more
    assert [entry[1] for entry in heap] == [far_back]  # far back from them all: it waits
