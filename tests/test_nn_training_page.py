"""The training page: bounded snapshots, numbers checked by the delta rule, and Chromium."""

import itertools
import math
import re

import numpy as np
import pytest
from in_page import query, query_all
from recorded_runs import recorded_run

from autograd_mini.nn import (
    MLP,
    History,
    TwoLayerNet,
    accuracy,
    closed_form,
    fit,
    reference,
    two_moons,
    xor,
)
from autograd_mini.nn.diagnose import Watch
from autograd_mini.nn.history import count_right
from autograd_mini.nn.training_page import MAX_CURVE_POINTS, training_page
from autograd_mini.viz.look import format_number


@pytest.fixture(scope="module")
def moons_run():
    xs, ts = two_moons(n=40, seed=1)
    net = TwoLayerNet(2, 3, 1, seed=4)
    history = recorded_run(net, xs, ts, 5.0, 60)  # the final loss is not checked here
    return net, history


@pytest.mark.slow
def test_a_long_run_snapshots_every_step_then_at_most_201_and_1001_curve_points():
    xs, ts = xor()
    net = TwoLayerNet(2, 2, 1, seed=0)
    history = History(xs, ts, "l2", 1.0, 2500, keep=True)
    fit(net, xs, ts, 1.0, 2500, on_step=lambda step, loss: history.record(step, loss, net))
    steps = [s["step"] for s in history.snapshots]
    assert steps[:51] == list(range(51))  # one update at a time for the first 50 steps
    gaps = {b - a for a, b in itertools.pairwise(steps[50:])}
    assert gaps <= {16, 17}  # then evenly spaced: 2450 steps in 150 gaps
    history.finish(0.0, net)
    assert len(history.snapshots) == 201
    assert history.snapshots[-1]["step"] == 2500
    page = training_page(history, "TwoLayerNet")
    data = re.search(r'id="data">(.*?)</script>', page).group(1)
    assert data.count('"step"') == 201
    curve = re.search(r'"curve": \[(.*?)\]\]', data).group(1)
    assert curve.count("[") <= MAX_CURVE_POINTS + 1


def test_snapshot_numbers_are_the_delta_rules(moons_run):
    net, history = moons_run
    last = history.snapshots[-1]
    state = net.state_dict()
    w, b1, u, b2 = (state[k] for k in ("hidden.w", "hidden.b1", "output.u", "output.b2"))
    for index, units in zip(history.samples, last["units"], strict=True):
        x, t = history.xs[index], history.ts[index]
        h = closed_form.hidden(x, w, b1)
        y = closed_form.output(h, u, b2)
        delta = closed_form.output_delta(y, t)  # (y - t) y (1 - y)
        hidden_delta = [
            g * h_j * (1 - h_j) for g, h_j in zip(closed_form.grad_h(delta, u), h, strict=True)
        ]
        assert units["h"][0] == pytest.approx(h, rel=1e-13)
        assert units["h"][1] == pytest.approx(y, rel=1e-13)
        assert units["delta"][1] == pytest.approx(delta, rel=1e-12)
        assert units["delta"][0] == pytest.approx(hidden_delta, rel=1e-12)
    assert last["layers"][0]["w"] == w
    assert last["layers"][1]["b"] == b2


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
@pytest.mark.parametrize("loss", ["l2", "cross_entropy"])
def test_recorded_accuracy_is_the_engines_exactly(activation, loss):
    xs, ts = two_moons(n=60, seed=7)
    outputs = 2 if loss == "cross_entropy" else 1
    last = "linear" if loss == "cross_entropy" else "sigmoid"
    for seed in range(4):
        net = MLP(2, [5, 4, outputs], [activation, activation, last], seed=seed)
        right = count_right(net, xs, ts, loss)
        assert right / len(xs) == accuracy(net, xs, ts, loss)  # the engine's, sample by sample
    # Outputs exactly at the decision: sigmoid(0) = 0.5 is not > 0.5; tied logits pick class 0.
    zero = MLP(2, [3, outputs], [activation, last], seed=0)
    for p in zero.parameters():
        p.data = 0.0
    assert count_right(zero, xs, ts, loss) / len(xs) == accuracy(zero, xs, ts, loss)
    assert count_right(zero, xs, ts, loss) == sum(t == [0.0] for t in ts)


