"""The shared look of drawings and the page: numbers, names, gradient colours and their legend."""

from __future__ import annotations

import functools
import math
import re
from decimal import ROUND_HALF_UP, Context, Decimal

import graphviz

from autograd_mini import Value

MAX_NODES = 2_000
"""`draw` refuses graphs with more drawn nodes (Values plus ops): layout time grows quickly."""

GRAD_SCALE: tuple[tuple[float, str], ...] = (
    (1e-3, "#ffffcc"),
    (1e-2, "#ffeda0"),
    (1e-1, "#fed976"),
    (1.0, "#feb24c"),
    (10.0, "#fd8d3c"),
    (math.inf, "#fc4e2a"),
)
"""The "decades" fill by |grad| (ColorBrewer YlOrRd): (upper bound, colour) pairs."""

SIGNED_STEPS: tuple[float, ...] = (0.02, 0.2)
"""The "signed" fill's bounds on |grad| / largest |grad|: three shades on each side of 0."""
NEGATIVE = ("#d1e5f0", "#92c5de", "#4393c3")  # ColorBrewer RdBu, light to strong
POSITIVE = ("#fddbc7", "#f4a582", "#d6604d")  # (its two darkest shades would hide black text)
COLOUR_SCALES = ("signed", "decades")
ZERO_GRAD_COLOUR = "#ffffff"
CONSTANT_COLOUR = "#e8e8e8"
CLASSES = ("#7b3294", "#008837")
"""Class 0 and class 1 (ColorBrewer PRGn's ends): a class has no sign, so never RdBu's red/blue."""
LOSS_COLOUR, ACCURACY_COLOUR = "#1a1a1a", "#888888"  # curves: no sign, so neither red nor blue
FONT = "Helvetica,Arial,sans-serif"


class GradColours:
    """Fill colour of a gradient: "signed" (blue < 0 < red) or "decades" (|grad|), white at 0.

    "signed" shades are relative to `largest` |grad|; "decades" are absolute (`GRAD_SCALE`).
    """

    def __init__(self, scale: str = "signed", largest: float = 1.0, basis: str = "|grad|") -> None:
        if scale not in COLOUR_SCALES:
            raise ValueError(f"colours: choose one of {', '.join(COLOUR_SCALES)}, got {scale!r}")
        self.scale = scale
        self.largest = largest
        self.basis = basis  # what `largest` is the largest of, for the legend

    @classmethod
    def for_grads(cls, scale: str, grads: list[float]) -> GradColours:
        """The scale for a drawing showing `grads`: "signed" relative to their largest |grad|."""
        return cls(scale, max((abs(g) for g in grads), default=0.0))

    @classmethod
    def for_inputs(cls, scale: str, order: list[Value], grads: list[float]) -> GradColours:
        """The scale relative to the inputs' (parameters') largest |grad|, not the root's 1.

        Through sigmoids a network's parameter gradients are 100 times smaller than the seed,
        so a scale set by the seed paints them all the palest shade; nodes above the largest
        input gradient take the strongest shade.
        """
        leaves = [
            g for g, v in zip(grads, order, strict=True) if not v.parents and not v.is_constant
        ]
        largest = max((abs(g) for g in leaves), default=0.0)
        if largest == 0:
            return cls.for_grads(scale, grads)
        return cls(scale, largest, "input |grad|")

    def fill(self, grad: float) -> str:
        """The colour for `grad`."""
        if grad == 0:
            return ZERO_GRAD_COLOUR
        size = abs(grad)
        if self.scale == "decades":
            return next((colour for bound, colour in GRAD_SCALE if size < bound), GRAD_SCALE[-1][1])
        shade = sum(size >= step * self.largest for step in SIGNED_STEPS)
        return (POSITIVE if grad > 0 else NEGATIVE)[shade]

    def title(self) -> str:
        """What the fill shows, for the legend's heading."""
        if self.scale == "decades":
            return "fill: |grad|"
        return f"fill: grad (largest {self.basis} {format_number(self.largest, 3)})"

    def legend(self) -> list[tuple[str, str]]:
        """(text, colour) for every colour of the scale, zero and constants included."""
        entries = []
        if self.scale == "decades":
            entries.append(("|grad| = 0", ZERO_GRAD_COLOUR))
            low = 0.0
            for high, colour in GRAD_SCALE:
                if high == math.inf:
                    entries.append((f"|grad| ≥ {format_number(low)}", colour))
                elif low == 0:
                    entries.append((f"0 < |grad| < {format_number(high)}", colour))
                else:
                    entries.append(
                        (f"{format_number(low)} ≤ |grad| < {format_number(high)}", colour)
                    )
                low = high
        else:
            bounds = [format_number(step * self.largest, 2) for step in SIGNED_STEPS]
            strong, middle, light = reversed(NEGATIVE)
            entries += [
                (f"grad ≤ -{bounds[1]}", strong),
                (f"-{bounds[1]} < grad ≤ -{bounds[0]}", middle),
                (f"-{bounds[0]} < grad < 0", light),
                ("grad = 0", ZERO_GRAD_COLOUR),
                (f"0 < grad < {bounds[0]}", POSITIVE[0]),
                (f"{bounds[0]} ≤ grad < {bounds[1]}", POSITIVE[1]),
                (f"grad ≥ {bounds[1]}", POSITIVE[2]),
            ]
        entries.append(("constant: no grad", CONSTANT_COLOUR))
        return entries


