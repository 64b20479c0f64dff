"""The step-through page: its chain-rule text, and stepping through it in headless Chromium."""

import base64
import math
import os
import re
import shutil

import pytest

from autograd_mini import Value, parse, topological_order
from autograd_mini.viz import to_html
from autograd_mini.viz.steps import backward_steps

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def skip_unless(condition, reason):
    """Skip locally; under CI=true a missing browser is a failure, not a skip."""
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)


def expression():
    """A graph with a reused input, a constant and every kind of step."""
    root = parse(
        "tanh(x*w + y*v + b) * x - 0.5 * y", {"x": 1.5, "w": -0.8, "y": 2.0, "v": 0.3, "b": 0.1}
    )
    root.label = "o"
    return root


def test_chain_rule_text_shows_the_numbers_of_c_equals_a_times_b():
    a, b = Value(3.0, "a"), Value(0.5, "b")
    c = a * b
    c.label = "c"
    steps, _ = backward_steps(topological_order(c))
    assert "a.grad += b.data * c.grad = 0.5 * 1 = 0.5, so a.grad = 0.5" in steps[1]["lines"]
    assert "b.grad += a.data * c.grad = 3 * 1 = 3, so b.grad = 3" in steps[1]["lines"]


def test_negative_numbers_are_parenthesised_in_formulas():
    x = Value(-0.5, "x")
    y = x.tanh()
    y.label = "y"
    steps, _ = backward_steps(topological_order(y))
    t = math.tanh(-0.5)
    line = f"x.grad += (1 - y.data**2) * y.grad = (1 - ({t:.4g})**2) * 1 = {1 - t * t:.4g}"
    assert steps[1]["lines"][1].startswith(line)


def test_page_is_self_contained():
    page = to_html(expression())
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<svg" in page
    assert "<script>" in page


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    skip_unless(chromium, "no chromium on PATH (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_unless(False, "python playwright not installed (pip install playwright)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, tmp_path):
    root = expression()
    path = tmp_path / "steps.html"
    path.write_text(to_html(root), encoding="utf-8")
    root.backward()  # the engine's gradients: what the page's last step must show
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    yield page, root
    page.close()
    assert errors == []


def current_id(page):
    return page.eval_on_selector(".node.current:not([id$='_op'])", "g => g.id")


def grad_text(page, node_id):
    return page.eval_on_selector(
        f"#{node_id}", "g => [...g.querySelectorAll('text')].map(t => t.textContent)"
    )


def test_backward_steps_highlight_each_op_node_in_reverse_topological_order(page):
    page, root = page
    order = topological_order(root)
    ids = {value: f"v{i}" for i, value in enumerate(order)}
    ops = [value for value in reversed(order) if value.parents]
    assert current_id(page) == ids[root]
    for step, value in enumerate(ops, start=1):
        page.keyboard.press("ArrowRight")
        assert current_id(page) == ids[value]
        # A node's gradient is complete when its step comes: it equals the engine's.
        assert f"grad {value.grad:.4g}" in grad_text(page, ids[value])
        assert page.inner_text("#counter") == f"backward step {step} of {len(ops)}"
    for value in order:
        if not value.is_constant:
            assert f"grad {value.grad:.4g}" in grad_text(page, ids[value])
    page.keyboard.press("ArrowRight")  # past the end: stays on the last step
    assert current_id(page) == ids[ops[-1]]


def test_first_backward_step_shows_the_chain_rule_with_numbers(page):
    page, _ = page
    page.click("#next")
    lines = page.inner_text("#lines")
    # o = A - 0.5*y: d o/dA = 1 and d o/d(0.5 y) = -1, each times o.grad = 1.
    assert re.search(r"v\d+\.grad \+= 1 \* o\.grad = 1 \* 1 = 1, so v\d+\.grad = 1", lines)
    assert re.search(r"v\d+\.grad \+= -1 \* o\.grad = -1 \* 1 = -1, so v\d+\.grad = -1", lines)


