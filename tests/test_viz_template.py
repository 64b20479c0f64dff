"""The step-through page and the training page share their styles and scripts (viz.template)."""

import re
from importlib.resources import files

import pytest
from example_pages import pages

from autograd_mini.viz.template import LOADER, module_file

SHARED = ["viz/format.js", "viz/stepper.js", "viz/keys.js", "viz/address.js"]


def inlined_modules(page):
    """path -> text of each module a page inlines, in page order."""
    script = r'<script type="text/x-module" data-path="([^"]+)">\n(.*?)</script>'
    return dict(re.findall(script, page, re.S))


def test_both_pages_inline_the_shared_styles_and_modules_once():
    style = files("autograd_mini.viz").joinpath("page.css").read_text(encoding="utf-8")
    for name in ("step-through", "training"):
        page = pages()[name]
        assert page.count(style) == 1, name
        inlined = inlined_modules(page)
        for path in SHARED:
            text = module_file(path).read_text(encoding="utf-8")
            assert inlined[path] == text, (name, path)
            assert page.count(text) == 1, (name, path)
        # Each module after those it imports; the page's main module last.
        order = list(inlined)
        for path, text in inlined.items():
            for dependency in re.findall(r'^import .*? from "([^"]+)";', text, re.M | re.S):
                assert order.index(dependency) < order.index(path), (name, path, dependency)
        assert order[-1] == {"step-through": "viz/page.js", "training": "nn/training_page.js"}[name]


def test_the_pages_run_no_script_but_their_modules():
    """Besides the JSON data and the modules' texts: the loader and the main module's import."""
    loader = files("autograd_mini.viz").joinpath(LOADER).read_text(encoding="utf-8")
    for name in ("step-through", "training"):
        page = pages()[name]
        main = list(inlined_modules(page))[-1]
        scripts = re.findall(r"^<script([^>]*)>(.*?)</script>", page, re.S | re.M)
        others = [
            (attributes, text)
            for attributes, text in scripts
            if not re.match(r' type="(application/json|text/x-module)"', attributes)
        ]
        assert others == [("", f"\n{loader}"), (' type="module"', f'import "{main}";')], name


def test_the_templates_hold_no_script_but_data():
    for package, name in [
        ("autograd_mini.viz", "page.html"),
        ("autograd_mini.nn", "training_page.html"),
    ]:
        template = files(package).joinpath(name).read_text(encoding="utf-8")
        scripts = re.findall(r"<script[^>]*>(.*?)</script>", template, re.S)
        assert [text.strip() for text in scripts] == ["{{data}}"], name
        assert "{{scripts}}" in template, name


@pytest.mark.browser
@pytest.mark.parametrize("name", ["step-through", "training"])
def test_both_pages_step_and_play_with_the_same_controls_and_keys(browser, tmp_path, name):
    path = tmp_path / f"{name}.html"
    path.write_text(pages()[name], encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(path.as_uri())
    page.clock.install()  # the play timer on a clock the test moves on, not waited out
    page.keyboard.press("End")
    last = page.evaluate("document.getElementById('slider').value")
    page.keyboard.press("Home")
    page.click("#next")
    assert page.evaluate("document.getElementById('slider').value") == "1"
    page.keyboard.press("ArrowRight")  # after a click, the arrows step, whatever was clicked
    assert page.evaluate("document.getElementById('slider').value") == "2"
    page.keyboard.press(" ")  # and Space plays (the clicked button does not take it)
    assert page.inner_text("#play") == "Pause"
    page.clock.run_for(60_000)  # a minute of the page's time: on to the last step, then paused
    assert page.evaluate("document.getElementById('slider').value") == last
    assert page.inner_text("#play") == "Play"
    page.close()
