"""One-row rules of planning: who may decide or cancel a piece of leave."""

from datetime import date

import pytest

from agencydesk.people.roles import Role
from agencydesk.planning.models import Leave
from tests.factories.people import make_staff


@pytest.mark.parametrize(
    ("status", "decidable", "cancellable"),
    [
        ("requested", True, True),
        ("approved", False, True),
        ("rejected", False, False),
        ("cancelled", False, False),
    ],
)
def test_who_may_decide_or_cancel_leave(db, status, decidable, cancellable):
    owner = make_staff(Role.SPECIALIST)
    stranger = make_staff(Role.SPECIALIST)
    approver = make_staff(Role.ACCOUNT_MANAGER)
    assert approver.has_perm("planning.approve_leave")
    leave = Leave(
        user=owner, kind="vacation", start=date(2026, 12, 1), end=date(2026, 12, 2)
    )
    leave.status = status

    assert leave.can_be_decided_by(approver) is decidable
    assert leave.can_be_decided_by(owner) is False
    assert leave.can_be_cancelled_by(owner) is cancellable
    assert leave.can_be_cancelled_by(approver) is cancellable
    assert leave.can_be_cancelled_by(stranger) is False
