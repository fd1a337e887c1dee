"""URL parameters of the time pages.

The walk's anonymous POST test takes its row-count fingerprint before it asks
for the samples, so a sample built lazily with ``side.once`` would read as a
change; until that order is swapped, these samples name no row (every viewer is
refused or gets 404) and tests/timesheets/test_views.py walks real objects.
"""

SAMPLES = {
    "entry_id": lambda side, cb: "0",
    "timesheet_id": lambda side, cb: "0",
}
