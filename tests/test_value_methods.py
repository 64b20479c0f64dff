"""What PyTorch and micrograd users type first on a Value: item, +, detach, bool, round, ..."""

import math
import pydoc

import pytest

from autograd_mini import Constant, Value, grad
from autograd_mini.ops import OPS


def test_item_is_the_number():
    assert Value(2.5).item() == 2.5
    assert type((Value(2.0) * 3).item()) is float


def test_plus_x_is_x():
    x = Value(1.5)
    assert +x is x


def test_detach_is_a_new_leaf_with_the_same_number():
    x = Value(3.0, "x")
    y = x * x
    d = y.detach()
    assert d is not y
    assert d.data == 9.0
    assert d.op == ""
    assert d.parents == ()
    z = d * x  # dz/dx = d.data = 9, not 3 x^2 = 27: the graph stops at d
    assert grad(z, x).data == 9.0


def test_round_is_refused_with_a_pointer_to_item():
    with pytest.raises(TypeError, match=r"round\(v.item\(\), 4\)"):
        round(Value(2.0))


@pytest.mark.parametrize(
    ("x", "truth"), [(0.0, False), (-0.0, False), (1e-300, True), (-2.0, True)]
)
def test_bool_is_the_truth_of_the_number_as_in_pytorch(x, truth):
    assert bool(Value(x)) is truth


def test_requires_grad_true_is_a_value_and_false_a_constant():
    x = Value(2.0, requires_grad=True)
    c = Value(2.0, requires_grad=False)
    assert type(x) is Value
    assert x.requires_grad
    assert type(c) is Constant
    assert not c.requires_grad
    assert c.data == 2.0
    y = x * c  # the constant counts as its number: dy/dx = 2, and it gets no gradient
    y.backward()
    assert x.grad == 2.0
    assert c.grad == 0.0
    with pytest.raises(TypeError, match="requires_grad must be True or False"):
        Value(2.0, requires_grad=1)


def test_micrograds_positional_leaf_form_is_accepted():
    v = Value(2.0, (), "")
    assert v.data == 2.0
    assert v.label == ""
    assert v.op == ""
    assert Value(2.0, label="a").label == "a"


def test_micrograds_positional_form_with_children_is_refused():
    x = Value(1.0)
    with pytest.raises(TypeError, match="made by an op"):
        Value(2.0, (x,), "+")


def test_prev_and_op_are_read_only_aliases():
    x = Value(2.0)
    y = x * 3
    assert y._op == "*"
    assert y._prev == {x, y.parents[1]}
    assert y.parents[1].data == 3.0
    with pytest.raises(AttributeError):
        y._op = "+"
    with pytest.raises(AttributeError):
        y._prev = set()


def test_grad_of_one_value_is_one_value():
    x = Value(3.0)
    y = x * x * x
    assert grad(y, x).data == 27.0  # 3 x^2
    assert [g.data for g in grad(y, [x])] == [27.0]


def test_grad_set_to_none_counts_as_zero():
    x = Value(2.0)
    y = x * x + x
    y.backward()
    x.grad = None
    y.grad = None
    y.backward()
    assert x.grad == 5.0  # 2 x + 1, the first pass forgotten as PyTorch's grad = None does
    assert y.grad == 1.0


def test_grad_of_another_type_still_raises():
    x = Value(2.0)
    y = x * x
    x.grad = "0"
    with pytest.raises(TypeError):
        y.backward()
    assert y.grad == 0.0
    assert math.isclose(y.data, 4.0)


def test_help_value_shows_a_docstring_for_every_method_and_attribute():
    # The op methods' docstrings are their ops' `doc` in OPS, written into the generated methods
    # (docstrings on value.py's type-checking stubs reached no one).
    text = pydoc.render_doc(Value, renderer=pydoc.plaintext)
    assert "The natural logarithm; DomainError for self <= 0." in text
    assert "max(x, 0), with relu'(0) = 0 as in PyTorch." in text
    assert "d root / d this node, added by root.backward()" in text  # .grad, a slot
    undocumented = [
        name
        for name, member in vars(Value).items()
        if callable(member) and not getattr(member, "__doc__", None)
    ]
    assert not undocumented
    assert not [name for name, op in OPS.items() if name.isidentifier() and not op.doc]
