"""The neuron view's nodes: nn's units (Σ x·w + b and its activation), their inputs, the loss.

A unit is found by the names `autograd_mini.nn` gives it: an output such as h[0] or y[1] whose
one operand is a pre-activation a1[0] (see `PRE_ACTIVATION`), the sum nn's `weighted_sum`
writes, x_0*w_0 + x_1*w_1 + ... + b; or, for a linear unit, that sum itself named as the
output. In each product the first operand flows in (an input, or a unit of the layer before)
and the second is the unit's own weight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograd_mini import Value
from autograd_mini.viz.deltas import PRE_ACTIVATION, loss_kind

MAX_LOSS_NAME = 16
"""An unlabelled output's node is named by its text up to this long, else "out"."""

UNIT_OUTPUT = re.compile(r"\w+\[\d+\]")
"""Labels of unit outputs, as nn's layers give them: h[0], y[1], h2[0]."""


@dataclass
class Unit:
    """One unit, out = f(a), a = Σ_i x_i·w_i + b, as indices into the graph's order."""

    out: int
    pre: int
    inputs: list[int]  # x_i, what flows in, in the order of the sum
    weights: list[int]  # w_i, beside x_i
    bias: int | None
    members: list[int]  # every node the unit's one node stands for


@dataclass
class Group:
    """One node of the neuron view: "input", "unit", "loss" or "node" (anything else)."""

    kind: str
    name: str
    shown: int  # the Value whose data the node shows (a unit's out, the loss's root)
    members: list[int] = field(default_factory=list)
    unit: Unit | None = None
    layer: int = 0  # inputs 0, then one more per unit or node on the way to the loss


def summands(a: Value) -> list[Value]:
    """The terms of a left-nested sum ((t0 + t1) + t2) + ..., left to right, `a` alone if no +."""
    terms = []
    node = a
    while node.op == "+" and (node is a or not node.label):
        terms.append(node.parents[1])
        node = node.parents[0]
    terms.append(node)
    return terms[::-1]


def find_unit(i: int, order: list[Value], index: dict[Value, int]) -> Unit | None:
    """The unit whose output is `order[i]`, or None when it is not one of nn's units."""
    out = order[i]
    if not UNIT_OUTPUT.fullmatch(out.label):
        return None
    if len(out.parents) == 1 and PRE_ACTIVATION.fullmatch(out.parents[0].label):
        a = out.parents[0]
    elif out.op == "+" and not PRE_ACTIVATION.fullmatch(out.label):
        a = out  # a linear unit: f(a) = a, so nn labels its sum as the output
    else:
        return None
    unit = Unit(i, index[a], [], [], None, [i, index[a]])
    node = a
    while node.op == "+" and (node is a or not node.label):  # the sums: part of the unit
        unit.members.append(index[node])
        node = node.parents[0]
    for term in summands(a):
        is_leaf = not term.parents and not term.is_constant
        if is_leaf and unit.bias is None and term is a.parents[-1] and a.op == "+":
            unit.bias = index[term]
        elif term.op == "*" and not term.parents[1].parents and not term.parents[1].is_constant:
            unit.inputs.append(index[term.parents[0]])
            unit.weights.append(index[term.parents[1]])
            unit.members += [index[term], index[term.parents[1]]]
        else:
            return None
    if unit.bias is not None:
        unit.members.append(unit.bias)
    unit.members = sorted(set(unit.members))
    return unit


def neuron_groups(order: list[Value], names: list[str]) -> list[Group]:
    """The neuron view's nodes, inputs first and the loss last; [] when no node is a unit.

    A number flowing into the first layer (a network called on floats) is one input node per
    place in the sum, named x[i] as the derivation names inputs.
    """
    index = {value: i for i, value in enumerate(order)}
    units = [unit for i in range(len(order)) if (unit := find_unit(i, order, index))]
    if not units:
        return []
    group_of: dict[int, int] = {}
    groups: list[Group] = []

    def join(members: list[int], group: Group) -> None:
        for i in members:
            group_of.setdefault(i, len(groups))
        group.members = [i for i in members if group_of[i] == len(groups)]
        groups.append(group)

    for unit in units:
        join(unit.members, Group("unit", names[unit.out], unit.out, unit=unit))
    numbers: dict[tuple[int, float], int] = {}  # (place, number): its input node
    for unit in units:
        for place, i in enumerate(unit.inputs):
            if i in group_of or order[i].parents:
                continue
            if not order[i].is_constant:
                join([i], Group("input", names[i], i))
            elif (place, order[i].data) in numbers:
                group_of[i] = numbers[place, order[i].data]
                groups[group_of[i]].members.append(i)
            else:
                numbers[place, order[i].data] = len(groups)
                join([i], Group("input", f"x[{place}]", i))
    root = len(order) - 1
    users: dict[int, list[int]] = {}
    for i, value in enumerate(order):
        for parent in value.parents:
            users.setdefault(index[parent], []).append(i)
    if root not in group_of:  # the loss: the root and all that only it uses
        loss = Group("loss", loss_name(order[root], names[root]), root)
        tail = {root}
        for i in reversed(range(root)):
            if i not in group_of and all(user in tail for user in users.get(i, [])):
                tail.add(i)
        join(sorted(tail), loss)
    for i in reversed(range(len(order))):  # anything else: its own node, numbers with their user
        if i in group_of:
            continue
        owners = {group_of[user] for user in users.get(i, [])}  # users come later: all placed
        if not order[i].parents and len(owners) == 1:
            (owner,) = owners
            group_of[i] = owner
            groups[owner].members.append(i)
        else:
            join([i], Group("node", names[i], i))
    return in_layers(order, groups)


def in_layers(order: list[Value], groups: list[Group]) -> list[Group]:
    """`groups` layer by layer (inputs, each layer's units, the loss), each after what it uses."""
    edges = group_edges(order, groups)
    depth = [0] * len(groups)
    for g in sorted(range(len(groups)), key=lambda g: max(groups[g].members)):
        depth[g] = max((depth[source] + 1 for source, to in edges if to == g), default=0)
        groups[g].layer = depth[g]
    ranked = sorted(range(len(groups)), key=lambda g: (depth[g], groups[g].shown))
    return [groups[g] for g in ranked]


def loss_name(root: Value, name: str) -> str:
    """The loss node's name: its label, else E or L for nn's losses, else its text if short."""
    if root.label:
        return name
    return loss_kind(root) or (name if len(name) <= MAX_LOSS_NAME else "out")


def group_edges(order: list[Value], groups: list[Group]) -> list[tuple[int, int]]:
    """(from, to) between groups, once each, wherever a member of one is an operand in another."""
    group_of = {i: g for g, group in enumerate(groups) for i in group.members}
    index = {value: i for i, value in enumerate(order)}
    edges: dict[tuple[int, int], None] = {}
    for i, value in enumerate(order):
        for parent in value.parents:
            ends = (group_of[index[parent]], group_of[i])
            if ends[0] != ends[1]:
                edges[ends] = None
    return list(edges)
