"""docs/errors.md and the bad-input tests describe the same cases, row for row."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs every catalogued bad input

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = (ROOT / "docs" / "errors.md").read_text()
# The parametrized tests whose every case must have a row in the catalogue.
CASE_TESTS = {
    "test_errors.py::test_bad_op_names_op_and_operand_and_changes_nothing",
    "test_parse_cli.py::test_cli_rejects_bad_input_with_one_line_and_status_2",
    "test_nn_io.py::test_malformed_file_is_refused_and_model_unchanged",
}


def referenced():
    """Test ids named in the catalogue; a bare `[case]` continues the previous test's name."""
    ids = set()
    for row in CATALOGUE.splitlines():
        test = None
        for ref in re.findall(r"`((?:test_\w+\.py::\w+)?(?:\[[^\]`]+\])?)`", row):
            if "::" in ref:
                test = ref.split("[")[0]
                ids.add(ref)
            elif ref.startswith("[") and test:
                ids.add(test + ref)
    return ids


@pytest.fixture(scope="module")
def collected(collected_ids, pytestconfig):
    """The test ids pytest collects from the files the catalogue names (without `tests/`)."""
    files = sorted({ref.split("::")[0] for ref in referenced()})
    here = {node.removeprefix("tests/") for node in collected_ids}
    whole_files = not any("::" in arg for arg in pytestconfig.args)  # no file cut to one test
    if whole_files and {node.split("::")[0] for node in here} >= set(files):
        return here  # this run collected them all (README's command does): no second pytest
    # The pytest script, not `python -m pytest`: -m would put the checkout's own autograd_mini/
    # folder first on sys.path, hiding the installed package and its nn subpackage.
    script = Path(sys.executable).with_name("pytest")
    # Collecting runs no assert, so none is rewritten (half the time when bytecode is not kept).
    quiet = ["--collect-only", "-q", "--assert=plain", "-p", "no:cacheprovider"]
    result = subprocess.run(
        [str(script), *quiet, *(f"tests/{f}" for f in files)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    return {line.removeprefix("tests/") for line in result.stdout.splitlines() if "::" in line}


def test_every_row_names_a_test_that_exists(collected):
    bare = {node.split("[")[0] for node in collected}
    missing = {ref for ref in referenced() if ref not in collected and ref not in bare}
    assert not missing


def test_every_bad_input_case_has_a_row(collected):
    cases = {node for node in collected if node.split("[")[0] in CASE_TESTS}
    assert cases, "the bad-input tests were not collected"
    assert not cases - referenced()
