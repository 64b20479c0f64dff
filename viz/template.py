"""`fill_page`: a page's template filled in, the pages' shared styles and scripts inlined.

The step-through page and the training page share their styles (page.css) and scripts (the
number formatter, ...): both are made by this one function, so they cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib.resources import files
from importlib.resources.abc import Traversable

SHARED = files("autograd_mini.viz")
SHARED_SCRIPTS = ("format.js", "stepper.js", "keys.js")
"""Scripts every page runs first, in this order (each file names what it defines)."""


def fill_page(template: Traversable, fields: dict[str, str], scripts: Sequence[Traversable]) -> str:
    """`template` with {{style}} the shared styles, {{script}} the shared scripts then `scripts`.

    Each other {{name}} becomes its entry in `fields`, inserted as given (escape it first).
    """
    texts = [SHARED.joinpath(name) for name in SHARED_SCRIPTS] + list(scripts)
    fields = fields | {
        "style": SHARED.joinpath("page.css").read_text(encoding="utf-8"),
        "script": "\n".join(text.read_text(encoding="utf-8") for text in texts),
    }
    page = template.read_text(encoding="utf-8")
    return re.sub(r"\{\{(\w+)\}\}", lambda match: fields[match.group(1)], page)
