"""Reads of logged time (timesheets.selectors.entries): the week grid, the
entry list, and what each page costs in queries whatever its size."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.selectors import minutes_by_user_day, timesheet_for_week
from tests.factories.clients import make_client
from tests.factories.people import make_staff

MONDAY = date(2026, 11, 2)
# The client pickers list nothing until one types.
WEEK_QUERIES = 5
LIST_QUERIES = 3


@pytest.fixture
def worker(db):
    return make_staff(Role.SPECIALIST, full_name="Wendy Worker")


def _log_many(person, size: int) -> None:
    clients = [make_client(f"Entry Client {n}") for n in range(3)]
    for n in range(size):
        services.time_entry_create(
            actor=None,
            user=person,
            day=MONDAY + timedelta(days=n % 5),
            minutes=30,
            client=clients[n % 3],
            project=f"Project {n}",
        )


def test_the_week_adds_up_by_client_project_and_day(worker, client_a):
    for day, minutes in ((MONDAY, 90), (MONDAY, 30), (MONDAY + timedelta(days=2), 60)):
        services.time_entry_create(
            actor=None, user=worker, day=day, minutes=minutes, client=client_a
        )
    services.time_entry_create(actor=None, user=worker, day=MONDAY, minutes=15)

    sheet = timesheet_for_week(user=worker, week=MONDAY)

    assert sheet.total == 195
    # Internal time first, then each client by name.
    assert [(row.client, row.days[:3]) for row in sheet.rows] == [
        (None, [15, 0, 0]),
        (client_a, [120, 0, 60]),
    ]
    logged = minutes_by_user_day(
        user_ids=[worker.pk], first=MONDAY, last=MONDAY + timedelta(days=6)
    )
    assert logged == {(worker.pk, MONDAY): 135, (worker.pk, MONDAY + timedelta(2)): 60}


@pytest.mark.parametrize("size", [2, 12])
def test_the_week_page_costs_the_same_queries_at_any_size(
    size, worker, as_user, django_assert_num_queries
):
    _log_many(worker, size)
    http = as_user(worker)
    http.get("/")
    with django_assert_num_queries(WEEK_QUERIES):
        response = http.get(reverse("timesheets:week"), {"week": MONDAY.isoformat()})
    assert response.content.decode().count("Project ") >= size


@pytest.mark.parametrize("size", [2, 12])
def test_the_entry_list_costs_the_same_queries_at_any_size(
    size, worker, admin_user, as_user, django_assert_num_queries
):
    _log_many(worker, size)
    http = as_user(admin_user)
    http.get("/")
    with django_assert_num_queries(LIST_QUERIES):
        response = http.get(reverse("timesheets:entry-list"))
    assert response.content.decode().count("Wendy Worker") >= size
