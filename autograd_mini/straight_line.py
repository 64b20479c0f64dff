"""A traced graph written out as Python: one line per node, forward, then reverse (the adjoints).

`write(trace)` gives the source of `forward_backward(inputs..., parameters...)`: each node's
forward formula from `OPS` on the floats of its operands, named after its label (`h[0]` is
`h_0`), then `d_name = d output / d name`, each term the op's derivative formula from `OPS`
times the adjoint of the node that used it. Terms are added in the order the engine's sweep
adds them (newest node first, operand a before b), so the numbers are the engine's, bit for bit.
"""

from __future__ import annotations

import ast
import builtins
import functools
import keyword
import re
import textwrap
from typing import Any, NamedTuple

from autograd_mini.ops import FUNCTIONS, OPERANDS, OPS
from autograd_mini.recording import Comparison
from autograd_mini.value import Value

# Ops whose domain checks Python's own float arithmetic makes as well (1 / 0, log(0), 0 ** -1
# raise; (-8) ** 0.5 is complex): their code calls no check. Any other op's check is called.
CHECKED_BY_PYTHON = {"/": OPS["/"], "log": OPS["log"], "**": OPS["**"]}


class Trace(NamedTuple):
    """What one call of f left: its output, inputs, parameters, nodes and comparisons."""

    output: Value
    inputs: list[Value]
    parameters: list[Value]  # Values made before the trace that f reads: read live
    nodes: list[Value]  # made during the trace (inputs too), oldest first
    comparisons: list[Comparison]


def identifier(label: str, fallback: str) -> str:
    """`label` as a Python name: "h[0]" -> "h_0", "hidden.w[0][1]" -> "hidden_w_0_1"."""
    name = re.sub(r"\W+", "_", label).strip("_")
    if not name:
        return fallback
    return f"v_{name}" if name[0].isdigit() else name


class Names:
    """A unique Python name per node, never one of a function's, and d_name free as well."""

    def __init__(self) -> None:
        self.taken = {*FUNCTIONS, *dir(builtins), *keyword.kwlist, "INF", "forward_backward"}
        self.of: dict[int, str] = {}

    def add(self, node: Value, fallback: str) -> str:
        """Name `node` after its label (`fallback` if it has none), `h_0__2` for a second h_0."""
        base = identifier(node.label, fallback)
        name, copy = base, 1
        while name in self.taken or f"d_{name}" in self.taken:
            copy += 1
            name = f"{base}__{copy}"
        self.taken |= {name, f"d_{name}"}
        self.of[id(node)] = name
        return name


def _literal(x: float) -> ast.expr:
    """A number operand as its literal, exactly the float it stands for (-0.0 too)."""
    literal = ast.Constant(abs(x))
    return ast.UnaryOp(ast.USub(), literal) if str(x)[0] == "-" else literal


def _operand(x: Any, names: Names) -> ast.expr:
    """A node as its name, a number operand as its literal."""
    return _literal(x) if type(x) is float else ast.Name(names.of[id(x)])


# Stand-ins for names in a cached template: no Python name contains these brackets.
_SLOT = {symbol: f"\u27e8{symbol}\u27e9" for symbol in (*OPERANDS, "out", "g")}


def _formula(text: str, node: Value, names: Names, times: str = "") -> str:
    """The code of formula `text` (times `times`) on the node's operands, `out` the node."""
    numbers = tuple(x if type(x) is float else None for x in node.operands)
    code = _template(text, numbers, bool(times))
    filled = {"out": names.of[id(node)], "g": times}
    for symbol, x in zip(OPERANDS, node.operands, strict=False):
        filled[symbol] = "" if type(x) is float else names.of[id(x)]
    for symbol, name in filled.items():
        code = code.replace(_SLOT[symbol], name)
    return code


