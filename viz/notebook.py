"""`step_through`: the step-through page as a notebook output, inside an iframe of its own."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from autograd_mini import Value
from autograd_mini.files import check_output_path, write_atomically
from autograd_mini.viz.html import to_html


class StepThrough:
    """A step-through page that a notebook shows in an `<iframe srcdoc>`: nothing leaks out.

    None of the page's CSS or script reaches the notebook. `.html` is the page's text and
    `.save(path)` writes it to a file. The output also holds the page's drawing as a static SVG
    (`.svg`), which a viewer that runs no script (an export, a static renderer) can show.
    """

    def __init__(self, page: str, height: int = 640) -> None:
        self.html = page
        self.height = height

    def save(self, path: str | Path) -> Path:
        """Write the page to `path` (an .html file to open in a browser); return the path."""
        path = Path(path)
        check_output_path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, self.html)  # a failed write keeps the previous file
        return path

    @property
    def svg(self) -> str:
        """The page's drawing as it opens (every value and gradient), without the page's script."""
        graph = self.html.index('<div id="graph">')
        start = self.html.index("<svg", graph)
        return self.html[start : self.html.index("</svg>", start) + len("</svg>")]

    def _repr_svg_(self) -> str:
        return self.svg

    def _repr_html_(self) -> str:
        # The page in its own document; scripts run, but in an opaque origin (no allow-same-origin).
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" title="step-through page" '
            f'sandbox="allow-scripts" style="width: 100%; height: {self.height}px; '
            f'border: 1px solid #ccc"></iframe>'
        )


def step_through(root: Value, *, height: int = 640, **options: Any) -> StepThrough:
    """`to_html(root, **options)` for a notebook: displayed, it is the interactive page."""
    if isinstance(height, bool) or not isinstance(height, int) or height < 100:
        raise ValueError(
            f"step_through: height must be a whole number of pixels >= 100, got {height!r}"
        )
    return StepThrough(to_html(root, **options), height)