def test_recording_snapshots_leaves_training_unchanged():
    xs, ts = two_moons(n=20, seed=2)
    plain, recorded = TwoLayerNet(2, 3, 1, seed=1), TwoLayerNet(2, 3, 1, seed=1)
    history = History(xs, ts, "l2", 2.0, 10, keep=True)
    fit(plain, xs, ts, 2.0, 10)
    fit(recorded, xs, ts, 2.0, 10, on_step=lambda s, loss: history.record(s, loss, recorded))
    assert recorded.state_dict() == plain.state_dict()


def test_page_is_self_contained_and_escapes_its_data(moons_run):
    _, history = moons_run
    page = training_page(history, "TwoLayer</script>Net")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    # Each script element (the data, the modules, their loader) ends where it should: none early.
    assert page.count("</script>") == len(re.findall(r"^<script\b", page, re.M))
    assert "TwoLayer\\u003c/script>Net" in page


@pytest.fixture(scope="module")
def moons_page(moons_run, tmp_path_factory):
    """The address of moons_run's training page, written once for the tests that read it."""
    _, history = moons_run
    path = tmp_path_factory.mktemp("moons") / "train.html"
    path.write_text(training_page(history, "TwoLayerNet"), encoding="utf-8")
    return path.as_uri()


@pytest.fixture
def open_page(new_page, page_errors, moons_page):
    """open_page(screen="laptop", link="") -> moons_run's training page at `link`; no errors."""
    watched = []

    def open_at(screen="laptop", link=""):
        page = new_page(screen)
        watched.append(page_errors(page))
        page.goto(moons_page + link)
        return page

    yield open_at
    assert [error for errors in watched for error in errors] == []


SCREEN = {(1280, 800): "laptop", (390, 844): "phone"}
"""conftest's screens by their size: the phone's has touch."""


def counter(page):
    return page.inner_text("#counter")


def test_keys_slider_buttons_and_play_move_between_snapshots(open_page, moons_run, stop_clock):
    _, history = moons_run
    last = history.snapshots[-1]["step"]
    page = open_page()
    assert counter(page) == f"step 0 of {last} (snapshot 1 of 61)"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert counter(page).startswith("step 2 of")
    page.keyboard.press("End")
    assert counter(page).startswith(f"step {last} of")
    page.keyboard.press("Home")
    page.fill("#slider", "30")
    assert counter(page).startswith("step 30 of")
    assert page.evaluate("location.hash") == "#step=30&sample=0"
    page.click("#prev")
    assert counter(page).startswith("step 29 of")
    stop_clock(page)  # the play timer on a clock the test moves on, not waited out
    page.click("#play")
    page.clock.run_for(700)  # nn/training_page.js plays a snapshot each 300 ms
    assert counter(page).startswith("step 31 of")
    page.click("#play")
    assert page.inner_text("#play") == "Play"


def test_deep_link_opens_at_the_step_and_sample_with_the_engines_numbers(open_page, moons_run):
    _, history = moons_run
    page = open_page(link="#step=45&sample=2")
    assert counter(page).startswith("step 45 of")
    assert page.input_value("#sample") == "2"
    units = history.snapshots[45]["units"][2]
    output = query(page, '.unit[data-layer="2"][data-unit="0"]', "g => g.textContent")
    y = units["h"][1][0]  # the engine's output for sample 2 at step 45, as the page rounds it
    assert f"y {format_number(y)}" in output  # the pages' one rule, in Python; y as y_k
    page.click('.unit[data-layer="2"][data-unit="0"]')
    delta = units["delta"][1][0]
    assert page.inner_text("#unit") == f"y[0], y {format_number(y)}, δ {format_number(delta)}"
    page.keyboard.press("s")
    assert page.input_value("#sample") == "3"
    assert page.evaluate("location.hash") == "#step=45&sample=3"


