"""Backward by plain recursion, as learners first write it, stepped beside the correct pass.

    def backward(node):
        for operand, local in zip(node.parents, local_grads(node)):
            operand.grad += local * node.grad
            backward(operand)  # at once, before the operand's other users have added to it

A node used twice passes its gradient on once per path from the output, the first time before
it is complete; the earlier part is then counted again. A topological order avoids this.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from itertools import islice
from typing import NamedTuple

from autograd_mini import Value
from autograd_mini.ops import OPS
from autograd_mini.viz.chain import contribution, local_derivative
from autograd_mini.viz.look import GradColours, format_number
from autograd_mini.viz.names import node_names, owner
from autograd_mini.viz.steps import Step, expression

MAX_PAGE_STEPS = 500
"""Calls shown on the page; the walk visits a node once per path, which grows exponentially."""

MAX_CALLS = 200_000
"""Calls simulated for the naive result; a graph needing more gets no naive result."""


class Call(NamedTuple):
    """One `operand.grad += local * user.grad`, then the operand's own backward, at once."""

    user: int
    position: int  # which operand of the user: 0 for a, 1 for b
    operand: int
    local: float  # d user / d operand
    user_grad: float  # user.grad when it is passed on
    operand_grad: float  # operand.grad after adding
    callers: tuple[int, ...]  # the unfinished backward calls, outermost first: the call stack


def local_grads(order: list[Value]) -> list[list[float]]:
    """Local derivatives d node / d operand of each node (0 for a constant: it gets none)."""
    return [
        [
            0.0 if parent.is_constant else d_operand(*(p.data for p in value.parents), value.data)
            for parent, d_operand in zip(value.parents, OPS[value.op].grads, strict=True)
        ]
        if value.parents
        else []
        for value in order
    ]


def naive_walk(order: list[Value], grads: list[float]) -> Iterator[Call]:
    """The recursive backward's calls in the order it makes them; `grads` is added to as it goes.

    An explicit stack stands for the recursion, so deep graphs raise no RecursionError.
    """
    index = {value: i for i, value in enumerate(order)}
    local = local_grads(order)
    root = len(order) - 1
    grads[root] = 1.0
    stack = [(root, 0)]  # (node, its next operand): where each unfinished call resumes
    while stack:
        i, k = stack.pop()
        parents = order[i].parents
        if k == len(parents):
            continue
        stack.append((i, k + 1))
        if parents[k].is_constant:
            continue
        j = index[parents[k]]
        grads[j] += local[i][k] * grads[i]
        yield Call(i, k, j, local[i][k], grads[i], grads[j], tuple(n for n, _ in stack))
        stack.append((j, 0))


def call_count(order: list[Value]) -> int:
    """How many calls the naive walk makes: one per path from the root to each operand edge."""
    index = {value: i for i, value in enumerate(order)}
    paths = [0] * len(order)
    paths[-1] = 1
    total = 0
    for i in reversed(range(len(order))):
        for parent in order[i].parents:
            if not parent.is_constant:
                paths[index[parent]] += paths[i]
                total += paths[i]
    return total


def naive_gradients(order: list[Value]) -> list[float] | None:
    """Each node's grad after the naive recursive backward of `order[-1]`; None if too long."""
    if call_count(order) > MAX_CALLS:
        return None
    grads = [0.0] * len(order)
    for _ in naive_walk(order, grads):
        pass
    return grads


def same(x: float, y: float) -> bool:
    """Equal but for rounding: the two passes add the same products in different orders."""
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def naive_steps(
    order: list[Value], correct: list[float], digits: int = 4, colours: str = "signed"
) -> list[Step]:
    """The seed, one step per call of the naive walk (at most `MAX_PAGE_STEPS`), then a summary.

    `correct` holds d root / d node from the engine. The summary step compares the two passes
    and names the first node (from the output back) whose gradients differ, as `diverged`.
    """
    names = [owner(name) for name in node_names(order, digits)]
    index = {value: i for i, value in enumerate(order)}
    scale = GradColours.for_inputs(colours, order, correct)
    root = len(order) - 1

    def show(x: float) -> str:
        return format_number(x, digits)

    steps: list[Step] = [
        {
            "node": root,
            "operands": [],
            "title": f"Naive recursion: seed {names[root]}.grad = 1",
            "lines": [
                f"{names[root]}.backward() passes its gradient to each operand, and each operand"
                " calls its own backward at once, without waiting for its other users"
            ],
            "changes": [[root, "grad 1", scale.fill(1.0)]],
        }
    ]
    passed: dict[int, float] = {}  # what each node passed on last time it ran
    for call in islice(naive_walk(order, [0.0] * len(order)), MAX_PAGE_STEPS):
        j = call.operand
        step = call_step(call, order, names, index, correct, passed.get(j), digits)
        if order[j].parents:
            passed[j] = call.operand_grad
        step["changes"] = [[j, f"grad {show(call.operand_grad)}", scale.fill(call.operand_grad)]]
        steps.append(step)
    steps.append(summary_step(order, names, correct, show))
    return steps


