"""`compile(f, *example)`: trace f once on the engine, then run its straight-line float code.

Named as `torch.compile` and `jax.jit` users expect (`autograd_mini.compile`; inside this
package the builtin is `builtins.compile`). The code is a real file in a cache folder, so
tracebacks, pdb, `inspect.getsource` and coverage show its lines (see `Compiled.path`).

What the trace cannot see is checked, or handed to the engine, never guessed:
- an op's own branch (relu, `**` at b == 0) is in its formula, so the code takes it at run time;
- a comparison of Values in f (`if x > 0:`, `max(a, b)`) is checked again at each call: if it
  comes out otherwise, or a number overflows, or an op is undefined, the call runs on the
  engine instead (`fallbacks` counts them), with the engine's numbers and error messages;
- a different number of inputs traces f again for that number.
Numbers f takes from `.data`, or computes under `no_grad()`, are frozen at their traced values,
as `jax.jit` freezes Python numbers: write them as ops on Values. The code holds the ops the
output and f's comparisons depend on; an op whose result f drops is left out, with its errors.
"""

from __future__ import annotations

import builtins
import hashlib
import inspect
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from autograd_mini.collector import gc_paused
from autograd_mini.files import cache_folder, write_atomically
from autograd_mini.functional import grad
from autograd_mini.recording import COMPARISONS, Comparison, enable_grad
from autograd_mini.straight_line import Trace, identifier, write
from autograd_mini.sweep import NUMBERS
from autograd_mini.value import Value, as_float


class Gradients(NamedTuple):
    """f's value, d f / d each input, d f / d each parameter, as floats."""

    value: float
    inputs: list[float]
    parameters: list[float]


def compile(f: Callable[..., Value], *example: float, parameters: Sequence[Value] = ()) -> Compiled:
    """The straight-line float code of f, traced at `example` (one number per input).

    `compiled(*numbers)` returns `Gradients(value, inputs, parameters)`. Values f reads without
    receiving them (a network's weights) are its parameters: read live at each call, so an
    optimizer's updates are seen. `parameters` fixes their order; others f reads come after.
    """
    if not callable(f):
        raise TypeError(f"compile: f must be callable, got {type(f).__name__}")
    return Compiled(f, [as_float(x, "compile") for x in example], list(parameters))


class Program(NamedTuple):
    """The code for one number of inputs: its source, file, function and parameters."""

    source: str
    path: str
    function: Callable[..., Any]
    parameters: list[Value]
    names: list[str]


class Compiled:
    """A traced function: call it with numbers for (value, d/d inputs, d/d parameters)."""

    def __init__(
        self, f: Callable[..., Value], example: list[float], parameters: list[Value]
    ) -> None:
        self.f = f
        self.given = parameters
        self.programs: dict[int, Program] = {}
        self.first = self.program(example)
        self.given = self.first.parameters  # a later trace (another input count) keeps them
        self.fallbacks = 0  # calls the engine ran: a branch taken otherwise, an error

    @property
    def source(self) -> str:
        """The Python code of the first trace: forward, then reverse, one line per node."""
        return self.first.source

    @property
    def path(self) -> str:
        """The file that code is in, which tracebacks, pdb and `inspect` read."""
        return self.first.path

    @property
    def parameters(self) -> list[Value]:
        """The Values f reads without receiving them, in the order of their gradients."""
        return self.first.parameters

    def __repr__(self) -> str:
        return f"<compiled {getattr(self.f, '__qualname__', 'f')} in {self.path}>"

    def __call__(self, *inputs: float) -> Gradients:
        """f(*inputs) and its gradients, from the compiled code (or the engine: see the module)."""
        numbers = tuple(as_float(x, "compile") for x in inputs)
        program = self.programs.get(len(numbers)) or self.program(numbers)
        try:
            result = program.function(*numbers, *[p.data for p in program.parameters])
        except (ArithmeticError, ValueError, TypeError):  # TypeError: a complex number met <
            result = None
        if result is None:
            return self.engine(numbers, program)
        value, d_inputs, d_parameters = result
        return Gradients(value, d_inputs, d_parameters)

    def engine(self, numbers: Sequence[float], program: Program) -> Gradients:
        """The same call on the engine: its numbers, its errors."""
        self.fallbacks += 1
        inputs = [Value(x, name) for x, name in zip(numbers, program.names, strict=True)]
        with enable_grad(), gc_paused():
            output = self.f(*inputs)
        grads = grad(output, [*inputs, *program.parameters])
        d = [g.data for g in grads]
        return Gradients(output.data, d[: len(inputs)], d[len(inputs) :])

    def program(self, example: Sequence[float]) -> Program:
        """Trace f at `example` and load its code (one program per number of inputs)."""
        names = input_names(self.f, len(example))
        trace = trace_call(self.f, example, names, self.given)
        title = f"{getattr(self.f, '__qualname__', 'f')}({', '.join(names)})"
        source = write(trace, title)
        path = cache_file(source, identifier(getattr(self.f, "__name__", ""), "f"))
        namespace: dict[str, Any] = {"__name__": Path(path).stem, "__file__": path}
        exec(builtins.compile(source, path, "exec"), namespace)
        program = Program(source, path, namespace["forward_backward"], trace.parameters, names)
        self.programs[len(example)] = program
        return program