@functools.cache
def _template(text: str, numbers: tuple[float | None, ...], times_g: bool) -> str:
    """`text` as code with the number operands written in and slots for the other names.

    Made once per formula and pattern of numbers: parsing each node's formula anew was most
    of the time `compile` took on a 10,000-node graph.
    """
    tree = ast.parse(text, mode="eval").body
    symbols = {
        x: ast.Name(_SLOT[x]) if n is None else _literal(n)
        for x, n in zip(OPERANDS, numbers, strict=False)
    }

    class Substitute(ast.NodeTransformer):
        def visit_Name(self, name: ast.Name) -> ast.expr:
            if name.id == "out":
                return ast.Name(_SLOT["out"])
            return symbols.get(name.id, name)

        def visit_IfExp(self, branch: ast.IfExp) -> ast.expr:
            # A test on numbers alone (`0 if b == 0 else ...` with b the number 2.0) is decided
            # here, as it would be at run time: the line shows the branch that runs.
            self.generic_visit(branch)
            if any(isinstance(n, ast.Name) for n in ast.walk(branch.test)):
                return branch
            taken = eval(builtins.compile(_expression(branch.test), "<formula>", "eval"))
            return branch.body if taken else branch.orelse

    result: ast.expr = Substitute().visit(tree)
    if times_g:
        result = ast.BinOp(result, ast.Mult(), ast.Name(_SLOT["g"]))
    return ast.unparse(result)


def _expression(tree: ast.expr) -> ast.Expression:
    return ast.fix_missing_locations(ast.Expression(tree))


def _functions_used(texts: list[str]) -> list[str]:
    trees = [ast.parse(text) for text in set(texts)]
    used = {n.id for tree in trees for n in ast.walk(tree) if isinstance(n, ast.Name)}
    return sorted(used & set(FUNCTIONS))


def write(trace: Trace, title: str) -> str:
    """The module source: `forward_backward` for this trace, and the functions its formulas call."""
    names = Names()
    for i, x in enumerate(trace.inputs):
        names.add(x, f"x_{i}")
    for i, p in enumerate(trace.parameters):
        names.add(p, f"p_{i}")
    given = {id(x) for x in (*trace.inputs, *trace.parameters)}
    steps = [node for node in trace.nodes if id(node) not in given]
    for i, node in enumerate(steps):
        names.add(node, f"v{i}")

    checked_after: dict[int, list[Comparison]] = {}  # node id -> comparisons it completes
    for comparison in trace.comparisons:
        left, _, right, _ = comparison
        newest = max((x for x in (left, right) if isinstance(x, Value)), key=lambda x: x._n)
        key = id(newest) if id(newest) not in given else 0
        checked_after.setdefault(key, []).append(comparison)

    checks = False  # whether a line calls an op's domain check
    forward = [line for c in checked_after.get(0, []) for line in _guard(c, names)]
    texts = []
    for node in steps:
        name = names.of[id(node)]
        if not node.op:
            forward.append(f"{name} = {node.data!r}  # a Value made by f")
        else:
            op = OPS[node.op]
            texts.append(op.formula)
            if op.check is not None and CHECKED_BY_PYTHON.get(node.op) is not op:
                checks = True
                operands = ", ".join(ast.unparse(_operand(x, names)) for x in node.operands)
                forward.append(f"CHECKS[{node.op!r}]({operands})")
            forward.append(f"{name} = {_formula(op.formula, node, names)}")
        forward.extend(line for c in checked_after.get(id(node), []) for line in _guard(c, names))

    output = names.of[id(trace.output)]
    reverse = [f"d_{output} = 1.0"]
    reached = {output}
    for node in reversed(steps):
        name = names.of[id(node)]
        if name not in reached or not node.op:
            continue
        op = OPS[node.op]
        for operand, formula in zip(node.operands, op.derivatives.values(), strict=True):
            if isinstance(operand, Value):  # a number operand gets no derivative
                texts.append(formula)
                target = names.of[id(operand)]
                reverse.append(_add_term(target, formula, name, node, names, reached))

    def gradient(x: Value) -> str:
        return f"d_{names.of[id(x)]}" if names.of[id(x)] in reached else "0.0"

    every_node = [names.of[id(node)] for node in steps if node.op]
    header = [
        f'"""{title}: forward then reverse, one line per node of the traced graph.',
        "",
        f"d_name is d {output} / d name. Written by autograd_mini.compile from the formulas of",
        "autograd_mini.ops.OPS: each term of a d_name is the op's derivative for that operand",
        "times d of the node that used it.",
        '"""',
        "",
        "from autograd_mini.ops import FUNCTIONS, OPS"
        if checks
        else "from autograd_mini.ops import FUNCTIONS",
        "",
        'INF = float("inf")',
        *(["CHECKS = {name: op.check for name, op in OPS.items()}"] if checks else []),
        *(f'{f} = FUNCTIONS["{f}"]' for f in _functions_used(texts)),
        "",
        "",
        *_wrapped(
            "def forward_backward(",
            [names.of[id(x)] for x in (*trace.inputs, *trace.parameters)],
            "):",
            "",
        ),
        f'    """{output}, d {output} by each input, by each parameter; None: ask the engine."""',
        *(f"    {line}" for line in forward),
        *_finite(every_node, "an overflow, a nan: the engine says where"),
        *(f"    {line}" for line in reverse),
        *_finite([f"d_{n}" for n in every_node if n in reached], "a derivative overflows"),
        f"    return {output}, [",
        *_wrapped("", [gradient(x) for x in trace.inputs], "", "    "),
        "    ], [",
        *_wrapped("", [gradient(p) for p in trace.parameters], "", "    "),
        "    ]",
    ]
    lines = header
    return "\n".join(lines) + "\n"


