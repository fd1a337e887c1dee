"""URL parameters of the planning pages, naming objects built for a side's
client (a person planned on it, a tentative booking, a leave request)."""

from datetime import date

from agencydesk.people.roles import Role
from agencydesk.planning import services
from tests.factories.people import make_staff

WEEK = date(2026, 11, 9)


def _planned(side):
    return side.once(
        "planned", lambda: make_staff(Role.SPECIALIST, full_name="Walk Planned")
    )


def _allocation(side):
    return side.once(
        "allocation",
        lambda: services.allocation_create(
            actor=None,
            user=_planned(side),
            week=WEEK,
            client=side.client,
            minutes=480,
            is_tentative=True,
        ),
    )


def _leave(side):
    return side.once(
        "leave",
        lambda: services.leave_request(
            actor=None,
            user=_planned(side),
            kind="vacation",
            start=date(2026, 12, 1),
            end=date(2026, 12, 2),
        ),
    )


SAMPLES = {
    "user_id": lambda side, cb: str(_planned(side).pk),
    "week": lambda side, cb: WEEK.isoformat(),
    "allocation_id": lambda side, cb: str(_allocation(side).pk),
    "leave_id": lambda side, cb: str(_leave(side).pk),
}
