"""`write_atomically`: a file is replaced whole, or not at all, and only if you may write it."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from autograd_mini.errors import echo

MAX_FOLDER_DEPTH = 200
"""Folders an output may sit in, counted from the root (`/a/b/f.txt` is 2 deep). Making missing
folders recurses once per folder in Python (os.makedirs, Path.mkdir): 1,200 of them raised
RecursionError after the work was done. No real output sits this deep."""
MAX_LINKS = 40
"""Symbolic links followed in a row before giving up, as Linux does (ELOOP)."""


def cache_folder() -> Path:
    """The user's cache folder for autograd_mini: $XDG_CACHE_HOME/autograd_mini (~/.cache/...)."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(home) / "autograd_mini"


def check_output_path(path: str | os.PathLike[str]) -> None:
    """Refuse, before any work, a path too deep (ValueError) or not ours to write (OSError)."""
    folders = [part for part in os.path.abspath(path).split(os.sep) if part][:-1]
    if len(folders) > MAX_FOLDER_DEPTH:
        raise ValueError(
            f"{echo(os.fspath(path))} is {len(folders)} folders deep, "
            f"more than the {MAX_FOLDER_DEPTH} allowed"
        )
    target = followed(path)
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        check_writable(path, target, os.stat(target).st_mode)


def printable(path: str | os.PathLike[str]) -> str:
    """`path` to print, control characters escaped: a file name cannot drive the terminal."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in os.fspath(path))


def followed(path: str | os.PathLike[str]) -> str:
    """`path` with its links followed, as open() follows them, to the real path.

    PermissionError for a link owned by someone else (neither us nor the folder's owner) in a
    sticky world-writable folder such as /tmp: there anyone can plant a link to your files.
    Linux's fs.protected_symlinks refuses the same links to open().
    """
    current = os.path.abspath(path)
    for _ in range(MAX_LINKS):
        try:
            link = os.lstat(current)
        except (FileNotFoundError, NotADirectoryError):
            break
        if not stat.S_ISLNK(link.st_mode):
            break
        folder = os.path.dirname(current)
        shared = os.stat(folder)
        sticky_and_open = shared.st_mode & stat.S_ISVTX and shared.st_mode & stat.S_IWOTH
        if sticky_and_open and link.st_uid not in (os.geteuid(), shared.st_uid):
            raise PermissionError(
                errno.EACCES,
                "a link owned by another user in a shared folder (sticky, writable by all) "
                "is not followed",
                os.fspath(path),
            )
        current = os.path.join(folder, os.readlink(current))
    else:
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), os.fspath(path))
    return os.path.realpath(current)


def check_writable(path: str | os.PathLike[str], target: str, mode: int) -> None:
    """PermissionError unless we may write the existing file `target` (reached from `path`).

    os.access says what open() would allow us (as our effective user). Root may write anything,
    so a file with no write permission for anyone (chmod 444) is refused to root as well.
    """
    effective = os.access in os.supports_effective_ids
    if not os.access(target, os.W_OK, effective_ids=effective) or not mode & 0o222:
        raise PermissionError(
            errno.EACCES,
            "write-protected: its permissions do not let you write it (chmod u+w to allow it)",
            os.fspath(path),
        )


def write_atomically(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write `data` (str as UTF-8) to `path` through a temporary file beside it and os.replace.

    A failure or Ctrl-C midway (a full disk, a file size limit) leaves the previous file as it
    was and no temporary file behind. An existing file we may not write is refused (see
    `check_writable`). A path that exists and is not a regular file (a device such as
    /dev/null, a FIFO) is written directly: it cannot be replaced. A file we may write in a
    folder we may not is written in place, its previous bytes put back if that fails. Errors
    name `path`, never the temporary file.
    """
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        _write(path, followed(path), content)
    except OSError as error:
        error.filename = os.fspath(path)  # not the temporary file, nor where a link led
        raise


def _write(path: str | os.PathLike[str], target: str, content: bytes) -> None:
    try:
        mode: int | None = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with open(target, "wb") as file:
            file.write(content)
        return
    if mode is not None:
        check_writable(path, target, mode)
    folder, name = os.path.split(target)
    # Short whatever the name's length: a 255-byte name plus a suffix passes NAME_MAX.
    temporary = os.path.join(folder, f".{name[:32]}.{secrets.token_hex(4)}.tmp")
    try:
        # A new file gets the usual 0o666 less the umask, as open() would give it.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except PermissionError:
        if mode is None:
            raise
        _write_in_place(target, content)
        return
    try:
        if mode is not None:  # an existing file keeps its permissions
            os.fchmod(descriptor, stat.S_IMODE(mode))
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())  # the data is on disk before the name points to it
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write_in_place(target: str, content: bytes) -> None:
    """Overwrite `target`, putting its previous bytes back if the write fails or is stopped.

    Only for a file we may write in a folder we may not (no temporary file can go beside it).
    Not atomic against a crash of the machine, which the replace would have been.
    """
    descriptor = os.open(target, os.O_RDWR)
    try:
        previous = b"".join(iter(lambda: os.read(descriptor, 1 << 20), b""))
        try:
            _overwrite(descriptor, content)
        except BaseException:
            with contextlib.suppress(OSError):
                _overwrite(descriptor, previous)
            raise
    finally:
        os.close(descriptor)


def _overwrite(descriptor: int, content: bytes) -> None:
    """Make the open file hold exactly `content`, on disk."""
    os.lseek(descriptor, 0, os.SEEK_SET)
    view = memoryview(content)
    while view:
        view = view[os.write(descriptor, view) :]
    os.ftruncate(descriptor, len(content))
    os.fsync(descriptor)
