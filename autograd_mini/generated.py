"""Writes the code generated from the op table into autograd_mini/_generated/, and checks it.

`python -m autograd_mini.generated --write` regenerates `_generated/methods.py` (Value's
operator and op methods, the node constructor) and `_generated/sweep.py` (the backward sweeps)
from `OPS` and the templates below; `--check` exits 1 if a file differs from what they give.
Run it from a checkout after changing `OPS`' built-in entries, the node's slots or a template:
the files are checked in, so tracebacks, pdb, `inspect` and coverage see the code that runs.
The output is formatted with ruff (a development tool, not needed to import the engine).
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
from pathlib import Path

from autograd_mini.ops import A_ONLY, B_ONLY, BOTH, OPERANDS, OPS, PATTERNS, Op

FOLDER = Path(__file__).resolve().parent / "_generated"
SETTINGS = Path(__file__).resolve().parent.parent / "pyproject.toml"  # in a checkout
COMMAND = "python -m autograd_mini.generated --write"

_HEADER = '''\
"""{doc}

Generated from autograd_mini.ops.OPS by `{command}`: do not edit.
The templates are in autograd_mini/generated.py; tests/test_generated.py fails while this file
is stale.
"""

from __future__ import annotations
'''

# Python's method names for the ops written as operators: (self op other, other op self).
OPERATOR_METHODS = {
    "+": ("__add__", "__radd__"),
    "-": ("__sub__", "__rsub__"),
    "*": ("__mul__", "__rmul__"),
    "/": ("__truediv__", "__rtruediv__"),
    "**": ("__pow__", "__rpow__"),
    "neg": ("__neg__",),
}

# The one node constructor. `new_node` below is it; each method has it inlined (one Python
# frame per op instead of two), filled in from this same text. `_kind` names the op too
# (Value.op reads it there).
_NODE = """\
node = new({cls})
node._data = data
node.grad = 0.0
node.label = ""
node._adjoint = None
node._n = next(NUMBERS)
if {recording}:
    node._a = {a}
    node._b = {b}
    node._kind = {kind}
else:
    node._a = None
    node._b = None
    node._kind = 0
return node"""

_NEW_NODE = '''\
def new_node(
    cls: type[Value], data: float, op: str, a: Value | float | None, b: Value | float | None
) -> Value:
    """A node of `cls` holding `data`, recording `op` on operands a, b (op "": a leaf).

    The one node constructor: `Value(...)`, `apply`, unpickling and (inlined) the methods below.
    """
{body}
'''

_METHOD = '''\
def {function}({parameters}) -> Value:
    """`Value.{method}`: {doc}, the op {name!r} of OPS ({formula}).{more}"""
{operands}
{check}    try:
        data = {formula}
    except (ArithmeticError, ValueError):
        return apply({name!r}, {call})  # raises DomainError naming the op and operands
    if not LOW < data < HIGH:
        return apply({name!r}, {call})  # float arithmetic overflows to inf silently: refuse
{node}
'''

# A Constant (a subclass) counts as its number: its methods go through `apply`, which stores it
# so. Value's own methods then need no `type(self)` test: 164 of the ~4,200 instructions of
# `x * y` (callgrind, GC off).
_CONSTANT_METHOD = '''\
def constant_{stem}({parameters}) -> Value:
    """`Constant.{method}`: {doc} by `apply` (the Constant stored as its number)."""
    return apply({name!r}, {call})
'''

_BINARY_OPERANDS = """\
    if type(other) is Value:
        a = {both[0]}
        b = {both[1]}
        node_kind = {kind_both}
    elif type(other) is float and LOW < other < HIGH:
        a = {one[0]}
        b = {one[1]}
        node_kind = {kind_one}
    elif type(other) is int and -EXACT <= other <= EXACT:  # 2 * x, x**2, 1 - y
        other = float(other)  # stored as a float, as apply stores it
        a = {one[0]}
        b = {one[1]}
        node_kind = {kind_one}
    else:  # a huge int, a bool, a Constant, not a number at all: apply decides
        return apply({name!r}, {call})"""


def function_name(method: str) -> str:
    """The generated function behind `Value.method`: `__mul__` -> `value_mul`, `exp` -> `value_exp`.

    Not the method's own name: a function `exp` would hide the `exp` that formulas call.
    """
    return "value_" + method.strip("_")


def _method(name: str, op: Op, method: str, reflected: bool) -> str:
    """The source of one method: `self op other`, `other op self` (reflected) or `op(self)`."""
    if op.arity == 1:
        stored: tuple[str, ...] = ("self",)
        doc = f"{name}(self)"
        operands = "    a = self._data"
        kind = str(op.kind + A_ONLY)
        parameters = "self: Value"
    else:
        stored = ("other", "self") if reflected else ("self", "other")
        doc = f"{stored[0]} {name} {stored[1]}"
        operands = _BINARY_OPERANDS.format(
            both=[f"{x}._data" for x in stored],  # the numbers of a and b, both Values
            one=[x if x == "other" else f"{x}._data" for x in stored],  # other a number
            kind_both=op.kind + BOTH,
            kind_one=op.kind + (B_ONLY if reflected else A_ONLY),  # the number is a or b
            name=name,
            call=", ".join(stored),
        )
        kind = "node_kind"
        parameters = "self: Value, other: Value | float"
    node = _NODE.format(
        cls="Value",
        recording="grad_enabled()",
        a=stored[0],
        b=stored[1] if len(stored) == 2 else "None",
        kind=kind,
    )
    return _METHOD.format(
        function=function_name(method),
        method=method,
        parameters=parameters,
        doc=doc,
        more=f"\n\n    {op.doc}\n    " if op.doc else "",  # what `help(Value.log)` shows
        name=name,
        formula=op.formula,
        call=", ".join(stored),
        operands=operands,
        check=f"    CHECKS[{name!r}]({', '.join(stored)})\n" if op.check else "",
        node=_indent(node, 4),
    )


def _constant_method(name: str, op: Op, method: str, reflected: bool) -> str:
    """The source of Constant's `method`: the op by `apply`, operands in the order written."""
    if op.arity == 1:
        parameters, doc, call = "self: Value", f"{name}(self)", "self"
    else:
        a, b = ("other", "self") if reflected else ("self", "other")
        parameters, doc, call = "self: Value, other: Value | float", f"{a} {name} {b}", f"{a}, {b}"
    return _CONSTANT_METHOD.format(
        stem=method.strip("_"), parameters=parameters, method=method, doc=doc, name=name, call=call
    )