def call_step(
    call: Call,
    order: list[Value],
    names: list[str],
    index: dict[Value, int],
    correct: list[float],
    before: float | None,
    digits: int,
) -> Step:
    """The page's step for one call: the chain-rule term, and what the operand passes on.

    `before` is what the operand passed on the last time it ran, if it ran before.
    """

    def show(x: float) -> str:
        return format_number(x, digits)

    i, j = call.user, call.operand
    value, out = order[i], names[i]
    local_text, _ = local_derivative(value, call.position, names, index, digits)
    depth = len(call.callers)
    stack = " → ".join(f"{names[n]}.backward()" for n in call.callers[-4:])
    lines = [
        f"call depth {depth}: {'… → ' if depth > 4 else ''}{stack}",
        f"{out} = {expression(value, names, index)}, {out}.grad = {show(call.user_grad)} now:"
        " the upstream gradient",
        f"local: {local_text}",
        f"{contribution(names[j], call.user_grad, call.local, digits)},"
        f" so {names[j]}.grad = {show(call.operand_grad)}",
    ]
    if order[j].parents:
        said = f"then {names[j]}.backward() runs at once, passing on {show(call.operand_grad)}"
        if before is not None:
            lines.append(
                f"{said}: all of it, including the {show(before)} it passed on before,"
                " which is counted twice"
            )
        elif same(call.operand_grad, correct[j]):
            lines.append(f"{said} (its full gradient)")
        else:
            lines.append(
                f"{said}, but its full gradient is {show(correct[j])}: not all of its users"
                " have added to it yet"
            )
    return {
        "node": i,
        "operands": [j],
        "title": f"Naive: {out} passes its gradient to {names[j]}",
        "lines": lines,
        "changes": [],
    }


def summary_step(
    order: list[Value],
    names: list[str],
    correct: list[float],
    show: Callable[[float], str],
) -> Step:
    """The last step: naive gradients beside the engine's, the first difference highlighted."""
    root = len(order) - 1
    if call_count(order) > MAX_CALLS:
        return {
            "node": root,
            "operands": [],
            "title": f"Naive recursion stopped after {MAX_PAGE_STEPS} calls",
            "lines": [
                f"it would make {call_count(order):,} calls: one per path from"
                f" {names[root]} to each operand, which grows exponentially with depth"
            ],
            "changes": [],
        }
    naive = [0.0] * len(order)
    early = None  # the first call after which a node passes on less than its full gradient
    for call in naive_walk(order, naive):
        j = call.operand
        if early is None and order[j].parents and not same(call.operand_grad, correct[j]):
            early = call
    shown = [i for i in reversed(range(len(order))) if not order[i].is_constant]
    differ = [i for i in shown if not same(naive[i], correct[i])]
    lines = []
    if differ:
        k = differ[0]
        title = f"Naive {names[k]}.grad = {show(naive[k])}, correct {show(correct[k])}"
        if early is not None:
            lines.append(
                f"{names[early.operand]}'s gradient was passed on at {show(early.operand_grad)},"
                f" before all its users had added to it (its full gradient is"
                f" {show(correct[early.operand])}); that part was counted again later"
            )
    else:
        title = "Naive recursion gives the same gradients here"
        lines.append(
            "no node's gradient was passed on before all its users had added to it"
            if early is None
            else f"{names[early.operand]}'s gradient was passed on before it was complete,"
            " but the extra terms happen to cancel"
        )
        lines += agreement_reason(order, names)
    calls = call_count(order)
    if calls > MAX_PAGE_STEPS:
        lines.append(f"the page shows the first {MAX_PAGE_STEPS} of {calls:,} calls")
    for i in shown:
        mark = "" if same(naive[i], correct[i]) else "  ≠ differs"
        lines.append(f"{names[i]}.grad: naive {show(naive[i])}, correct {show(correct[i])}{mark}")
    step: Step = {
        "node": differ[0] if differ else root,
        "operands": [],
        "title": title,
        "lines": lines,
        "changes": [],
    }
    if differ:
        step["diverged"] = differ[0]
    return step


def agreement_reason(order: list[Value], names: list[str]) -> list[str]:
    """Why naive recursion agrees where only inputs are reused, and where to see it fail."""
    uses: dict[Value, int] = {}
    for value in order:
        for parent in value.parents:
            uses[parent] = uses.get(parent, 0) + 1
    reused = [value for value, count in uses.items() if count > 1 and not value.is_constant]
    if any(value.parents for value in reused):
        return []
    index = {value: i for i, value in enumerate(order)}
    which = ", ".join(names[index[value]] for value in reused) or "no node"
    return [
        f"only inputs are reused here ({which}): an input passes nothing on, so it cannot pass"
        " on a gradient that is not complete yet",
        "to see naive recursion go wrong, step through a graph that reuses an op's result: the"
        " derivation's 2-3-2 network, where each hidden unit feeds both outputs"
        " (autograd-mini demo writes it as derivation.html)",
    ]
