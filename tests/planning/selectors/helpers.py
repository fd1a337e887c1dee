"""Helpers of the planning selectors' tests."""

from datetime import date

from agencydesk.planning import services

# Christmas Day, Friday 25 December 2026, is a public holiday in Indonesia.
CHRISTMAS_WEEK = date(2026, 12, 21)


def book(person, client, hours, *, tentative=False, week=CHRISTMAS_WEEK):
    """Book ``hours`` of ``person`` on ``client`` (None: internal) in ``week``."""
    return services.allocation_create(
        actor=None,
        user=person,
        week=week,
        client=client,
        minutes=int(hours * 60),
        is_tentative=tentative,
        confirm=True,
    )