def test_buttons_slider_and_reset_move_between_steps(page):
    page, root = page
    last = sum(1 for value in topological_order(root) if value.parents)
    page.click("#next")
    page.click("#next")
    page.click("#prev")
    assert page.inner_text("#counter") == f"backward step 1 of {last}"
    page.fill("#slider", str(last))
    assert page.inner_text("#counter") == f"backward step {last} of {last}"
    page.keyboard.press("Home")
    page.click("#reset")
    assert page.inner_text("#counter") == f"backward step 0 of {last}"
    page.click("#play")
    page.wait_for_function("document.getElementById('counter').textContent.includes('step 2')")
    page.keyboard.press("Space")  # focus is on the play button: Space presses it, pausing
    assert page.inner_text("#play") == "Play"


def test_forward_mode_reveals_values_in_evaluation_order(page):
    page, root = page
    order = topological_order(root)
    page.keyboard.press("f")
    assert page.is_checked("input[value='forward']")
    assert page.eval_on_selector_all(".node.pending", "gs => gs.length") == len(order) - 1
    assert "data ?" in grad_text(page, f"v{len(order) - 1}")
    page.keyboard.press("End")
    for i, value in enumerate(order):
        expected = f"{value.data:.4g}" if value.is_constant else f"data {value.data:.4g}"
        assert expected in grad_text(page, f"v{i}")
    assert page.eval_on_selector_all(".node.pending", "gs => gs.length") == 0


BOXES = """selectors => selectors.map(s => {
  const r = document.querySelector(s).getBoundingClientRect();
  return [r.left, r.top, r.right, r.bottom];
})"""

# Counts the pixels of colour [r, g, b] inside box [left, top, right, bottom] of a PNG.
PIXELS = """async ([png, box, rgb]) => {
  const image = new Image();
  image.src = "data:image/png;base64," + png;
  await image.decode();
  const canvas = document.createElement("canvas");
  [canvas.width, canvas.height] = [image.width, image.height];
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const [left, top] = [Math.floor(box[0]), Math.floor(box[1])];
  const pixels = context.getImageData(
    left, top, Math.ceil(box[2]) - left, Math.ceil(box[3]) - top).data;
  let count = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (rgb.every((c, k) => Math.abs(pixels[i + k] - c) <= 8)) count += 1;
  }
  return count;
}"""


def inside(box, outer):
    left, top, right, bottom = box
    return outer[0] <= left < right <= outer[2] and outer[1] <= top < bottom <= outer[3]


def test_screenshot_at_1280x800_shows_the_current_node_outlined_beside_its_steps(page, tmp_path):
    page, _ = page
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    path = os.environ.get("VIZ_SCREENSHOT", str(tmp_path / "steps.png"))
    png = page.screenshot(path=path)  # also kept for people to look at
    graph, aside, current = page.evaluate(BOXES, ["#graph", "aside", ".node.current polygon"])
    # Measured: the graph pane and the explanation sit side by side within the window,
    # and the current node lies in the graph pane, where the screenshot shows it.
    assert inside(graph, [0, 0, 1280, 800])
    assert inside(aside, [0, 0, 1280, 800])
    assert graph[2] <= aside[0]
    assert inside(current, graph)
    assert page.inner_text("#lines").count("grad +=") >= 1
    # The outline that marks the current node is painted there, in a colour no other node has.
    stroke = page.eval_on_selector(".node.current polygon", "p => getComputedStyle(p).stroke")
    other = page.eval_on_selector(".node:not(.current) polygon", "p => getComputedStyle(p).stroke")
    assert stroke != other
    rgb = [int(c) for c in re.findall(r"\d+", stroke)[:3]]
    outline = page.evaluate(PIXELS, [base64.b64encode(png).decode(), current, rgb])
    width, height = current[2] - current[0], current[3] - current[1]
    assert outline >= 2 * (width + height)  # at least a one-pixel line all around the box
