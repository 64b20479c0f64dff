"""A Module subclass as in PyTorch: parameters from attributes, state, repr, fresh weights."""

import math
import random

import pytest

from autograd_mini import Value
from autograd_mini.nn import MLP, SGD, Layer, Module, Neuron, TwoLayerNet, micrograd
from autograd_mini.nn.model_file import StateError


class Net(Module):
    def __init__(self):
        self.scale = Value(2.0)
        self.hidden = Layer(2, 3, "tanh", seed_rng())
        self.heads = {"a": Neuron(3, "linear", seed_rng()), "b": Neuron(3, "linear", seed_rng())}
        self.extra = [Value(0.5), Value(-0.5)]
        self.sizes = [2, 3]  # settings, not parameters
        self.name = "net"

    def forward(self, x):
        h = self.hidden(x)
        return self.heads["a"](h)[0] * self.scale + self.heads["b"](h)[0] * self.extra[0]


def seed_rng():
    return random.Random(7)


def test_parameters_are_found_from_attributes_in_definition_order():
    net = Net()
    names = [name for name, _ in net.named_parameters()]
    assert names[0] == "scale"
    assert names[1:7] == [f"hidden.w[{i}][{j}]" for i in range(2) for j in range(3)]
    assert names[7:10] == ["hidden.b[0]", "hidden.b[1]", "hidden.b[2]"]
    assert names[10:14] == ["heads.a.w[0]", "heads.a.w[1]", "heads.a.w[2]", "heads.a.b"]
    assert names[18:] == ["extra[0]", "extra[1]"]
    assert len(net.parameters()) == 1 + 6 + 3 + 4 + 4 + 2
    assert net.parameters()[0] is net.scale
    assert net.parameters()[-1] is net.extra[1]


def test_a_subclass_trains_zeroes_saves_and_loads(tmp_path):
    net = Net()
    out = net([1.0, -1.0])
    assert isinstance(out, Value)
    out.backward()
    assert net.scale.grad == net.heads["a"]([h.data for h in net.hidden([1.0, -1.0])])[0].data
    net.zero_grad()
    assert all(p.grad == 0.0 for p in net.parameters())
    assert list(net.state_dict()) == [
        "scale",
        "hidden.w",
        "hidden.b",
        "heads.a.w",
        "heads.a.b",
        "heads.b.w",
        "heads.b.b",
        "extra",
    ]
    net.save(tmp_path / "net.json")
    other = Net()
    other.scale.data = 5.0
    other.load(tmp_path / "net.json")
    assert [p.data for p in other.parameters()] == [p.data for p in net.parameters()]
    with pytest.raises(StateError, match="missing key 'extra'"):
        other.load_state_dict({k: v for k, v in net.state_dict().items() if k != "extra"})


def test_a_shared_parameter_comes_once_and_cycles_end():
    class Tied(Module):
        def __init__(self):
            self.w = Value(1.0)
            self.again = [self.w]
            self.me = self  # a reference back: found once, not forever

    tied = Tied()
    assert tied.parameters() == [tied.w]
    SGD(tied.parameters(), 0.1).step()  # one update, not two


def test_a_list_mixing_values_and_other_things_is_refused():
    class Mixed(Module):
        def __init__(self):
            self.bad = [Value(1.0), "b"]

    with pytest.raises(TypeError, match="attribute 'bad' mixes Values or Modules"):
        Mixed().parameters()


def test_constants_are_not_parameters():
    class WithConstant(Module):
        def __init__(self):
            self.c = Value(3.0, requires_grad=False)
            self.w = Value(1.0)

    assert [n for n, _ in WithConstant().named_parameters()] == ["w"]


def test_a_module_without_forward_says_what_to_write():
    class Empty(Module):
        pass

    with pytest.raises(NotImplementedError, match=r"Empty.forward: define forward\(self, x\)"):
        Empty()([1.0])


def test_repr_is_a_pytorch_like_tree():
    assert repr(MLP(2, [3, 1], "tanh")) == (
        "MLP(\n"
        "  (layers): [\n"
        "    (0): Layer(n_in=2, n_out=3, activation='tanh')\n"
        "    (1): Layer(n_in=3, n_out=1, activation='tanh')\n"
        "  ]\n"
        ")"
    )
    assert repr(Neuron(2)) == "Neuron(n_in=2, activation='sigmoid')"
    assert repr(TwoLayerNet(2, 3, 1)) == "TwoLayerNet(n_in=2, n_hidden=3, n_out=1, bias=True)"
    assert repr(Net()) == (
        "Net(\n"
        "  (scale): Value(2.0)\n"
        "  (hidden): Layer(n_in=2, n_out=3, activation='tanh')\n"
        "  (heads): {\n"
        "    (a): Neuron(n_in=3, activation='linear')\n"
        "    (b): Neuron(n_in=3, activation='linear')\n"
        "  }\n"
        "  (extra): 2 Values\n"
        ")"
    )


def test_micrograd_modules_print_as_micrograd():
    assert repr(micrograd.Layer(2, 2)) == "Layer of [ReLUNeuron(2), ReLUNeuron(2)]"


@pytest.mark.parametrize(
    "make", [lambda **k: MLP(2, [3, 1], **k), lambda **k: TwoLayerNet(2, 3, 1, **k)]
)
def test_default_weights_are_fresh_and_a_seed_repeats_them(make):
    first, second = make(), make()
    assert [p.data for p in first.parameters()] != [p.data for p in second.parameters()]
    assert make(seed=3).state_dict() == make(seed=3).state_dict()


def test_seed_0_keeps_the_weights_it_always_had():
    # The first weight of MLP(2, ...) and TwoLayerNet(2, ...) with seed 0: random.Random(0)'s
    # first uniform draw in +-1/sqrt(2), computed here from the standard library.
    expected = random.Random(0).uniform(-1 / math.sqrt(2), 1 / math.sqrt(2))
    assert MLP(2, [3, 1], seed=0).parameters()[0].data == expected
    assert TwoLayerNet(2, 3, 1, seed=0).parameters()[0].data == expected
