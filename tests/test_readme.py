"""README.md's code runs, and its two commands are the ones CI runs."""

import re
from importlib.metadata import requires
from pathlib import Path

import pytest

from autograd_mini import OPS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_python_blocks_run(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # the blocks write files under out/
    namespace = {}
    shipped = dict(OPS)
    try:
        for block in blocks("python"):
            exec(compile(block, "README.md", "exec"), namespace)  # our own README, not user text
    finally:  # "Adding an op" adds one: other tests see the shipped table (OPS itself refuses
        dict.clear(OPS)  # to remove an entry, so the test goes under it)
        dict.update(OPS, shipped)
    printed = capsys.readouterr().out
    assert "-0.2913126124515909" in printed  # tanh(0.5 * -1 + 0.2)
    assert "[[6.0, 2.0], [2.0, 0.0]]" in printed  # Hessian of a^2 b at (1, 3) by hand
    assert "12.0 12.0 12.0\n(10.0, 2.0)\n[[3.0, 2.0], [1.0, 1.0]]\n4.0 12.0" in printed
    assert "13.5\n9.0\n" in printed  # the added cube op: 2 * 3x^2 and 6x at 1.5
    assert (tmp_path / "out" / "neuron.svg").read_text().lstrip().startswith("<")


@pytest.mark.parametrize("line", [b for block in blocks("console") for b in block.splitlines()])
def test_console_lines_run(cli, line):
    assert line.startswith("$ autograd-mini ")
    args = re.findall(r'"[^"]*"|\S+', line[len("$ autograd-mini ") :])
    args = [a.strip('"') for a in args]
    result = cli(*args)
    assert result.returncode == 0, result.stderr


def test_ci_runs_the_readme_commands():
    ci = (ROOT / ".ci" / "run").read_text()
    main_command, test_command = (block.strip() for block in blocks("bash")[:2])
    assert main_command in ci
    assert test_command in ci


def test_the_test_extra_installs_what_the_test_command_uses():
    # `pytest -n auto` needs pytest-xdist: a fresh `pip install '.[test]'` must bring it.
    test_extra = [r for r in requires("autograd-mini") if 'extra == "test"' in r]
    assert any(r.startswith("pytest-xdist") for r in test_extra), test_extra
