"""One step-through page for many snapshots of one graph: the same ops, other numbers.

The loss graph of a network's sample has the same nodes at every snapshot of its training; only
the numbers differ (and the branch a relu takes). So the page is laid out once, and where its
texts differ between snapshots they hold a slot (U+E000, a column number, U+E003), that
viz/snapshots.js fills from the chosen snapshot's row before the page's own script runs. Every
text is `to_html`'s own at that snapshot: the slots are found by comparing the pages, not by
writing any line twice.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from autograd_mini import Value, topological_order
from autograd_mini.viz.code import add_code
from autograd_mini.viz.html import page_parts, page_svg, page_text
from autograd_mini.viz.look import MAX_NODES, check_size
from autograd_mini.viz.render import render_svg
from autograd_mini.viz.sketches import Sketches

SLOT, JSON_SLOT, DRAWING, END = "\ue000", "\ue001", "\ue002", "\ue003"
"""A slot is SLOT (text) or JSON_SLOT (a JSON value) + its column + END; DRAWING marks a drawing
not laid out yet. Private-use characters: no label or number holds them."""

TOKEN = re.compile(r"((?<!\w)\(-\d[\d.]*(?:e[+-]?\d+)?\)|-?\d[\d.]*(?:e[+-]?\d+)?|#[0-9a-f]{6})")
"""What may differ between snapshots inside a text: a number (a negative one in parentheses
with them, as formulas write it, but not a call's: tanh(-0.5) is tanh(0.5) with another
number) or a colour. Digits in names are tokens too, and stay as written: they never differ."""

_TEXT = re.compile(r"(<text[^>]*>)(.*?)(</text>)", re.DOTALL)
_FILL = re.compile(r'fill="([^"]*)"')
_DRAWN = re.compile(f"<svg>{DRAWING}(\\d+){END}")


class Columns:
    """Each slot's texts, one per snapshot; slots with the same texts share one column."""

    def __init__(self) -> None:
        self.columns: dict[tuple[str, ...], int] = {}

    def slot(self, texts: Sequence[str], mark: str = SLOT) -> str:
        """The slot of a column holding `texts` (JSON_SLOT: JSON texts of the values)."""
        column = self.columns.setdefault(tuple(texts), len(self.columns))
        return f"{mark}{column}{END}"

    def rows(self, count: int) -> list[list[str]]:
        """Per snapshot, its text of each column."""
        return [[texts[k] for texts in self.columns] for k in range(count)]


def merge_texts(texts: Sequence[str], columns: Columns) -> str:
    """One text for `texts` (one per snapshot): a slot where a number or colour differs.

    If the words around the numbers differ (a relu's other branch), the whole text is a slot.
    """
    first = texts[0]
    if all(text == first for text in texts):
        return first
    splits = [TOKEN.split(text) for text in texts]
    words = splits[0][0::2]
    if any(parts[0::2] != words for parts in splits):
        return columns.slot(texts)
    # Part by part, each part's texts across the snapshots (zip builds those tuples in C).
    return "".join(
        tokens[0] if p % 2 == 0 or same(tokens) else columns.slot(tokens)
        for p, tokens in enumerate(zip(*splits, strict=True))
    )


def same(texts: tuple[str, ...]) -> bool:
    """Whether all `texts` are the first."""
    return texts.count(texts[0]) == len(texts)


def merge(values: Sequence[Any], columns: Columns) -> Any:
    """One JSON value for `values` (one per snapshot), slots where they differ."""
    first = values[0]
    if all(isinstance(value, str) for value in values):
        return merge_texts(values, columns)
    if all(isinstance(value, dict) and value.keys() == first.keys() for value in values):
        return {key: merge([value[key] for value in values], columns) for key in first}
    if all(isinstance(value, list | tuple) and len(value) == len(first) for value in values):
        return [merge(items, columns) for items in zip(*values, strict=True)]
    shown = repr(first)  # repr, not ==, tells 0.0 from -0.0
    if all(repr(value) == shown for value in values):
        return first
    return columns.slot([json.dumps(value) for value in values], JSON_SLOT)


