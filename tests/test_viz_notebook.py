"""`step_through` in a notebook: run by a real kernel (nbclient), shown inside an iframe."""

import html
import re

import nbformat
import pytest
from nbclient import NotebookClient

from autograd_mini import Value
from autograd_mini.viz import step_through

pytestmark = pytest.mark.slow  # a notebook kernel

CELL = """\
from autograd_mini import Value
from autograd_mini.viz import step_through

x = Value(1.5, "x")
y = (x * x).tanh()
y.label = "y"
y.backward()
step_through(y)
"""


def test_a_notebook_shows_the_page_inside_an_iframe_and_nothing_leaks(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CELL)])
    # The kernel starts in tmp_path: in the checkout, its autograd_mini/ folder (the engine
    # alone) would hide the installed package and its viz subpackage.
    client = NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    )
    client.execute()
    [output] = notebook.cells[0].outputs
    shown = output["data"]["text/html"]
    # All of the output is one iframe: no <style> or <script> of the page reaches the notebook.
    assert re.fullmatch(r'<iframe srcdoc="[^"]*"[^>]*></iframe>', shown)
    page = html.unescape(re.search(r'srcdoc="([^"]*)"', shown).group(1))
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>autograd_mini: step through y</title>" in page
    assert 'sandbox="allow-scripts"' in shown


def test_step_through_has_the_page_text_and_saves_it(tmp_path):
    x = Value(2.0, "x")
    page = step_through(x * 3)
    assert page.html.startswith("<!DOCTYPE html>")
    assert page.save(tmp_path / "steps.html").read_text(encoding="utf-8") == page.html
    assert "height: 640px" in page._repr_html_()


def test_step_through_refuses_a_height_that_is_not_pixels():
    with pytest.raises(ValueError, match="step_through: height must be a whole number of pixels"):
        step_through(Value(1.0), height="tall")