def methods_source(ops: dict[str, Op]) -> str:
    """The module `_generated/methods.py`: the node constructor and one function per method."""
    methods = {}
    constant_methods = {}
    for name, op in ops.items():
        if name in OPERATOR_METHODS:
            names = OPERATOR_METHODS[name]
        elif name.isidentifier() and op.arity == 1:
            names = (name,)
        else:
            continue
        for reflected, method in enumerate(names):
            methods[method] = _method(name, op, method, bool(reflected))
            constant_methods[method] = _constant_method(name, op, method, bool(reflected))
    used = sorted({f.id for op in ops.values() for f in _calls(op.formula)})
    node = _NODE.format(
        cls="cls",
        recording="op and grad_enabled()",
        a="a",
        b="b",
        kind="kind(OPS[op], a, b)",
    )
    parts = [
        _HEADER.format(
            doc="Value's operator and op methods, each with its op's forward formula written in.",
            command=COMMAND,
        ),
        "import math",
        "from collections.abc import Callable",
        "",
        "from autograd_mini.ops import FUNCTIONS, OPS, kind",
        "from autograd_mini.recording import RECORDING",
        "from autograd_mini.sweep import NUMBERS",
        "from autograd_mini.value import Value, apply",
        "",
        *(f"{f} = FUNCTIONS[{f!r}]" for f in used),
        "new = object.__new__",
        "grad_enabled = RECORDING.get",
        "LOW, HIGH = -math.inf, math.inf  # `LOW < x < HIGH`: x is finite (not inf, not nan)",
        "EXACT = 2**53  # every int up to this is exactly a float",
        "CHECKS = {name: op.check for name, op in OPS.items() if op.check}",
        "",
        "",
        _NEW_NODE.format(body=_indent(node, 4)),
        *(source + "\n" for source in methods.values()),
        "METHODS: dict[str, Callable[..., Value]] = {",
        *(f"    {method!r}: {function_name(method)}," for method in methods),
        "}",
        '"""Value\'s methods by name (value.py sets them on the class)."""',
        "",
        "",
        *(source + "\n" for source in constant_methods.values()),
        "CONSTANT_METHODS: dict[str, Callable[..., Value]] = {",
        *(f"    {method!r}: constant_{method.strip('_')}," for method in constant_methods),
        "}",
        '"""Constant\'s methods by name (value.py sets them on the class)."""',
    ]
    return "\n".join(parts) + "\n"


