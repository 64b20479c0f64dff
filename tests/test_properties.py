"""Properties of backward and grad on random expression graphs, checked against plain floats.

Each example is a `Recipe`: leaf values and a list of steps (op, operands). It is built twice,
independently: on the engine (Values and its operators) and on plain floats with `math` (for
central finite differences). A failing example prints as Python you can paste after
`from autograd_mini import Value`.

Profiles (registered in conftest.py): "default" runs 200 examples per property and keeps this
file to a few seconds; `pytest --hypothesis-profile=thorough` runs 6,000.
"""

from __future__ import annotations

import dis
import functools
import math
import operator
import sys
import threading
import types
from dataclasses import dataclass

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autograd_mini import (
    DomainError,
    Value,
    apply,
    grad,
    gradcheck,
    hessian,
    no_grad,
    topological_order,
)
from autograd_mini.ops import OPS
from autograd_mini.testing.strategies import expressions, points

UNARY = tuple(name for name, op in OPS.items() if op.arity == 1)
BINARY = tuple(name for name, op in OPS.items() if op.arity == 2)

# The same Python operators act on Values (the engine) and on floats (the reference).
BINARY_OPERATORS = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "**": operator.pow,
}
# The reference on floats, from `math`; an op added to OPS without one here is evaluated by
# its own forward formula (its derivatives still meet finite differences of that).
ON_FLOATS = {
    **BINARY_OPERATORS,
    "neg": operator.neg,
    "exp": math.exp,
    "log": math.log,
    "tanh": math.tanh,
    "sigmoid": lambda a: 1.0 / (1.0 + math.exp(-a)) if a > -700 else 0.0,
    "relu": lambda a: max(a, 0.0),
    "sqrt": math.sqrt,
    "abs": abs,
    "square": lambda a: a * a,
    "sin": math.sin,
    "cos": math.cos,
    "softplus": lambda a: math.log1p(math.exp(a)) if a < 700 else a,
    "leaky_relu": lambda a, b: a if a > 0 else b * a,
}
KINKED = ("relu", "abs", "leaky_relu")  # ops whose slope jumps where their first operand is 0


class RejectedError(Exception):
    """The float evaluation left the region where the properties are meaningful."""


@dataclass(frozen=True)
class Step:
    """`op` applied to `args`: an int is an earlier node's index, a float is a constant."""

    op: str
    args: tuple[int | float, ...]


class Recipe:
    """Leaves x0..x{n-1}, then one node per step; the last node is the output.

    A plain class, not a dataclass, so that hypothesis prints a failing example with `__repr__`.
    """

    def __init__(self, leaves: tuple[float, ...], steps: tuple[Step, ...]) -> None:
        self.leaves = leaves
        self.steps = steps

    def __repr__(self) -> str:
        lines = [f"x{i} = Value({x!r}, 'x{i}')" for i, x in enumerate(self.leaves)]
        n = len(self.leaves)
        names = [f"x{i}" for i in range(n)] + [f"t{j}" for j in range(len(self.steps))]
        for j, step in enumerate(self.steps):
            args = [names[a] if isinstance(a, int) else repr(a) for a in step.args]
            if step.op == "neg":
                text = f"-{args[0]}"
            elif step.op in UNARY:
                text = f"{args[0]}.{step.op}()"
            else:
                text = f"{args[0]} {step.op} {args[1]}"
            lines.append(f"t{j} = {text}")
        lines.append(f"out = {names[-1]}")
        return "\n" + "\n".join(lines) + "\n"


