"""The "CPython floor": the least a scalar engine can do per op in CPython (a baseline, not an API).

One `__slots__` node class that stores its parents and their local derivatives when it is made,
an iterative depth-first topological order, one backward loop, and no checks of any kind (no
domain checks, no no_grad, no constants kept out of the gradient). An engine with every check
and feature switched on is measured against it.
"""

import math


class Value:
    """A scalar node: `.data`, `.grad`, its parents and d self / d parent for each parent."""

    __slots__ = ("data", "grad", "local", "parents")

    def __init__(self, data, parents=(), local=()):
        self.data = data
        self.grad = 0.0
        self.parents = parents
        self.local = local

    def __add__(self, other):
        if not isinstance(other, Value):
            other = Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    __radd__ = __add__

    def __mul__(self, other):
        if not isinstance(other, Value):
            other = Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    __rmul__ = __mul__

    def __sub__(self, other):
        if not isinstance(other, Value):
            other = Value(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0))

    def __truediv__(self, other):
        if not isinstance(other, Value):
            other = Value(other)
        out = self.data / other.data
        return Value(out, (self, other), (1.0 / other.data, -out / other.data))

    def __pow__(self, exponent):  # a number exponent only, as micrograd
        return Value(self.data**exponent, (self,), (exponent * self.data ** (exponent - 1),))

    def exp(self):
        out = math.exp(self.data)
        return Value(out, (self,), (out,))

    def tanh(self):
        out = math.tanh(self.data)
        return Value(out, (self,), (1.0 - out * out,))

    def relu(self):
        x = self.data
        return Value(x, (self,), (1.0,)) if x > 0.0 else Value(0.0, (self,), (0.0,))

    def backward(self):
        """Add d self / d node to every node's `.grad`."""
        order = []
        visited = set()
        stack = [self]
        while stack:
            node = stack.pop()
            if node is None:  # the marker pushed above a node: its parents are all in order
                order.append(stack.pop())
            elif node not in visited:
                visited.add(node)
                stack.append(node)
                stack.append(None)
                for parent in node.parents:
                    if parent not in visited:
                        stack.append(parent)
        self.grad = 1.0
        for node in reversed(order):
            grad = node.grad
            for parent, local in zip(node.parents, node.local):  # noqa: B905 (no keyword: faster)
                parent.grad += local * grad
