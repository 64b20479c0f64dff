"""One layout: `save` (SVG), `draw` in a notebook and the step-through page draw a graph alike."""

import re

import pytest

from autograd_mini import Value
from autograd_mini.viz import available_renderers, draw, save, to_html

pytestmark = pytest.mark.skipif(not available_renderers(), reason="no SVG renderer")


def demo_graph():
    """The exercise's E as `autograd-mini demo` draws it, and its layers as groups."""
    from autograd_mini.nn import EXERCISE
    from autograd_mini.nn.demo_command import exercise_nodes
    from autograd_mini.nn.module import parameter_groups

    net = EXERCISE.network()
    _, _, loss = exercise_nodes(net, [Value(x_i, f"x[{i}]") for i, x_i in enumerate(EXERCISE.x)])
    loss.backward()
    return loss, parameter_groups(net)


NODE = re.compile(r'<g id="(v\d+(?:_op)?)" class="node">(.*?)</g>', re.S)
TEXT = re.compile(r'<text[^>]* x="(-?[\d.]+)" y="(-?[\d.]+)"[^>]*>(.*?)</text>', re.S)


def nodes(svg):
    """{node id: (its texts, (x, y) of its first text)} of a drawing's Values and ops."""
    found = {}
    for node_id, body in NODE.findall(svg):
        texts = TEXT.findall(body)
        found[node_id] = ([t[2] for t in texts], (float(texts[0][0]), float(texts[0][1])))
    return found


def clusters(svg):
    """The labels of a drawing's groups (the legend's box aside)."""
    found = re.findall(
        r'<g id="clust\d+" class="cluster">\s*<title>(\w+)</title>.*?<text[^>]*>(.*?)</text>',
        svg,
        re.S,
    )
    return [label for name, label in found if name != "cluster_legend"]


@pytest.mark.parametrize("grouped", [True, False], ids=["groups", "no groups"])
def test_the_saved_svg_and_the_page_lay_out_and_name_the_graph_alike(tmp_path, grouped):
    loss, groups = demo_graph()
    groups = groups if grouped else None
    save(loss, tmp_path / "exercise.svg", groups=groups)
    saved = (tmp_path / "exercise.svg").read_text(encoding="utf-8")
    page = to_html(loss, groups=groups)
    saved_nodes, page_nodes = nodes(saved), nodes(page)
    assert len(saved_nodes) == 47  # 30 Values (4 constants) and 17 ops
    # The same nodes, with the same names, data and grads, ...
    assert {n: texts for n, (texts, _) in saved_nodes.items()} == {
        n: texts for n, (texts, _) in page_nodes.items()
    }
    assert clusters(saved) == clusters(page) == (["hidden", "output"] if grouped else [])
    # ... in the same places (the same DOT, legend included, laid out once each), ...
    assert {n: xy for n, (_, xy) in saved_nodes.items()} == {
        n: xy for n, (_, xy) in page_nodes.items()
    }
    # ... where the page leaves out the drawing's legend: it lists the colours beside the graph.
    assert 'id="legend0"' in saved
    assert 'id="legend0"' not in page
    assert "cluster_legend" not in page


def test_draw_in_a_notebook_is_the_drawing_save_writes(tmp_path):
    loss, groups = demo_graph()
    save(loss, tmp_path / "exercise.dot", groups=groups)
    assert draw(loss, groups=groups).source == (tmp_path / "exercise.dot").read_text()
