"""micrograd's lecture code with its imports changed runs; nn.MLP used its way says where to go."""

import random

import graphviz
import pytest

from autograd_mini import Value, topological_order, viz
from autograd_mini.nn import MLP as OurMLP  # noqa: N811
from autograd_mini.nn.micrograd import MLP

XS = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
YS = [1.0, -1.0, -1.0, 1.0]


def lecture_loop(mlp_class, value_class, steps=5):
    """The lecture's training loop, as typed there (only the classes passed in)."""
    random.seed(42)
    n = mlp_class(3, [4, 4, 1])
    losses = []
    for _ in range(steps):
        ypred = [n([value_class(x) for x in row]) for row in XS]
        loss = sum((yout - ygt) ** 2 for ygt, yout in zip(YS, ypred, strict=True))
        for p in n.parameters():
            p.grad = 0.0
        loss.backward()
        for p in n.parameters():
            p.data += -0.05 * p.grad
        losses.append(loss.data)
    return losses


def test_lecture_loop_runs_with_nn_micrograd_and_matches_micrograd():
    ours = lecture_loop(MLP, Value)
    assert ours[-1] < ours[0]
    micrograd = pytest.importorskip("micrograd", reason="micrograd not installed (bench extra)")
    from micrograd.engine import Value as TheirValue
    from micrograd.nn import MLP as TheirMLP  # noqa: N811

    assert micrograd
    assert ours == pytest.approx(lecture_loop(TheirMLP, TheirValue), rel=1e-12)


def test_nn_mlp_used_micrograds_way_names_nn_micrograd_in_one_line():
    with pytest.raises(TypeError) as error:
        lecture_loop(OurMLP, Value)
    message = str(error.value)
    assert "autograd_mini.nn.micrograd" in message
    assert "\n" not in message
    out = OurMLP(3, [1])([1.0, 2.0, 3.0])
    with pytest.raises(AttributeError, match=r"autograd_mini\.nn\.micrograd"):
        out.backward()
    assert out + [1] == [out[0], 1]  # noqa: RUF005  # still a list where a list is meant
    assert out * 2 == [out[0], out[0]]


def lecture_trace(root):
    """The lecture's trace, reading _prev (recursion is fine at this size)."""
    nodes, edges = set(), set()

    def build(v):
        if v not in nodes:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                build(child)

    build(root)
    return nodes, edges


def lecture_draw_dot(root):
    """The lecture's draw_dot, reading _op, data, grad and label."""
    dot = graphviz.Digraph(format="svg", graph_attr={"rankdir": "LR"})
    nodes, edges = lecture_trace(root)
    for n in nodes:
        uid = str(id(n))
        dot.node(name=uid, label=f"{{ {n.label} | data {n.data:.4f} | grad {n.grad:.4f} }}")
        if n._op:
            dot.node(name=uid + n._op, label=n._op)
            dot.edge(uid + n._op, uid)
    for n1, n2 in edges:
        dot.edge(str(id(n1)), str(id(n2)) + n2._op)
    return dot


def test_the_lectures_draw_dot_reads_prev_and_op():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    e = a * b
    d = e + 10.0
    o = d.tanh()
    nodes, edges = lecture_trace(o)
    assert nodes == set(topological_order(o))  # the Constant 10.0 included
    assert len(edges) == 5
    source = lecture_draw_dot(o).source
    assert source.count("label=tanh") == 1
    assert source.count('label="*"') + source.count("label=*") == 1


def test_viz_draw_dot_is_viz_draw():
    assert viz.draw_dot is viz.draw


def test_step_through_pages_steps_are_the_lectures_backward_calls():
    from autograd_mini.viz.steps import backward_steps

    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1
    x2w2 = x2 * w2
    x1w1x2w2 = x1w1 + x2w2
    n = x1w1x2w2 + b
    o = n.tanh()
    for v, name in ((x1w1, "x1w1"), (x2w2, "x2w2"), (x1w1x2w2, "x1w1x2w2"), (n, "n"), (o, "o")):
        v.label = name
    order = topological_order(o)
    steps, _ = backward_steps(order)
    # The lecture: o.grad = 1.0; o._backward(); n._backward(); b._backward() (a leaf: nothing);
    # x1w1x2w2._backward(); x2w2._backward(); x1w1._backward()
    assert steps[0]["title"] == "Seed: o.grad = 1"
    calls = [order[s["node"]].label for s in steps if s["title"].startswith("Chain rule")]
    assert calls == ["o", "n", "x1w1x2w2", "x2w2", "x1w1"]
