"""PNG pictures of drawings, rendered from their SVG in-process by resvg (no `dot` needed)."""

from __future__ import annotations

import math

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """PNG bytes of `svg` at `scale` times the size a browser shows it (2 suits slides)."""
    if isinstance(scale, bool) or not isinstance(scale, int | float):
        raise TypeError(f"png: scale must be a number, got {type(scale).__name__}")
    if not (math.isfinite(scale) and 0 < scale <= 16):
        raise ValueError(f"png: scale must be > 0 and <= 16, got {scale!r}")
    try:
        import resvg_py
    except ImportError:
        raise RuntimeError("png: needs resvg-py (pip install resvg-py)") from None
    # Graphviz sizes SVGs in points: at 96 dpi a point is 4/3 pixel, as browsers draw it (and
    # resvg refuses points without a dpi). White behind, as a browser shows the SVG.
    png = resvg_py.svg_to_bytes(svg_string=svg, zoom=float(scale), dpi=96.0, background="#ffffff")
    return bytes(png)
