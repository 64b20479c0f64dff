"""An interrupted, threaded or copied backward pass never gives a wrong gradient (issue 23)."""

import copy
import io
import pickle
import threading

import pytest

from autograd_mini import Value, grad, topological_order
from autograd_mini._generated import sweep as generated_sweep


def interrupt_far_once(monkeypatch):
    """`far` (storing a reached node past the list's end) raises KeyboardInterrupt once."""
    real_far = generated_sweep.far
    calls = []

    def far(*args):
        calls.append(args)
        if len(calls) == 1:
            raise KeyboardInterrupt
        return real_far(*args)

    monkeypatch.setattr(generated_sweep, "far", far)
    return calls


def test_ctrl_c_in_backward_leaves_no_adjoint_and_later_passes_are_right(monkeypatch):
    x = Value(1.0, "x")
    h = x * 2.0
    y = h * h + h
    calls = interrupt_far_once(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        y.backward()
    assert calls, "the interrupt was not reached"
    assert [n._adjoint for n in (x, h, y)] == [None, None, None]
    y.zero_grad()
    y.backward()  # y = h^2 + h, h = 2x: dy/dx = (2h + 1) * 2 = 10 at x = 1, by hand
    assert x.grad == 10.0
    y.backward()
    assert x.grad == 20.0


def test_ctrl_c_while_a_far_back_node_leaves_the_heap_leaves_no_adjoint(monkeypatch):
    # w is made long before the graph, so it waits in the heap; the interrupt comes inside
    # far() as w moves from the heap into the list. (w is not a leaf: leaves wait in a list
    # of their own, taken last.)
    v = Value(3.0, "v")
    w = v * 1.0
    junk = Value(0.0)
    for _ in range(2_000):
        junk = junk + 1.0
    x = Value(2.0, "x")
    y = w * x
    for _ in range(100):
        y = y * 1.0
    real_heappop = generated_sweep.heapq.heappop
    popped = []

    def heappop(heap):
        popped.append(real_heappop(heap)[1])
        raise KeyboardInterrupt  # as if it landed just after the pop

    monkeypatch.setattr("heapq.heappop", heappop)
    with pytest.raises(KeyboardInterrupt):
        y.backward()
    monkeypatch.setattr("heapq.heappop", real_heappop)
    assert popped == [w]
    assert (w._adjoint, v._adjoint) == (None, None)
    y.backward()
    assert (v.grad, w.grad, x.grad) == (2.0, 2.0, 3.0)


def test_zero_grad_clears_scratch_state_left_on_a_node():
    x = Value(1.0, "x")
    h = x * 2.0
    y = h * h + h
    h._adjoint = 4.0  # as an interrupt inside the sweep's own cleanup could leave it
    y.zero_grad()
    assert h._adjoint is None
    y.backward()
    assert x.grad == 10.0


def test_backward_in_threads_adds_every_pass_to_a_shared_leaf(in_threads):
    w = Value(1.0, "w")
    threads, passes = 4, 300
    start = threading.Barrier(threads)

    def work():
        y = sum(w * 1.0 for _ in range(200))  # w is written last, after 400 other nodes
        start.wait()
        for _ in range(passes):
            y.backward()

    in_threads(*[work] * threads)
    assert w.grad == threads * passes * 200.0


def chain(x):
    """mid = x * 3 then three more nodes; d mid / d x = 3, by hand."""
    mid = x * 3.0
    return mid, (mid * 2.0 + x).tanh()


def labelled(root, label):
    (node,) = [n for n in topological_order(root, constants=False) if n.label == label]
    return node


def test_a_pickle_of_part_of_a_graph_while_a_pickler_lives_differentiates_right():
    x = Value(1.5, "x")
    mid, root = chain(x)
    log = pickle.Pickler(io.BytesIO())
    log.dump(root)  # the Pickler (and its memo) stays alive
    copied = pickle.loads(pickle.dumps(mid))
    copied.backward()
    assert labelled(copied, "x").grad == 3.0
    assert x.grad == 0.0


def test_a_deepcopy_of_part_of_a_graph_while_a_memo_lives_differentiates_right():
    x = Value(1.5, "x")
    mid, root = chain(x)
    memo = {}
    copy.deepcopy(root, memo)  # the memo stays alive
    copied = copy.deepcopy(mid)
    copied.backward()
    assert labelled(copied, "x").grad == 3.0


@pytest.mark.slow
def test_pickling_in_one_thread_does_not_change_copies_made_in_another():
    x = Value(0.5, "x")
    y = x
    for _ in range(3_000):
        y = y * 1.0 + 0.0
    mid, root = chain(y)
    stop = threading.Event()

    def pickle_the_big_graph():
        while not stop.is_set():
            pickle.dumps(root)

    other = threading.Thread(target=pickle_the_big_graph)
    other.start()
    try:
        for _ in range(10):  # with marks shared by threads, ~96% of rounds fail (RecursionError)
            copied = pickle.loads(pickle.dumps(mid))
            (d,) = grad(copied, [labelled(copied, "x")])
            assert d.data == 3.0
    finally:
        stop.set()
        other.join()


def test_grad_takes_its_inputs_from_a_generator():
    x, y = Value(2.0), Value(5.0)
    z = x * y
    assert [g.data for g in grad(z, (v for v in (x, y)))] == [5.0, 2.0]
