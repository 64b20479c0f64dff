"""One step-through page for many snapshots of a graph: each shows what to_html shows there."""

import html
import json
import random
import re

import pytest

from autograd_mini.nn import MLP
from autograd_mini.nn.backward_pages import sample_loss
from autograd_mini.viz.html import page_parts, to_html
from autograd_mini.viz.sketches import Sketches
from autograd_mini.viz.snapshots import Columns, SnapshotPage, merge, merge_texts

STEPS = [0, 1, 2, 7, 30]


def snapshots(activation, seed):
    """A 2-3-1 MLP's loss on one sample, its weights moved a little before each snapshot."""
    net = MLP(2, [3, 1], [activation, "sigmoid"], seed=seed)
    rng = random.Random(seed)
    roots = []
    for _ in STEPS:
        roots.append(sample_loss(net, [0.4, -0.7], [1.0], "l2"))
        for p in net.parameters():
            p.data += rng.gauss(0, 0.4)
    return roots


def test_texts_differing_in_numbers_share_their_words_and_hold_a_slot_per_number():
    columns = Columns()
    merged = merge_texts(["x.grad = 0.5 × 2", "x.grad = (-1.5) × 2"], columns)
    assert merged == "x.grad = \ue0000\ue003 × 2"  # the sign and its parentheses are the number's
    assert columns.rows(2) == [["0.5"], ["(-1.5)"]]
    # A call's parentheses are its own: only the number differs.
    assert merge_texts(["tanh(-0.5) = -0.4621", "tanh(2) = 0.964"], columns) == (
        "tanh(\ue0001\ue003) = \ue0002\ue003"
    )


def test_texts_differing_in_words_are_one_slot_each_and_equal_columns_are_stored_once():
    columns = Columns()
    texts = ["∂h/∂a = 1, as a = 0.3 > 0", "∂h/∂a = 0, as a = -0.2 ≤ 0"]  # relu's two branches
    answers = [1.0, 2.0]
    versions = [[text, {"answer": a}, text] for text, a in zip(texts, answers, strict=True)]
    assert merge(versions, columns) == [
        "\ue0000\ue003",
        {"answer": "\ue0011\ue003"},  # a number: its JSON text per snapshot
        "\ue0000\ue003",
    ]
    assert columns.rows(2) == [[texts[0], "1.0"], [texts[1], "2.0"]]


def filled(data, row):
    """`data` as the page fills it in for a snapshot: each text slot its text from `row`."""
    text = json.dumps(data)
    text = re.sub(r"\\ue000(\d+)\\ue003", lambda m: json.dumps(row[int(m[1])])[1:-1], text)
    return json.loads(text)


@pytest.mark.parametrize("targets", [(1.0, 1.0), (1.0, 2.0)], ids=["same", "other"])
def test_each_snapshots_code_lines_are_its_own_also_when_its_constants_differ(targets):
    roots = [sample_loss(MLP(2, [2, 1], seed=3), [0.4, -0.7], [t], "l2") for t in targets]
    page = SnapshotPage(roots, [0, 1])
    assert page.steps == [0, 1]
    rows = page.columns.rows(2)
    for k, root in enumerate(roots):
        _, own = page_parts(root, render=lambda source: "<svg>", legend=False)
        shown = filled({key: page.data[key] for key in ("forward", "backward", "naive")}, rows[k])
        for mode in ("forward", "backward", "naive"):
            assert [step.get("code") for step in shown[mode]] == [
                step.get("code") for step in own[mode]
            ]


def recorded_sources(root, sketches=None):
    """The DOT source of each drawing of root's page (page_parts'), in the order it draws them."""
    sources = []

    def record(source):
        sources.append(source)
        return "<svg>"

    page_parts(root, render=record, legend=False, sketches=sketches)
    return sources


