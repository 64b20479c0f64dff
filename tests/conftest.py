"""Shared test set-up: hypothesis profiles, and `cli`, the installed command run as a user would."""

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, settings

# Registered here, before the hypothesis plugin reads --hypothesis-profile:
# the default run keeps CI short; `pytest --hypothesis-profile=thorough` runs 30x more examples.
settings.register_profile(
    "default", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=6000, deadline=None)


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
