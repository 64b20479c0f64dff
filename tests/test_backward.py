"""Reverse mode over whole graphs: shared nodes, repeated passes, deep chains, grad(), hessian()."""

import asyncio
import functools
import gc
import math
import pickle
import random
import threading
import weakref

import pytest

from autograd_mini import (
    Constant,
    DomainError,
    Value,
    gc_paused,
    grad,
    gradcheck,
    hessian,
    no_grad,
    topological_order,
)


def test_micrograd_readme_example_matches_its_published_numbers():
    # micrograd's README prints these (checked there against PyTorch): g=24.7041,
    # dg/da=138.8338, dg/db=645.5773.
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    assert f"{g.data:.4f}" == "24.7041"
    assert f"{a.grad:.4f}" == "138.8338"
    assert f"{b.grad:.4f}" == "645.5773"


def test_tanh_neuron_matches_hand_derivation():
    x, w, b = Value(0.5, "x"), Value(-1.0, "w"), Value(0.2, "b")
    y = (x * w + b).tanh()
    y.backward()
    slope = 1 - math.tanh(0.5 * -1.0 + 0.2) ** 2
    assert y.data == math.tanh(-0.3)
    assert x.grad == pytest.approx(slope * -1.0, rel=1e-12)
    assert w.grad == pytest.approx(slope * 0.5, rel=1e-12)
    assert b.grad == pytest.approx(slope, rel=1e-12)


def test_node_used_twice_gets_both_contributions():
    x = Value(3.0)
    (x * x).backward()
    assert x.grad == 6.0


def test_diamond_dag_sums_both_paths():
    # y = (x + 1) * (x * 2) shares x along two paths: dy/dx = 4x + 2.
    x = Value(1.5)
    left, right = x + 1, x * 2
    y = left * right
    y.backward()
    assert x.grad == pytest.approx(4 * 1.5 + 2, rel=1e-12)
    assert left.grad == right.data
    assert right.grad == left.data


def test_stacked_diamonds_count_each_path_once():
    # x -> two branches -> join, 30 times: the value doubles each level, so dy/dx = 2**30.
    x = Value(1.0)
    y = x
    for _ in range(30):
        y = y * 0.5 + y * 1.5
    y.backward()
    assert x.grad == 2.0**30
    assert len(topological_order(y)) == 1 + 30 * 5


def test_topological_order_puts_each_node_after_its_parents():
    # a * (a + 1): a walk that marks nodes when pushed would emit a + 1 before a.
    a = Value(2.0)
    y = a * (a + 1)
    order = topological_order(y)
    position = {node: i for i, node in enumerate(order)}
    assert len(order) == 4
    assert order[-1] is y
    assert all(position[p] < position[n] for n in order for p in n.parents)


def test_topological_order_on_random_dags():
    rng = random.Random(7)
    for _ in range(50):
        nodes = [Value(rng.uniform(1, 2)) for _ in range(3)]
        for _ in range(rng.randint(1, 40)):
            a, b = rng.choice(nodes), rng.choice(nodes)
            nodes.append(rng.choice([a + b, a * b, a - b, a.tanh()]))
        order = topological_order(nodes[-1])
        position = {node: i for i, node in enumerate(order)}
        assert all(position[p] < position[n] for n in order for p in n.parents)


def test_topological_order_can_leave_out_constants():
    x = Value(2.0)
    y = (x * 3 + 1).tanh()
    assert sum(n.is_constant for n in topological_order(y)) == 2
    assert [n.op for n in topological_order(y, constants=False)] == ["", "*", "+", "tanh"]


def test_every_intermediate_gets_its_grad():
    a, b = Value(2.0), Value(-3.0)
    c = a * b
    d = c + a
    e = d.exp()
    e.backward()
    assert e.grad == 1.0
    assert d.grad == pytest.approx(math.exp(-4.0), rel=1e-12)
    assert c.grad == pytest.approx(math.exp(-4.0), rel=1e-12)
    assert a.grad == pytest.approx(math.exp(-4.0) * (b.data + 1), rel=1e-12)


def test_second_backward_adds_exactly_one_more_pass_to_every_node():
    # micrograd re-seeds the root and re-reads accumulated grads of intermediates, so its
    # second pass gives 3x (not 2x) at nodes below an intermediate; PyTorch gives 2x.
    x = Value(0.7)
    h = x * 3.0
    y = h * h
    y.backward()
    first = (x.grad, h.grad, y.grad)
    y.backward()
    assert (x.grad, h.grad, y.grad) == tuple(2 * g for g in first)
    assert x.grad == pytest.approx(2 * 18 * 0.7, rel=1e-12)  # 2 passes of d(9x^2)/dx


