"""The parser under attack: every input gives a correct Value or a quick one-line refusal.

Grammar-generated expressions are checked against a small float evaluator over the same
recipe (never `eval`); hostile and random text must be refused without running anything.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import math
import sys
import time

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from autograd_mini import DomainError, ParseError, Value, parse

VARIABLES = {"x": 1.5, "y": -0.5}
# Any text: every character UTF-8 can encode, which is every one but the surrogates (Unicode
# category Cs). That is st.text()'s own default alphabet, named this way because hypothesis
# then reads it off its table of categories; asked for as "what UTF-8 encodes", it first
# encodes all 1.1 million code points, about 1.2 s of CPU in a checkout without a
# .hypothesis folder yet (a fresh clone, CI).
ANY_CHARACTER = st.characters(exclude_categories=["Cs"])
TIME_LIMIT = 1.0  # seconds per parse call; generous for a slow CI machine, catches 9**9**9**9


class UndefinedError(Exception):
    """The float evaluation says the engine must refuse this expression (DomainError)."""


def parse_timed(text: str) -> Value | ValueError:
    """parse(text) or the ValueError it raised, after checking time, type and message shape.

    CPU time with the cycle collector paused: a bound on the parser's own work, not on what else
    the (shared, slow) machine or a collection of hypothesis's objects happens to cost.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    start = time.process_time()
    try:
        result = parse(text, VARIABLES)
    except (ParseError, DomainError, ValueError) as error:
        result = error
        message = str(error)
        assert message, "empty error message"
        assert "\n" not in message, message
    finally:
        elapsed = time.process_time() - start
        if was_enabled:
            gc.enable()
    assert elapsed < TIME_LIMIT, f"parse took {elapsed:.2f} s on {text[:80]!r}"
    return result


def note(outcome: str) -> None:
    """Count the outcome in hypothesis's statistics (when called from a hypothesis test)."""
    with contextlib.suppress(InvalidArgument):
        event(outcome)


# A recipe is a tree of tuples: ("num", text), ("var", name), ("bin", op, a, b), ("neg", a),
# ("call", name, a), ("tower", [a, b, ...]) for a**b**... (right-associative, unparenthesized)
# and ("paren", a, k) for k redundant parentheses.


def render(tree: tuple) -> str:
    kind = tree[0]
    if kind in ("num", "var"):
        return tree[1]
    if kind == "bin":
        left = render_atom(tree[2]) if tree[1] == "**" else render(tree[2])
        return f"({left} {tree[1]} {render(tree[3])})"
    if kind == "neg":
        return f"-({render(tree[1])})"
    if kind == "call":
        return f"{tree[1]}({render(tree[2])})"
    if kind == "tower":
        return "(" + "**".join(render_atom(t) for t in tree[1]) + ")"
    return "(" * tree[2] + render(tree[1]) + ")" * tree[2]


def render_atom(tree: tuple) -> str:
    """`tree` as an operand of `**`: `-a` must be parenthesized, as -a**b is -(a**b)."""
    return f"({render(tree)})" if tree[0] == "neg" else render(tree)


def _sigmoid(a: float) -> float:
    # The textbook overflow-free form: exp never sees a large positive argument.
    if a >= 0:
        return 1.0 / (1.0 + math.exp(-a))
    e = math.exp(a)
    return e / (1.0 + e)


def _power(a: float, b: float, exponent_is_variable: bool) -> float:
    if exponent_is_variable and a <= 0:  # documented: d/db = a**b * log(a) needs a > 0
        raise UndefinedError
    if a < 0 and not b.is_integer():
        raise UndefinedError
    if a == 0 and b < 0:
        raise UndefinedError
    return a**b


