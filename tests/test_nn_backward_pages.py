"""From a unit on the training page to its backward pass: the step-through pages it links."""

import json
import re

import pytest
from recorded_runs import recorded_run

from autograd_mini import Value, grad
from autograd_mini.nn import MLP, l2_loss, two_moons
from autograd_mini.nn.backward_pages import (
    backward_pages,
    chosen_snapshots,
    model_at,
    sample_loss,
    unit_steps,
    write_pages,
)
from autograd_mini.nn.history import weighted_sum_of
from autograd_mini.nn.training_page import training_page
from autograd_mini.viz import to_html
from autograd_mini.viz.look import format_number

STEPS = 8


@pytest.fixture(scope="module")
def run():
    """A 2-3-2-1 tanh MLP (two hidden layers: h1, h2) on 12 moons, 8 steps, with snapshots."""
    xs, ts = two_moons(n=12, seed=3)
    net = MLP(2, [3, 2, 1], ["tanh", "tanh", "sigmoid"], seed=5)
    history = recorded_run(net, xs, ts, 2.0, STEPS)
    return net, history


@pytest.fixture(scope="module")
def held(run):
    """Each sample's page holding snapshots 1, 2, 5, 7 and 8, and the training page's links.

    Steps 2, 5 and 7 have a snapshot on each side; 3 has none (2 before it, 5 after).
    Building the 8 samples' pages takes ~0.45 s of CPU: the browser tests share them.
    """
    net, history = run
    pages = backward_pages(history, net, [1, 2, 5, 7, 8])
    backward = {"folder": "train_backward", "pages": [link for link, _ in pages]}
    return pages, backward


def steps_data(page):
    return json.loads(re.search(r'id="steps">(.*?)</script>', page, re.S).group(1))


def test_each_units_backward_step_is_the_chain_rule_through_its_weighted_sum(run):
    net, history = run
    root = sample_loss(net, history.xs[0], history.ts[0], "l2")
    steps = unit_steps(root)
    assert sorted(steps) == ["a1[0]", "a1[1]", "a1[2]", "a2[0]", "a2[1]", "a3[0]"]
    backward = steps_data(to_html(root))["backward"]  # viz.steps numbers them, not unit_steps
    for name, k in steps.items():
        assert backward[k]["title"].startswith(f"Chain rule through {name} = ")
        assert backward[k]["lines"][0].split(", ")[-1].startswith(f"{name}.grad = ")


def test_a_snapshots_model_recomputes_the_snapshots_numbers(run):
    net, history = run
    snapshot = history.snapshots[3]
    at = model_at(net, snapshot)
    assert at.parameters()[0] is not net.parameters()[0]  # the trained net is left alone
    index = history.samples[1]
    root = sample_loss(at, history.xs[index], history.ts[index], "l2")
    assert root.data == snapshot["units"][1]["loss"]