def test_zero_grad_clears_the_graph():
    x = Value(2.0)
    y = (x * x).tanh()
    y.backward()
    y.zero_grad()
    assert all(node.grad == 0.0 for node in topological_order(y))


def test_constants_are_visible_but_get_no_gradient():
    x = Value(2.0)
    y = x * 3
    y.backward()
    (constant,) = [p for p in y.parents if p is not x]
    assert isinstance(constant, Constant)
    assert constant.data == 3.0
    assert constant.grad == 0.0
    assert x.grad == 3.0


def test_number_operands_are_stored_as_numbers_and_shown_as_the_same_constants():
    x = Value(2.0)
    half = x * 0.5
    y = 3 - half
    assert (half.operands, y.operands) == ((x, 0.5), (3.0, half))  # no node for a number
    first, second = y.parents, y.parents
    assert [type(p) for p in first] == [Constant, Value]
    assert first[0] is second[0]  # the same Constant every time, as drawings need
    assert first[0].data == 3.0
    constant = weakref.ref(first[0])
    del first, second, y
    gc.collect()
    assert constant() is None  # it lives as long as its node


def test_a_constant_used_as_an_operand_counts_as_its_number():
    x, two = Value(3.0), Constant(2.0)
    y = two * x + two.exp()
    y.backward()
    assert x.grad == 2.0
    assert two.grad == 0.0
    assert y.data == 6.0 + math.exp(2.0)


def test_an_op_on_numbers_alone_keeps_its_name_and_passes_nothing_back():
    e = Constant(2.0).exp()  # a node with no Value operand: its kind is its op's alone
    x = Value(3.0, "x")
    y = x * e
    y.backward()
    assert (e.op, e.operands) == ("exp", (2.0,))
    assert (x.grad, e.grad) == (math.exp(2.0), 3.0)  # d(x e^2)/dx = e^2, d(x e)/de = x
    copied = pickle.loads(pickle.dumps(y))
    assert sorted(node.op for node in topological_order(copied, False)) == ["", "*", "exp"]
    assert copied.operands[0].label == "x"


def test_each_operator_is_one_node_named_for_it():
    x, y = Value(1.0), Value(2.0)
    assert (x - y).op == "-"
    assert (x - y).parents == (x, y)
    assert [n.op for n in topological_order(x / y)] == ["", "", "/"]
    assert (-x).op == "neg"
    assert (-x).parents == (x,)


@pytest.mark.slow
def test_million_node_chain_at_default_recursion_limit():
    x = Value(1.0)
    y = x
    # Built with the collector paused, as autograd_mini.collector advises for a loop of one's
    # own: its full passes would walk the growing chain again and again (0.7 of 1.3 s).
    with gc_paused():
        for _ in range(1_000_000):
            y = y * 1.0
    y.backward()
    assert x.grad == 1.0


def test_dropped_graph_is_freed():
    x = Value(1.0)
    y = x
    for _ in range(100_000):
        y = y + 1.0
    y.backward()
    middle = weakref.ref(y.parents[0].parents[0])
    del y
    gc.collect()
    assert middle() is None


def test_no_grad_records_nothing():
    x = Value(2.0)
    with no_grad():
        y = (x * x).exp()
    assert y.parents == ()
    assert y.op == ""
    assert y.data == math.exp(4.0)
    z = x * x
    assert z.parents == (x, x)


def test_no_grad_in_one_thread_does_not_leak_into_another():
    x = Value(2.0)
    inside, entered, release = [], threading.Event(), threading.Event()

    def worker():
        with no_grad():
            entered.set()
            release.wait(5)
            inside.append(x * 2)

    thread = threading.Thread(target=worker)
    thread.start()
    entered.wait(5)
    outside = x * 2  # built while the other thread is inside no_grad
    release.set()
    thread.join()
    assert outside.parents
    assert not inside[0].parents