BOXES = """selectors => selectors.map(s => {
  const r = document.querySelector(s).getBoundingClientRect();
  return [r.left, r.top, r.right, r.bottom];
})"""


def inside(box, outer):
    left, top, right, bottom = box
    return outer[0] <= left < right <= outer[2] and outer[1] <= top < bottom <= outer[3]


def overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_layout_network_beside_or_above_the_plots_and_every_unit_in_view(
    open_page, tmp_path, width, height
):
    page = open_page(SCREEN[width, height], "#step=30&sample=1")
    page.screenshot(path=tmp_path / f"train-{width}x{height}.png")
    net, curve, header = page.evaluate(BOXES, ["#net", "#curve", "header"])
    screen = [0, 0, width, height]
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    assert inside(net, screen)
    assert inside(curve, screen) if width > 800 else curve[1] >= net[3] - 1  # phone: below
    assert not overlap(net, curve)
    assert header[3] <= net[1] + 1
    units = query_all(
        page,
        ".unit circle",
        "cs => cs.map(c => { const r = c.getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })",
    )
    assert len(units) == 2 + 3 + 1
    for box in units:
        assert inside(box, net)
    for i, a in enumerate(units):
        for b in units[i + 1 :]:
            assert not overlap(a, b)


def shown(text, x):
    """The page's text parses back to x within half a unit in its 4th significant digit."""
    last_digit = 10.0 ** (math.floor(math.log10(abs(x))) - 3) if x else 0.0
    return abs(float(text) - x) <= 0.5 * last_digit * (1 + 1e-12)


@pytest.mark.browser
def test_every_unit_shows_the_engines_h_and_delta_exponent_and_all(new_page, tmp_path):
    # Tiny deltas: the untrained XOR net's hidden units have |delta| down to about 1e-4.
    xs, ts = xor()
    net = TwoLayerNet(2, 4, 1, seed=0)
    history = History(xs, ts, "l2", 5.0, 2, keep=True)
    fit(net, xs, ts, 5.0, 2, on_step=lambda step, loss: history.record(step, loss, net))
    path = tmp_path / "xor.html"
    path.write_text(training_page(history, "TwoLayerNet"), encoding="utf-8")
    page = new_page()
    page.goto(path.as_uri())
    units = history.snapshots[0]["units"][0]
    smallest = min(abs(d) for layer in units["delta"] for d in layer)
    assert smallest < 1e-3  # exponent form is exercised
    for layer, (hs, deltas) in enumerate(zip(units["h"], units["delta"], strict=True)):
        for j, (h, delta) in enumerate(zip(hs, deltas, strict=True)):
            texts = query_all(
                page,
                f'.unit[data-layer="{layer + 1}"][data-unit="{j}"] text',
                "ts => ts.map(t => t.textContent)",
            )
            letter = "y" if layer == len(units["h"]) - 1 else "h"  # the derivation's y_k, h_j
            assert texts[0].startswith(f"{letter}[")
            assert texts[1].startswith(f"{letter} ")
            assert texts[2].startswith("δ ")
            assert shown(texts[1][2:], h), (texts, h)
            assert shown(texts[2][2:], delta), (texts, delta)


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_loss_axis_labels_are_readable_and_not_clipped(new_page, tmp_path, width, height):
    xs, ts = xor()
    history = recorded_run(TwoLayerNet(2, 2, 1, seed=0), xs, ts, 1.0, 3)
    history.losses = [-1.237e-10 * (k + 1) for k in range(len(history.losses))]  # widest label
    path = tmp_path / "labels.html"
    path.write_text(training_page(history, "TwoLayerNet"), encoding="utf-8")
    page = new_page(SCREEN[width, height])
    page.goto(path.as_uri())
    page.locator("#curve").scroll_into_view_if_needed()
    curve = page.evaluate(BOXES, ["#curve"])[0]
    labels = query_all(
        page,
        "#curve text",
        "ts => ts.map(t => { const r = t.getBoundingClientRect();"
        " return [t.textContent, [r.left, r.top, r.right, r.bottom]]; })",
    )
    assert "-1.237e-10" in [text for text, _ in labels]
    for text, box in labels:
        assert inside(box, curve), (text, box, curve)
    # On screen: the computed font size times the drawing's scale to the page's pixels.
    sizes = query_all(
        page,
        "#curve text",
        "ts => ts.map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)",
    )
    assert len(sizes) == 4
    assert min(sizes) >= 12, sizes