@st.composite
def recipes(draw: st.DrawFn, max_steps: int = 10) -> Recipe:
    """Random DAGs over 1-6 leaves using every op, with each operand kept in its op's domain.

    Bases of `log`, of fractional/negative constant powers, of Value exponents and divisors are
    made positive by construction: sigmoid(.) + 0.5 lies in (0.5, 1.5) and exp(tanh(.)) in
    (1/e, e). Operands are any earlier node, so subexpressions are shared; every node no step
    uses is summed into the output, so every leaf reaches it.
    """
    n = draw(st.integers(1, 6))
    leaf = st.floats(-2.0, 2.0, allow_subnormal=False).map(lambda x: round(x, 3))
    leaves = tuple(draw(leaf) for _ in range(n))
    steps: list[Step] = []
    constant = st.sampled_from([-2.0, -1.0, -0.5, 0.25, 0.5, 1.5, 2.0, 3.0])

    def emit(op: str, *args: int | float) -> int:
        steps.append(Step(op, args))
        return n + len(steps) - 1

    def node() -> int:
        return draw(st.integers(0, n + len(steps) - 1))

    def positive(i: int) -> int:
        if draw(st.booleans()):
            return emit("+", emit("sigmoid", i), 0.5)
        return emit("exp", emit("tanh", i))

    def maybe_constant() -> int | float:
        return draw(constant) if draw(st.integers(0, 3)) == 0 else node()

    kinds = [*(op for op in BINARY if op != "**"), "**const", "**value", "const**", *UNARY]
    for _ in range(draw(st.integers(1, max_steps))):
        kind = draw(st.sampled_from(kinds))
        if kind in ("+", "-", "*"):
            a, b = maybe_constant(), maybe_constant()
            if not isinstance(a, int) and not isinstance(b, int):
                a = node()
            emit(kind, a, b)
        elif kind == "/":
            divisor = draw(constant) if draw(st.booleans()) else positive(node())
            if isinstance(divisor, int) and draw(st.booleans()):
                divisor = emit("neg", divisor)
            emit("/", maybe_constant() if isinstance(divisor, int) else node(), divisor)
        elif kind == "**const":
            exponent = draw(st.sampled_from([0.0, 1.0, 2.0, 3.0, -1.0, -2.0, 0.5, 1.5, -0.5]))
            base = node()
            if not exponent.is_integer() or exponent < 0:
                base = positive(base)
            emit("**", base, exponent)
        elif kind == "**value":
            emit("**", positive(node()), node())
        elif kind == "const**":
            emit("**", draw(st.sampled_from([0.5, 2.0, 3.0])), node())
        elif kind in UNARY:  # an op that checks its domain gets a positive operand
            emit(kind, positive(node()) if OPS[kind].check else node())
        else:
            emit(kind, positive(node()), positive(node()))
    used = {a for step in steps for a in step.args if isinstance(a, int)}
    sinks = [i for i in range(n + len(steps) - 1) if i not in used]
    for i in sinks:
        emit("+", n + len(steps) - 1, i)
    return Recipe(leaves, tuple(steps))


def build(recipe: Recipe, leaves: list[Value] | None = None) -> tuple[list[Value], list[Value]]:
    """(leaves, all nodes) of the recipe on the engine, through its user-facing operators."""
    if leaves is None:
        leaves = [Value(x, f"x{i}") for i, x in enumerate(recipe.leaves)]
    nodes: list[Value] = list(leaves)
    for step in recipe.steps:
        args = [nodes[a] if isinstance(a, int) else a for a in step.args]
        if step.op == "neg":
            nodes.append(-args[0])
        elif step.op in BINARY_OPERATORS:
            nodes.append(BINARY_OPERATORS[step.op](*args))
        elif hasattr(Value, step.op):
            nodes.append(getattr(args[0], step.op)())
        else:
            nodes.append(apply(step.op, *args))
    return leaves, nodes


def evaluate_floats(recipe: Recipe, leaves: list[float]) -> tuple[float, float, tuple[bool, ...]]:
    """(output, largest |intermediate|, signs of kinked ops' arguments) on floats, with `math`.

    Raises RejectedError on overflow or an intermediate above 1e3 (finite differences of larger
    numbers lose too many digits to round-off for the tolerances below).
    """
    values = list(leaves)
    kinks = []
    for step in recipe.steps:
        args = [values[a] if isinstance(a, int) else a for a in step.args]
        try:
            if step.op in KINKED:
                kinks.append(args[0] > 0)
            result = ON_FLOATS.get(step.op, OPS[step.op].forward)(*args)
        except (OverflowError, ZeroDivisionError, ValueError):
            raise RejectedError from None
        if not abs(result) <= 1e3:
            raise RejectedError
        values.append(result)
    return values[-1], max(abs(v) for v in values), tuple(kinks)


def build_or_reject(recipe: Recipe) -> tuple[list[Value], list[Value]]:
    try:
        evaluate_floats(recipe, list(recipe.leaves))
        return build(recipe)
    except (RejectedError, DomainError):
        assume(False)
        raise AssertionError("unreachable") from None