def format_number(x: float, digits: int = 4) -> str:
    """`x` to `digits` significant digits, as the pages' viz/format.js writes it: 0.5, 3.799e-4.

    One rule for every page and drawing, so a learner never meets one number written two ways:
    plain between 0.001 and 10**digits, else exponent form; trailing zeros of the mantissa go,
    the exponent's digits never do. Rounding is JavaScript's toPrecision: the float's exact
    value, halves away from zero (12345 gives 1.235e4, where Python's `g` gives 1.234e+04).
    """
    value = float(x)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"  # -0 too: a sign on zero says nothing to a learner
    return written(value, digits)


@functools.lru_cache(maxsize=4096)
def written(value: float, digits: int) -> str:
    """format_number of a finite, non-zero `value`, worked out once per number and digits.

    A page writes each number several times (a node's data in its box, its step, its users'
    steps, the neuron view): at 1,900 calls a page of 54 nodes, the cache halves their cost.
    """
    return laid_out(
        value, Context(prec=digits, rounding=ROUND_HALF_UP).plus(Decimal(value)), digits
    )


def format_percent(share: float) -> str:
    """A share (0.875) as a percentage in the one rule: its number of percent, then %: 87.5%.

    As viz/format.js's formatPercent writes it: 75%, 33.33%, 100%, never 75.0% (the rule drops
    trailing zeros) nor 88% (a fixed number of decimals hides what 4 digits show).
    """
    return f"{format_number(100 * share)}%"


def laid_out(value: float, rounded: Decimal, digits: int) -> str:
    """`rounded` (`value` to at most `digits` figures) written in format_number's rule."""
    power = rounded.adjusted()  # after rounding: 9999.6 carries to 1e4, shown in exponent form
    if 1e-3 <= abs(value) < 10**digits and power < digits:
        text = f"{rounded:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    figures = "".join(map(str, rounded.as_tuple().digits)).rstrip("0")
    mantissa = figures[0] + (f".{figures[1:]}" if figures[1:] else "")
    return f"{'-' if value < 0 else ''}{mantissa}e{power}"


def exact_number(x: float) -> str:
    """`x` with every digit that tells it from its neighbours (repr's), in format_number's rule.

    For numbers whose point is that they are exact (a step of SGD, the loss before and after):
    repr(0.000427309011190178) is written 4.27309011190178e-4, as the page writes 4.273e-4.
    """
    if not math.isfinite(x) or x == 0:
        return format_number(x)
    shortest = Decimal(repr(float(x))).normalize()
    # At least as many digits as a number below 10**4 has before its point: 100, not 1e2.
    digits = max(len(shortest.as_tuple().digits), min(shortest.adjusted() + 1, 4))
    # repr's own digits, not x rounded again: at a tie (70368744177664.625 to 16 figures) repr
    # keeps the even .62 where toPrecision's rounding gives .63.
    return laid_out(float(x), shortest, digits)


def node_id(index: int) -> str:
    """DOT (and SVG) id of the Value at `index` in topological order; its op node adds `_op`."""
    return f"v{index}"


def drawn_nodes(order: list[Value]) -> int:
    """How many nodes `draw` makes: one per Value and one per op."""
    return len(order) + sum(1 for value in order if value.parents)


def count_drawn_nodes(root: Value, limit: int) -> int:
    """The drawn nodes under `root` (Values and ops), counting stops once past `limit`.

    So a graph of millions of ops is refused after `limit` nodes, not after a walk of all.
    """
    seen = {id(root)}
    stack = [root]
    count = 0
    while stack and count <= limit:
        node = stack.pop()
        parents = node.parents
        count += 2 if parents else 1  # the Value's box, and its op's circle
        for parent in parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append(parent)
    return count


def check_size(root: Value, max_nodes: int | None) -> None:
    """ValueError, before any drawing, if the graph has more than `max_nodes` drawn nodes."""
    if max_nodes is not None and count_drawn_nodes(root, max_nodes) > max_nodes:
        raise ValueError(
            f"draw: the graph has more than {max_nodes:,} nodes (Values and ops), the limit: "
            f"laying it out would take minutes. Draw one node per group with "
            f"draw_summary(root, groups={{value: 'layer name'}}), or pass max_nodes=None"
        )


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def one_line(text: str) -> str:
    """`text` on one line, each control character (a NUL breaks DOT) shown as U+FFFD."""
    return " ".join(_CONTROL.sub("\ufffd", text).splitlines())


def record_text(text: str) -> str:
    """`text` escaped for a Graphviz record field (braces, bars, angle brackets are syntax)."""
    return re.sub(r'([\\{}|<>"])', r"\\\1", one_line(text))


def dot_text(text: str) -> str:
    """`text` for any other DOT label, shown as written: never an HTML label, no backslash codes."""
    # graphviz.escape doubles backslashes (\N would print the node's id; a trailing one would
    # swallow the closing quote) and marks the text as not HTML (<...> would be markup).
    escaped: str = graphviz.escape(one_line(text))  # a str subclass: kept, not copied by str()
    return escaped


def stack(fields: list[str], rankdir: str) -> str:
    """A record label whose fields are stacked top to bottom in a graph drawn `rankdir`."""
    # Record fields run across the rank direction: braces turn them to run along it instead.
    joined = "|".join(fields)
    return joined if rankdir in ("LR", "RL") else "{" + joined + "}"