def _calls(formula: str) -> list[ast.Name]:
    tree = ast.parse(formula, mode="eval")
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    return [call.func for call in calls if isinstance(call.func, ast.Name)]


def _indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line if line else line for line in text.splitlines())


def _reach(operand: str, term: str, leaves_last: bool = True) -> str:
    """Code adding `term` to `operand`'s adjoint; the first term also schedules the node.

    An operand's adjoint is set only after it is stored in `todo`, the heap or `leaves`, so
    that an exception in between (a KeyboardInterrupt can land anywhere) leaves no adjoint on
    a node the cleanup cannot find: such a node would take the `+=` branch in every later pass
    and never be scheduled, it and all it leads to silently getting no gradient.

    With `leaves_last`, a node far back with nothing to propagate (a leaf: a parameter, an
    input) goes to `leaves`, taken after every other node; leaves close by are listed as any
    node is. Parameters made long before the graph otherwise go through the heap one by one:
    a wide sum's backward (1e5 products) spent most of its time there. With this and `.grad`
    written in the pass: 3,435 -> 2,120 instructions a node (callgrind, GC off; docs/speed.md).
    """
    leaf = f"\n    elif {operand}._kind == 0:\n        leaves.append({operand})"
    # A term that is a name or a constant (g, where the derivative is 1) is added as it is.
    t = term if term.isidentifier() else "t"
    first = "" if t == term else f"t = {term}\n"
    return f"""\
{first}if {operand}._adjoint is None:
    k = base - {operand}._n
    if k < size:
        todo[k] = {operand}{leaf if leaves_last else ""}
    else:
        size = far(todo, heap, base, {operand}, k)
    {operand}._adjoint = {t}  # once it is listed, where the cleanup looks, not before
else:
    {operand}._adjoint += {t}"""


def _term(formula: str) -> str:
    """The code of `formula * g`: `g` where the formula is 1, no parentheses around a name."""
    if formula in ("1", "-1"):
        return formula.replace("1", "g")
    body = ast.parse(formula, mode="eval").body
    simple = isinstance(body, (ast.Name, ast.Constant, ast.Call))
    return f"{formula} * g" if simple else f"({formula}) * g"


def _written_out(name: str, op: Op, pattern: int) -> str:
    """The branch of `op` on an operand pattern: its derivatives on the operands' numbers."""
    values = PATTERNS[pattern]
    operands = OPERANDS[: op.arity]
    derivatives = [d for x, d in op.derivatives.items() if x in values]
    used = {n.id for d in derivatives for n in ast.walk(ast.parse(d)) if isinstance(n, ast.Name)}
    lines = [f"elif kind == {op.kind + pattern}:  # {name}, Values: {' and '.join(values)}"]
    for x in operands:  # a Value operand as value_a (its number as a), a number operand as a
        if x in values:
            lines.append(f"    value_{x} = node._{x}")
            if x in used:
                lines.append(f"    {x} = value_{x}._data")
        elif x in used:
            lines.append(f"    {x} = node._{x}")
    if "out" in used:
        lines.append("    out = node._data")
    for x, derivative in op.derivatives.items():
        if x in values:
            lines.append(_indent(_reach(f"value_{x}", _term(derivative)), 4))
    return "\n".join(lines)


_SWEEP = '''\
def sweep_{mode}(root: Value, seed: Any) -> {result_type}:
    """{doc}"""
{start}\
    todo: list[Any] = [root]  # todo[base - node._n] is node; None where no node of this graph is
{lists}\
    size = 1  # len(todo), kept in a local: it is read at every node reached
    heap: list[tuple[int, Value]] = []
    leaves: list[Value] = []  # reached, with nothing to propagate: taken last, in one list
    base = root._n
    try:
        root._adjoint = seed
        while True:
            for node in todo:  # the list grows while it is read: the iterator sees it grow
                if node is None:  # a number no node of this graph has
                    continue
                g = node._adjoint
                node._adjoint = None  # final: every node that uses this one came before it
{body}
            if heap:
                node = heap[0][1]  # the newest of the nodes far back starts a list
                base = node._n
                todo = [node]{listed}
                heapq.heappop(heap)  # only now: until it is in todo, the heap lists it
                size = far(todo, heap, base, None, 0)
            elif leaves:  # every other node is done: the leaves' adjoints are final
                todo = leaves{listed}
                leaves = []  # after: until then the cleanup finds them in leaves
            else:
                return{result}
    except BaseException as error:  # KeyboardInterrupt too: every exit leaves no state behind
        for waiting in (*todo, *(entry[1] for entry in heap), *leaves):
            if waiting is not None:  # reached and not processed (the rest hold None already)
                waiting._adjoint = None
{restore}\
        if isinstance(error, (ArithmeticError, ValueError)) and not isinstance(error, DomainError):
            at = describe(*node.operands)
            message = f"{{node.op}}: derivative is undefined at {{at}} ({{error}})"
            raise DomainError(message) from error
        raise
'''


