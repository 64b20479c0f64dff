"""The engine's exceptions and how their messages describe an operand."""

from __future__ import annotations

from typing import Any

MAX_ECHO = 60
"""Characters of a value, key or label that a message repeats; a longer one is cut."""


class DomainError(ValueError):
    """An operation is undefined or overflows at its operand, e.g. log of 0."""


def echo(x: Any) -> str:
    """`repr(x)` for a message, cut to MAX_ECHO characters, saying how long it was.

    A multi-megabyte key, label or value would otherwise make a multi-megabyte message.
    """
    if isinstance(x, str):
        return repr(x) if len(x) <= MAX_ECHO else f"{x[:MAX_ECHO]!r}... ({len(x)} characters)"
    text = repr(x)
    return text if len(text) <= MAX_ECHO else f"{text[:MAX_ECHO]}... ({len(text)} characters)"


def describe(*operands: Any) -> str:
    """The operands for a message, joined with ", ".

    `-2.0 (Value 'x')` for a labelled Value, `-2.0` for a number or an unlabelled Value.
    """
    return ", ".join(map(_describe_one, operands))


def _describe_one(operand: Any) -> str:
    data = getattr(operand, "data", operand)
    label = getattr(operand, "label", "")
    return f"{data!r} (Value {echo(label)})" if label else repr(data)
