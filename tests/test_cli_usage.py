"""The command line as a newcomer types it: version, bare usage, options anywhere, constants,
DOT to stdout, and subcommands loaded only when run."""

import json
import math
import subprocess
import sys
from importlib.metadata import version

import pytest

from autograd_mini import cli as cli_module


def test_version_is_the_installed_distributions(cli):
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"autograd-mini {version('autograd-mini')}"


def test_bare_command_prints_the_help_and_status_2(cli):
    result = cli()
    assert result.returncode == 2
    assert result.stderr.startswith("usage: autograd-mini")
    for command in ("grad", "graph", "demo", "train"):
        assert f"    {command} " in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["x*y", "x=1", "--json", "y=2"],
        ["--json", "x*y", "x=1", "y=2"],
        ["-x*-y", "--json", "x=1", "y=2"],
    ],
    ids=["between bindings", "before the expression", "after a leading minus"],
)
def test_options_may_come_anywhere_among_the_bindings(cli_in_process, args):
    result = cli_in_process("grad", *args)
    assert result.returncode == 0, result.stderr
    # x*y at (1, 2): 2, d/dx = y = 2, d/dy = x = 1 (the same for -x*-y)
    assert json.loads(result.stdout)["value"] == 2.0
    assert json.loads(result.stdout)["grad"] == {"x": 2.0, "y": 1.0}


@pytest.mark.parametrize("expression", ["-o*x", "-h*x"], ids=["graph's -o", "-h"])
def test_an_expression_starting_like_a_short_option_is_the_expression(expression, capsys):
    # argparse alone reads "-o*x" as `-o "*x"` and "-h*x" as --help with a value.
    name = expression[1]
    assert cli_module.main(["grad", expression, f"{name}=2", "x=3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # -n*x at n = 2, x = 3: -6; d/dn = -x = -3, d/dx = -n = -2
    assert (data["value"], data["grad"]) == (-6.0, {name: -3.0, "x": -2.0})
    assert cli_module.main(["graph", expression, f"{name}=2", "x=3", "-o", "-"]) == 0
    dot = capsys.readouterr().out
    assert f"{name}|data 2|grad -3" in dot
    assert "x|data 3|grad -2" in dot


def test_pi_and_e_are_constants(cli_in_process):
    result = cli_in_process("grad", "pi*x + e**x", "x=2", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["value"] == pytest.approx(2 * math.pi + math.e**2, rel=1e-15)
    assert data["grad"] == {"x": pytest.approx(math.pi + math.e**2, rel=1e-15)}


def test_a_binding_of_e_or_pi_wins_over_the_constant(cli_in_process):
    result = cli_in_process("grad", "e*x + pi", "e=2", "x=3", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["value"] == pytest.approx(6 + math.pi, rel=1e-15)
    assert data["grad"] == {"e": 3.0, "x": 2.0}


def test_graph_writes_dot_to_stdout_with_a_dash(cli, tmp_path):
    result = cli("graph", "x*y", "x=3", "y=-2", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("digraph")
    # x*y at (3, -2): d/dx = y = -2, d/dy = x = 3
    assert "x|data 3|grad -2" in result.stdout
    assert "y|data -2|grad 3" in result.stdout
    assert not (tmp_path / "-").exists()


def test_the_leading_minus_needs_no_private_argparse_method():
    private = [name for name in vars(cli_module.ArgumentParser) if name.startswith("_parse")]
    assert not private


def imported_by_grad():
    """Modules imported by `autograd-mini grad` in a fresh interpreter."""
    code = (
        "import sys; from autograd_mini.cli import main; "
        "main(['grad', 'tanh(x*w + b)', 'x=0.5', 'w=-1', 'b=0.2']); print(*sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd="/"
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.splitlines()[-1].split())


def test_grad_imports_no_other_subcommand_and_no_third_party_package():
    modules = imported_by_grad()
    loaded = {m for m in modules if m.startswith(("autograd_mini.nn", "autograd_mini.viz"))}
    assert not loaded
    assert not modules & {"numpy", "graphviz", "matplotlib", "tqdm", "importlib.metadata"}
