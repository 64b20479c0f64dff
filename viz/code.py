"""The lines `autograd_mini.compile` writes for each node, for the page's code panel (key C)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from autograd_mini import Value
from autograd_mini.straight_line import Trace, write

_ASSIGNMENT = re.compile(r" {4}(\w+) (=|\+=|-=) .*")  # a line of forward_backward's body
_GRADIENT = re.compile(r"(?<!\w)d_(\w+)")  # a gradient a term reads: d_h_0 is h_0's


class CompiledLines:
    """The straight-line code of a graph, by node: its forward line and its reverse terms.

    It is the code `autograd_mini.compile` writes for a function building this graph from its
    inputs (the leaves, named by their labels: `hidden.w[0][1]` is `hidden_w_0_1`), one line
    per op forward (`h_0 = sigmoid(a1_0)`), one term per operand in reverse
    (`d_a1_0 = h_0 * (1 - h_0) * d_h_0`).
    """

    def __init__(self, order: list[Value]) -> None:
        leaves = [value for value in order if not value.parents and not value.is_constant]
        ops = [value for value in order if value.parents]
        self.source = write(Trace(order[-1], [], leaves, ops, []), "the graph")
        body = self.source[self.source.index("def forward_backward(") :]
        arguments = body[len("def forward_backward(") : body.index("):")].replace(",", " ")
        lines = [line.strip() for line in body.splitlines() if _ASSIGNMENT.fullmatch(line)]
        self.names = dict(zip(map(id, leaves), arguments.split(), strict=True))
        self.forward: dict[int, str] = {}
        for value, line in zip(ops, lines, strict=False):  # forward: one line per op, in order
            self.names[id(value)] = line.split(" ", 1)[0]
            self.forward[id(value)] = line
        self.reverse = lines[len(ops) :]  # `d_E = 1.0`, then the terms, newest node first
        # Each term's line under every d_name its right side reads: looking a node's terms up
        # is then one dict access, not a search of every line (which made a page's code
        # quadratic in its nodes: a third of an MLP 2-8-8-1 page's time).
        self.reading: dict[str, list[tuple[str, str]]] = {}
        for line in self.reverse[1:]:
            target, _, term = line.split(" ", 2)
            for name in dict.fromkeys(_GRADIENT.findall(term)):
                self.reading.setdefault(name, []).append((target, line))

    def terms(self, value: Value, operand: Value | None = None) -> list[str]:
        """The lines adding d `value` times a local derivative to its operands' d (or one's)."""
        if not value.parents:
            return []
        lines = self.reading.get(self.names[id(value)], [])
        if operand is None:
            return [line for _, line in lines]
        return [line for target, line in lines if target == f"d_{self.names[id(operand)]}"]


def add_code(
    order: list[Value],
    forward: list[dict[str, Any]],
    backward: list[dict[str, Any]],
    naive: list[dict[str, Any]],
) -> None:
    """Give each step its lines of the compiled code (`step["code"]`), for the code panel.

    Forward, an op's line (an input is an argument); backward, the seed `d_E = 1.0`, then each
    op's terms; naive, the one term a call adds (a node used twice by one op has two).
    """
    code = CompiledLines(order)
    for step in forward:
        value = order[step["node"]]
        if value.parents:
            step["code"] = [code.forward[id(value)]]
        elif not value.is_constant:
            step["code"] = [f"{code.names[id(value)]}: an argument of forward_backward"]
    backward[0]["code"] = naive[0]["code"] = code.reverse[:1]
    for step in backward:
        if step.get("flow"):  # a chain-rule step (not the seed or the summary)
            step["code"] = code.terms(order[step["node"]])
    calls: Counter[tuple[int, int]] = Counter()
    for step in naive[1:-1]:  # the calls, between the seed and the summary
        i, j = step["node"], step["operands"][0]
        terms = code.terms(order[i], order[j])  # two for x * x: a call per operand
        step["code"] = [terms[calls[i, j] % len(terms)]]
        calls[i, j] += 1