def perturbed(recipe: Recipe, i: int, eps: float) -> tuple[list[float], list[float]]:
    plus, minus = list(recipe.leaves), list(recipe.leaves)
    plus[i] += eps
    minus[i] -= eps
    return plus, minus


# (a) First derivatives. eps = 1e-6 on leaves in [-2, 2]: the central difference's truncation
# error is eps**2/6 * |f'''| ~ 2e-13 |f'''|; its round-off is about n_ops * ulp(M) / eps, with M
# the largest intermediate (<= 1e3 by `evaluate_floats`) and n_ops <= ~40, i.e. <= 2e-6 * M/1e3.
# Hence |backward - fd| <= 1e-5 |fd| + 1e-6 * max(1, M): a wrong local derivative (off by a
# factor, a sign, a missing term) is off by O(|f'|), orders of magnitude above that.
FD_EPS = 1e-6


@given(recipes())
def test_backward_agrees_with_central_differences(recipe):
    leaves, nodes = build_or_reject(recipe)
    _, largest, kinks = evaluate_floats(recipe, list(recipe.leaves))
    nodes[-1].backward()
    for i, leaf in enumerate(leaves):
        plus, minus = perturbed(recipe, i, FD_EPS)
        try:
            f_plus, m_plus, kinks_plus = evaluate_floats(recipe, plus)
            f_minus, m_minus, kinks_minus = evaluate_floats(recipe, minus)
        except RejectedError:
            assume(False)
        assume(kinks_plus == kinks == kinks_minus)  # no kinked op's argument crosses 0
        fd = (f_plus - f_minus) / (2 * FD_EPS)
        tolerance = 1e-5 * abs(fd) + 1e-6 * max(1.0, largest, m_plus, m_minus)
        assert abs(leaf.grad - fd) <= tolerance, (i, leaf.grad, fd)


# (b) Second derivatives: d/dx_j of the engine's first derivatives by central differences of
# backward() at x +- eps e_j (the first derivatives are checked independently above). eps = 1e-4:
# truncation ~ 2e-9 |f''''|, round-off of a backward-computed gradient ~ n_ops * ulp(G) / eps
# with G the largest adjoint, ~1e-10 * G: so rel 1e-4 + abs 1e-5 * max(1, M).
SECOND_EPS = 1e-4


def first_derivatives(recipe: Recipe, xs: list[float]) -> list[float]:
    leaves, nodes = build(recipe, [Value(x) for x in xs])
    nodes[-1].backward()
    return [leaf.grad for leaf in leaves]


@given(recipes(max_steps=6))
def test_create_graph_second_derivatives_agree_with_differences_of_backward(recipe):
    leaves, nodes = build_or_reject(recipe)
    _, largest, kinks = evaluate_floats(recipe, list(recipe.leaves))
    try:
        first = grad(nodes[-1], leaves, create_graph=True)
        hessian = [[g.data for g in grad(d_i, leaves)] for d_i in first]
    except DomainError:
        assume(False)
    for j in range(len(leaves)):
        plus, minus = perturbed(recipe, j, SECOND_EPS)
        try:
            _, m_plus, kinks_plus = evaluate_floats(recipe, plus)
            _, m_minus, kinks_minus = evaluate_floats(recipe, minus)
            g_plus = first_derivatives(recipe, plus)
            g_minus = first_derivatives(recipe, minus)
        except (RejectedError, DomainError):
            assume(False)
        assume(kinks_plus == kinks == kinks_minus)
        scale = max(1.0, largest, m_plus, m_minus, *map(abs, g_plus), *map(abs, g_minus))
        for i in range(len(leaves)):
            fd = (g_plus[i] - g_minus[i]) / (2 * SECOND_EPS)
            assert abs(hessian[i][j] - fd) <= 1e-4 * abs(fd) + 1e-5 * scale, (i, j, hessian, fd)


@given(recipes())
def test_second_backward_gives_exactly_twice_the_gradients(recipe):
    _, nodes = build_or_reject(recipe)
    graph = topological_order(nodes[-1])
    nodes[-1].backward()
    once = [node.grad for node in graph]
    assume(all(abs(g) < 1e300 for g in once))  # 2 * g is exact unless it overflows
    nodes[-1].backward()
    assert [node.grad for node in graph] == [2 * g for g in once]


