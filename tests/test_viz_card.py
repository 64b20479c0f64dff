"""The step-through page's summary card: every input's gradient, the demo's check and SGD step."""

import json
import re
import subprocess
import sys

import numpy as np
import pytest

from autograd_mini import Value, topological_order
from autograd_mini.viz import SummaryTable, available_renderers, to_html
from autograd_mini.viz.steps import backward_steps

# The seed's exercise (backprop-exercise.md): weights, sample, target and learning rate.
W = [[0.2, 0.4], [0.1, 0.3]]
B1 = [0.1, 0.2]
U = [[0.5], [0.6]]
B2 = [0.1]
X = [0.5, 0.3]
T = [0.7]
LR = 0.1
PARAMETERS = {  # the demo's names for the seed's numbers
    "hidden.w[0][0]": ("w", (0, 0)),
    "hidden.w[0][1]": ("w", (0, 1)),
    "hidden.w[1][0]": ("w", (1, 0)),
    "hidden.w[1][1]": ("w", (1, 1)),
    "hidden.b1[0]": ("b1", (0,)),
    "hidden.b1[1]": ("b1", (1,)),
    "output.u[0][0]": ("u", (0, 0)),
    "output.u[1][0]": ("u", (1, 0)),
    "output.b2[0]": ("b2", (0,)),
}