# backward() writes `.grad` as it goes; on any exit but the end (an undefined derivative, a
# None `.grad`, Ctrl-C) every `.grad` it wrote is put back. The nodes taken are the lists'
# nodes in the order they were read, so the sweep keeps no list of them: `olds` has one entry
# per node whose `.grad` was written, and zip stops there (before the node being taken, and
# the nodes listed further on). A list per node taken cost 112-158 instructions of a node's
# ~2,600 in the small MLP's backward (callgrind, GC on and off).
_RESTORE = """\
        taken = (listed for read in lists for listed in read if listed is not None)
        for done, old in zip(taken, olds, strict=False):
            done.grad = old
"""

# What each mode keeps as it goes: backward's olds and lists (for _RESTORE), or the nodes and
# adjoints the other sweeps return.
_KEPT = {
    "grads": {
        "result_type": "None",
        "start": "    olds: list[float] = []  # the .grad of each node taken, before this pass\n",
        "lists": "    lists = [todo]  # every list the sweep reads, in the order it reads them\n",
        "listed": "\n                lists.append(todo)",
        "result": "",
        "restore": _RESTORE,
    },
    "others": {
        "result_type": "tuple[list[Value], list[Any]]",
        "start": "    nodes: list[Value] = []\n    adjoints: list[Any] = []\n",
        "lists": "",
        "listed": "",
        "result": " nodes, adjoints",
        "restore": "",
    },
}


def _generic(recorded: bool) -> str:
    """The chain rule for any op, by `op.grads[i](...)` calls (autograd_mini.sweep.chain_rule)."""
    reach = _reach("operand", "t")  # t is the loop's
    return f"for operand, t in chain_rule(node, g, {recorded}):\n{_indent(reach, 4)}"


_DOCS = {
    "grads": "Add d root / d node to the `.grad` of every node under root.",
    "floats": "Every node under root, each before its operands, and d root / d node (a float).",
    "values": "Every node under root, each before its operands, and d root / d node as a Value.",
    "order": "Every node under root, newest first (the second list holds placeholders).",
}


_COMMONEST = [
    *((name, pattern) for name in ("*", "+") for pattern in (BOTH, A_ONLY)),
    ("relu", A_ONLY),
    ("tanh", A_ONLY),
    *(("-", pattern) for pattern in (BOTH, A_ONLY)),
    ("**", A_ONLY),
    *(("/", pattern) for pattern in (BOTH, A_ONLY)),
    ("exp", A_ONLY),
]


def _sweep(ops: dict[str, Op], mode: str) -> str:
    """The sweep in `mode`, its branches in the commonest order first.

    "grads" and "floats" have a branch per op and operand pattern; "values" (`create_graph`)
    and "order" (`topological_order`) only the generic path.
    """
    if mode == "order":
        lines = [
            "nodes.append(node)",
            "adjoints.append(g)",
            "if node._kind == 0:",
            "    continue",
            "value_a = node._a",
            "if type(value_a) is not float:",
            _indent(_reach("value_a", "True", leaves_last=False), 4),
            "value_b = node._b",
            "if value_b is not None and type(value_b) is not float:",
            _indent(_reach("value_b", "True", leaves_last=False), 4),
        ]
    elif mode == "values":
        lines = [
            "nodes.append(node)",
            "adjoints.append(g)",
            "if node._kind == 0:",
            "    continue",
            _generic(True),
        ]
    else:
        # Float arithmetic overflows to inf silently (1/b for tiny b); recorded ops refuse it.
        # r - r is 0.0 for a finite r, nan (truthy) for inf and nan: one test, no lookups.
        lines = ["nodes.append(node)", "adjoints.append(g)", "if g - g:", "    overflow(node, g)"]
        if mode == "grads":  # backward(): .grad written here, the old one kept until the end
            lines = [
                "old = node.grad",
                "r = old + g",
                "if r - r:",
                "    overflow(node, g)",
                "olds.append(old)",
                "node.grad = r  # after its old value is kept: the restore below finds it",
            ]
        lines += [
            "kind = node._kind",
            "if kind == 0:",
            "    continue",
        ]
        # The branches are tried in turn, each test passed costing ~4 bytecodes, so the
        # commonest come first: * and + on two Values (an MLP) or on a Value and a number (a
        # chain), the activations, - ** / and exp, then each pattern in table order. On the
        # chain of + * ** relu - / that took 2,302 -> 2,1xx instructions a node (callgrind).
        kinds = [
            (name, pattern)
            for pattern in PATTERNS
            for name, op in ops.items()
            if pattern == A_ONLY or op.arity == 2
        ]
        first = [k for k in _COMMONEST if k[0] in ops]
        kinds = first + [k for k in kinds if k not in first]
        branches = [_written_out(name, ops[name], pattern) for name, pattern in kinds]
        branches[0] = branches[0].removeprefix("el")
        lines += branches
        lines.append("else:  # an op with no branch above (added to OPS since): generically")
        lines.append(_indent(_generic(False), 4))
    return _SWEEP.format(
        mode=mode,
        doc=_DOCS[mode],
        body=_indent("\n".join(lines), 16),
        **_KEPT["grads" if mode == "grads" else "others"],
    )


