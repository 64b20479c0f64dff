"""docs/nn.md's code blocks run, and print the numbers the text quotes."""

import re
from pathlib import Path

DOC = (Path(__file__).resolve().parent.parent / "docs" / "nn.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", DOC, flags=re.S)


def test_doc_has_blocks_importing_only_public_names():
    assert len(BLOCKS) >= 5
    for block in BLOCKS:
        for line in block.splitlines():
            if line.startswith(("import ", "from ")):
                public = r"from autograd_mini(\.nn)? import [A-Za-z0-9_, ]+$|import autograd_mini$"
                assert re.match(public, line), line
                assert " _" not in line


def test_doc_blocks_run(capsys):
    for number, block in enumerate(BLOCKS):
        exec(compile(block, f"docs/nn.md block {number}", "exec"), {})  # our own doc
    printed = capsys.readouterr().out
    assert "[0.5572478546, 0.6201064323]" in printed
    assert "[-0.00450309585, -0.005403715019]" in printed
    assert "[-0.0045031, -0.00540372]" in printed
    assert "0.000413298 0.000441561" in printed
    assert "accuracy 100%" in printed
    assert "d_a1_0 = h_0 * (1 - h_0) * d_h_0" in printed  # the compiled exercise


def compiled_lines(source):
    """The statements of forward_backward: its lines less the finiteness checks and return."""
    body = source.split('ask the engine."""\n', 1)[1].splitlines()
    lines, skipping = [], False
    for line in (line.strip() for line in body):
        skipping = skipping or line.startswith(("if not -INF", "return E"))
        if not skipping:
            lines.append(line)
        skipping = skipping and line not in ("return None", "]")
    return lines


def test_the_compiled_exercise_table_is_the_code_compile_writes_today():
    section = DOC.split("## From equation to code: the exercise compiled")[1].split("\n## ")[0]
    block = re.search(r"```python\n(.*?)```", section, flags=re.S).group(1)
    namespace = {}
    exec(compile(block, "docs/nn.md compiled", "exec"), namespace)  # our own doc
    table = section.split("| the exercise's NumPy | the compiled code, line by line |")[1]
    rows = [row for row in table.splitlines() if row.startswith("| ") and "---" not in row]
    shown = [
        cell.strip("`")
        for row in rows
        for cell in row.rstrip(" |").rsplit(" | ", 1)[1].split("<br>")
    ]
    assert shown == compiled_lines(namespace["compiled"].source)
