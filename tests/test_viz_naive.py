"""Naive recursive backward on the step-through page: its numbers, and its mode in Chromium."""

import math
import os

import pytest
from in_page import query, query_all

from autograd_mini import Value, topological_order
from autograd_mini.viz import to_html
from autograd_mini.viz.naive import naive_gradients, naive_steps
from autograd_mini.viz.steps import fresh_gradients


def diamond():
    """b = a*2; c = b + 1; d = b*3; e = c + d at a = 1: b has two users, c and d."""
    a = Value(1.0, "a")
    b = a * 2
    c = b + 1
    d = b * 3
    e = c + d
    for value, label in [(b, "b"), (c, "c"), (d, "d"), (e, "e")]:
        value.label = label
    return a, e


def test_naive_recursion_gets_a_grad_wrong_where_the_engine_gets_de_da_8():
    a, e = diamond()
    order = topological_order(e)
    # By hand: de/da = db/da * (dc/db + dd/db) = 2 * (1 + 3) = 8. Recursing into b from c
    # first passes on b.grad = 1, then from d all of b.grad = 4: a.grad = 2*1 + 2*4 = 10
    # (from d first: 2*3 + 2*4 = 14).
    assert fresh_gradients(order)[order.index(a)] == 8.0
    assert naive_gradients(order)[order.index(a)] in (10.0, 14.0)


def test_naive_summary_step_names_a_and_why():
    a, e = diamond()
    order = topological_order(e)
    last = naive_steps(order, fresh_gradients(order))[-1]
    assert last["diverged"] == order.index(a)
    assert "before all its users had added to it" in last["lines"][0]
    assert "a.grad: naive 10, correct 8  ≠ differs" in last["lines"]


def test_on_a_tree_naive_recursion_and_the_engine_agree():
    x, w, y, v = Value(1.5, "x"), Value(-0.8, "w"), Value(2.0, "y"), Value(0.3, "v")
    root = (x * w + y * v).tanh() * Value(0.7, "s")  # each node used once: a tree
    order = topological_order(root)
    naive, correct = naive_gradients(order), fresh_gradients(order)
    dx = 0.7 * (1 - math.tanh(1.5 * -0.8 + 2.0 * 0.3) ** 2) * -0.8  # by hand
    assert naive[order.index(x)] == pytest.approx(dx, rel=1e-12)
    assert naive == pytest.approx(correct, rel=1e-12)
    last = naive_steps(order, correct)[-1]
    assert last["title"] == "Naive recursion gives the same gradients here"
    assert "diverged" not in last


def test_a_graph_with_exponentially_many_paths_stops_the_page_and_says_so():
    x = Value(0.5, "x")
    for _ in range(30):  # each level uses the one below twice: 2**30 paths to x
        x = x * x
    order = topological_order(x)
    assert naive_gradients(order) is None
    steps = naive_steps(order, fresh_gradients(order))
    assert len(steps) == 502
    assert steps[-1]["title"] == "Naive recursion stopped after 500 calls"


@pytest.fixture(params=["laptop", "phone"])
def naive_page(request, new_page, page_errors, tmp_path):
    a, e = diamond()
    order = topological_order(e)
    path = tmp_path / "naive.html"
    path.write_text(to_html(e), encoding="utf-8")
    page = new_page(request.param)
    errors = page_errors(page)
    page.goto(path.as_uri())
    size = page.viewport_size
    yield page, path, f"v{order.index(a)}", f"{size['width']}x{size['height']}"
    assert errors == []


def texts(page, node_id):
    return query(
        page, f"#{node_id}", "g => [...g.querySelectorAll('text')].map(t => t.textContent)"
    )


def test_n_steps_the_naive_pass_and_highlights_where_it_diverges(naive_page, tmp_path):
    page, _, a_id, size = naive_page
    page.keyboard.press("n")
    assert page.is_checked("input[value='naive']")
    assert page.inner_text("#counter") == "naive step 0 of 7"  # seed, 6 calls, the summary
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    assert "grad 10" in texts(page, a_id)
    assert query_all(page, ".node.diverged", "gs => gs.length") == 0
    page.keyboard.press("ArrowRight")
    assert query(page, ".node.diverged", "g => g.id") == a_id
    assert "naive 10, correct 8" in page.inner_text("#lines")
    assert "before all its users had added to it" in page.inner_text("#lines")
    # Measured: the dashed red outline is drawn, inside the graph pane.
    stroke = query(page, f"#{a_id} polygon", "p => getComputedStyle(p).stroke")
    assert stroke == "rgb(192, 16, 42)"
    box = query(page, f"#{a_id} polygon", "p => p.getBoundingClientRect().toJSON()")
    pane = query(page, "#graph", "p => p.getBoundingClientRect().toJSON()")
    assert pane["left"] <= box["left"] < box["right"] <= pane["right"]
    assert pane["top"] <= box["top"] < box["bottom"] <= pane["bottom"]
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    folder = os.environ.get("VIZ_SCREENSHOT_DIR", str(tmp_path))
    page.screenshot(path=os.path.join(folder, f"naive-{size}.png"))
    page.keyboard.press("b")  # back to the correct pass: a.grad ends at 8, nothing diverged
    page.keyboard.press("End")
    assert "grad 8" in texts(page, a_id)
    assert query_all(page, ".node.diverged", "gs => gs.length") == 0


def test_the_naive_control_and_a_deep_link_open_the_mode(naive_page):
    page, path, a_id, _ = naive_page
    page.click("input[value='naive']")
    assert page.inner_text("#counter") == "naive step 0 of 7"
    page.goto(path.as_uri() + "#step=7&mode=naive")
    page.reload()
    assert page.inner_text("#counter") == "naive step 7 of 7"
    assert query(page, ".node.diverged", "g => g.id") == a_id
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("location.hash") == "#step=6&mode=naive"


def exercise_order():
    from autograd_mini.nn import EXERCISE, squared_error

    net = EXERCISE.network()
    return topological_order(squared_error(net(EXERCISE.x), EXERCISE.t))


def test_where_only_inputs_are_reused_the_summary_says_why_and_where_naive_fails():
    order = exercise_order()
    summary = naive_steps(order, fresh_gradients(order))[-1]
    assert summary["title"] == "Naive recursion gives the same gradients here"
    lines = summary["lines"]
    assert any(line.startswith("only inputs are reused here (") for line in lines)
    assert any("derivation.html" in line for line in lines)


def test_each_naive_call_shows_its_depth_and_call_stack():
    _, e = diamond()
    steps = naive_steps(topological_order(e), fresh_gradients(topological_order(e)))
    # e -> c -> b -> a: the third call (b passes to a) runs inside e's and c's and b's backward.
    depths = [int(step["lines"][0].split()[2].rstrip(":")) for step in steps[1:-1]]
    assert depths == [1, 2, 3, 1, 2, 3]
    assert steps[3]["lines"][0] == "call depth 3: e.backward() → c.backward() → b.backward()"


@pytest.mark.browser
def test_on_the_derivations_2_3_2_network_naive_mode_ends_outlining_a_wrong_gradient(
    new_page, tmp_path, cli
):
    result = cli("demo", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert f"{tmp_path / 'derivation.html'}" in result.stdout
    page = new_page()
    page.goto((tmp_path / "derivation.html").as_uri() + "#mode=naive")
    page.keyboard.press("End")
    diverged = query(page, ".node.diverged", "g => g.id")
    outline = query(page, f"#{diverged} polygon", "p => getComputedStyle(p).stroke")
    assert outline == "rgb(192, 16, 42)"
    assert "≠ differs" in page.inner_text("#lines")