def test_backward_passes_in_threads_share_subgraphs_safely(in_threads):
    # A pass keeps its scratch state on the nodes, so passes must take turns: the threads
    # switch every microsecond to interleave them as much as CPython allows.
    x = Value(0.3)
    shared = x
    for _ in range(2000):
        shared = (shared * 0.999).tanh()
    # d shared / dx by the chain rule on plain floats: s' = (1 - tanh(0.999 s)^2) 0.999
    s, expected = 0.3, 1.0
    for _ in range(2000):
        s = math.tanh(0.999 * s)
        expected *= (1.0 - s * s) * 0.999
    errors = []

    def worker(k: float) -> None:
        root = shared * k
        try:
            for _ in range(5):
                got = grad(root, [x])[0].data
                if got != pytest.approx(k * expected, rel=1e-12):
                    errors.append((k, got, k * expected))
        except Exception as error:  # a broken pass may raise rather than give a wrong number
            errors.append((k, error))

    in_threads(*(functools.partial(worker, k) for k in (1.0, 2.0, 3.0, 4.0)))
    assert errors == []


def test_a_pass_stopped_by_an_error_leaves_nothing_behind():
    x, z = Value(2.0), Value(1e-200)
    bad = x * (1.0 / z)  # d bad / dz = -x / z**2 overflows
    with pytest.raises(DomainError):
        bad.backward()
    good = x * x
    good.backward()
    assert x.grad == 4.0
    assert [grad(x * 3.0, [x])[0].data, z.grad] == [3.0, 0.0]


def test_create_graph_adjoints_are_not_kept_by_the_nodes():
    x = Value(0.5)
    y = (x * x).tanh()
    (dy,) = grad(y, [x], create_graph=True)
    assert dy.data == pytest.approx(2 * 0.5 * (1 - math.tanh(0.25) ** 2), rel=1e-12)
    adjoint = weakref.ref(dy)
    del dy
    gc.collect()
    assert adjoint() is None


def test_no_grad_is_per_asyncio_task():
    x = Value(2.0)

    async def quiet():
        with no_grad():
            await asyncio.sleep(0.01)
            return x * 2

    async def loud():
        await asyncio.sleep(0.005)
        return x * 2

    async def both():
        return await asyncio.gather(quiet(), loud())

    quiet_result, loud_result = asyncio.run(both())
    assert not quiet_result.parents
    assert loud_result.parents


def test_grad_leaves_every_grad_untouched():
    x, w = Value(0.5), Value(2.0)
    y = (x * w).sigmoid()
    dx, dw = grad(y, [x, w])
    s = 1 / (1 + math.exp(-1.0))
    assert dx.data == pytest.approx(s * (1 - s) * 2.0, rel=1e-12)
    assert dw.data == pytest.approx(s * (1 - s) * 0.5, rel=1e-12)
    assert all(node.grad == 0.0 for node in topological_order(y))


def test_grad_of_input_not_in_graph_is_zero():
    x, unrelated = Value(1.0), Value(5.0)
    assert grad(x * 2, [unrelated])[0].data == 0.0


def test_third_derivative_through_nested_create_graph():
    x = Value(0.3)
    y = x.exp() * x  # y = x e^x, whose n-th derivative is (n + x) e^x
    (d1,) = grad(y, [x], create_graph=True)
    (d2,) = grad(d1, [x], create_graph=True)
    (d3,) = grad(d2, [x])
    e = math.exp(0.3)
    assert (d1.data, d2.data, d3.data) == pytest.approx(
        ((1 + 0.3) * e, (2 + 0.3) * e, (3 + 0.3) * e), rel=1e-13
    )


def test_hessian_matches_closed_form():
    # f = x0^2 x1 + exp(x0 x1): H = [[2 x1 + x1^2 e, 2 x0 + (1 + x0 x1) e], [., x0^2 e]]
    x0, x1 = 0.4, -1.2
    e = math.exp(x0 * x1)
    h = hessian(lambda a, b: a * a * b + (a * b).exp(), [x0, x1])
    off = 2 * x0 + (1 + x0 * x1) * e
    expected = [[2 * x1 + x1**2 * e, off], [off, x0**2 * e]]
    for row, want in zip(h, expected, strict=True):
        assert row == pytest.approx(want, rel=1e-13)


def test_gradcheck_passes_on_correct_gradients_and_prints_a_table():
    result = gradcheck(lambda a, b: (a * b).tanh() + a.log(), [0.8, -0.4])
    assert result
    text = str(result)
    assert "analytic" in text
    assert "numeric" in text
    assert text.count("yes") == 2


def test_gradcheck_fails_when_function_is_not_smooth_there():
    # relu at its kink: backward says 0, the central difference says (eps - 0) / 2 eps = 0.5.
    result = gradcheck(lambda a: a.relu(), [0.0])
    assert not result
    assert result.rows[0].numeric == pytest.approx(0.5, rel=1e-12)
    assert "NO" in str(result)
