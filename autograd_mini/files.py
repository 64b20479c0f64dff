"""`write_atomically`: a file is replaced whole, or not at all."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat

MAX_FOLDER_DEPTH = 200
"""Folders an output may sit in, counted from the root (`/a/b/f.txt` is 2 deep). Making missing
folders recurses once per folder in Python (os.makedirs, Path.mkdir): 1,200 of them raised
RecursionError after the work was done. No real output sits this deep."""


def check_output_path(path: str | os.PathLike[str]) -> None:
    """ValueError if `path` sits more than `MAX_FOLDER_DEPTH` folders deep: check before work."""
    folders = [part for part in os.path.abspath(path).split(os.sep) if part][:-1]
    if len(folders) > MAX_FOLDER_DEPTH:
        shown = os.fspath(path)
        shown = repr(shown) if len(shown) <= 60 else f"{shown[:60]!r}... ({len(shown)} characters)"
        raise ValueError(
            f"{shown} is {len(folders)} folders deep, more than the {MAX_FOLDER_DEPTH} allowed"
        )


def write_atomically(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write `data` (str as UTF-8) to `path` through a temporary file beside it and os.replace.

    A failure or Ctrl-C midway (a full disk, a file size limit) leaves the previous file as it
    was and no temporary file behind. A path that exists and is not a regular file (a device
    such as /dev/null, a FIFO) is written directly: it cannot be replaced.
    """
    target = os.path.realpath(path)  # through a symlink: replace the file it points to
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode: int | None = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with open(target, "wb") as file:
            file.write(content)
        return
    folder, name = os.path.split(target)
    temporary = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
    # A new file gets the usual 0o666 less the umask, as open() would give it.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        if mode is not None:  # an existing file keeps its permissions
            os.fchmod(descriptor, stat.S_IMODE(mode))
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())  # the data is on disk before the name points to it
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError) and error.filename is None:  # a failed write names none
            error.filename = os.fspath(path)
        raise
