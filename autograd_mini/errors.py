"""The engine's exceptions and how their messages describe an operand."""

from __future__ import annotations

from typing import Any


class DomainError(ValueError):
    """An operation is undefined or overflows at its operand, e.g. log of 0."""


def describe(*operands: Any) -> str:
    """The operands for a message, joined with ", ".

    `-2.0 (Value 'x')` for a labelled Value, `-2.0` for a number or an unlabelled Value.
    """
    return ", ".join(map(_describe_one, operands))


def _describe_one(operand: Any) -> str:
    data = getattr(operand, "data", operand)
    label = getattr(operand, "label", "")
    return f"{data!r} (Value {label!r})" if label else repr(data)
