"""What the topology test measured, shown at the end of the run, and each
test's outcome for its fixtures."""

import pytest

SUMMARY: list[str] = []


def pytest_terminal_summary(terminalreporter):
    if SUMMARY:
        terminalreporter.section("requests/s through HAProxy (tests/deploy)")
        for line in SUMMARY:
            terminalreporter.write_line(line)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Kept on the test item, so a fixture can tell whether its test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report
