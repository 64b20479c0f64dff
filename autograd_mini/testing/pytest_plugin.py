"""The pytest plugin (entry point `pytest11`, active once installed): gradient checks' tables.

A failing `assert_grad_matches` (or any check of `autograd_mini.testing`) adds its table to
the failure as a section of its own, "gradient check", after the traceback and without its
`E` prefixes; `pytest --grad-report` prints every check's table, passing ones too, at the end.
`pytest -p no:autograd_mini` turns the plugin off.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from autograd_mini.testing.table import LISTENERS, Report

CHECKS = pytest.StashKey[list[Report]]()
"""The reports of the checks a test made, on its item."""
EVERY = pytest.StashKey[list[tuple[str, list[Report]]]]()
"""(test id, its reports) for --grad-report, on the config."""


def pytest_addoption(parser: pytest.Parser) -> None:
    """--grad-report."""
    parser.getgroup("autograd_mini").addoption(
        "--grad-report",
        action="store_true",
        help="print the table of every gradient check (autograd_mini.testing), passing or not",
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, Any]:
    """Collect the reports of the checks this test makes."""
    reports: list[Report] = []
    item.stash[CHECKS] = reports
    LISTENERS.append(reports.append)
    try:
        return (yield)
    finally:
        LISTENERS.remove(reports.append)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Add the failed checks' tables to a failed test's report; keep all for --grad-report."""
    report = yield
    reports = item.stash.get(CHECKS, [])
    if call.when != "call" or not reports:
        return report
    failed = [r for r in reports if not r.ok]
    if report.failed and failed:
        report.sections.append(("gradient check", "\n\n".join(map(str, failed))))
    if item.config.getoption("grad_report"):
        item.config.stash.setdefault(EVERY, []).append((item.nodeid, reports))
    return report


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """With --grad-report: every check's table, by test."""
    if not config.getoption("grad_report"):
        return
    every = config.stash.get(EVERY, [])
    terminalreporter.write_sep("=", f"gradient checks: {sum(len(r) for _, r in every)}")
    for nodeid, reports in every:
        for report in reports:
            terminalreporter.write_line(f"{nodeid}: {'passed' if report.ok else 'FAILED'}")
            terminalreporter.write_line(str(report))
            terminalreporter.write_line("")