def test_every_snapshot_or_as_many_as_allowed_evenly_spread(run):
    _, history = run
    last = len(history.snapshots) - 1
    assert chosen_snapshots(history, None, 100) == list(range(last + 1))
    assert chosen_snapshots(history, None, 3) == [0, last // 2, last]
    assert chosen_snapshots(history, None, 0) == [0, last]  # never fewer than the ends
    assert chosen_snapshots(history, [2, 5, 1000], 0) == [2, 5, last]


def test_one_page_per_sample_holding_the_chosen_snapshots(run, tmp_path):
    net, history = run
    pages = backward_pages(history, net, [3, 5])
    write_pages(tmp_path / "b", pages)
    assert [(link["sample"], link["steps"]) for link, _ in pages] == [
        (k, [3, 5]) for k in range(len(history.samples))
    ]
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == sorted(
        f"sample{index}.html" for index in history.samples
    )
    index = history.samples[1]
    x, t = history.xs[index], history.ts[index]
    title = f"sample {index} (x = {x[0]:.4g}, {x[1]:.4g}; t = {t[0]:g}), its loss"
    assert (
        f"<title>autograd_mini: {title}</title>"
        in (tmp_path / "b" / f"sample{index}.html").read_text()
    )


# What the δ test reads after each click and each link, one round trip each: the unit panel's
# text (as inner_text gives it) and the link's address; the snapshot menu's value and the
# texts of the node named `name`.
SHOWN_AND_LINK = """() => [document.getElementById("unit").innerText,
  document.querySelector("#backward a").href]"""
SNAPSHOT_AND_NODE_TEXTS = """name => [document.getElementById("snapshot").value,
  [...document.querySelectorAll("g.node")]
    .map(g => [...g.querySelectorAll("text")].map(t => t.textContent))
    .find(texts => texts[0] === name)]"""


def engine_deltas(history, snapshot, position):
    """Each unit's dL/da at `snapshot`: a fresh MLP given the snapshot's weights by hand."""
    net = MLP(2, [3, 2, 1], ["tanh", "tanh", "sigmoid"], seed=0)
    for layer, saved in zip(net.layers, snapshot["layers"], strict=True):
        for j, neuron in enumerate(layer.neurons):
            neuron.b.data = saved["b"][j]
            for i, w in enumerate(neuron.w):
                w.data = saved["w"][i][j]
    index = history.samples[position]
    x = [Value(v) for v in history.xs[index]]
    outputs, sums = x, []
    for layer in net.layers:
        outputs = layer.forward(outputs)
        sums.append([weighted_sum_of(out) for out in outputs])
    loss = l2_loss(outputs, history.ts[index])
    flat = [a for layer in sums for a in layer]
    found = iter(g.data for g in grad(loss, flat))
    return [[(a.data, next(found)) for a in layer] for layer in sums]


@pytest.mark.browser
@pytest.mark.slow
def test_the_training_pages_delta_is_the_step_through_pages_gradient(
    run, held, new_page, page_errors, tmp_path
):
    _, history = run
    position = 2
    # The page holds the snapshots opened below and one each side: none is its first or last.
    pages, backward = held
    write_pages(tmp_path / "train_backward", pages[position : position + 1])  # the one opened
    (tmp_path / "train.html").write_text(
        training_page(history, "MLP", backward=backward), encoding="utf-8"
    )
    # The training page in one tab; each link it gives opened in another, as "open in a new
    # tab" does: a snapshot's page loads once, then each unit's link changes only its hash.
    # The training page loads once too, and follows each step's address as a followed link.
    page, linked = new_page(), new_page()
    errors = [page_errors(page), page_errors(linked)]
    for step in (2, 5, 7):  # neither the first snapshot nor the last
        page.goto((tmp_path / "train.html").as_uri() + f"#step={step}&sample={position}")
        page.wait_for_function(  # the address read: its hashchange comes after goto returns
            "text => document.getElementById('counter').textContent.startsWith(text)",
            arg=f"step {step} of",
        )
        linked.goto("about:blank")
        engine = engine_deltas(history, history.snapshots[step], position)
        for layer, units in enumerate(engine):
            for j, (a, delta) in enumerate(units):
                page.click(f'.unit[data-layer="{layer + 1}"][data-unit="{j}"]')
                # The unit's δ as shown, and its link "Open this sample's backward pass".
                shown, link = page.evaluate(SHOWN_AND_LINK)
                shown = shown.split("δ ")[-1]
                assert link.startswith((tmp_path / "train_backward").as_uri() + "/")
                assert f"#snapshot={step}&" in link
                linked.goto(link)
                name = history.sums[layer][j]  # a1[0]: the unit's weighted sum
                linked.wait_for_function(  # a link to the same page: shown once the hash is read
                    "title => document.getElementById('step-title').textContent.startsWith(title)",
                    arg=f"Chain rule through {name} = ",
                    timeout=10_000,
                )
                snapshot, texts = linked.evaluate(SNAPSHOT_AND_NODE_TEXTS, name)
                assert snapshot == str(step)
                assert texts[-1].startswith("grad ")
                # The same text: both pages write the engine's delta by the one rule, 4 digits.
                assert texts[-1][5:] == shown == format_number(delta), (name, texts)
                assert texts[-2][5:] == format_number(a)  # its data label, too
    assert errors == [[], []]


@pytest.mark.browser
@pytest.mark.slow
def test_a_snapshot_the_page_does_not_hold_names_the_nearest(run, held, new_page, tmp_path):
    _, history = run
    _, backward = held  # the pages are not written: no link is followed here
    (tmp_path / "train.html").write_text(
        training_page(history, "MLP", backward=backward), encoding="utf-8"
    )
    page = new_page()
    page.goto((tmp_path / "train.html").as_uri() + "#step=3&sample=1")
    assert page.inner_text("#backward").startswith("No backward-pass page at step 3")
    links = page.eval_on_selector_all("#backward a", "as => as.map(a => a.textContent)")
    assert links == ["step 2", "step 5"]
