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
                assert re.match(r"from autograd_mini(\.nn)? import [A-Za-z0-9_, ]+$", line), line
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