@given(recipes(), st.booleans())
def test_grad_leaves_every_dot_grad_untouched(recipe, create_graph):
    leaves, nodes = build_or_reject(recipe)
    graph = topological_order(nodes[-1])
    nodes[-1].backward()  # non-zero .grad everywhere, so a stray write would show
    before = [(node.grad, node.data, node.op, node.parents) for node in graph]
    try:
        grad(nodes[-1], leaves, create_graph=create_graph)
    except DomainError:
        assume(False)
    assert [(node.grad, node.data, node.op, node.parents) for node in graph] == before


@given(recipes())
def test_no_grad_results_have_no_parents_and_the_same_data(recipe):
    _, nodes = build_or_reject(recipe)
    with no_grad():
        leaves, quiet = build(recipe)
    assert all(node.parents == () and node.op == "" for node in quiet[len(leaves) :])
    assert [node.data for node in quiet] == [node.data for node in nodes]


@given(recipes())
def test_building_twice_gives_bit_identical_data_and_gradients(recipe):
    def run() -> list[tuple[float, float]]:
        _, nodes = build_or_reject(recipe)
        nodes[-1].backward()
        return [(node.data.hex(), node.grad.hex()) for node in nodes]

    assert run() == run()


def public_results(recipe: Recipe, leaves: list[Value], nodes: list[Value]) -> dict[str, object]:
    """Each public function's numbers on the recipe's graph (or on it as a function), or the
    type of the exception it raised."""

    def f(*xs: Value) -> Value:
        return build(recipe, list(xs))[1][-1]

    def backward() -> list[float]:
        nodes[-1].backward()
        return [leaf.grad for leaf in leaves]

    calls = {
        "grad": lambda: [g.data for g in grad(nodes[-1], leaves)],
        "grad of grad": lambda: [
            [g.data for g in grad(d, leaves)] for d in grad(nodes[-1], leaves, create_graph=True)
        ],
        "hessian": lambda: hessian(f, recipe.leaves),
        "gradcheck": lambda: [(r.analytic, r.numeric) for r in gradcheck(f, recipe.leaves).rows],
        "backward": backward,
        "topological_order": lambda: [n.data for n in topological_order(nodes[-1])],
    }
    results: dict[str, object] = {}
    for name, call in calls.items():
        try:
            results[name] = call()
        except (DomainError, ValueError, TypeError) as error:
            results[name] = type(error)
    return results


@given(recipes(max_steps=6))
def test_every_public_function_gives_the_same_numbers_inside_no_grad_or_raises(recipe):
    # The graph is built outside no_grad, the functions are called inside it; the functions
    # that take f build f's graph inside it.
    leaves, nodes = build_or_reject(recipe)
    outside = public_results(recipe, leaves, nodes)
    leaves, nodes = build(recipe)
    with no_grad():
        inside = public_results(recipe, leaves, nodes)
    for name, result in inside.items():
        raised = isinstance(result, type) and issubclass(result, Exception)
        assert raised or result == outside[name], (name, result, outside[name])


def leaving_with(frame) -> bool:
    """Whether this line event is a `with` statement's line reached again after its block.

    Python reports that line before calling `__exit__`, but Ctrl-C cannot land there: CPython
    handles signals only at calls, backward jumps and function entries (3.11 to 3.13), and the
    block's last one is inside it. An exception a tracer raises there skips `__exit__`, and a
    lock stays held: a hang no real interrupt can cause.
    """
    return any(
        line == frame.f_lineno and offset < frame.f_lasti
        for offset, line in with_starts(frame.f_code)
    )


@functools.cache
def with_starts(code: types.CodeType) -> list[tuple[int, int]]:
    """The offset and line of each `with` statement in `code`.

    Cached: disassembling the generated sweep (thousands of lines) at each of its line events
    made this one test take 270 s.
    """
    return [
        (op.offset, op.positions.lineno)
        for op in dis.get_instructions(code)
        if op.opname == "BEFORE_WITH"
    ]


class Interrupt:
    """A trace function: KeyboardInterrupt at the `at`-th line the engine runs, as Ctrl-C."""

    def __init__(self, at: int) -> None:
        self.left = at

    def __call__(self, frame, event, arg):
        return self.line if "autograd_mini" in frame.f_code.co_filename else None

    def line(self, frame, event, arg):
        if event == "line" and not leaving_with(frame):
            self.left -= 1
            if self.left == 0:
                raise KeyboardInterrupt
        return self.line


