"""Timesheet weeks (timesheets.services.weeks): locking, who approves."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.errors import (
    NotYourTimeError,
    WeekLockedError,
)
from agencydesk.timesheets.models import TimeEntry
from tests.factories.people import make_staff

MONDAY = date(2026, 11, 2)


@pytest.fixture
def designer(db):
    return make_staff(
        Role.SPECIALIST,
        full_name="Dina Designer",
        hourly_cost=Decimal("20"),
        default_bill_rate=Decimal("60"),
        rate_currency="USD",
    )


def _log(user, client=None, minutes=60, day=MONDAY, **kw):
    return services.time_entry_create(
        actor=user, user=user, day=day, minutes=minutes, client=client, **kw
    )


def test_time_in_a_submitted_or_approved_week_is_locked(designer, client_a, manager):
    entry = _log(designer, client_a, minutes=60)
    timesheet = services.timesheet_submit(actor=designer, user=designer, week=MONDAY)
    with pytest.raises(WeekLockedError):
        _log(designer, client_a, minutes=30, day=MONDAY + timedelta(days=2))
    with pytest.raises(WeekLockedError):
        services.time_entry_delete(actor=designer, entry=entry)
    services.timesheet_approve(actor=manager, timesheet=timesheet)
    with pytest.raises(WeekLockedError):
        _log(designer, client_a, minutes=30)
    assert list(TimeEntry.objects.values_list("minutes", flat=True)) == [60]
    # The next week is open.
    assert _log(designer, client_a, day=MONDAY + timedelta(days=7)).minutes == 60


def test_a_specialist_cannot_approve_or_log_for_others(designer, specialist, client_a):
    timesheet = services.timesheet_submit(actor=designer, user=designer, week=MONDAY)
    with pytest.raises(PermissionDenied):
        services.timesheet_approve(actor=specialist, timesheet=timesheet)
    with pytest.raises(NotYourTimeError):
        services.time_entry_create(
            actor=specialist, user=designer, day=MONDAY, minutes=10, client=client_a
        )
    assert TimeEntry.objects.count() == 0