def input_names(f: Callable[..., Value], count: int) -> list[str]:
    """The names of f's parameters for `count` inputs ("x", "y"), or "xs_0", "xs_1" for `*xs`."""
    try:
        signature = inspect.signature(f)
    except (TypeError, ValueError):  # a builtin without one
        return [f"x_{i}" for i in range(count)]
    names: list[str] = []
    for p in signature.parameters.values():
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and len(names) < count:
            names.append(p.name)
        elif p.kind is p.VAR_POSITIONAL:
            names += [f"{p.name}_{i}" for i in range(count - len(names))]
    return names + [f"x_{i}" for i in range(len(names), count)]


def trace_call(
    f: Callable[..., Value], example: Sequence[float], names: list[str], given: list[Value]
) -> Trace:
    """Call f once on new leaf Values and collect what it built (see `Trace`)."""
    start = next(NUMBERS)
    inputs = [Value(x, name) for x, name in zip(example, names, strict=True)]
    comparisons: list[Comparison] = []
    token = COMPARISONS.set(comparisons)
    try:
        with enable_grad(), gc_paused():
            output = f(*inputs)
    finally:
        COMPARISONS.reset(token)
    if not isinstance(output, Value):
        raise TypeError(f"compile: f must return a Value, got {type(output).__name__}")
    roots = [output, *(x for c in comparisons for x in (c[0], c[2]) if isinstance(x, Value))]
    made: dict[int, Value] = {}  # during the trace: their ops are the code
    before: dict[int, Value] = {id(p): p for p in given}  # before it: parameters, read live
    stack = [*roots, *inputs]
    while stack:
        node = stack.pop()
        if id(node) in made or id(node) in before:
            continue
        if node._n < start:
            before[id(node)] = node
            continue
        made[id(node)] = node
        stack.extend(x for x in node.operands if isinstance(x, Value))
    parameters = [*given, *sorted((p for p in before.values() if p not in given), key=_number)]
    nodes = sorted(made.values(), key=_number)
    return Trace(output, inputs, parameters, nodes, comparisons)


def _number(node: Value) -> int:
    return node._n


def cache_file(source: str, stem: str) -> str:
    """A file holding `source`, named by its hash, under the user's cache folder (or /tmp)."""
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
    for folder in (cache_folder(), Path(tempfile.gettempdir()) / "autograd_mini"):
        path = folder / "compiled" / f"{stem}_{digest}.py"
        try:
            if not path.is_file() or path.read_text(encoding="utf-8") != source:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(path, source)
            return str(path)
        except OSError:  # a read-only home: the next folder
            continue
    raise OSError(
        f"compile: cannot write the compiled code under {cache_folder()} or the temp folder"
    )
