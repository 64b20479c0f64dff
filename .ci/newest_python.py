"""Print the newest Python on this machine if it is newer than the one running this; else nothing.

Looked for: pyenv's versions (~/.pyenv/versions/*/bin/python3) and python3.N on PATH. CI runs
the tests a second time with it, so a release newer than the default python3 is tried too.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys


def version_of(python: str) -> tuple[int, int] | None:
    """(major, minor) of the interpreter at `python`, or None if it does not run."""
    try:
        result = subprocess.run(
            [python, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        major, minor = map(int, result.stdout.split())
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None
    return major, minor


def candidates() -> list[str]:
    """Paths of the Pythons to consider."""
    home = os.path.expanduser("~")
    found = sorted(glob.glob(os.path.join(home, ".pyenv", "versions", "*", "bin", "python3")))
    for minor in range(11, 30):
        path = shutil.which(f"python3.{minor}")
        if path:
            found.append(path)
    return found


def main() -> None:
    """Print the newest candidate's path when its version is above this interpreter's."""
    versions = {path: version_of(path) for path in candidates()}
    runnable = {path: v for path, v in versions.items() if v is not None}
    if not runnable:
        return
    newest = max(runnable, key=lambda path: runnable[path])
    if runnable[newest] > sys.version_info[:2]:
        print(newest)


if __name__ == "__main__":
    main()
