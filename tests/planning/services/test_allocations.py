"""Allocations (planning.services.allocations): percent, leave, refusals,
confirm and release, copying a week, planning a range."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from agencydesk.people.roles import Role
from agencydesk.planning import services
from agencydesk.planning.errors import (
    AllocationInvalidError,
    NotTentativeError,
    OnLeaveError,
)
from agencydesk.planning.models import Allocation
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


def test_percent_in_is_a_share_of_the_weekly_capacity(writer, manager, client_a):
    allocation = services.allocation_create(
        actor=manager,
        user=writer,
        week=WEEK + timedelta(days=3),
        client=client_a,
        percent=Decimal("20"),
    )
    assert (allocation.week, allocation.minutes) == (WEEK, 480)


def test_no_booking_in_a_week_spent_on_leave(writer, manager, client_a):
    _away(writer, WEEK, WEEK + timedelta(days=4))
    with pytest.raises(OnLeaveError) as error:
        services.allocation_create(
            actor=manager, user=writer, week=WEEK, client=client_a, minutes=600
        )
    assert (
        error.value.message
        == "Wira Writer is on leave for the whole week of 11/09/2026."
    )
    assert Allocation.objects.count() == 0


def test_a_partly_away_week_can_still_be_booked(writer, manager, client_a):
    _away(writer, WEEK, WEEK + timedelta(days=1))
    allocation = services.allocation_create(
        actor=manager, user=writer, week=WEEK, client=client_a, minutes=600
    )
    assert allocation.minutes == 600


@pytest.mark.parametrize(
    ("minutes", "percent"),
    [(-60, None), (0, None), (10**7, None), (None, "-5"), (None, "500"), (None, "x")],
)
def test_absurd_bookings_are_refused(writer, manager, client_a, minutes, percent):
    with pytest.raises(AllocationInvalidError):
        services.allocation_create(
            actor=manager,
            user=writer,
            week=WEEK,
            client=client_a,
            minutes=minutes,
            percent=percent,
        )
    assert Allocation.objects.count() == 0


def test_a_specialist_cannot_plan(writer, specialist, client_a):
    with pytest.raises(PermissionDenied):
        services.allocation_create(
            actor=specialist, user=writer, week=WEEK, client=client_a, minutes=60
        )
    assert Allocation.objects.count() == 0


def test_confirm_and_release_tentative_bookings(writer, manager, client_a, client_b):
    first = services.allocation_create(
        actor=manager,
        user=writer,
        week=WEEK,
        client=client_a,
        minutes=480,
        is_tentative=True,
    )
    second = services.allocation_create(
        actor=manager,
        user=writer,
        week=WEEK,
        client=client_b,
        minutes=240,
        is_tentative=True,
    )
    services.allocation_confirm(actor=manager, allocation=first)
    services.allocation_release(actor=manager, allocation=second)
    assert list(Allocation.objects.values_list("client_id", "is_tentative")) == [
        (client_a.pk, False)
    ]
    with pytest.raises(NotTentativeError):
        services.allocation_release(actor=manager, allocation=first)
    assert Allocation.objects.count() == 1


def test_copy_last_week_forward_skips_doubles_and_leave(writer, manager, client_a):
    other = make_staff(Role.SPECIALIST, full_name="Away Person")
    for person in (writer, other):
        services.allocation_create(
            actor=manager, user=person, week=WEEK, client=client_a, minutes=600
        )
    services.allocation_create(
        actor=manager,
        user=writer,
        week=WEEK,
        client=None,
        minutes=120,
        is_tentative=True,
    )
    _away(other, WEEK + timedelta(weeks=1), WEEK + timedelta(weeks=1, days=4))
    assert services.allocations_copy_week(actor=manager, source=WEEK) == (2, 1)
    assert services.allocations_copy_week(actor=manager, source=WEEK) == (0, 3)
    assert sorted(
        Allocation.objects.filter(week=WEEK + timedelta(weeks=1)).values_list(
            "user_id", "minutes", "is_tentative"
        )
    ) == sorted([(writer.pk, 600, False), (writer.pk, 120, True)])


def test_plan_a_range_is_all_or_nothing(writer, manager, client_a):
    _away(writer, WEEK + timedelta(weeks=2), WEEK + timedelta(weeks=2, days=4))
    with pytest.raises(OnLeaveError):
        services.allocation_plan_range(
            actor=manager,
            user=writer,
            first_week=WEEK,
            weeks=4,
            client=client_a,
            minutes=600,
        )
    assert Allocation.objects.count() == 0
    created = services.allocation_plan_range(
        actor=manager,
        user=writer,
        first_week=WEEK,
        weeks=2,
        client=client_a,
        minutes=600,
    )
    assert [a.week for a in created] == [WEEK, WEEK + timedelta(weeks=1)]