@pytest.mark.browser
def test_the_problem_shows_as_a_banner_from_the_step_it_started(new_page, tmp_path):
    xs, ts = xor()
    net = MLP(2, [4, 2], ["linear", "linear"], seed=0)
    history = History(xs, ts, "cross_entropy", 5.0, 30, keep=True)
    watch = Watch(net, xs, 5.0, every=1)

    def on_step(step, loss):
        history.record(step, loss, net)
        watch.step(step, loss, net)

    fit(net, xs, ts, 5.0, 30, "cross_entropy", on_step)
    history.problem = watch.problem(net, accuracy(net, xs, ts, "cross_entropy"))
    start = history.problem.step
    assert history.problem.kind == "diverging"
    path = tmp_path / "problem.html"
    path.write_text(training_page(history, "MLP"), encoding="utf-8")
    page = new_page("phone")
    page.goto(path.as_uri() + f"#step={start - 1}")
    assert not page.is_visible("#problem")
    page.keyboard.press("ArrowRight")
    assert page.is_visible("#problem")
    assert page.inner_text("#problem") == str(history.problem)
    banner, net_box = page.evaluate(BOXES, ["#problem", "#net"])
    assert inside(banner, [0, 0, 390, 844])
    assert banner[3] <= net_box[1] + 1


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


@pytest.mark.browser
@pytest.mark.parametrize("step", [3, 49])
def test_a_unit_shows_its_update_as_numpy_computes_it(open_page, moons_run, step):
    _, history = moons_run
    snapshot = history.snapshots[step]
    w, b1 = np.array(snapshot["layers"][0]["w"]), np.array(snapshot["layers"][0]["b"])
    u, b2 = np.array(snapshot["layers"][1]["w"]), np.array(snapshot["layers"][1]["b"])
    x, t = np.array(history.xs), np.array(history.ts)
    # Independent: the batch gradient by NumPy's delta equations, the sample's by hand.
    grads = reference.gradients({"w": w, "u": u, "b1": b1, "b2": b2}, x, t)
    n = history.samples[2]
    h = sigmoid(x[n] @ w + b1)
    y = sigmoid(h @ u + b2)
    delta_out = (y - t[n]) * y * (1 - y)
    delta_hidden = (u @ delta_out) * h * (1 - h)
    page = open_page(link=f"#step={step}&sample=2")
    for layer, j, inputs, delta, gw, gb, weights, bias in (
        (1, 1, x[n], delta_hidden, grads["w"], grads["b1"], w, b1),
        (2, 0, h, delta_out, grads["u"], grads["b2"], u, b2),
    ):
        page.click(f'.unit[data-layer="{layer}"][data-unit="{j}"]')
        rows = query_all(
            page, "#update tr", "trs => trs.map(tr => [...tr.cells].map(c => c.textContent))"
        )
        assert rows[0] == ["from", "w", "dLn/dw sample", "dL/dw batch", "w after"]
        expected = [(weights[i, j], inputs[i] * delta[j], gw[i, j]) for i in range(len(inputs))] + [
            (bias[j], delta[j], gb[j])
        ]
        assert len(rows) == 1 + len(expected)
        for cells, (value, sample_grad, batch_grad) in zip(rows[1:], expected, strict=True):
            assert shown(cells[1], value), cells
            assert shown(cells[2], sample_grad), cells
            assert shown(cells[3], batch_grad), cells
            assert shown(cells[4], value - history.lr * batch_grad), cells  # SGD's update
    page.check("#edge-grads")
    widths = query_all(page, ".edge", "es => es.map(e => Number(e.getAttribute('stroke-width')))")
    largest = np.argmax(np.abs(np.concatenate([grads["w"].ravel(), grads["u"].ravel()])))
    assert widths[largest] == pytest.approx(6.5)  # the widest edge: the largest |dL/dw|


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_decision_panel_shades_numpys_probability_in_the_first_screen(
    open_page, moons_run, width, height
):
    _, history = moons_run
    snapshot = history.snapshots[30]
    page = open_page(SCREEN[width, height], "#step=30&sample=1")
    boundary, net_box = page.evaluate(BOXES, ["#boundary", "#net"])
    assert inside(boundary, [0, 0, width, height])  # no scrolling at all
    if width < 800:
        assert boundary[1] >= net_box[3] - 1  # right under the network
    assert query(page, "#shading", "i => i.getAttribute('href')").startswith("data:image/png")
    # The shading's probability is the network's, as NumPy computes it from the weights.
    w, b1 = np.array(snapshot["layers"][0]["w"]), np.array(snapshot["layers"][0]["b"])
    u, b2 = np.array(snapshot["layers"][1]["w"]), np.array(snapshot["layers"][1]["b"])
    points = [[-1.0, 0.5], [0.3, -0.2], [2.0, 1.0]]
    # The page's modules, imported by the paths its import map names (the same instances).
    shown = page.evaluate(
        """async (points) => {
          const { probability } = await import("nn/boundary.js");
          const { snapshots } = await import("nn/run.js");
          return points.map((p) => probability(snapshots[30], p));
        }""",
        points,
    )
    expected = sigmoid(sigmoid(np.array(points) @ w + b1) @ u + b2)[:, 0]
    assert shown == pytest.approx(expected, rel=1e-12)
    size = page.evaluate("async () => (await import('nn/boundary.js')).SHADE")
    assert size >= 100