def _guard(comparison: Comparison, names: Names) -> list[str]:
    """Lines that return None (ask the engine) unless the comparison comes out as traced."""
    left, op, right, result = comparison
    test = f"{_operand_text(left, names)} {op} {_operand_text(right, names)}"
    return [
        f"if {'not ' if result else ''}{test}:  # f branched on this when traced",
        "    return None",
    ]


def _operand_text(x: Any, names: Names) -> str:
    return names.of[id(x)] if isinstance(x, Value) else repr(float(x))


def _add_term(
    target: str, formula: str, by: str, node: Value, names: Names, reached: set[str]
) -> str:
    """`d_target = term` for its first term, `d_target += term` after: as the sweep adds them."""
    first = target not in reached
    reached.add(target)
    if formula == "1":
        return f"d_{target} {'=' if first else '+='} d_{by}"
    if formula == "-1":
        return f"d_{target} = -d_{by}" if first else f"d_{target} -= d_{by}"
    return f"d_{target} {'=' if first else '+='} {_formula(formula, node, names, f'd_{by}')}"


def _wrapped(opening: str, items: list[str], closing: str, indent: str) -> list[str]:
    """`opening items, closing` on one line if it fits in 100 columns, else items wrapped."""
    one_line = f"{indent}{opening}{', '.join(items)}{closing}"
    if len(one_line) <= 100 and opening:
        return [one_line]
    body = textwrap.wrap(", ".join(items) + ("," if opening else ""), 92 - len(indent))
    return (
        ([f"{indent}{opening}"] if opening else [])
        + [f"{indent}    {line}" for line in body]
        + ([f"{indent}{closing}"] if closing else [])
    )


def _finite(names: list[str], why: str) -> list[str]:
    """Lines returning None unless every name is finite.

    A sum of finite floats is finite unless it overflows itself; then the engine is asked,
    which gives the right answer, only slower.
    """
    if not names:
        return []
    body = textwrap.wrap(", ".join(names), 88)
    return [
        f"    if not -INF < sum([  # {why}",
        *(f"        {line}" for line in body),
        "    ]) < INF:",
        "        return None",
    ]
