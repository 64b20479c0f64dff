"""PNG pictures of drawings, rendered from their SVG in-process by resvg (no `dot` needed)."""

from __future__ import annotations

import math
import re

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_PNG_BYTES = 100_000_000
"""The most memory a PNG's pixels may take while rendering (width x height x 4 bytes), about
5,000 x 5,000 pixels. resvg allocates all of it at once, and past what the machine has it
aborts the process (a notebook's kernel dies): a 1,949-node graph at scale 2 asked for 42 GB."""
DEFAULT_SCALE = 2.0
"""Twice the size a browser shows the SVG (suits slides), or smaller to fit `MAX_PNG_BYTES`."""

# CSS pixels per unit; a number with no unit is in pixels.
UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
SVG_TAG = re.compile(r"<svg\b[^>]*>")
LENGTH = r'\s*=\s*["\']\s*([0-9.eE+-]+)\s*(px|pt|pc|in|cm|mm)?\s*["\']'


def svg_size(svg: str) -> tuple[float, float]:
    """The SVG's width and height in CSS pixels (96 dpi), read from its <svg> tag.

    A width or height left out is the viewBox's, as resvg takes it.
    """
    tag = SVG_TAG.search(svg)
    text = tag.group(0) if tag else ""
    box = re.search(r'\sviewBox\s*=\s*["\']([^"\']*)["\']', text)
    box_size = box.group(1).replace(",", " ").split()[2:4] if box else []
    sizes = []
    try:
        for k, name in enumerate(("width", "height")):
            found = re.search(rf"\s{name}{LENGTH}", text)
            if found:
                sizes.append(float(found.group(1)) * UNITS[found.group(2) or ""])
            elif len(box_size) == 2:
                sizes.append(float(box_size[k]))
    except ValueError:
        sizes = []
    if len(sizes) != 2 or not all(0 < size < math.inf for size in sizes):
        raise ValueError("png: cannot tell the SVG's size from its <svg> width and height")
    return sizes[0], sizes[1]


def png_bytes_needed(svg: str, scale: float) -> int:
    """Width x height x 4: the bytes resvg allocates for `svg`'s pixels at `scale` (rounded up)."""
    width, height = svg_size(svg)
    # resvg rounds the size to whole pixels, then zooms and rounds again: one more pixel covers it.
    return math.ceil((round(width) * scale) + 1) * math.ceil((round(height) * scale) + 1) * 4


def fitting_scale(svg: str) -> float:
    """`DEFAULT_SCALE`, or the largest scale at which `svg` fits `MAX_PNG_BYTES`."""
    scale = DEFAULT_SCALE
    while png_bytes_needed(svg, scale) > MAX_PNG_BYTES:
        # Bytes grow as scale squared; 1% below the square root's answer absorbs the rounding.
        scale *= 0.99 * math.sqrt(MAX_PNG_BYTES / png_bytes_needed(svg, scale))
    return scale


def svg_to_png(svg: str, scale: float | None = None) -> bytes:
    """PNG bytes of `svg` at `scale` times the size a browser shows it (default: see below).

    The default scale is `DEFAULT_SCALE`, made smaller for a drawing that would not fit
    `MAX_PNG_BYTES`; an explicit scale past the budget is refused before any rendering.
    """
    if scale is not None:
        if isinstance(scale, bool) or not isinstance(scale, int | float):
            raise TypeError(f"png: scale must be a number, got {type(scale).__name__}")
        if not (math.isfinite(scale) and 0 < scale <= 16):
            raise ValueError(f"png: scale must be > 0 and <= 16, got {scale!r}")
    zoom = fitting_scale(svg) if scale is None else float(scale)
    needed = png_bytes_needed(svg, zoom)
    if needed > MAX_PNG_BYTES:
        width, height = svg_size(svg)
        raise ValueError(
            f"png: {width * zoom:.0f} x {height * zoom:.0f} pixels (scale {zoom:g}) need "
            f"{needed:,} bytes, more than the {MAX_PNG_BYTES:,} allowed (MAX_PNG_BYTES); use a "
            "smaller scale, leave it out to fit, or save an .svg"
        )
    try:
        import resvg_py
    except ImportError:
        raise RuntimeError(
            "png: needs resvg-py, which the 'png' extra installs: pip install '.[png]'"
        ) from None
    # Graphviz sizes SVGs in points: at 96 dpi a point is 4/3 pixel, as browsers draw it (and
    # resvg refuses points without a dpi). White behind, as a browser shows the SVG.
    png = resvg_py.svg_to_bytes(svg_string=svg, zoom=zoom, dpi=96.0, background="#ffffff")
    return bytes(png)