UNIT_TEXT_PX = """() => [...document.querySelectorAll(
    "#net text, #unit, #update th, #update td, #update p")].map((e) =>
    parseFloat(getComputedStyle(e).fontSize) * (e.getScreenCTM ? e.getScreenCTM().a : 1))"""


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_after_clicking_a_unit_the_decision_panel_stays_in_the_first_screen(
    new_page, tmp_path, width, height
):
    # A 2-8-8-1 MLP: clicking a unit of its second layer lists 8 weights and a bias, a table
    # that pushed the decision panel below the fold at 1280x800 (measured before: top at 749 px).
    xs, ts = two_moons(n=40, seed=2)
    net = MLP(2, [8, 8, 1], activation="tanh", seed=1)
    history = recorded_run(net, xs, ts, 0.5, 6)
    path = tmp_path / "train.html"
    path.write_text(training_page(history, "MLP 2-8-8-1"), encoding="utf-8")
    phone = width < 800
    page = new_page(SCREEN[width, height])
    page.goto(path.as_uri() + "#step=3&sample=1")
    page.click('.unit[data-layer="2"][data-unit="3"]')
    assert query_all(page, "#update tr", "trs => trs.length") == 10  # header, 8, bias
    boundary, net_box, update = page.evaluate(BOXES, ["#boundary", "#net", "#update"])
    if phone:
        assert boundary[1] >= net_box[3] - 1  # right under the network, as before
    else:
        assert inside(boundary, [0, 0, width, height])  # no scrolling at all
        assert update[1] < height  # the update table starts in the first screen too
    assert page.evaluate("document.querySelector('aside').scrollTop") == 0
    sizes = page.evaluate(UNIT_TEXT_PX)
    assert len(sizes) > 40
    assert min(sizes) >= 12  # the units' numbers, the unit line and the update table


@pytest.mark.browser
def test_edges_use_the_shared_sign_palette(open_page, moons_run):
    _, history = moons_run
    page = open_page(link="#step=10")
    palette = page.evaluate("async () => (await import('viz/palette.js')).PALETTE")
    weights = [w for layer in history.snapshots[10]["layers"] for row in layer["w"] for w in row]
    strokes = query_all(page, ".edge", "es => es.map(e => e.getAttribute('stroke'))")
    assert strokes == [
        palette["positive"][-1] if w >= 0 else palette["negative"][-1] for w in weights
    ]


