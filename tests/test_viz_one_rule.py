"""Every number either page writes is in the pages' one rule (look.format_number, format.js)."""

import html
import json
import re
from pathlib import Path

from recorded_runs import recorded_run

from autograd_mini import Value
from autograd_mini.nn import EXERCISE, MLP, TwoLayerNet, two_moons
from autograd_mini.nn.demo_command import exercise_report
from autograd_mini.nn.losses import squared_error
from autograd_mini.nn.training_page import training_page
from autograd_mini.viz import to_html
from autograd_mini.viz.look import format_number

# A number standing alone: not part of a name (x[0], a1[2], δ1_0, v12) or a colour (#4393c3).
NUMBER = re.compile(r"(?<![\w.\[#])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w\[\]]|\.\d)")
THOUSANDS = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")  # counts: "1,024 calls"
SVG_TEXT = re.compile(r"<(text|title)\b[^>]*>(.*?)</\1>", re.S)


def by_the_rule(token, most=7):
    """Whether `token` is what format_number writes for its own value at some digits <= `most`.

    Up to 7 digits (the demo's check table); the demo's SGD step writes every digit (17).
    """
    return any(format_number(float(token), digits) == token for digits in range(1, most + 1))


def numbers_in(text):
    return NUMBER.findall(THOUSANDS.sub("", text))  # a percentage's number too: 87.5 of 87.5%


def page_texts(page):
    """Every text the page can show: the steps' data (the code panel's Python left out) and
    the drawings' labels and tooltips."""
    found = re.search(r'<script type="application/json" id="steps">(.*?)</script>', page, re.S)
    data = json.loads(found.group(1))
    texts = []

    def walk(item, key=None):
        if key in ("ids", "code", "insides", "zeroColour", "constantColour"):
            return
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, list):
            for part in item:
                walk(part)
        elif isinstance(item, dict):
            for name, part in item.items():
                walk(part, name)

    walk(data)
    drawings = [page[page.index("<svg") : page.index('<script type="application/json"')]]
    drawings += data.get("insides", {}).values()
    for svg in drawings:
        texts += [html.unescape(match.group(2)) for match in SVG_TEXT.finditer(svg)]
    return texts


def awkward_graph():
    """Numbers of every size: constants 1/3, 1.23456e-4, 12345.678, tiny and large gradients."""
    x = Value(2.0, "x")
    w = Value(-3.0e-5, "w")
    y = (x ** (1 / 3)) * 0.000123456 + 12345.678 * w + (x * w - 0.00003).relu() + (w * 1e6).tanh()
    y.label = "y"
    return y


def exercise():
    net = EXERCISE.network()
    xs = [Value(x_i, f"x[{i}]") for i, x_i in enumerate(EXERCISE.x)]
    out = squared_error(net(xs), EXERCISE.t)
    out.label = "E"
    return out


def small_mlp():
    """A 2-3-1 MLP whose gradients are small: exponent-form numbers in the neuron view."""
    net = MLP(2, [3, 1], activation="tanh", seed=3)
    for p in net.parameters():
        p.data *= 1e-3
    xs = [Value(0.25, "x[0]"), Value(-4e-4, "x[1]")]
    out = squared_error(net(xs), [0.5])
    out.label = "E"
    return out


def test_every_number_in_the_step_through_pages_data_is_written_by_the_one_rule(tmp_path):
    files = exercise_report(str(tmp_path))["files"]  # the demo's pages: its card, the derivation
    demo = [Path(files[name]).read_text(encoding="utf-8") for name in ("html", "derivation_html")]
    pages = [(page, 17) for page in demo]
    pages += [(to_html(root), 7) for root in (awkward_graph(), exercise(), small_mlp())]
    for page, most in pages:
        texts = page_texts(page)
        assert len(texts) > 50
        assert wrongly_written(texts, most) == set()


def test_the_check_sees_numbers_in_other_notations():
    assert numbers_in("x.grad = 0.0001235, w[1][0] = 1e+04, a1[0] = 0.3333333333333333") == [
        "0.0001235",
        "1e+04",
        "0.3333333333333333",
    ]
    assert numbers_in("at step 4. x[1] = -2.5e-10.") == ["4", "-2.5e-10"]
    assert numbers_in("accuracy 75.0%; with accuracy 88%") == ["75.0", "88"]
    assert not by_the_rule("75.0")  # format_percent(0.75) is 75%
    assert not any(map(by_the_rule, ["0.0001235", "1e+04", "0.3333333333333333", "1.0"]))
    assert all(map(by_the_rule, ["1.235e-4", "1e4", "0.3333", "1", "-2.5e-10", "1.2e3"]))


# The texts the page shows that it had not shown before, since it loaded: each is sent and
# checked once (a step changes a few of the page's ~1600 texts; sending all took 15 ms).
SHOWN_TEXT = """() => {
  const seen = (window.shownBefore ??= new Set());
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [document.title];
  while (walker.nextNode()) {
    // The code panel (#code) shows Python source, whose literals are the code's own.
    if (!walker.currentNode.parentElement.closest("script, style, #code")) {
      texts.push(walker.currentNode.textContent);
    }
  }
  const shown = texts.filter((text) => !seen.has(text));
  shown.forEach((text) => seen.add(text));
  return shown;
}"""


def wrongly_written(texts, most=7):
    found = {(token, text) for text in texts for token in numbers_in(text)}
    return {(token, text) for token, text in found if not by_the_rule(token, most)}


def test_every_number_the_step_through_page_shows_in_chromium_is_by_the_one_rule(
    new_page, tmp_path
):
    path = tmp_path / "small.html"
    path.write_text(to_html(small_mlp()), encoding="utf-8")
    page = new_page()
    shown = []
    for view in ("", "view=units&"):
        for mode in ("forward", "backward", "naive"):
            # The first address loads the page; the others are followed as links are.
            page.goto(f"{path.as_uri()}#{view}step=1&mode={mode}")
            for _ in range(6):  # a few steps, then the last (the summary card in backward)
                page.keyboard.press("ArrowRight")
                shown += page.evaluate(SHOWN_TEXT)
            page.keyboard.press("End")
            shown += page.evaluate(SHOWN_TEXT)
    assert any("e-" in text for text in shown)  # exponent-form numbers were on the page
    assert wrongly_written(shown) == set()


def test_every_number_the_training_page_shows_is_by_the_one_rule(new_page, tmp_path):
    xs, ts = two_moons(n=20, seed=2)
    net = TwoLayerNet(2, 3, 1, seed=1)
    lr = 0.000123456  # exponent form, and more digits than 4: the title and the update agree
    history = recorded_run(net, xs, ts, lr, 8)
    path = tmp_path / "train.html"
    path.write_text(training_page(history, "TwoLayerNet"), encoding="utf-8")
    page = new_page()
    page.goto(path.as_uri() + "#step=3&sample=2")
    shown = []
    for layer, unit in ((1, 0), (1, 2), (2, 0)):
        page.click(f'.unit[data-layer="{layer}"][data-unit="{unit}"]')
        shown += page.evaluate(SHOWN_TEXT)
    page.check("#edge-grads")
    page.keyboard.press("End")
    shown += page.evaluate(SHOWN_TEXT)
    assert any("lr = 1.23456e-4" in text for text in shown)
    assert any("lr 1.23456e-4" in text for text in shown)  # the title
    assert any(re.search(r"accuracy \d+(\.\d+)?%", text) for text in shown)  # the summary
    # 6 digits for lr; w and w after as many as it takes to tell them apart (nn/update.js).
    assert wrongly_written(shown, most=17) == set()
