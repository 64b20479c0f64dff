"""docs/testing.md runs: each Python block in order, and each block's printed output is the
text block shown after it, failing tables included."""

import contextlib
import io
import re
from pathlib import Path

DOC = (Path(__file__).resolve().parent.parent / "docs" / "testing.md").read_text()
BLOCKS = re.findall(r"```(python|text)\n(.*?)```", DOC, flags=re.S)


def test_every_block_runs_and_prints_what_the_page_shows():
    namespace = {}
    shown = 0
    for number, (kind, text) in enumerate(BLOCKS):
        if kind != "python":
            continue
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(text, f"docs/testing.md block {number}", "exec"), namespace)  # our doc
        following = BLOCKS[number + 1] if number + 1 < len(BLOCKS) else ("", "")
        if following[0] == "text":
            assert printed.getvalue().strip("\n") == following[1].strip("\n"), number
            shown += 1
    assert shown >= 5


def test_the_page_shows_a_failing_table_for_a_formula_and_for_a_missing_sigma_prime():
    tables = [text for kind, text in BLOCKS if kind == "text" and "verdict" in text]
    assert len(tables) == 2
    assert "b      -0.5" in tables[0]
    assert tables[0].rstrip().endswith("check your formula for b")
    hidden = [line for line in tables[1].splitlines() if line.startswith("hidden delta")]
    assert len(hidden) == 3
    assert all(line.endswith("formula wrong") for line in hidden)