def evaluate(tree: tuple) -> tuple[float, bool]:
    """(value on plain floats, whether it depends on a variable); UndefinedError: must fail."""
    kind = tree[0]
    try:
        if kind == "num":
            return float(tree[1]), False
        if kind == "var":
            return VARIABLES[tree[1]], True
        if kind == "paren":
            return evaluate(tree[1])
        if kind == "neg":
            a, variable = evaluate(tree[1])
            return -a, variable
        if kind == "call":
            a, variable = evaluate(tree[2])
            if tree[1] == "log" and a <= 0:
                raise UndefinedError
            functions = {
                "exp": math.exp,
                "log": math.log,
                "tanh": math.tanh,
                "sigmoid": _sigmoid,
                "relu": lambda v: v if v > 0.0 else 0.0,
            }
            result, depends = functions[tree[1]](a), variable
        elif kind == "tower":
            result, depends = evaluate(tree[1][-1])
            for base_tree in reversed(tree[1][:-1]):
                base, base_variable = evaluate(base_tree)
                result, depends = _power(base, result, depends), depends or base_variable
        else:
            (a, a_var), (b, b_var) = evaluate(tree[2]), evaluate(tree[3])
            op, depends = tree[1], a_var or b_var
            if op == "/" and b == 0:
                raise UndefinedError
            if op == "**":
                result = _power(a, b, b_var)
            else:
                result = {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else 0.0}[op]
    except (OverflowError, ZeroDivisionError):
        raise UndefinedError from None
    if isinstance(result, complex) or not math.isfinite(result):
        raise UndefinedError
    return result, depends


def depth(tree: tuple) -> int:
    """Nesting of operations as the parser counts it.

    Parentheses add nothing, and neither does a binary op's left operand when it is itself a
    binary op: a + b + c is a flat chain ((a + b) + c), one level deep however long.
    """
    kind = tree[0]
    if kind in ("num", "var"):
        return 0
    if kind == "paren":
        return depth(tree[1])
    if kind == "bin":
        return max(left_depth(tree[2]), 1 + depth(tree[3]))
    if kind == "tower":  # t0 ** (t1 ** (... ** tk)): the i-th ** is i levels down
        *lefts, last = tree[1]
        return max(len(lefts) + depth(last), *(i + left_depth(t) for i, t in enumerate(lefts)))
    return 1 + max(depth(t) for t in tree[1:] if isinstance(t, tuple))


def left_depth(tree: tuple) -> int:
    """The depth a binary op's left operand adds: none more if it continues the chain."""
    while tree[0] == "paren":
        tree = tree[1]
    return depth(tree) if tree[0] in ("bin", "tower") else 1 + depth(tree)


numbers = st.sampled_from(["0", "1", "2", "3", "9", "0.5", "1.5", "2.5", "1e-3", "1e3", "0.0"])
atoms = st.one_of(
    numbers.map(lambda n: ("num", n)), st.sampled_from(["x", "y"]).map(lambda v: ("var", v))
)
expressions = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.tuples(st.just("bin"), st.sampled_from(["+", "-", "*", "/", "**"]), inner, inner),
        st.tuples(st.just("neg"), inner),
        st.tuples(
            st.just("call"), st.sampled_from(["exp", "log", "tanh", "sigmoid", "relu"]), inner
        ),
        st.tuples(st.just("tower"), st.lists(inner, min_size=2, max_size=5)),
        st.tuples(st.just("paren"), inner, st.integers(1, 30)),
    ),
    max_leaves=25,
)


def check_against_floats(tree: tuple) -> None:
    text = render(tree)
    result = parse_timed(text)
    if depth(tree) > 100:
        note("too deep: ParseError")
        assert isinstance(result, ParseError), (text, result)
        return
    try:
        expected, _ = evaluate(tree)
    except UndefinedError:
        note("undefined: DomainError")
        assert isinstance(result, DomainError), (text, result)
        return
    note("evaluated: Value")
    assert isinstance(result, Value), (text, result)
    # The engine and this evaluator run the same float operations in the same order.
    assert result.data == expected, (text, result.data, expected)


@given(expressions)
def test_grammar_expressions_evaluate_like_plain_floats_or_are_refused(tree):
    check_against_floats(tree)


