"""The reverse sweep, generated from the op table: newest node first, chain rule written out.

Every node has a creation number (`_n`, from one counter), and an op's node is always newer
than its operands. So nodes taken newest first come in a valid order for the chain rule: when
a node is taken, every node that uses it has been, and its adjoint is final. The sweep reaches
and processes nodes in one pass, with no depth-first walk and no sort: a node first reached
is put in a list at index `base - node._n` (`base`: the newest node's number), and the list is
read front to back while it fills. A node far back (a parameter made long before the graph)
waits in a heap and starts a new list once the current one is done.

The chain rule is written out per op and operand pattern (both Values, or one a number), with
the op's derivative formulas from `OPS` in place: a node then costs no table lookup, no rule
call and no tuple, and a number operand no work at all. That is why this code is generated
rather than written once with a rule call per node. `python -m autograd_mini.generated` prints it.
"""

from __future__ import annotations

import heapq
import itertools
import math
import warnings
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from autograd_mini.errors import DomainError, describe
from autograd_mini.ops import FUNCTIONS, OPERANDS, OPS, Op

if TYPE_CHECKING:
    from autograd_mini.value import Value

Sweep = Callable[["Value", Any], tuple[list["Value"], list[Any]]]

next_number = itertools.count().__next__
"""A new node's creation number (atomic under the GIL): newer nodes get larger ones."""

# A node kind is `op.kind` plus one of these (0: no Value operand, nothing to propagate).
PATTERNS = {1: ("a", "b"), 2: ("a",), 3: ("b",)}  # which operands are Values: both, a, b


def kind(op: Op, a: Any, b: Any) -> int:
    """The node kind of `op` on operands a, b (b None for one operand) as a node stores them."""
    if type(a) is float:
        return 0 if b is None or type(b) is float else op.kind + 3
    return op.kind + (2 if b is None or type(b) is float else 1)


def _reach(operand: str, term: str, indent: str) -> str:
    """Code adding `term` to `operand`'s adjoint; the first term also schedules the node."""
    return "\n".join(
        indent + line
        for line in (
            f"t = {term}",
            f"if {operand}._adjoint is None:",
            f"    {operand}._adjoint = t",
            f"    k = base - {operand}._n",
            "    if k < size:",
            f"        todo[k] = {operand}",
            "    else:",
            f"        size = far(todo, heap, base, {operand}, k)",
            "else:",
            f"    {operand}._adjoint += t",
        )
    )


def _term(formula: str) -> str:
    """The code of `formula * g`, without the multiplication where the formula is 1 or -1."""
    return {"1": "g", "-1": "-g"}.get(formula, f"({formula}) * g")


def _written_out(name: str, op: Op, pattern: int) -> str:
    """The `elif` branch of `op` on an operand pattern, its formulas on the operands' floats."""
    values = PATTERNS[pattern]
    operands = OPERANDS[: op.arity]
    formulas = [f for x, f in zip(operands, op.formulas, strict=True) if x in values]
    used = {symbol for f in formulas for symbol in compile(f, "<formula>", "eval").co_names}
    lines = [f"elif kind is {op.kind + pattern}:  # {name}, Values: {' and '.join(values)}"]
    for x in operands:  # a Value operand as A (its number as a), a number operand as a
        if x in values:
            lines.append(f"    {x.upper()} = node._{x}" + f"; {x} = {x.upper()}.data" * (x in used))
        elif x in used:
            lines.append(f"    {x} = node._{x}")
    if "out" in used:
        lines.append("    out = node.data")
    for x, formula in zip(operands, op.formulas, strict=True):
        if x in values:
            lines.append(_reach(x.upper(), _term(formula), "    "))
    return "\n".join(lines)


_GENERIC = """\
else:  # an op with no branch above (added to OPS since), or Values (`create_graph`)
    A = node._a; B = node._b
    d_operand = OPS[node.op].grads
    {arguments}
    if type(A) is not float:
{reach_a}
    if B is not None and type(B) is not float:
{reach_b}"""


def sweep_source(ops: dict[str, Op], mode: str) -> str:
    """The sweep's code for `ops` in a mode: "floats", "grads", "values" or "order".

    "floats" has one branch per op and pattern, and "grads" too, giving `.grad` + adjoint;
    "values" (`create_graph`) calls the rules on Values; "order" only reaches the nodes (their
    adjoints are placeholders), for `topological_order`.
    """
    if mode == "order":
        body = "\n".join(
            (
                "adjoints.append(g)",
                "if node._kind is 0:\n    continue",
                "A = node._a; B = node._b",
                "if type(A) is not float:",
                _reach("A", "True", "    "),
                "if B is not None and type(B) is not float:",
                _reach("B", "True", "    "),
            )
        )
        return _SKELETON.replace("        BODY\n", _indent(body, " " * 16) + "\n")
    if mode == "values":  # formulas on Values: operands as stored, out is the node itself
        arguments = "args = (A, node) if B is None else (A, B, node)"
        check, branches = "adjoints.append(g)\n", []
    else:
        arguments = "\n    ".join(
            (
                "x = A if type(A) is float else A.data",
                "args = (x, node.data) if B is None else"
                " (x, B if type(B) is float else B.data, node.data)",
            )
        )
        # Float arithmetic overflows to inf silently (1/b for tiny b); recorded ops refuse it.
        # Mode "grads" gives .grad + adjoint, what backward() writes, checked the same way.
        result = "node.grad + g" if mode == "grads" else "g"
        # r - r is 0.0 for a finite r, nan (truthy) for inf and nan: one test, no lookups.
        check = f"r = {result}\nadjoints.append(r)\nif r - r:\n    overflow(node, g)\n"
        # The branches are tried in turn, so the commonest come first: + and * on two Values
        # (an MLP) or on a Value and a number (a chain), then each pattern in table order.
        kinds = [
            (name, pattern)
            for pattern in PATTERNS
            for name, op in ops.items()
            if pattern == 2 or op.arity == 2
        ]
        first = [(name, pattern) for name in ("*", "+") for pattern in (1, 2) if name in ops]
        kinds = first + [kind for kind in kinds if kind not in first]
        branches = [_written_out(name, ops[name], pattern) for name, pattern in kinds]
    generic = _GENERIC.format(
        arguments=arguments,
        reach_a=_reach("A", "d_operand[0](*args) * g", " " * 8),
        reach_b=_reach("B", "d_operand[1](*args) * g", " " * 8),
    )
    body = "\n".join((check + "kind = node._kind\nif kind is 0:\n    continue", *branches, generic))
    return _SKELETON.replace("        BODY\n", _indent(body, " " * 16) + "\n")