def sweep_source(ops: dict[str, Op]) -> str:
    """The module `_generated/sweep.py`: the four sweeps autograd_mini.graph runs."""
    parts = [
        _HEADER.format(
            doc="The backward sweeps, with each op's derivative formulas written in.\n\n"
            "autograd_mini.sweep explains the algorithm and holds the functions these call.",
            command=COMMAND,
        ),
        "import heapq",
        "from typing import TYPE_CHECKING, Any",
        "",
        "from autograd_mini.errors import DomainError, describe",
        "from autograd_mini.ops import FUNCTIONS",
        "from autograd_mini.sweep import chain_rule, far, overflow",
        "",
        "if TYPE_CHECKING:",
        "    from autograd_mini.value import Value",
        "",
        *(f"{f} = FUNCTIONS[{f!r}]" for f in _functions_in_derivatives(ops)),
        "",
        "",
        *(_sweep(ops, mode) + "\n" for mode in _DOCS),
    ]
    return "\n".join(parts).rstrip("\n") + "\n"


def _functions_in_derivatives(ops: dict[str, Op]) -> list[str]:
    return sorted({f.id for op in ops.values() for d in op.derivatives.values() for f in _calls(d)})


SOURCES = {"methods.py": methods_source, "sweep.py": sweep_source}


def formatted(source: str, path: Path) -> str:
    """`source` as `ruff format` writes it, with the checkout's settings (pyproject.toml)."""
    ruff = shutil.which("ruff") or shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        raise SystemExit("autograd_mini.generated: needs ruff (pip install ruff) to format")
    if not SETTINGS.is_file():  # an installed copy: the files it would check are not yours
        raise SystemExit(
            f"autograd_mini.generated: run it in a checkout of autograd_mini (no {SETTINGS.name}"
            f" beside {SETTINGS.parent / 'autograd_mini'}: an installed copy, not a checkout)"
        )
    run = subprocess.run(
        [ruff, "format", "--config", str(SETTINGS), "--stdin-filename", str(path), "-"],
        input=source,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise SystemExit(f"autograd_mini.generated: ruff format failed: {run.stderr.strip()}")
    return run.stdout


def stale() -> list[Path]:
    """The generated files that differ from what `OPS` and the templates give now."""
    paths = []
    for name, source in SOURCES.items():
        path = FOLDER / name
        expected = formatted(source(_built_in_ops()), path)
        if not path.exists() or path.read_text() != expected:
            paths.append(path)
    return paths


def _built_in_ops() -> dict[str, Op]:
    """The ops the files are generated from: those of ops.py, not any added at run time."""
    return dict(list(OPS.items())[:BUILT_IN])


BUILT_IN = len(OPS)  # at import, before anyone can add to OPS


def main(argv: list[str] | None = None) -> int:
    """`--write` the generated files, or `--check` them (exit 1 if one is stale)."""
    parser = argparse.ArgumentParser(
        prog="python -m autograd_mini.generated", description=__doc__, allow_abbrev=False
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--write", action="store_true", help="regenerate the files")
    what.add_argument("--check", action="store_true", help="exit 1 if a file is stale")
    args = parser.parse_args(argv)
    if args.check:
        paths = stale()
        for path in paths:
            print(f"stale: {path} (run {COMMAND})")
        return 1 if paths else 0
    FOLDER.mkdir(exist_ok=True)
    for name, source in SOURCES.items():
        path = FOLDER / name
        path.write_text(formatted(source(_built_in_ops()), path))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