def test_each_snapshots_drawings_are_its_own_filled_into_one_template_per_shape():
    roots = snapshots("relu", seed=4)
    other = sample_loss(MLP(2, [2, 1], seed=3), [0.4, -0.7], [1.0], "l2")  # another shape
    sketches = Sketches()
    for root in [*roots, other]:
        # Byte for byte the drawings' own DOT, built without templates.
        assert recorded_sources(root, sketches) == recorded_sources(root)
    # One template per drawing of each shape: the op view, the neuron view, each unit's insides.
    assert len(sketches.templates) == len(recorded_sources(roots[0])) + len(recorded_sources(other))


def page_state(page):
    """What the page shows: the title, the lines, each node's texts and fill."""
    return page.evaluate(
        """() => ({
          title: document.getElementById("step-title").textContent,
          lines: document.getElementById("lines").textContent,
          legend: document.getElementById("colours").textContent,
          nodes: [...document.querySelectorAll("#graph g.node")].map(g => [g.id,
            [...g.querySelectorAll("text")].map(t => t.textContent),
            g.querySelector("polygon, ellipse")?.getAttribute("fill")]),
        })"""
    )


FOLLOW = """hash => new Promise((read) => {
  addEventListener("hashchange", () => read(), { once: true });  // after the page's own listener
  location.hash = hash;
})"""


def follow(page, hash):
    """`page` at `hash`, as a followed link takes it there: the page reads its new address."""
    page.evaluate(FOLLOW, hash)
    return page


def without_insides(data):
    return {key: value for key, value in data.items() if key not in ("insides", "snapshot")}


def inside_texts(svg):
    """Each text of an SVG as shown (Graphviz writes "-" as &#45;)."""
    return [html.unescape(text) for text in re.findall(r"<text[^>]*>(.*?)</text>", svg)]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_each_snapshot_shows_exactly_what_its_own_page_shows(
    new_page, page_errors, tmp_path, activation
):
    roots = snapshots(activation, seed=4)
    snapshot_page = SnapshotPage(roots, STEPS)
    assert snapshot_page.steps == STEPS
    text = snapshot_page.html()
    (tmp_path / "all.html").write_text(text, encoding="utf-8")
    page = new_page()
    errors = page_errors(page)
    places = ("step=4&mode=backward", "step=3&mode=forward", "view=units&step=2&mode=backward")
    for k in (1, 3):  # neither the first nor the last
        own = to_html(roots[k])
        (tmp_path / f"own{k}.html").write_text(own, encoding="utf-8")
        _, data = page_parts(roots[k], render=lambda source: "<svg>", legend=False)
        # Each page loads at the first place, then follows a link to each other place.
        page.goto((tmp_path / f"own{k}.html").as_uri() + f"#{places[0]}")
        expected = [page_state(page)] + [page_state(follow(page, f"#{p}")) for p in places[1:]]
        at = f"#snapshot={STEPS[k]}&"
        page.goto((tmp_path / "all.html").as_uri() + at + places[0])
        for place, state in zip(places, expected, strict=True):
            if place != places[0]:
                follow(page, at + place)
            assert page_state(page) == state, place
        # The page's data module, as the page's own modules import it (the same instance).
        shown = json.loads(page.evaluate('import("viz/data.js").then(m => JSON.stringify(m.data))'))
        assert shown["snapshot"] == STEPS[k]
        assert without_insides(shown) == without_insides(json.loads(json.dumps(data)))
        own_insides = json.loads(re.search(r'id="steps">(.*?)</script>', own, re.S).group(1))
        for g, svg in own_insides.get("insides", {}).items():
            assert inside_texts(shown["insides"][g]) == inside_texts(svg)
    assert errors == []


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory):
    """A sample's page titled as train --html titles its first XOR sample's; its address."""
    title = "autograd_mini: sample 0 (x = 0, 0; t = 0), its loss"
    path = tmp_path_factory.mktemp("sample") / "all.html"
    path.write_text(SnapshotPage(snapshots("tanh", 3), STEPS, title=title).html())
    return path.as_uri()


