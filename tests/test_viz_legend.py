"""The step-through page's legend lists what the current pass shows; pages it names are links."""

import pytest

from autograd_mini import Value
from autograd_mini.nn import EXERCISE
from autograd_mini.nn.demo_command import derivation_loss
from autograd_mini.nn.losses import squared_error
from autograd_mini.viz import to_html

pytestmark = pytest.mark.browser
DASH = "\u2013"  # what a gradient not reached yet shows


@pytest.fixture(scope="module")
def pages():
    """The exercise's page and the derivation's, built once for the tests that open them."""
    net = EXERCISE.network()
    loss = squared_error(net([Value(x, f"x[{i}]") for i, x in enumerate(EXERCISE.x)]), EXERCISE.t)
    loss.label = "E"
    return to_html(loss), to_html(derivation_loss())


@pytest.fixture
def exercise(pages, new_page, tmp_path):
    """The exercise's page, beside the derivation's as `autograd-mini demo` writes them."""
    path = tmp_path / "exercise.html"
    path.write_text(pages[0], encoding="utf-8")
    (tmp_path / "derivation.html").write_text(pages[1], encoding="utf-8")
    return new_page(), path


LEGEND = r"""() => [...document.querySelectorAll("aside .legend li")]
    .filter((item) => item.getClientRects().length > 0)
    .map((item) => item.textContent.replace(/\s+/g, " ").trim())"""


def legend(page):
    return " / ".join(page.evaluate(LEGEND))


def test_going_forward_the_legend_has_no_gradient_colours_or_backward_marks(exercise):
    page, path = exercise
    page.goto(f"{path.as_uri()}#step=3&mode=forward")
    shown = legend(page)
    assert "its operands" in shown
    for absent in ["grad =", "grad ≥", "naive", "partial", "flows", "not reached", "constant"]:
        assert absent not in shown
    assert not page.is_visible("#legend-title")


def test_each_pass_lists_its_own_marks(exercise):
    page, path = exercise
    page.goto(f"{path.as_uri()}#step=3&mode=backward")
    shown = legend(page)
    assert "partial" in shown
    assert "flows" in shown
    assert f"grad {DASH} not reached yet" in shown
    assert "constant: no grad" in shown  # 0.7 and 2 are drawn
    assert "naive" not in shown
    page.keyboard.press("n")
    assert "naive recursion's first wrong gradient" in legend(page)
    assert "flows" not in legend(page)  # naive steps light no edges
    page.keyboard.press("u")  # the neuron view: units, their δ, no constants
    shown = legend(page)
    assert f"δ {DASH} not reached yet" in shown
    assert "the units its δ comes from" in shown
    for absent in [f"grad {DASH} not reached", "constant", "partial", "naive"]:
        assert absent not in shown


def test_the_page_naive_mode_names_is_a_link_to_it(exercise):
    page, path = exercise
    page.goto(f"{path.as_uri()}#step=0&mode=naive")
    page.keyboard.press("End")
    link = page.locator("#lines a")
    assert link.text_content() == "derivation.html"
    link.click()
    page.wait_for_function("document.title === 'autograd_mini: step through L'")
    assert page.url.split("#")[0].endswith("/derivation.html")
