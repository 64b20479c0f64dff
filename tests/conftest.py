"""Shared fixtures: `cli` runs the installed `autograd-mini` command as a user would."""

import subprocess
import sys

import pytest


@pytest.fixture
def cli(tmp_path):
    """cli(*args) -> CompletedProcess of `python -m autograd_mini *args`, run in a temp folder.

    The temp folder keeps the repository's own `autograd_mini/` source folder off sys.path, so
    the installed package (with its `nn` and `viz` subpackages) is the one that runs.
    """

    def run(*args, timeout=120):
        return subprocess.run(
            [sys.executable, "-m", "autograd_mini", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=tmp_path,
        )

    return run
