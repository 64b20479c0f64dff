"""The neuron view's steps going forward: each unit's value worked out from its sum.

Its backward steps, by the delta rule, are in unit_deltas.py.
"""

from __future__ import annotations

from autograd_mini import Value
from autograd_mini.viz.deltas import loss_kind
from autograd_mini.viz.formulas import formula_text, parenthesize
from autograd_mini.viz.look import GradColours, format_number
from autograd_mini.viz.names import inner_name, operator_text, owner
from autograd_mini.viz.steps import Step, expression
from autograd_mini.viz.units import Group, Unit


class UnitSteps:
    """Steps over the neuron view's `groups`, whose nodes are numbered from `offset` on the page."""

    def __init__(
        self,
        order: list[Value],
        names: list[str],
        groups: list[Group],
        final: list[float],
        scale: GradColours,
        digits: int = 4,
        offset: int = 0,
    ) -> None:
        self.order, self.names, self.groups, self.final = order, names, groups, final
        self.scale, self.digits, self.offset = scale, digits, offset
        self.index = {value: i for i, value in enumerate(order)}
        self.group_of = {i: g for g, group in enumerate(groups) for i in group.members}
        self.loss = loss_kind(order[-1])
        # The derivation's δ is dL/da; E = 2L, so for E it is half the engine's gradient.
        self.factor = 0.5 if self.loss == "E" else 1.0
        self.users: dict[int, list[int]] = {}
        for i, value in enumerate(order):
            for parent in value.parents:
                self.users.setdefault(self.index[parent], []).append(i)

    def show(self, x: float) -> str:
        """`x` as the page writes numbers."""
        return format_number(x, self.digits)

    def number(self, x: float) -> str:
        """`x` ready to go inside a formula."""
        return parenthesize(self.show(x))

    def name(self, i: int) -> str:
        """What a node is called inside a unit's line: its group's name if it stands for one."""
        group = self.groups[self.group_of[i]]
        if group.shown == i or group.kind == "input":
            return group.name
        return inner_name(self.order[i], self.names[i])

    def step(self, g: int, title: str, lines: list[str], changes: list[list[object]]) -> Step:
        """A step at group `g`, its operands the groups that feed it."""
        sources = sorted({self.group_of[i] for i in self.sources(g)})
        return {
            "node": self.offset + g,
            "operands": [self.offset + s for s in sources],
            "title": title,
            "lines": lines,
            "changes": changes,
        }

    def sources(self, g: int) -> list[int]:
        """The nodes outside group `g` that its members use."""
        members = set(self.groups[g].members)
        return [
            self.index[parent]
            for i in members
            for parent in self.order[i].parents
            if self.index[parent] not in members
        ]

    def forward(self) -> list[Step]:
        """One step per node of the view, inputs first: its value, worked out from its sum."""
        steps = []
        for g, group in enumerate(self.groups):
            value = self.order[group.shown]
            data = self.show(value.data)
            change = [[self.offset + g, f"data {data}", ""]]
            if group.kind == "input":
                steps.append(self.step(g, f"Input {group.name} = {data}", ["an input"], change))
            elif group.unit:
                lines = self.unit_forward(group.unit)
                steps.append(self.step(g, f"Compute the unit {group.name}", lines, change))
            else:
                owners = [owner(name) for name in self.names]
                text = (
                    expression(value, owners, self.index)
                    if value.label
                    else self.names[group.shown]
                )
                line = (
                    f"{group.name} = {text} = {data}" if text != group.name else f"{text} = {data}"
                )
                steps.append(self.step(g, f"Compute {group.name}", [line], change))
        return steps

    def unit_forward(self, unit: Unit) -> list[str]:
        """The sum a = Σ x·w + b in names and numbers, then out = f(a) (a linear unit: the sum)."""
        a, out = self.order[unit.pre], self.order[unit.out]
        pairs = list(zip(unit.inputs, unit.weights, strict=True))
        # The op view's node names: x[0]×w[0][0]
        terms = [operator_text("*", self.name(x), self.name(w), tight=True) for x, w in pairs]
        numbers = [  # numbers multiplied as the op view writes them: 0.5 × 0.2
            f"{self.number(self.order[x].data)} × {self.number(self.order[w].data)}"
            for x, w in pairs
        ]
        if unit.bias is not None:
            terms.append(self.name(unit.bias))
            numbers.append(self.number(self.order[unit.bias].data))
        pre, name = self.name(unit.pre), self.name(unit.out)
        lines = [f"{pre} = {' + '.join(terms)} = {' + '.join(numbers)} = {self.show(a.data)}"]
        if unit.pre != unit.out:  # a linear unit's output is its sum: nothing more to apply
            lines.append(
                f"{name} = {formula_text(out.op, [pre])} = "
                f"{formula_text(out.op, [self.show(a.data)])} = {self.show(out.data)}"
            )
        return lines