@given(recipes(), st.integers(1, 800))
def test_a_backward_interrupted_anywhere_then_zero_grad_gives_a_fresh_passs_gradients(recipe, at):
    _, nodes = build_or_reject(recipe)
    previous = sys.gettrace()  # coverage's or a debugger's: put back after
    sys.settrace(Interrupt(at))
    try:
        nodes[-1].backward()
    except KeyboardInterrupt:
        pass
    finally:
        sys.settrace(previous)
    assert all(node._adjoint is None for node in nodes)
    nodes[-1].zero_grad()
    nodes[-1].backward()
    _, fresh = build(recipe)  # as a fresh process would: new nodes, one pass
    fresh[-1].backward()
    assert [node.grad for node in nodes] == [node.grad for node in fresh]


@settings(max_examples=40)
@given(recipes(max_steps=6), st.integers(2, 4))
def test_threads_backpropagating_into_shared_leaves_add_their_contributions(
    in_threads, recipe, n_threads
):
    leaves, _ = build_or_reject(recipe)
    outputs = [build(recipe, leaves)[1][-1] for _ in range(n_threads)]  # one graph per thread
    passes = 10
    start = threading.Barrier(n_threads)

    def work(output: Value) -> None:
        start.wait()
        for _ in range(passes):
            output.backward()

    in_threads(*(functools.partial(work, y) for y in outputs))
    # The same passes one after another, on leaves of their own: each pass adds the same
    # adjoint to a leaf, so the order the threads took does not change the sum.
    alone, _ = build(recipe)
    output = build(recipe, alone)[1][-1]
    for _ in range(n_threads * passes):
        output.backward()
    assert [leaf.grad for leaf in leaves] == [leaf.grad for leaf in alone]


# (c) Against SymPy, with inputs from autograd_mini.testing.strategies. Each op's forward rule
# and local derivatives meet SymPy's calculus on the op's definition (symbolic.SYMPY), evaluated
# to 30 digits at numbers inside the op's domain, MARGIN from its poles and kinks. Tolerance:
# relative 1e-12 plus 1e-15 absolute, for derivatives that cancel (1 - tanh(x)**2 near
# |x| = 10 is 8e-9, its rounding ~2e-16).
@given(st.sampled_from(sorted(OPS)).flatmap(lambda op: st.tuples(st.just(op), points(op))))
def test_every_op_and_its_derivatives_match_sympy_inside_its_domain(case):
    # SymPy (0.3 s to import) is imported by the tests that use it, not while collecting: every
    # pytest-xdist worker collects every file, and most run none of these tests.
    import sympy

    from autograd_mini.testing.symbolic import SYMPY

    op, xs = case
    inputs = [Value(x) for x in xs]
    y = apply(op, *inputs)
    symbols = sympy.symbols(f"s0:{len(xs)}", real=True)
    expression = SYMPY[op](*symbols)
    at = {s: sympy.Float(x, 30) for s, x in zip(symbols, xs, strict=True)}  # x exactly
    exact = [expression, *(sympy.diff(expression, s) for s in symbols)]
    want = [float(e.xreplace(at).evalf(30)) for e in exact]
    got = [y.data, *(g.data for g in grad(y, inputs))]
    for name, g, w in zip(["value", *symbols], got, want, strict=True):
        assert abs(g - w) <= 1e-12 * abs(w) + 1e-15, (op, xs, name, g, w)


# Random expressions over x and y from every op (strategies.expressions: operands squeezed into
# their op's domain), checked by assert_matches_sympy: engine against SymPy's derivative of the
# same graph, finite differences as the referee. 25 examples: SymPy takes ~50 ms for each.
@settings(max_examples=25)
@given(expressions(("x", "y"), max_ops=5), st.tuples(st.floats(-2, 2), st.floats(-2, 2)))
def test_random_expressions_have_the_derivatives_sympy_finds(expression, point):
    from autograd_mini.testing import assert_matches_sympy  # imports SymPy

    try:
        assert_matches_sympy(expression.function(), at=point)
    except DomainError:
        assume(False)  # an overflow (exp of a large number): nothing to compare
