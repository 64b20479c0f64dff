"""The delta rule on the page: which loss a graph ends in, and its deltas, as the derivation says.

The derivation's deltas are gradients of L = 1/2 sum_k (y_k - t_k)^2; the exercise
differentiates E = sum_k (y_k - t_k)^2 = 2 L, so each of its gradients is twice the delta.
"""

from __future__ import annotations

import re

from autograd_mini import Value
from autograd_mini.ops import OPS
from autograd_mini.viz.formulas import parenthesize, substitute, typeset, wrap
from autograd_mini.viz.look import format_number

PRE_ACTIVATION = re.compile(r"a(\d*)\[(\d+)\]")
"""Labels of pre-activations, as nn's layers give them: a1[j], a2[k] (a[j] for a lone Layer)."""

LOSSES = {
    "E": "E = Σ(y - t)², the exercise's loss (the derivation's L = ½Σ(y - t)² is E/2)",
    "L": "L = ½Σ(y - t)², the derivation's loss",
}


def squared_terms(value: Value) -> bool:
    """Whether `value` is (y - t)**2, or a sum of such terms: nn's squared error."""
    stack = [value]  # a loop, not recursion: a sum of many terms is a deep chain of +
    while stack:
        node = stack.pop()
        if node.op == "+":
            stack.extend(node.parents)
            continue
        if node.op != "**" or len(node.parents) != 2:
            return False
        base, power = node.parents
        if not (power.is_constant and power.data == 2 and base.op == "-"):
            return False
    return True


def loss_kind(root: Value) -> str | None:
    """Which loss `root` is: "E" for nn's squared_error, "L" for l2_loss (E/2), else None."""
    if squared_terms(root):
        return "E"
    if root.op == "*" and len(root.parents) == 2:
        half, rest = sorted(root.parents, key=lambda parent: not parent.is_constant)
        if half.is_constant and half.data == 0.5 and squared_terms(rest):
            return "L"
    return None


def delta_lines(
    i: int,
    order: list[Value],
    names: list[str],
    users: list[int],
    final: list[float],
    digits: int,
) -> list[str]:
    """At a pre-activation a (a1[j], a2[k]) used once, by h = f(a): d root/da = d root/dh f'(a).

    For L that is the derivation's delta; for E it is twice the delta, and a second line gives
    the delta and says why.
    """
    match = PRE_ACTIVATION.fullmatch(names[i])
    if not match or len(users) != 1 or len(order[users[0]].parents) != 1:
        return []
    h, (layer, unit) = users[0], match.groups()
    a, delta = names[i], f"δ{layer}_{unit}"
    d_a = OPS[order[h].op].derivatives["a"]
    symbols = {"a": f"{a}.data", "b": "", "out": f"{names[h]}.data"}
    numbers = {"a": parenthesize(format_number(order[i].data, digits)), "b": ""}
    numbers["out"] = parenthesize(format_number(order[h].data, digits))
    product = (
        f"{names[h]}.grad × {wrap(typeset(substitute(d_a, symbols)))}"
        f" = {parenthesize(format_number(final[h], digits))}"
        f" × {wrap(typeset(substitute(d_a, numbers)))} = {format_number(final[i], digits)}"
    )
    loss = loss_kind(order[-1])
    if loss == "L":
        return [f"{a}.grad = {delta}, the derivation's delta: ∂L/∂{a} = {product}"]
    if loss == "E":
        half = format_number(final[i] / 2, digits)
        return [
            f"{a}.grad = ∂E/∂{a} = {product}",
            f"the derivation's {delta} = ∂L/∂{a} = {half}: its loss L = ½Σ(y - t)² is E/2, "
            f"so every gradient of E is twice L's (∂E/∂{a} = 2·{delta})",
        ]
    root = names[-1]
    return [f"{a}.grad = ∂{root}/∂{a} = {product} (the derivation's {delta} when {root} is its L)"]
