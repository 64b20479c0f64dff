"""Node names are typeset as the pages' lines are: × for *, x² for a whole power, ^ for others.

Only the code panel shows Python's operators: it shows the code `autograd_mini.compile` writes.
"""

from pathlib import Path

import pytest
from test_viz_one_rule import SHOWN_TEXT, awkward_graph, exercise, page_texts, small_mlp

from autograd_mini import Value, topological_order
from autograd_mini.nn.demo_command import exercise_report
from autograd_mini.viz import to_html
from autograd_mini.viz.names import name_lines, node_names
from autograd_mini.viz.snapshots import SnapshotPage


def powers_and_quotients():
    """(x×w)², a quotient, a negative whole power and a fractional one, a labelled product."""
    x, w = Value(1.5, "x"), Value(-0.5, "w")
    p = x * w
    p.label = "p"
    y = (x * w) ** 2 / (x - 1) + x**-1 + x**0.5 + p * 3
    y.label = "y"
    return y


def test_names_write_times_and_powers_as_the_lines_do():
    names = node_names(topological_order(powers_and_quotients()))
    # Written by hand from the expression, as a reader writes it.
    expected = ["x×w", "(x×w)²", "x - 1", "(x×w)²/(x - 1)", "x⁻¹", "x^0.5", "p×3"]
    assert set(expected) <= set(names)
    assert [name for name in names if "*" in name] == []


def pages(graphs=(powers_and_quotients, awkward_graph, small_mlp)):
    """Step-through pages of graphs with products, powers, quotients and units."""
    return [to_html(graph()) for graph in graphs]


def test_no_text_a_page_shows_writes_a_python_operator(tmp_path):
    files = exercise_report(str(tmp_path))["files"]  # the demo's card and derivation pages
    demo = [Path(files[name]).read_text(encoding="utf-8") for name in ("html", "derivation_html")]
    snapshots = [exercise(), exercise()]
    for p in topological_order(snapshots[1]):
        if not p.parents:
            p.data *= 1.5  # the same graph at other numbers: a snapshot page's two snapshots
    snapshot_page = SnapshotPage(snapshots, [0, 1]).html()
    for page in [*pages(), *demo, snapshot_page]:
        texts = page_texts(page)  # the code panel's Python left out
        assert len(texts) > 50
        assert [text for text in texts if "*" in text] == []
        assert any("×" in text for text in texts)


# SHOWN_TEXT's new texts and the code panel's text (as text_content gives it), in one call.
SHOWN_AND_CODE = f"""() => [({SHOWN_TEXT})(), document.getElementById("code").textContent]"""


@pytest.mark.browser
def test_chromium_shows_no_python_operator_outside_the_code_panel(new_page, tmp_path):
    page = new_page("phone")
    shown, code = [], []
    for k, text in enumerate(pages((powers_and_quotients, small_mlp))):  # small_mlp has units
        path = tmp_path / f"page{k}.html"
        path.write_text(text, encoding="utf-8")
        for view in ("", "view=units&")[: k + 1]:  # the neuron view: small_mlp's
            for mode in ("forward", "backward", "naive"):
                # The first address loads the page; the others are followed as links are.
                page.goto(f"{path.as_uri()}#{view}step=1&mode={mode}")
                if not page.evaluate("() => document.getElementById('code-panel').open"):
                    page.keyboard.press("c")  # the code panel open
                for _ in range(8):
                    page.keyboard.press("ArrowRight")
                    new_texts, code_text = page.evaluate(SHOWN_AND_CODE)
                    shown += new_texts
                    code.append(code_text)
                if view and mode == "backward":  # a unit opened: its op nodes' names
                    page.click("#u2")
                    shown += page.evaluate(SHOWN_TEXT)
    assert [text for text in shown if "*" in text] == []
    assert any("x×w" in text for text in shown)
    assert any("h1[0]×w[0][0]" in text for text in shown)
    assert any(" * " in text for text in code)  # the code stays Python


def test_a_long_name_breaks_at_a_sign_outside_parentheses():
    assert name_lines("(x×w)²/(x - 1) + x⁻¹") == ["(x×w)²/(x - 1) +", "x⁻¹"]
    assert name_lines("tanh(x×w - b) + (a - c)") == ["tanh(x×w - b) +", "(a - c)"]
    assert name_lines("tanh(a×bbbbb - c×ddddd)") == ["tanh(a×bbbbb -", "c×ddddd)"]  # no other
