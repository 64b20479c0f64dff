"""The model file: JSON with a format tag, a version, the model's class name and its state."""

from __future__ import annotations

import json
import os
import stat
from typing import Any

from autograd_mini.errors import echo
from autograd_mini.files import write_atomically

FILE_FORMAT = "autograd_mini.nn"
FILE_VERSION = 1
MAX_FILE_BYTES = 10_000_000
"""A model file larger than this is refused; reading stops one byte past it (a 6-6-6 net
needs about 2 kB)."""


class StateError(ValueError):
    """A state dict or model file that does not fit the model; the message names the key."""


def write_model_file(path: str | os.PathLike[str], model: str, state: dict[str, Any]) -> None:
    """Write `state` as the model file of a `model`, replacing any file at `path` whole."""
    document = {"format": FILE_FORMAT, "version": FILE_VERSION, "model": model, "state": state}
    write_atomically(path, json.dumps(document, indent=1) + "\n")


def read_model_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The parsed file if it is one of our model files (format, version, model, state)."""
    data = read_bounded(path)
    try:
        document = json.loads(data.decode("utf-8"), object_pairs_hook=no_duplicate_keys)
    except StateError:
        raise
    # ValueError: not JSON, bad UTF-8, or an integer past Python's 4300-digit limit.
    except (ValueError, RecursionError) as error:
        raise StateError(f"{path}: not an autograd_mini model file (not JSON: {error})") from None
    if not isinstance(document, dict) or document.get("format") != FILE_FORMAT:
        raise StateError(
            f"format: {path} is not an autograd_mini model file (no format {FILE_FORMAT!r})"
        )
    version = document.get("version")
    if type(version) is not int or version != FILE_VERSION:  # True == 1, but is no version
        raise StateError(f"version: expected {FILE_VERSION}, got {kind(version)}")
    expected = {"format", "version", "model", "state"}
    for key in document:
        if key not in expected:
            raise StateError(f"unexpected key {echo(key)} at the top of {path}")
    for key in ("model", "state"):
        if key not in document:
            raise StateError(f"missing key {key!r} in {path}")
    return document


def read_bounded(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the regular file at `path`, refused past MAX_FILE_BYTES.

    Not the size stat reports, which is 0 for /proc files, pipes and devices: a device such as
    /dev/zero would be read forever, and opening a FIFO waits for a writer.
    """
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise StateError(f"{path}: not a regular file, so not a model file")
    with open(path, "rb") as file:
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise StateError(f"{path}: more than the {MAX_FILE_BYTES} bytes allowed for a model file")
    return data


def no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refusing a key given twice (json keeps the last one silently)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise StateError(f"duplicate key {echo(key)}")
        result[key] = value
    return result


def kind(x: Any) -> str:
    """A short description of a JSON value for error messages: `a list of 3 entries`, `'abc'`."""
    if isinstance(x, list):
        return f"a list of {len(x)} entries"
    if isinstance(x, dict):
        return "an object"
    return f"{type(x).__name__} {echo(x)}"