def _indent(text: str, indent: str) -> str:
    return "\n".join(indent + line for line in text.splitlines())


_SKELETON = '''\
def sweep(root, seed):
    """Every node under root, newest first, and its adjoint d root / d node: two lists."""
    nodes = []
    adjoints = []
    todo = [root]
    size = 1  # len(todo), kept in a local: it is read at every node reached
    heap = []
    base = root._n
    root._adjoint = seed
    try:
        while True:
            for node in todo:  # the list grows while it is read: the iterator sees it grow
                if node is None:  # a number no node of this graph has
                    continue
                g = node._adjoint
                node._adjoint = None  # final: every node that uses this one came before it
                nodes.append(node)
        BODY
            if not heap:
                return nodes, adjoints
            node = heapq.heappop(heap)[1]  # the newest of the nodes far back starts a list
            base = node._n
            todo = [node]
            size = far(todo, heap, base, None, 0)
    except BaseException as error:
        for waiting in (*todo, *(entry[1] for entry in heap)):
            if waiting is not None:  # reached and not processed: leave no state behind
                waiting._adjoint = None
        if isinstance(error, (ArithmeticError, ValueError)) and not isinstance(error, DomainError):
            at = describe(*node.operands)
            raise DomainError(f"{node.op}: derivative is undefined at {at} ({error})") from None
        raise
'''


def far(todo: list[Any], heap: list[tuple[int, Value]], base: int, node: Any, k: int) -> int:
    """Put `node` (None: none) at todo[k] past todo's end, or in `heap` if it is far back.

    The list at most doubles (plus a little room): a gap of numbers no node of this graph has
    is read over as Nones, cheap when short; a node further back waits in the heap instead.
    Whatever waits there and now falls inside the list moves to it, so nodes stay newest first
    overall. Returns todo's new length.
    """
    if node is not None and k >= 2 * len(todo) + 64:
        heapq.heappush(heap, (-node._n, node))
        return len(todo)
    todo.extend([None] * (max(k + 1, 2 * len(todo)) - len(todo)))
    if node is not None:
        todo[k] = node
    while heap and base + heap[0][0] < len(todo):
        waiting = heapq.heappop(heap)[1]
        todo[base - waiting._n] = waiting
    return len(todo)


def overflow(node: Value, g: float) -> None:
    """Refuse an adjoint `g` that is not finite, or that makes `node.grad + g` overflow."""
    if not -math.inf < g < math.inf:
        raise DomainError(f"backward: the gradient overflows ({g!r}) at {describe(node)}")
    raise DomainError(
        f"backward: {node.grad!r} + this pass's gradient overflows .grad at"
        f" {describe(node)}; zero_grad() clears it"
    )


@cache
def _compiled(ops: tuple[tuple[str, Op], ...], mode: str) -> Sweep:
    namespace: dict[str, Any] = {
        **FUNCTIONS,
        "OPS": OPS,
        "DomainError": DomainError,
        "describe": describe,
        "far": far,
        "heapq": heapq,
        "overflow": overflow,
    }
    with warnings.catch_warnings():
        # `kind is 5` (which Python warns of): identity is exact for CPython's cached small
        # ints, and a kind past 256 (an op past the 64th) falls through to the generic branch,
        # which is right, only slower.
        warnings.simplefilter("ignore", SyntaxWarning)
        code = compile(sweep_source(dict(ops), mode), "<autograd_mini.sweep>", "exec")
    exec(code, namespace)
    sweep: Sweep = namespace["sweep"]
    return sweep


def sweep(root: Value, seed: Any, mode: str = "floats") -> tuple[list[Value], list[Any]]:
    """Every node under `root`, newest first, and its adjoint d root / d node: two lists.

    Touches no `.grad`; leaves every `_adjoint` at None, also when it raises. Mode "values"
    (`create_graph`): the adjoints are Values built by recorded ops; "floats": floats; "grads":
    each node's `.grad` plus its adjoint; "order": placeholders (only the nodes count).
    Callers take turns (see graph.py).
    """
    return _compiled(tuple(OPS.items()), mode)(root, seed)


# Compiled at import, not by the first backward() (a few ms): no pass pays it unannounced.
for _mode in ("grads", "floats"):
    _compiled(tuple(OPS.items()), _mode)
