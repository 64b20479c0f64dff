"""The code that runs is in files: up to date with OPS, readable by inspect, tracebacks and pdb."""

import inspect
import shutil
import subprocess
import sys
import textwrap
import traceback
from pathlib import Path

import pytest

from autograd_mini import OPS, DomainError, Op, Value, apply, grad
from autograd_mini import generated as generator
from autograd_mini.ops import FormulaError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def checkout_settings(monkeypatch):
    """Format with this checkout's ruff settings: an installed (not editable) package has no
    pyproject.toml beside it, as in CI's `pip install '.[test]'`."""
    monkeypatch.setattr(generator, "SETTINGS", ROOT / "pyproject.toml")


def test_the_generated_files_are_what_ops_and_the_templates_give():
    assert generator.stale() == [], f"run {generator.COMMAND}"


def test_the_generator_outside_a_checkout_says_so(tmp_path, monkeypatch):
    # Seen before: ruff's own "invalid value ... for '--config'" from an installed copy.
    monkeypatch.setattr(generator, "SETTINGS", tmp_path / "pyproject.toml")
    with pytest.raises(SystemExit, match=r"^autograd_mini\.generated: run it in a checkout"):
        generator.stale()


def test_an_edited_generated_file_is_reported_stale(tmp_path, monkeypatch):
    for path in generator.FOLDER.glob("*.py"):
        shutil.copy(path, tmp_path / path.name)
    sweep = tmp_path / "sweep.py"
    sweep.write_text(sweep.read_text().replace("t = b * g", "t = a * g", 1))
    monkeypatch.setattr(generator, "FOLDER", tmp_path)
    assert generator.stale() == [sweep]


@pytest.mark.parametrize("argv", [[], ["--writ"], ["floats"], ["--write", "--check"]])
def test_the_generator_refuses_an_unknown_or_missing_mode(argv, capsys):
    # In process: main() is what `python -m autograd_mini.generated` runs (its last line is
    # sys.exit(main())); the check-mode test below runs the command itself.
    with pytest.raises(SystemExit) as exit:
        generator.main(argv)
    assert exit.value.code == 2
    out, err = capsys.readouterr()
    assert "usage: python -m autograd_mini.generated" in err
    assert not out


