"""The neuron view's backward steps: each unit's δ by the delta rule, with its numbers.

The derivation's deltas: δ_k = (y_k - t_k)·y_k(1 - y_k) at an output, δ_j = (Σ_k u_jk δ_k)·
h_j(1 - h_j) at a hidden unit; both are dL/da for L = ½Σ(y - t)². For the exercise's E = 2L,
each gradient is 2δ (see deltas.py).
"""

from __future__ import annotations

from autograd_mini.ops import OPS
from autograd_mini.viz.deltas import LOSSES, PRE_ACTIVATION
from autograd_mini.viz.formulas import branch, fold, reason, substitute, typeset, wrap
from autograd_mini.viz.names import owner
from autograd_mini.viz.steps import Step
from autograd_mini.viz.unit_steps import UnitSteps
from autograd_mini.viz.units import Group, Unit


class UnitDeltas(UnitSteps):
    """The neuron view's steps both ways: forward from UnitSteps, backward by the delta rule."""

    def delta(self, unit: Unit) -> float:
        """The unit's δ: dL/da of its pre-activation (half the gradient for E)."""
        return self.factor * self.final[unit.pre]

    def delta_name(self, unit: Unit) -> str:
        """δ named as deltas.py names it: δ2_0 for a2[0]; a linear unit's by its layer's depth."""
        match = PRE_ACTIVATION.fullmatch(self.order[unit.pre].label)
        if match:
            layer, place = match.groups()
        else:  # a linear unit, its sum named as its output: h1[0], y[1]
            layer = str(self.groups[self.group_of[unit.out]].layer)
            place = self.order[unit.out].label.rsplit("[", 1)[1].rstrip("]")
        return f"δ{layer}_{place}"

    def slope(self, unit: Unit) -> tuple[str, str, str]:
        """f'(a) of the unit's activation in names, in numbers, and why a branch was taken.

        Sigmoid's is "h[0] × (1 - h[0])"; relu's, the branch taken with its reason
        ("0", ", as a1[0] = -0.75 ≤ 0").
        """
        a, out = self.order[unit.pre], self.order[unit.out]
        values = {"a": a.data, "out": out.data}
        d_a = OPS[out.op].derivatives["a"]
        formula = fold(branch(d_a, values), {}, self.digits)  # as the op view: 1 - out ** 2
        symbols = {"a": self.name(unit.pre), "b": "", "out": self.name(unit.out)}
        numbers = {"a": self.number(a.data), "b": "", "out": self.number(out.data)}
        why = reason(d_a, values, self.digits)
        return (  # typeset as the op view's local derivatives: y[0] × (1 - y[0]), 1 - h[0]²
            wrap(typeset(substitute(formula, symbols))),
            wrap(typeset(substitute(formula, numbers))),
            f", as {substitute(why, symbols)}" if why else "",
        )

    def backward(self) -> list[Step]:
        """Seed the loss, then each unit's δ, outputs first, then every input's gradient."""
        steps = []
        for g in sorted(range(len(self.groups)), key=lambda g: -self.groups[g].layer):
            group = self.groups[g]
            if group.kind == "loss":
                steps.append(self.seed(g))
            elif group.unit:
                steps.append(self.unit_backward(g, group.unit))
            elif group.kind == "node":
                grad = self.final[group.shown]
                lines = [f"{owner(group.name)}.grad = {self.show(grad)}"]
                change = [self.offset + g, f"grad {self.show(grad)}", self.scale.fill(grad), True]
                steps.append(self.step(g, f"Gradient of {group.name}", lines, [change]))
        steps.append(self.summary())
        return steps

    def seed(self, g: int) -> Step:
        """The loss's gradient with respect to itself: 1."""
        name = owner(self.groups[g].name)
        lines = [f"∂{name}/∂{name} = 1: the backward pass starts here"]
        if self.loss:
            lines.append(f"the page differentiates {LOSSES[self.loss]}")
        change = [self.offset + g, "grad 1", self.scale.fill(1.0), True]
        return self.step(g, f"Seed: {name}.grad = 1", lines, [change])

    def unit_backward(self, g: int, unit: Unit) -> Step:
        """The unit's δ by the delta rule, with its numbers, and its weights' gradients."""
        name, delta = self.delta_name(unit), self.delta(unit)
        lines = self.rule(unit, name)
        if self.loss == "E":
            pre = self.name(unit.pre)
            lines.append(
                f"∂E/∂{pre} = 2·{name} = {self.show(self.final[unit.pre])}: the derivation's"
                f" L = ½Σ(y - t)² is E/2, so every gradient of E is twice L's"
            )
        two = "2·" if self.loss == "E" else ""
        for x, w in zip(unit.inputs, unit.weights, strict=True):
            lines.append(
                f"{self.name(w)}.grad = {two}{name} × {self.name(x)} = {two}{self.number(delta)}"
                f" × {self.number(self.order[x].data)} = {self.show(self.final[w])}"
            )
        if unit.bias is not None:
            grad = self.show(self.final[unit.bias])
            lines.append(f"{self.name(unit.bias)}.grad = {two}{name} = {grad}")
        fill = self.scale.fill(self.final[unit.pre])
        step = self.step(
            g,
            f"δ rule at {self.groups[g].name}: {name} = {self.show(delta)}",
            lines,
            [[self.offset + g, f"δ {self.show(delta)}", fill, True]],
        )
        # Its δ comes from what it feeds: those are its operands here, and the edges light up.
        after = sorted({self.group_of[user] for user in self.users.get(unit.out, [])} - {g})
        step["operands"] = [self.offset + k for k in after]
        step["edges"] = [f"u{g}-u{k}" for k in after]
        return step

    def rule(self, unit: Unit, name: str) -> list[str]:
        """The delta rule that gives the unit's δ, then it with names and numbers."""
        slope, slope_numbers, why = self.slope(unit)
        d_a = OPS[self.order[unit.out].op].derivatives["a"]
        out, delta = self.order[unit.out], self.show(self.delta(unit))
        users = self.users.get(unit.out, [])
        target = self.target(unit.out)
        if target is not None:
            t = "t" + out.label[out.label.index("[") :]
            general = wrap(typeset(substitute(fold(d_a, {}), {"a": "a_k", "b": "", "out": "y_k"})))
            return [
                f"the delta rule at an output: δ_k = (y_k - t_k) × {general}",
                f"{name} = ({self.name(unit.out)} - {t}) × {slope}"
                f" = ({self.show(out.data)} - {self.show(target)}) × {slope_numbers}"
                f" = {delta}{why}",
            ]
        feeds = [(self.groups[self.group_of[user]].unit, self.order[user]) for user in users]
        # A hidden unit feeds later units only, as x_i of their products x_i*w_i.
        into = [(k, p) for k, p in feeds if k and p.op == "*" and p.parents[0] is out]
        if users and len(into) == len(users):
            names = [
                f"{self.name(self.index[p.parents[1]])} × {self.delta_name(k)}" for k, p in into
            ]
            numbers = [
                f"{self.number(p.parents[1].data)} × {self.number(self.delta(k))}" for k, p in into
            ]
            general = wrap(typeset(substitute(fold(d_a, {}), {"a": "a_j", "b": "", "out": "h_j"})))
            return [
                f"the delta rule at a hidden unit: δ_j = (Σ_k u_jk δ_k) × {general}",
                f"{name} = ({' + '.join(names)}) × {slope}"
                f" = ({' + '.join(numbers)}) × {slope_numbers} = {delta}{why}",
            ]
        half = "½·" if self.loss == "E" else ""
        grad = self.number(self.final[unit.out])
        return [
            f"{name} = {half}{self.name(unit.out)}.grad × {slope}"
            f" = {half}{grad} × {slope_numbers} = {delta}{why}"
        ]

    def target(self, i: int) -> float | None:
        """t_k, when output `i` is used once, in the loss's (y_k - t_k) with a number t_k."""
        users = self.users.get(i, [])
        if not self.loss or len(users) != 1:
            return None
        difference = self.order[users[0]]
        if difference.op != "-" or not difference.parents[1].is_constant:
            return None
        return difference.parents[1].data

    def input_grad(self, group: Group) -> float:
        """The gradient of the root by an input; for a number, worked out from its products."""
        if not self.order[group.shown].is_constant:
            return self.final[group.shown]
        return sum(
            self.final[user] * self.order[user].parents[1].data
            for i in group.members
            for user in self.users.get(i, [])
            if self.order[user].op == "*"
        )

    def summary(self) -> Step:
        """The last step: each input's gradient, and what gradient descent does with the weights."""
        root = owner(self.groups[self.group_of[len(self.order) - 1]].name)
        inputs = [g for g, group in enumerate(self.groups) if group.kind == "input"]
        lines, changes = [], []
        for g in inputs:
            grad = self.input_grad(self.groups[g])
            name = owner(self.groups[g].name)
            lines.append(f"{name}.grad = ∂{root}/∂{name} = {self.show(grad)}")
            fill = self.scale.fill(grad)
            changes.append([self.offset + g, f"grad {self.show(grad)}", fill, True])
        lines.append(
            "each weight's gradient is its unit's δ times what flows in along it"
            + (" (2δ for E)" if self.loss == "E" else "")
            + "; a step of gradient descent moves each weight against it, w ← w - η·w.grad"
        )
        last = len(self.groups) - 1
        return {
            "node": self.offset + last,
            "operands": [self.offset + g for g in inputs],
            "title": f"Summary: the gradient of {root} by each input, from the δs",
            "lines": lines,
            "changes": changes,
        }