@pytest.mark.slow
@given(st.lists(expressions, min_size=2, max_size=6))
def test_exponent_towers_evaluate_or_are_refused_quickly(parts):
    check_against_floats(("tower", parts))


def test_literal_exponent_towers_overflow_quickly():
    for text in [
        "9**9**9**9",
        "9**9**9**9**9**9**9**9",
        "x**9**9**9",
        "2**2**2**2**2**2",
        "(-9)**9**9",
    ]:
        result = parse_timed(text)
        assert isinstance(result, DomainError), (text, result)


def test_a_long_but_shallow_expression_evaluates_correctly():
    # A balanced tree of 512 products: about 6,000 characters, nesting only 10 deep.
    trees = [("bin", "*", ("var", "x"), ("var", "y")) for _ in range(512)]
    while len(trees) > 1:
        trees = [("bin", "+", a, b) for a, b in zip(trees[::2], trees[1::2], strict=True)]
    assert len(render(trees[0])) < 10_000
    check_against_floats(trees[0])


@pytest.mark.parametrize("n", [1, 50, 199, 200])
def test_parentheses_add_no_depth(n):
    result = parse_timed("(" * n + "x" + ")" * n)
    assert isinstance(result, Value), result
    assert result.data == 1.5


@pytest.mark.parametrize("n", [201, 1000, 4999, 5000, 10_000])
def test_more_parentheses_than_python_nests_are_refused(n):
    # CPython's tokenizer nests at most 200 parentheses; from n = 5000 the text is also too long.
    result = parse_timed("(" * n + "x" + ")" * n)
    assert isinstance(result, ParseError), result


def tanh_100_times(x: float) -> float:
    for _ in range(100):
        x = math.tanh(x)
    return x


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-" * 100 + "x", 1.5),  # an even number of negations
        ("tanh(" * 100 + "x" + ")" * 100, tanh_100_times(1.5)),
        ("x" + "+x" * 100, 101 * 1.5),  # exact: every partial sum is a multiple of 0.5
    ],
    ids=["minus", "tanh", "sum"],
)
def test_deep_unary_calls_and_sums_at_the_depth_limit_evaluate_like_floats(text, expected):
    result = parse_timed(text)
    assert isinstance(result, Value), (text[:40], result)
    assert result.data == expected


def test_a_tower_at_the_depth_limit_overflows():
    # 1.5 > e**(1/e), so the tower 1.5**1.5**... of 101 levels diverges: a float overflow.
    result = parse_timed("x" + "**x" * 100)
    assert isinstance(result, DomainError), result


@pytest.mark.parametrize("n", [101, 1000])
def test_a_flat_sum_is_not_nesting_and_evaluates_however_long(n):
    result = parse_timed("x" + "+x" * (n - 1))
    assert isinstance(result, Value), result
    assert result.data == n * 1.5  # exact: every partial sum is a multiple of 0.5


@pytest.mark.parametrize("n", [101, 5000, 9999])
def test_deep_unary_and_calls_are_refused_beyond_the_depth_limit(n):
    nested_sum = "x+(" * n + "x" + ")" * n
    for text in ["-" * n + "x", "tanh(" * n + "x" + ")" * n, nested_sum, "x" + "**x" * n]:
        result = parse_timed(text)
        assert isinstance(result, ParseError), (text[:40], result)