@pytest.mark.browser
@pytest.mark.slow
def test_the_menu_opens_another_snapshot_at_the_same_step(new_page, sample_page):
    page = new_page()
    page.goto(sample_page + "#snapshot=2&step=3&mode=backward")
    assert page.input_value("#snapshot") == "2"
    # The address changes, then the page loads again: wait for that load (the navigation
    # event comes first with the address, and a loaded machine read the counter mid-reload).
    with page.expect_event("load"):
        page.select_option("#snapshot", "30")
    assert "snapshot=30&step=3&mode=backward" in page.url
    assert page.input_value("#snapshot") == "30"
    assert page.inner_text("#counter").startswith("backward step 3 ")
    page.goto("about:blank")
    page.goto(sample_page + "#snapshot=5&step=1&mode=backward")
    assert "(none at 5 on this page)" in page.inner_text("#snapshot-choice")
    assert page.input_value("#snapshot") == "2"  # the last snapshot before it


OVERLAPS = """() => {
  const box = (e) => e.getBoundingClientRect();
  const menu = box(document.getElementById("snapshot-choice"));
  const others = [...document.querySelectorAll("header > *")]
    .filter((e) => e.id !== "snapshot-choice" && e.offsetParent !== null)
    .map((e) => [e.id || e.tagName, box(e)]);
  const hits = others.filter(([, b]) => b.left < menu.right - 1 && menu.left < b.right - 1
    && b.top < menu.bottom - 1 && menu.top < b.bottom - 1).map(([name]) => name);
  const font = parseFloat(getComputedStyle(document.getElementById("snapshot")).fontSize);
  const header = box(document.querySelector("header"));
  return { hits, font, inside: menu.left >= 0 && menu.right <= innerWidth
    && menu.top >= header.top && menu.bottom <= header.bottom };
}"""


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("screen", ["laptop", "phone"])
def test_the_menu_sits_in_the_header_readable_and_over_nothing(new_page, sample_page, screen):
    page = new_page(screen)
    page.goto(sample_page + "#snapshot=7&step=2&mode=backward")
    found = page.evaluate(OVERLAPS)
    assert found["hits"] == []
    assert found["inside"]
    assert found["font"] >= 12


HEADER = """() => {
  const box = (e) => e.getBoundingClientRect();
  const shown = (e) => e.offsetParent !== null && e.getClientRects().length > 0;
  const controls = [...document.querySelectorAll("header button, header input, header select")]
    .filter(shown).map((e) => [e.id || e.value || e.tagName, box(e)]);
  const overlaps = [];
  controls.forEach(([a, p], i) => controls.slice(i + 1).forEach(([b, q]) => {
    if (Math.min(p.right, q.right) - Math.max(p.left, q.left) > 1
        && Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 1) overlaps.push([a, b]);
  }));
  const texts = [...document.querySelectorAll("header *")].filter((e) => shown(e)
    && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()));
  return { height: box(document.querySelector("header")).height,
           graphTop: box(document.getElementById("graph")).top,
           smallest: Math.min(...texts.map((e) => parseFloat(getComputedStyle(e).fontSize))),
           overlaps, outside: controls.filter(([, b]) => b.left < 0 || b.right > innerWidth)
             .map(([name]) => name) };
}"""


@pytest.mark.slow
@pytest.mark.parametrize(("screen", "most"), [("laptop", 90), ("phone", 140)])
def test_a_sample_pages_header_leaves_the_first_screen_to_the_graph(
    new_page, sample_page, screen, most
):
    page = new_page(screen)  # the page with its neuron view and menu
    page.goto(sample_page + "#snapshot=7&step=2&mode=backward")
    found = page.evaluate(HEADER)
    # Measured before at 390x844: 191 px, in 7 rows (the title 2, the passes 2, the menu and
    # views, the buttons, the slider); 80 px at 1280x800.
    assert found["height"] <= most
    assert found["graphTop"] <= found["height"] + 1  # the drawing right under it
    assert found["smallest"] >= 12
    assert found["overlaps"] == []
    assert found["outside"] == []
