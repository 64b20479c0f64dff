"""A drawing's DOT source built once per shape: a page of many snapshots fills in its texts.

viz/snapshots.py draws one graph at many training steps, where only the boxes' texts and fills
differ. Building each snapshot's DOT with graphviz (its quoting of every node's attributes)
took about 30% of train --html's time; a template per shape of drawing is built once, with a
marker where each text or fill goes, and each snapshot's source is the template filled in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence

from graphviz.quoting import quote

from autograd_mini import Value

LOOK, END = "\ue004", "\ue003"
"""A marker is LOOK + its index in the looks + END (private-use characters, as in snapshots)."""

_MARKED = re.compile(f'"{LOOK}(\\d+){END}"')  # graphviz quotes a marker: it is no DOT name


class Sketches:
    """DOT templates by key: a drawing's kind and everything of its shape but its looks."""

    def __init__(self) -> None:
        self.templates: dict[Hashable, str] = {}

    def source(self, key: Hashable, looks: Sequence[str], build: Callable[[list[str]], str]) -> str:
        """`build(looks)`, from the template of `key` (built once, by `build` on markers)."""
        template = self.templates.get(key)
        if template is None:
            template = build([f"{LOOK}{i}{END}" for i in range(len(looks))])
            self.templates[key] = template
        # Quoted as graphviz quotes the text itself: the source is build(looks)'s, byte for byte.
        return _MARKED.sub(lambda m: quote(looks[int(m[1])]), template)


def dot_source(
    key: Hashable,
    looks: Sequence[str],
    build: Callable[[list[str]], str],
    sketches: Sketches | None,
) -> str:
    """`build(looks)`: the DOT source of a drawing whose texts and fills are `looks`."""
    if sketches is None:
        return build(list(looks))
    return sketches.source(key, looks, build)


def graph_shape(order: list[Value]) -> tuple[tuple[bool, str, tuple[int, ...]], ...]:
    """What of `order` a drawing shows besides numbers: each node's kind, op and operands."""
    index = {value: i for i, value in enumerate(order)}
    return tuple(
        (value.is_constant, value.op, tuple(index[parent] for parent in value.parents))
        for value in order
    )