def page_data(page):
    """The steps a page's script reads (its JSON block)."""
    block = re.search(r'<script type="application/json" id="steps">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


def card(page):
    """{title: (header, rows, note)} of the last backward step's tables."""
    tables = page_data(page)["backward"][-1]["tables"]
    return {t["title"]: (t["header"], t["rows"], t["note"]) for t in tables}


def test_the_plain_card_gives_every_inputs_gradient_then_the_callers_tables():
    a, b = Value(3.0, "a"), Value(-0.5, "b")
    c = a * b + a  # dc/da = b + 1 = 0.5, dc/db = a = 3 (by hand)
    c.label = "c"
    extra = SummaryTable("checked by hand", ["input", "by hand"], [["a", "0.5"]], note="b + 1")
    steps, _ = backward_steps(topological_order(c), summary=[extra])
    first, second = steps[-1]["tables"]
    assert first["header"] == ["input", "∂c/∂input"]
    assert sorted(first["rows"]) == [["a", "0.5"], ["b", "3"]]
    assert second == {
        "title": "checked by hand",
        "header": ["input", "by hand"],
        "rows": [["a", "0.5"]],
        "note": "b + 1",
    }


def test_a_page_made_without_summary_tables_gets_the_plain_card():
    x = Value(2.0, "x")
    y = x * x
    y.label = "y"
    tables = page_data(to_html(y))["backward"][-1]["tables"]
    assert [t["rows"] for t in tables] == [[["x", "4"]]]  # dy/dx = 2x = 4


@pytest.fixture(scope="module")
def demo_page(tmp_path_factory):
    """The page `autograd-mini demo` writes for the exercise."""
    if not available_renderers():
        pytest.skip("no SVG renderer")
    from autograd_mini.nn.demo_command import exercise_report

    out = tmp_path_factory.mktemp("demo")
    report = exercise_report(str(out))
    return (out / "exercise.html").read_text(encoding="utf-8"), report


def independent_gradients():
    """{name: (closed form, NumPy)}: the δ equations (nn.closed_form) and matrix products."""
    from autograd_mini.nn import closed_form, reference

    by_equation = closed_form.gradients(X, T, W, U, B1, B2, loss="squared")
    params = {"w": np.array(W), "b1": np.array(B1), "u": np.array(U), "b2": np.array(B2)}
    by_matrix = reference.gradients(params, np.array([X]), np.array([T]), loss="squared")
    grads = {}
    for name, (key, at) in PARAMETERS.items():
        closed = by_equation[key]
        for i in at:
            closed = closed[i]
        grads[name] = (closed, float(by_matrix[key][at]))
    return grads


def test_the_demo_card_checks_each_gradient_against_the_delta_rule_and_numpy(demo_page):
    page, _ = demo_page
    (title, (header, rows, note)), _ = list(card(page).items())[1:]
    assert header == ["parameter", "engine", "δ rule", "NumPy", "max diff"]
    assert "δ rule" in title
    expected = independent_gradients()
    assert [row[0] for row in rows] == list(PARAMETERS)
    for name, engine, closed, numpy, _ in rows:
        by_equation, by_matrix = expected[name]
        # Shown to 7 significant digits (.6e).
        assert float(engine) == pytest.approx(by_equation, rel=6e-7)
        assert float(closed) == pytest.approx(by_equation, rel=6e-7)
        assert float(numpy) == pytest.approx(by_matrix, rel=6e-7)
    largest = float(note.removeprefix("largest difference "))
    assert 0 <= largest < 1e-15


def test_the_demo_card_takes_one_sgd_step_with_the_demos_numbers(demo_page):
    page, report = demo_page
    _, _, (title, (header, rows, note)) = card(page).items()
    assert header == ["parameter", "w", "∂E/∂w", "η", "w after"]
    assert title.endswith(f"η = {LR}")
    expected = independent_gradients()
    for name, w, grad, lr, after in rows:
        key, at = PARAMETERS[name]
        start = {"w": W, "b1": B1, "u": U, "b2": B2}[key]
        for i in at:
            start = start[i]
        assert float(w) == start
        assert float(lr) == LR
        assert float(grad) == pytest.approx(expected[name][0], rel=6e-7)
        assert float(after) == pytest.approx(start - LR * expected[name][0], rel=1e-15)
        assert float(after) == report["sgd_step"][name]["after"]  # what the demo prints
    # The seed's exercise, as the demo prints it: E before and after the step.
    assert note == "E 4.27309011190178e-4 → 4.132979934622747e-4"


def test_viz_never_imports_nn(tmp_path):
    # nn builds on viz (the demo draws), never the other way: nn computes the card's tables.
    code = (
        "import importlib, pkgutil, sys\n"
        "import autograd_mini.viz as viz\n"
        "for module in pkgutil.iter_modules(viz.__path__):\n"
        "    importlib.import_module(f'autograd_mini.viz.{module.name}')\n"
        "print(sorted(name for name in sys.modules if name.startswith('autograd_mini.nn')))\n"
    )
    # Run in a temp folder, so the installed package is imported (not the checkout's folders).
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


CARD_LAYOUT = """() => {
  const aside = document.querySelector("aside").getBoundingClientRect();
  const pane = [...document.querySelectorAll("#graph > svg.drawing")]
    .find((svg) => getComputedStyle(svg).display !== "none").getBoundingClientRect();
  const shown = [...document.querySelectorAll("svg.drawing .operand, svg.drawing .current")]
    .map((node) => node.getBoundingClientRect());
  const parts = [...document.querySelectorAll("#card h3, #card th, #card td, #card p")];
  return {
    texts: parts.map((e) => e.textContent),
    smallest: Math.min(...parts.map((e) => parseFloat(getComputedStyle(e).fontSize))),
    boxes: [...document.querySelectorAll("#card .card-table")].map((e) => {
      const b = e.getBoundingClientRect();
      return [b.left - aside.left, aside.right - b.right];
    }),
    sideways: document.documentElement.scrollWidth - innerWidth,
    inPane: shown.length > 0 && shown.every((b) => b.left >= pane.left - 1
      && b.right <= pane.right + 1 && b.top >= pane.top - 1 && b.bottom <= pane.bottom + 1),
  };
}"""


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_the_card_is_readable_beside_or_under_the_whole_graph(new_page, demo_page, tmp_path, size):
    page, _ = demo_page
    path = tmp_path / "exercise.html"
    path.write_text(page, encoding="utf-8")
    tab = new_page(size)
    tab.goto(path.as_uri() + "#step=17&mode=backward")
    tab.keyboard.press("ArrowRight")  # onto the last step, as a learner gets there
    tab.wait_for_function("!document.getElementById('graph').dataset.moving")
    layout = tab.evaluate(CARD_LAYOUT)
    screenshot = tab.screenshot()
    assert screenshot
    assert "largest difference 1.7e-18" in layout["texts"]
    assert "E 4.27309011190178e-4 → 4.132979934622747e-4" in layout["texts"]
    assert layout["smallest"] >= 12
    # Each table's box lies inside the explanation (a wide one scrolls inside its box), the
    # page never scrolls sideways, and every input and the output are in the (narrower) pane.
    assert all(left >= 0 and right >= 0 for left, right in layout["boxes"])
    assert layout["sideways"] == 0
    assert layout["inPane"]