def test_the_generator_check_mode_passes_on_a_fresh_checkout():
    run = subprocess.run(
        [sys.executable, "-m", "autograd_mini.generated", "--check"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,  # the checkout's package (python -m looks in the folder it starts in first)
    )
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")


def test_inspect_shows_the_source_of_an_operator_method():
    source = inspect.getsource(Value.__mul__)
    assert source.startswith("def value_mul(self: Value, other: Value | float) -> Value:")
    assert "        data = a * b\n" in source
    assert inspect.getsourcefile(Value.__mul__).endswith("_generated/methods.py")
    assert "data = tanh(a)" in inspect.getsource(Value.tanh)


def frames(error):
    return traceback.extract_tb(error.__traceback__)


def test_a_traceback_through_backward_shows_the_lines_that_ran():
    y = Value(0.0, "z") ** 0.5  # d/dz = 0.5 * z**-0.5: 0 to a negative power, in the sweep
    with pytest.raises(DomainError) as caught:
        y.backward()
    cause = caught.value.__cause__  # the sweep keeps the arithmetic error as the cause
    assert isinstance(cause, ZeroDivisionError)
    (sweep,) = [f for f in frames(cause) if f.filename.endswith("_generated/sweep.py")]
    assert sweep.name == "sweep_grads"
    assert sweep.line == "t = (0 if b == 0 else b * a ** (b - 1)) * g"
    assert "**: derivative is undefined at 0.0 (Value 'z'), 0.5" in str(caught.value)


def test_a_traceback_through_a_recorded_pass_shows_the_formula():
    # create_graph goes through the generic chain rule: op.grads[i] calls, compiled formulas.
    y = Value(0.0, "z") ** 0.5
    with pytest.raises(DomainError) as caught:
        grad(y, [y.operands[0]], create_graph=True)
    names = [(f.name, f.line) for f in frames(caught.value)]
    # in sweep.chain_rule's list comprehension (its own frame before Python 3.12, PEP 709)
    assert {
        ("<listcomp>", "(x, d_operand(*args) * g)"),
        ("chain_rule", "(x, d_operand(*args) * g)"),
    } & set(names)
    assert ("<lambda>", "lambda a, b, out: 0 if b == 0 else b * a**(b - 1)") in names


ONE_LINE_REFUSALS = [
    (lambda: Op("a # half", d_a="1"), FormulaError, "Op 'a # half': formula = 'a # half'"),
    (lambda: Op("2 * a", d_a="2 * b"), FormulaError, "d_a = '2 * b' names 'b', which is not"),
    (lambda: Op("a.real", d_a="1"), FormulaError, "Attribute is not allowed in a formula"),
    (lambda: Op("a + 1", d_a="__import__('os')"), FormulaError, "calls only exp, log, tanh"),
    (lambda: Op("a +", d_a="1"), FormulaError, "not a Python expression"),
    (lambda: Op("a * 'x'", d_a="1"), FormulaError, "only number literals, got 'x'"),
    (lambda: Op("a\n+ 1", d_a="1"), FormulaError, "one expression on one line"),
    (lambda: Op("a", d_a=1), FormulaError, "Op 'a': d_a must be a str, got int"),
]


@pytest.mark.parametrize(
    ("make", "error", "words"),
    ONE_LINE_REFUSALS,
    ids=[
        "comment in a formula",
        "operand the op does not have",
        "attribute",
        "unknown function",
        "not an expression",
        "string literal",
        "two lines",
        "not a string",
    ],
)
def test_a_bad_formula_is_refused_when_the_op_is_made(make, error, words):
    with pytest.raises(error) as caught:
        make()
    message = str(caught.value)
    assert words in message
    assert "\n" not in message


def add_op(name, op):
    OPS[name] = op


@pytest.mark.parametrize(
    ("name", "op", "words"),
    [
        ("relu", Op("a if a > 0 else 0.01 * a", d_a="1 if a > 0 else 0.01"), "'relu' is already"),
        ("cube\nimport os", Op("a**3", d_a="3 * a**2"), "must be an identifier or an operator"),
        ("for", Op("a**3", d_a="3 * a**2"), "must be an identifier or an operator"),
        ("cube", "a**3", "expected an Op, got str"),
        ("my_relu", OPS["relu"], "this Op is already OPS['relu']"),
    ],
    ids=[
        "replacing an op",
        "name with a newline",
        "keyword as a name",
        "not an Op",
        "one Op twice",
    ],
)
def test_ops_refuses_what_would_not_take_effect_everywhere(name, op, words):
    before = dict(OPS)
    with pytest.raises((ValueError, TypeError)) as caught:
        add_op(name, op)
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)
    assert dict(OPS) == before
    assert Value(-2.0).relu().data == 0.0  # the built-in relu still runs


@pytest.mark.parametrize(
    "remove",
    [
        lambda: OPS.pop("relu"),
        lambda: OPS.__delitem__("relu"),
        OPS.clear,
        OPS.popitem,
        lambda: OPS.update({"*": OPS["+"]}),
    ],
    ids=["pop", "del", "clear", "popitem", "update replacing"],
)
def test_ops_refuses_removing_or_replacing_an_entry(remove):
    before = dict(OPS)
    with pytest.raises(ValueError, match="OPS: "):
        remove()
    assert dict(OPS) == before


def test_an_op_added_at_run_time_goes_through_the_generic_chain_rule():
    # In a fresh process: OPS is shared by every test of this one.
    script = textwrap.dedent(
        """
        import json
        from autograd_mini import OPS, Op, Value, apply, grad
        OPS["cube"] = Op("a**3", d_a="3 * a**2")
        OPS["hypot2"] = Op("a * a + b * b", d_a="2 * a", d_b="2 * b")
        x, y = Value(1.5), Value(-2.0)
        z = apply("hypot2", apply("cube", x), y) * 2.0 + apply("hypot2", x, 3.0)
        z.backward()
        (dx,) = grad(z, [x], create_graph=True)
        (d2x,) = grad(dx, [x])
        print(json.dumps([x.grad, y.grad, dx.data, d2x.data]))
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    # z = 2 (x^6 + y^2) + x^2 + 9: dz/dx = 12 x^5 + 2x, dz/dy = 4y, d2z/dx2 = 60 x^4 + 2.
    x, y = 1.5, -2.0
    assert eval(run.stdout) == [12 * x**5 + 2 * x, 4 * y, 12 * x**5 + 2 * x, 60 * x**4 + 2]


def test_every_node_comes_from_the_one_constructor():
    # Value(), apply, the generated methods and unpickling all make the same node.
    made = [Value(2.0), apply("*", Value(2.0), 3.0), Value(2.0) * 3.0, Value(2.0).exp()]
    slots = [s for s in Value.__slots__ if s != "__weakref__"]
    assert all(hasattr(node, s) for node in made for s in slots)
    assert apply("*", made[0], 3.0)._kind == (made[0] * 3.0)._kind
