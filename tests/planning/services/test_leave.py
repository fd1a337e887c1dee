"""Leave (planning.services.leave): dates, who decides."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from agencydesk.people.roles import Role
from agencydesk.planning import services
from agencydesk.planning.errors import (
    LeaveInvalidError,
)
from agencydesk.planning.models import Leave
from tests.factories.people import make_staff

WEEK = date(2026, 11, 9)


@pytest.fixture
def writer(db):
    return make_staff(Role.SPECIALIST, full_name="Wira Writer", country="ID")


def _away(person, start, end):
    leave = services.leave_request(
        actor=person, user=person, kind="vacation", start=start, end=end
    )
    return services.leave_approve(actor=None, leave=leave)


def test_leave_dates_must_make_sense(writer):
    with pytest.raises(LeaveInvalidError):
        services.leave_request(
            actor=writer,
            user=writer,
            kind="vacation",
            start=WEEK,
            end=WEEK - timedelta(days=1),
        )
    assert Leave.objects.count() == 0


def test_only_approvers_decide_leave(writer, specialist, manager):
    leave = services.leave_request(
        actor=writer, user=writer, kind="sick", start=WEEK, end=WEEK
    )
    with pytest.raises(PermissionDenied):
        services.leave_approve(actor=specialist, leave=leave)
    assert services.leave_approve(actor=manager, leave=leave).status == "approved"
