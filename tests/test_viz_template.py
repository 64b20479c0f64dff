"""The step-through page and the training page share their styles and scripts (viz.template)."""

import re
from importlib.resources import files

import pytest

from autograd_mini import Value
from autograd_mini.nn import History, TwoLayerNet, fit, xor
from autograd_mini.nn.training_page import training_page
from autograd_mini.viz import to_html
from autograd_mini.viz.template import SHARED_SCRIPTS


def pages():
    xs, ts = xor()
    net = TwoLayerNet(2, 2, 1, seed=0)
    history = History(xs, ts, "l2", 1.0, 4, keep=True)
    fit(net, xs, ts, 1.0, 4, on_step=lambda step, loss: history.record(step, loss, net))
    history.finish(history.losses[-1], net)
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    return {"step-through": to_html(a * b), "training": training_page(history, "TwoLayerNet")}


def test_both_pages_inline_the_shared_styles_and_scripts_once():
    viz = files("autograd_mini.viz")
    shared = [viz.joinpath(name).read_text(encoding="utf-8") for name in SHARED_SCRIPTS]
    style = viz.joinpath("page.css").read_text(encoding="utf-8")
    for name, page in pages().items():
        assert page.count(style) == 1, name
        for text in shared:
            assert page.count(text) == 1, name
        # Shared scripts first, so that format.js's "use strict" heads the page's one script.
        script = re.search(r"<script>\n(.*?)</script>", page, re.S).group(1)
        assert script.startswith(shared[0]), name


def test_the_templates_hold_no_script_but_data():
    for package, name in [
        ("autograd_mini.viz", "page.html"),
        ("autograd_mini.nn", "training_page.html"),
    ]:
        template = files(package).joinpath(name).read_text(encoding="utf-8")
        scripts = re.findall(r"<script[^>]*>(.*?)</script>", template, re.S)
        assert [text.strip() for text in scripts] == ["{{data}}", "{{script}}"], name


@pytest.mark.browser
@pytest.mark.parametrize("name", ["step-through", "training"])
def test_both_pages_step_and_play_with_the_same_controls_and_keys(browser, tmp_path, name):
    path = tmp_path / f"{name}.html"
    path.write_text(pages()[name], encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(path.as_uri())
    page.keyboard.press("End")
    last = page.evaluate("document.getElementById('slider').value")
    page.keyboard.press("Home")
    page.click("#next")
    assert page.evaluate("document.getElementById('slider').value") == "1"
    page.keyboard.press("ArrowRight")  # after a click, the arrows step, whatever was clicked
    assert page.evaluate("document.getElementById('slider').value") == "2"
    page.keyboard.press(" ")  # and Space plays (the clicked button does not take it)
    assert page.inner_text("#play") == "Pause"
    page.wait_for_function(f"document.getElementById('slider').value === '{last}'")
    page.wait_for_function("document.getElementById('play').textContent === 'Play'")
    page.close()
