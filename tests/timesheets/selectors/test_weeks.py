"""Weeks waiting for approval (timesheets.selectors.weeks), and what the
approvals page costs in queries whatever its size."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.selectors import weeks_to_approve
from tests.factories.people import make_staff

MONDAY = date(2026, 11, 2)
APPROVALS_QUERIES = 3


def _submitted(size: int) -> list:
    people = []
    for n in range(size):
        person = make_staff(Role.SPECIALIST, full_name=f"Worker {n:02d}")
        services.time_entry_create(actor=None, user=person, day=MONDAY, minutes=60 + n)
        services.timesheet_submit(actor=None, user=person, week=MONDAY)
        people.append(person)
    return people


def test_weeks_to_approve_are_the_oldest_with_their_hours(db):
    people = _submitted(3)
    later = people[0]
    services.time_entry_create(
        actor=None, user=later, day=MONDAY + timedelta(weeks=1), minutes=30
    )
    services.timesheet_submit(actor=None, user=later, week=MONDAY + timedelta(weeks=1))

    rows, waiting, minutes = weeks_to_approve(limit=3)

    assert [row.timesheet.week for row in rows] == [MONDAY] * 3
    assert sorted(row.minutes for row in rows) == [60, 61, 62]
    assert (waiting, minutes) == (4, 183)


@pytest.mark.parametrize("size", [2, 12])
def test_the_approvals_page_costs_the_same_queries_at_any_size(
    size, manager, as_user, django_assert_num_queries
):
    _submitted(size)
    http = as_user(manager)
    http.get("/")
    with django_assert_num_queries(APPROVALS_QUERIES):
        response = http.get(reverse("timesheets:approvals"))
    assert response.content.decode().count("Worker ") >= size