@pytest.mark.browser
@pytest.mark.slow
def test_adams_w_after_on_a_spaced_snapshot_is_the_weight_one_step_later(new_page, tmp_path):
    xs, ts = xor()
    net = TwoLayerNet(2, 2, 1, seed=3)
    history = recorded_run(net, xs, ts, 0.05, 260, optimizer="adam")
    steps = [s["step"] for s in history.snapshots]
    k = next(k for k in range(51, len(steps)) if steps[k + 1] > steps[k] + 1)  # spaced
    # Independent: the same training stopped one step after that snapshot.
    again = TwoLayerNet(2, 2, 1, seed=3)
    fit(again, xs, ts, 0.05, steps[k] + 1, optimizer="adam")
    state = again.state_dict()
    path = tmp_path / "adam.html"
    path.write_text(training_page(history, "TwoLayerNet"), encoding="utf-8")
    page = new_page()
    page.goto(path.as_uri() + f"#step={steps[k]}")
    page.click('.unit[data-layer="1"][data-unit="1"]')
    rows = query_all(
        page, "#update tr", "trs => trs.map(tr => [...tr.cells].map(c => c.textContent))"
    )
    expected = [state["hidden.w"][0][1], state["hidden.w"][1][1], state["hidden.b1"][1]]
    assert [row[0] for row in rows[1:]] == ["x[0]", "x[1]", "bias"]
    for cells, value in zip(rows[1:], expected, strict=True):
        assert shown(cells[4], value), (cells, value)
    assert "after this step's update; Adam" in page.inner_text("#update p")


def parses_back(text, x):
    """The page's text parses back to x within half a unit in its last shown digit."""
    mantissa = text.lstrip("-").split("e")[0].replace(".", "").lstrip("0")
    last_digit = 10.0 ** (math.floor(math.log10(abs(x))) - max(len(mantissa), 1) + 1) if x else 0
    return abs(float(text) - x) <= 0.5 * last_digit * (1 + 1e-12)


LINES_PER_CELL = """() => [...document.querySelectorAll("#update th, #update td")].map((cell) => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
})"""


@pytest.mark.browser
@pytest.mark.slow
def test_w_after_is_written_with_the_digits_it_takes_to_differ_from_w(new_page, tmp_path):
    # Measured before: at step 45 of XOR at lr 0.01, w and w after read the same at 4 digits.
    xs, ts = xor()
    net = TwoLayerNet(2, 2, 1, seed=0)
    history = recorded_run(net, xs, ts, 0.01, 50)
    before, after = history.snapshots[45], history.snapshots[46]
    assert (before["step"], after["step"]) == (45, 46)
    path = tmp_path / "small.html"
    path.write_text(training_page(history, "TwoLayerNet"), encoding="utf-8")
    page = new_page("phone")
    page.goto(path.as_uri() + "#step=45")
    hidden = 0
    for layer, j in ((1, 0), (1, 1), (2, 0)):
        page.click(f'.unit[data-layer="{layer}"][data-unit="{j}"]')
        rows = query_all(
            page, "#update tr", "trs => trs.map(tr => [...tr.cells].map(c => c.textContent))"
        )
        old, new = before["layers"][layer - 1], after["layers"][layer - 1]
        weights = [(row[j], new["w"][i][j]) for i, row in enumerate(old["w"])]
        weights.append((old["b"][j], new["b"][j]))
        assert len(rows) == 1 + len(weights)
        for cells, (w, w_after) in zip(rows[1:], weights, strict=True):
            hidden += format_number(w) == format_number(w_after)  # the same at 4 digits
            assert (cells[1] != cells[4]) == (w != w_after), (cells, w, w_after)
            assert parses_back(cells[1], w), (cells, w)
            assert parses_back(cells[4], w_after), (cells, w_after)
        # Each number on one line ("-4.658e-" over "6" once read as two numbers on a phone),
        # and the page itself never scrolls sideways.
        assert page.evaluate(LINES_PER_CELL) == [1] * (5 * len(rows)), rows
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert hidden >= 1  # the case this is for: an update too small for 4 digits
