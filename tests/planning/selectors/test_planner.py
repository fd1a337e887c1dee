"""The planner grid (planning.selectors.planner) against a hand-computed week,
and its query counts."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from agencydesk.people.roles import Role
from agencydesk.planning import services
from agencydesk.planning.selectors import planner_rows
from tests.factories.clients import make_client
from tests.factories.people import make_staff

from .helpers import CHRISTMAS_WEEK, book


def test_hand_computed_week_with_a_holiday_and_leave(copywriter, client_a, client_b):
    # given: 40 h a week; Friday is Christmas; Monday and Tuesday on vacation
    leave = services.leave_request(
        actor=None,
        user=copywriter,
        kind="vacation",
        start=date(2026, 12, 21),
        end=date(2026, 12, 22),
    )
    services.leave_approve(actor=None, leave=leave)
    book(copywriter, client_a, 10)
    book(copywriter, None, 2)  # internal: the agency's Monday call
    book(copywriter, client_b, 8, tentative=True)

    # when
    (row,) = planner_rows(people=[copywriter], weeks=[CHRISTMAS_WEEK])
    cell = row.cells[0]

    # then: 40 h − 8 h holiday − 16 h leave = 16 h; 12 h confirmed = 75%
    assert cell.capacity.weekly_minutes == 2400
    assert cell.capacity.holiday_minutes == 480
    assert cell.capacity.leave_minutes == 960
    assert cell.available_minutes == 960
    assert cell.capacity.holidays == ((date(2026, 12, 25), "Christmas Day"),)
    assert cell.capacity.leave_days == (date(2026, 12, 21), date(2026, 12, 22))
    assert (cell.confirmed_minutes, cell.tentative_minutes) == (720, 480)
    assert (cell.percent, cell.heat) == (75, "healthy")
    assert (cell.percent_with_tentative, cell.heat_with_tentative) == (125, "over")


def test_leave_on_a_holiday_is_not_counted_twice(copywriter):
    leave = services.leave_request(
        actor=None,
        user=copywriter,
        kind="sick",
        start=date(2026, 12, 24),
        end=date(2026, 12, 27),
    )
    services.leave_approve(actor=None, leave=leave)
    (row,) = planner_rows(people=[copywriter], weeks=[CHRISTMAS_WEEK])
    capacity = row.cells[0].capacity
    assert (capacity.holiday_minutes, capacity.leave_minutes) == (480, 480)
    assert capacity.available_minutes == 1440


def test_requested_leave_does_not_reduce_capacity(copywriter):
    services.leave_request(
        actor=None,
        user=copywriter,
        kind="vacation",
        start=CHRISTMAS_WEEK,
        end=CHRISTMAS_WEEK + timedelta(days=4),
    )
    (row,) = planner_rows(people=[copywriter], weeks=[CHRISTMAS_WEEK])
    assert row.cells[0].available_minutes == 1920


def _world(size: int):
    clients = [make_client(f"Size Client {n}") for n in range(3)]
    people = [make_staff(Role.SPECIALIST, country="ID") for _n in range(size)]
    week = date(2026, 11, 2)
    for n, person in enumerate(people):
        services.allocation_create(
            actor=None, user=person, week=week, client=clients[n % 3], minutes=600
        )
        services.allocation_create(
            actor=None,
            user=person,
            week=week + timedelta(weeks=1),
            client=None,
            minutes=60,
            is_tentative=True,
        )
        leave = services.leave_request(
            actor=None, user=person, kind="vacation", start=week, end=week
        )
        services.leave_approve(actor=None, leave=leave)
    return week


# The client and team pickers list nothing until one types; one query sums the
# tasks due, and the what-if form lists the templates and planned projects.
PLANNER_QUERIES = 9


@pytest.mark.parametrize("size", [1, 12])
def test_planner_costs_the_same_queries_at_any_size(
    size, admin_user, as_user, django_assert_num_queries
):
    week = _world(size)
    http = as_user(admin_user)
    http.get("/")
    with django_assert_num_queries(PLANNER_QUERIES):
        response = http.get(reverse("planning:planner"), {"start": week.isoformat()})
    assert response.status_code == 200
