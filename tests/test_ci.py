"""The Pythons we claim: pip refuses older ones, CI also runs the newest one on the machine."""

import os
import subprocess
import sys
from importlib.metadata import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NEWEST_PYTHON = ROOT / ".ci" / "newest_python.py"


def test_installed_package_requires_python_3_11_or_newer():
    # Python 3.10 has no wheels for the in-process SVG renderer, and reached end of life.
    assert metadata("autograd-mini")["Requires-Python"] == ">=3.11"


def fake_python(folder, major, minor):
    """An executable that answers the version question like Python `major.minor` would."""
    folder.mkdir(parents=True)
    path = folder / "python3"
    path.write_text(f"#!/bin/sh\necho {major} {minor}\n")
    path.chmod(0o755)
    return path


def newest_python(home, path_folder):
    result = subprocess.run(
        [sys.executable, str(NEWEST_PYTHON)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"HOME": str(home), "PATH": str(path_folder)},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_ci_finds_a_newer_python_in_pyenv(tmp_path):
    versions = tmp_path / "home" / ".pyenv" / "versions"
    fake_python(versions / "3.11.0" / "bin", 3, 11)
    newest = fake_python(versions / "3.99.1" / "bin", 3, 99)
    fake_python(versions / "3.98.0" / "bin", 3, 98)
    assert newest_python(tmp_path / "home", tmp_path / "empty") == str(newest)


def test_ci_finds_a_newer_python_on_path(tmp_path):
    folder = tmp_path / "bin"
    fake_python(folder, 3, 29).rename(folder / "python3.29")
    assert newest_python(tmp_path / "home", folder) == str(folder / "python3.29")


@pytest.mark.parametrize("minor", [None, sys.version_info.minor])
def test_ci_skips_the_leg_when_nothing_newer_is_found(tmp_path, minor):
    if minor is not None:
        fake_python(tmp_path / "home" / ".pyenv" / "versions" / "same" / "bin", 3, minor)
    assert newest_python(tmp_path / "home", tmp_path / "empty") == ""


def test_ci_runs_the_tests_on_the_newest_python_or_says_it_skipped():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python .ci/newest_python.py" in ci
    assert "skipping the newest-Python leg" in ci
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
