"""The documentation a newcomer navigates: links that resolve, install lines that work from a
clone, an index of every page, and README's picture drawn by the project from its own example."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def links(page):
    """Relative link targets in a Markdown page (images included), without their #anchors."""
    targets = re.findall(r"\]\(([^)\s]+)\)", page.read_text())
    return [t.split("#")[0] for t in targets if not re.match(r"[a-z]+:", t) and t[:1] != "#"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_resolves(page):
    missing = [t for t in links(page) if not (page.parent / t).exists()]
    assert not missing


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_install_lines_work_from_a_clone(page):
    # autograd-mini is not on PyPI: `pip install autograd-mini` installs nothing of ours.
    assert not re.search(r"pip install (-\S+ )*['\"]?autograd[-_]mini", page.read_text())


def test_index_lists_every_page():
    listed = set(links(ROOT / "docs" / "index.md"))
    pages = {p.name for p in (ROOT / "docs").iterdir() if p.suffix in (".md", ".ipynb")}
    assert pages - {"index.md"} <= listed


ENGINE = ROOT / "autograd_mini"


def engine_modules():
    """Every module of the engine, named as docs/layout.md names it: `testing/grads.py`."""
    modules = [ENGINE.glob(f"{folder}*.py") for folder in ("", "_generated/", "testing/")]
    return [p.relative_to(ENGINE).as_posix() for folder in modules for p in sorted(folder)]


def first_docstring_line(path):
    return ast.get_docstring(ast.parse(path.read_text())).splitlines()[0]


def test_layout_lists_every_engine_module_with_its_docstring():
    layout = (ROOT / "docs" / "layout.md").read_text().split("## `nn/`")[0]  # the engine's part
    rows = dict(re.findall(r"^\| `([\w/.]+\.py)` \| (.+) \|$", layout, flags=re.M))
    missing = [m for m in engine_modules() if m not in rows]
    assert not missing, f"docs/layout.md has no row for {missing}"
    for module in engine_modules():
        assert rows[module] == first_docstring_line(ENGINE / module), module


def test_readme_gives_the_size_of_the_engines_heart_as_it_is():
    stated = re.search(r"is about (\d+) lines", (ROOT / "README.md").read_text())
    heart = ("value.py", "ops.py", "graph.py", "sweep.py")
    lines = sum(len((ENGINE / name).read_text().splitlines()) for name in heart)
    assert abs(int(stated[1]) - lines) <= 0.1 * lines, lines


def test_readme_sections_come_in_a_newcomers_order():
    headings = re.findall(r"^## (.+)$", (ROOT / "README.md").read_text(), flags=re.M)
    order = ["Install", "The 30-second example", "What you can do"]
    assert headings[:3] == order
    assert headings[-1] == "Where to go next"
    assert headings.index("Coming from micrograd, PyTorch or JAX") > headings.index(order[-1])


def svg_texts(svg):
    """The words of an SVG drawing, in order: what it says, whatever the layout's coordinates."""
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text[^>]*>.*?</text>", svg, re.S)]


def test_readme_picture_is_the_30_second_example_drawn_now(cli, tmp_path):
    """docs/img/neuron.svg says what `autograd-mini graph` draws today for README's example.

    Regenerate it with the command README names under the example.
    """
    readme = (ROOT / "README.md").read_text()
    drawn_by = r'`autograd-mini (graph "tanh\(x\*w \+ b\)"[^`]*) -o docs/img/neuron.svg`'
    command = re.search(drawn_by, readme)
    assert command, "README names the command that draws its picture"
    args = [a.strip('"') for a in re.findall(r'"[^"]*"|\S+', command.group(1))]
    result = cli(*args, "-o", "neuron.svg")
    assert result.returncode == 0, result.stderr
    committed = svg_texts((ROOT / "docs" / "img" / "neuron.svg").read_text())
    assert committed == svg_texts((tmp_path / "neuron.svg").read_text())
    # ... and it is the example's numbers, computed by hand: tanh(0.5 * -1 + 0.2) = -0.2913,
    # d/dx = w (1 - tanh^2) = -0.9151, d/dw = x (1 - tanh^2) = 0.4576
    assert {"data &#45;0.2913", "grad &#45;0.9151", "grad 0.4576"} <= set(committed)
