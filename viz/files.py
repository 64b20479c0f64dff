"""`to_svg`, `to_png` and `save`: a graph as SVG or PNG text, or a .svg/.png/.dot/.html file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import graphviz

from autograd_mini import Value
from autograd_mini.files import check_output_path, write_atomically
from autograd_mini.viz.dot import draw
from autograd_mini.viz.html import to_html
from autograd_mini.viz.png import svg_to_png
from autograd_mini.viz.render import render_svg, renderer

FORMATS = (".svg", ".png", ".dot", ".html")


def to_svg(graph: Value | graphviz.Digraph, *, using: str | None = None) -> str:
    """SVG text of `draw(graph)` (or of a Digraph), laid out by `using` (default: `renderer()`)."""
    source = draw(graph).source if isinstance(graph, Value) else graph.source
    return render_svg(source, using)


def to_png(
    graph: Value | graphviz.Digraph, *, scale: float | None = None, using: str | None = None
) -> bytes:
    """PNG of `to_svg(graph)` at `scale` times the SVG's size, rendered by resvg in-process.

    The default scale is 2, or smaller for a drawing that would not fit `png.MAX_PNG_BYTES`.
    """
    return svg_to_png(to_svg(graph, using=using), scale)


def save(root: Value, path: str | Path, *, scale: float | None = None, **draw_options: Any) -> str:
    """Write `root`'s graph to `path` in the format its suffix names; return who laid it out.

    ".svg" and ".png" return the renderer that ran ("dot" or "wasm"; a PNG is that SVG drawn
    at `scale` times its size by resvg, by default 2 or less to fit `png.MAX_PNG_BYTES`);
    ".dot" writes DOT source and returns "none" (no layout happens); ".html" writes the
    step-through page, laid out by `renderer()`. `draw_options` go to `draw` (for .html:
    digits, rankdir, colours, groups, max_nodes and summary only). Missing folders on the way
    to `path` are created.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"save: cannot tell the format of {str(path)!r}; use {', '.join(FORMATS)}")
    check_output_path(path)  # before the layout, which can take seconds
    if suffix == ".dot":
        text, used = draw(root, **draw_options).source, "none"
    elif suffix == ".html":
        used = renderer()
        text = to_html(root, **draw_options)
    else:
        used = renderer()
        text = render_svg(draw(root, **draw_options).source, used)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Replaced whole or not at all: a failed write keeps the previous file.
    write_atomically(path, svg_to_png(text, scale) if suffix == ".png" else text)
    return used
