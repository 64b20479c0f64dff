"""`parse_statements`: "h = tanh(x*w + b); y = h*h + h", each bound name usable after it."""

from __future__ import annotations

import re
from collections.abc import Mapping

from autograd_mini.parse import ParseError, normalise_name, parse
from autograd_mini.value import Number, Value

_BINDING = re.compile(r"\s*([^\W\d]\w*)\s*=(?!=)(.*)", re.DOTALL)
"""`name = expression` (not `==`); the name as Python would read it."""


def parse_statements(source: str, variables: Mapping[str, Value | Number]) -> Value:
    """The graph of `source`: ";"-separated parts `name = expression`, the last maybe bare.

    Each part is read by `parse` (never eval) with the names bound before it, so a
    subexpression is built once and reused; a bound name labels its node. The graph of the
    last part is returned. Without ";" and "=", this is `parse(source, variables)`.
    """
    if not isinstance(source, str):
        return parse(source, variables)  # which says what it takes
    # The parser allows no strings, so every # starts a comment, to the line's end.
    code = "\n".join(line.partition("#")[0] for line in source.splitlines())
    if ";" not in code and not _BINDING.fullmatch(code):
        return parse(source, variables)
    known: dict[str, Value | Number] = {normalise_name(k): v for k, v in variables.items()}
    parts = code.split(";")
    for number, part in enumerate(parts, start=1):
        where = f"part {number} of {len(parts)}"
        if not part.strip():
            raise ParseError(f"parse: {where} is empty (a stray ';'?)")
        match = _BINDING.fullmatch(part)
        if match is None:
            if number < len(parts):
                text = part.strip()[:60]
                raise ParseError(f"parse: {where}, {text!r}, binds no name: write name = ...")
            return parse(part, known)
        name = normalise_name(match.group(1))
        if name in known:
            raise ParseError(f"parse: {where} binds {name!r}, which is already bound")
        value = parse(match.group(2), known)
        if value.parents and not value.label:  # an input or constant keeps its own name
            value.label = name
        known[name] = value
    return value