SENTINEL = "autograd_mini_fuzz_sentinel"
SIDE_EFFECT = f"__import__('sys').modules.__setitem__('{SENTINEL}', 1)"
HOSTILE = [
    "x.__class__",
    "x.data",
    "exp.__globals__",
    "exp(x).__class__",
    "(1).__class__.__bases__[0].__subclasses__()",
    "__import__",
    "__class__",
    "__builtins__",
    "__debug__",
    SIDE_EFFECT,
    f"({SIDE_EFFECT})",
    f"(lambda: {SIDE_EFFECT})()",
    f"[{SIDE_EFFECT} for _ in (1,)]",
    f"{{{SIDE_EFFECT} for _ in (1,)}}",
    f"({SIDE_EFFECT} for _ in (1,))",
    f'f"{{{SIDE_EFFECT}}}"',
    f"exp({SIDE_EFFECT})",
    f"exp(x, {SIDE_EFFECT})",
    f"exp(x=({SIDE_EFFECT}))",
    "globals()",
    "breakpoint()",
    "open('/etc/passwd')",
    "(x := 1)",
    "x if x else y",
    "x[0]",
    "x @ y",
    "x // y",
    "x % y",
    "x << 1",
    "~x",
    "not x",
    "x and y",
    "x < y",
    "(yield x)",
    "await x",
    "...",
    "None",
    "'a'",
    "b'a'",
    "1j",
    "True",
    "exp(*[x])",
    "exp(**{})",
    "sigmoid(x, y)",
    "relu()",
    "{x: y}",
    "(x, y)",
]


@given(
    st.sampled_from(HOSTILE),
    expressions,
    st.sampled_from(["{h}", "{e} + {h}", "exp({h}) * {e}", "({e}) ** ({h})"]),
)
def test_hostile_fragments_are_refused_without_running(fragment, tree, template):
    text = template.format(h=fragment, e=render(tree))
    result = parse_timed(text)
    assert not isinstance(result, Value), text
    assert SENTINEL not in sys.modules


@given(
    st.text(alphabet="xy0123456789.e+-*/() _,[]'\"=:lambdafor", max_size=200)
    | st.text(ANY_CHARACTER, max_size=200)
)
def test_random_text_gives_a_value_or_a_one_line_refusal(text):
    parse_timed(text)
    assert SENTINEL not in sys.modules


@given(st.integers(1, 2500), st.sampled_from(["x+", "x*", "-", "(", "exp(", "x**", "1e9**"]))
def test_long_inputs_are_refused_or_evaluated_quickly(n, unit):
    parse_timed(unit * n + "x" + ")" * (n * unit.count("(")))


CLI_CASES = [
    f"exp({SIDE_EFFECT})",
    f"(lambda: {SIDE_EFFECT})()",
    f'f"{{{SIDE_EFFECT}}}"',
    "(" * 10_000 + "x" + ")" * 10_000,
    "x**x**x**x**x**x**x",
]


@pytest.mark.parametrize(
    "expression", CLI_CASES, ids=["call", "lambda", "fstring", "parens", "tower"]
)
def test_cli_refuses_hostile_input_with_one_line_and_status_2(cli_in_process, expression):
    result = cli_in_process("grad", expression, "x=9")
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("autograd-mini grad: error:")


def run_cli_in_process(*argv: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `autograd-mini *argv`, run in this process."""
    from autograd_mini.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(argv))
        except SystemExit as exit:  # argparse's own refusals exit
            status = exit.code
    return status, out.getvalue(), err.getvalue()


@pytest.mark.slow
@given(
    st.one_of(expressions.map(render), st.text(ANY_CHARACTER, max_size=80)).filter(
        lambda text: text not in ("-h", "--help")  # asks for help, not a gradient
    ),
    st.lists(
        st.sampled_from(["x=1.5", "y=-0.5", "x=nan", "\uff59=2", "y=1e999", "z", "=3", "-x=1"]),
        max_size=3,
    ),
)
def test_every_cli_run_gives_json_and_status_0_or_one_line_and_status_2(text, bindings):
    status, out, err = run_cli_in_process("grad", text, *bindings, "--json")
    if status == 0:
        result = json.loads(out)
        assert set(result) == {"expression", "value", "grad"}
        assert err == ""
    else:
        assert status == 2, (status, err)
        assert out == ""
        assert err.startswith("autograd-mini"), err
        assert err.endswith("\n"), err
        assert err[:-1].isprintable(), err  # one line, no terminal control characters
