"""URL parameters of the time pages, naming objects built for a side's client."""

from datetime import date

from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from tests.factories.people import make_staff

DAY = date(2026, 11, 4)


def _worker(side):
    return side.once(
        "time_worker", lambda: make_staff(Role.SPECIALIST, full_name="Walk Worker")
    )


def _entry(side):
    return side.once(
        "time_entry",
        lambda: services.time_entry_create(
            actor=None, user=_worker(side), day=DAY, minutes=90, client=side.client
        ),
    )


def _timesheet(side):
    _entry(side)
    return side.once(
        "timesheet",
        lambda: services.timesheet_submit(
            actor=None, user=_worker(side), week=date(2026, 11, 2)
        ),
    )


SAMPLES = {
    "entry_id": lambda side, cb: str(_entry(side).pk),
    "timesheet_id": lambda side, cb: str(_timesheet(side).pk),
}