def shared_layout(
    sources: Sequence[str], columns: Columns, render: Callable[[str], str] = render_svg
) -> str:
    """One SVG for DOT `sources` that differ only in numbers and colours, slots where they do.

    Laid out with each slot's widest text, so that every snapshot's fits its box; laid out
    again with the slots written in, to find which SVG text and fill each slot went to.
    """
    splits = [TOKEN.split(source) for source in sources]
    widest, marked = [], []
    colours: dict[str, str] = {}  # marker colour: its slot
    for p, tokens in enumerate(zip(*splits, strict=True)):  # a part's texts, snapshot by snapshot
        part = tokens[0]
        if p % 2 == 0 or same(tokens):
            widest.append(part)
            marked.append(part)
            continue
        slot = columns.slot(tokens)
        widest.append(max(tokens, key=len))
        if part.startswith("#"):  # a fill colour: marked by a colour of its own
            marker = f"#0e{len(colours):04x}"
            colours[marker] = slot
            marked.append(marker)
        else:
            marked.append(slot)
    if any(marker in sources[0] for marker in colours):
        raise ValueError("a drawing uses the colours that mark its slots")
    svg, found = render("".join(widest)), render("".join(marked))
    texts, fills = _TEXT.findall(found), _FILL.findall(found)
    if len(texts) != len(_TEXT.findall(svg)) or len(fills) != len(_FILL.findall(svg)):
        raise ValueError("the drawing's layouts differ in more than their texts")
    text_of = iter(texts)
    svg = _TEXT.sub(lambda m: m.group(1) + next(text_of)[1] + m.group(3), svg)
    fill_of = iter(fills)
    return _FILL.sub(lambda m: f'fill="{colours.get(next(fill_of), m.group(1))}"', svg)


def skeleton(source: str) -> list[str]:
    """What stays of a DOT source when its numbers and colours are taken out."""
    return TOKEN.split(source)[0::2]


class SnapshotPage:
    """One step-through page of `roots`, the same graph at training `steps`.

    Each root's page is `to_html(root)`'s but for the layout: the page opens at the snapshot its
    address names (#snapshot=STEP) and can switch to any other. A root whose drawings differ
    from the first's in more than numbers (none of nn's do) is left out: `steps` are those kept.
    The texts are made here; the layout, which may take seconds, only by `html()`. `title`
    heads the page (default: to_html's).
    """

    def __init__(
        self,
        roots: Sequence[Value],
        steps: Sequence[int],
        *,
        digits: int = 4,
        colours: str = "signed",
        max_nodes: int | None = MAX_NODES,
        title: str | None = None,
    ) -> None:
        check_size(roots[0], max_nodes)
        # The code panel's lines are the graph's code, the same at snapshots whose constants
        # are (its only numbers): written once, after merging, they cost no time per snapshot.
        constants = {repr([v.data for v in topological_order(r) if v.is_constant]) for r in roots}
        once = len(constants) == 1
        parts, sources = [], []
        sketches = Sketches()  # each drawing's DOT built once, filled in for each snapshot
        for root in roots:
            recorded: list[str] = []

            def record(source: str, recorded: list[str] = recorded) -> str:
                recorded.append(source)
                return f"<svg>{DRAWING}{len(recorded) - 1}{END}"

            # Without draw's legend, whose entries are the fills in use, which differ.
            made = page_parts(
                root,
                digits=digits,
                colours=colours,
                render=record,
                legend=False,
                code=not once,
                sketches=sketches,
            )
            parts.append(made)
            sources.append(recorded)
        if any(mark in json.dumps(parts[0]) for mark in ("\\ue000", "\\ue001")):
            raise ValueError("the graph's labels hold the characters that mark a page's slots")
        first = [skeleton(source) for source in sources[0]]
        kept = [k for k, drawn in enumerate(sources) if [skeleton(s) for s in drawn] == first]
        self.steps = [steps[k] for k in kept]
        self.sources = [[sources[k][n] for k in kept] for n in range(len(first))]
        self.columns = Columns()
        self.fields, self.data = merge([list(parts[k]) for k in kept], self.columns)
        if once:
            order = topological_order(roots[0])
            add_code(order, self.data["forward"], self.data["backward"], self.data["naive"])
        if title is not None:  # else to_html's, which names the root
            self.fields["title"] = html.escape(title)

    def html(self, render: Callable[[str], str] = render_svg) -> str:
        """The page: each drawing laid out once (by `render`), the snapshots' texts inside."""
        layouts = [shared_layout(sources, self.columns, render) for sources in self.sources]
        drawings = [page_svg(svg) for svg in layouts]

        def drawn(value: Any) -> Any:
            if isinstance(value, str):
                return _DRAWN.sub(lambda m: drawings[int(m.group(1))], value)
            if isinstance(value, dict):
                return {key: drawn(item) for key, item in value.items()}
            return [drawn(item) for item in value] if isinstance(value, list) else value

        rows = self.columns.rows(len(self.steps))
        data = drawn(self.data) | {"snapshots": {"steps": self.steps, "rows": rows}}
        return page_text(drawn(self.fields), data)
