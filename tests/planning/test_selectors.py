"""The planner's figures against a hand-computed week, and its query counts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from agencydesk.clients.services import team_member_add
from agencydesk.core.access import SYSTEM
from agencydesk.people.roles import Role
from agencydesk.planning import services
from agencydesk.planning.selectors import overload_list, planner_rows, portfolio_for
from tests.factories.clients import make_client
from tests.factories.people import make_staff

# Christmas Day, Friday 25 December 2026, is a public holiday in Indonesia.
CHRISTMAS_WEEK = date(2026, 12, 21)


@pytest.fixture
def copywriter(db):
    return make_staff(
        Role.SPECIALIST,
        full_name="Citra Copywriter",
        country="ID",
        weekly_capacity_hours=Decimal("40"),
    )


def _book(person, client, hours, *, tentative=False, week=CHRISTMAS_WEEK):
    return services.allocation_create(
        actor=None,
        user=person,
        week=week,
        client=client,
        minutes=int(hours * 60),
        is_tentative=tentative,
        confirm=True,
    )


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
    _book(copywriter, client_a, 10)
    _book(copywriter, None, 2)  # internal: the agency's Monday call
    _book(copywriter, client_b, 8, tentative=True)

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


def test_overload_list_says_what_pushes_people_over(copywriter, client_a, client_b):
    week = date(2026, 11, 9)
    _book(copywriter, client_a, 30, week=week)
    _book(copywriter, client_b, 15, week=week)
    _book(copywriter, None, 2, tentative=True, week=week)
    calm = make_staff(Role.SPECIALIST, full_name="Calm Person")
    _book(calm, client_a, 20, week=week)

    (overload,) = overload_list(viewer=SYSTEM, week=week)

    assert overload.person == copywriter
    assert (overload.cell.percent, overload.over_minutes) == (112, 300)
    assert [(a.client_id, a.minutes) for a in overload.allocations] == [
        (client_a.pk, 1800),
        (client_b.pk, 900),
        (None, 120),
    ]


def test_portfolio_shows_the_share_of_the_managers_week(manager, client_a, client_b):
    week = date(2026, 11, 9)
    for client in (client_a, client_b):
        team_member_add(actor=None, client=client, user=manager, role="account_manager")
    _book(manager, client_a, 24, week=week)
    _book(manager, client_b, 8, week=week)
    _book(manager, None, 4, week=week)
    portfolio = portfolio_for(viewer=SYSTEM, manager=manager, week=week)
    assert [
        (line.client.name, line.minutes, line.share) for line in portfolio.lines
    ] == [
        ("Alpha Coffee", 1440, 60),
        ("Beta Honey", 480, 20),
    ]
    assert portfolio.internal_minutes == 240


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


PLANNER_QUERIES = 12


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


def test_profitability_keeps_currencies_apart(copywriter, admin_user, client_a):
    from agencydesk.planning.selectors import profitability_report
    from agencydesk.timesheets import services as timesheets

    day = date(2026, 11, 3)
    timesheets.time_entry_create(
        actor=None, user=copywriter, day=day, minutes=120, client=client_a
    )
    timesheets.rate_set(
        actor=admin_user,
        kind="bill",
        user=copywriter,
        client=client_a,
        hourly_amount="150000",
        currency="IDR",
        effective_from=day,
    )
    timesheets.time_entry_create(
        actor=None, user=copywriter, day=day, minutes=60, client=client_a
    )
    (row,) = profitability_report(viewer=SYSTEM, first=day, last=day)
    assert row.minutes == 180
    assert row.value == {"USD": Decimal("0.00"), "IDR": Decimal("150000.00")}
    assert row.cost == {"USD": Decimal("0.00")}
    assert row.margin is None


def test_utilisation_is_billable_time_over_available_capacity(copywriter, client_a):
    from agencydesk.planning.selectors import utilisation_report
    from agencydesk.timesheets import services as timesheets

    timesheets.time_entry_create(
        actor=None,
        user=copywriter,
        day=CHRISTMAS_WEEK,
        minutes=8 * 60,
        client=client_a,
    )
    timesheets.time_entry_create(
        actor=None, user=copywriter, day=CHRISTMAS_WEEK, minutes=60, client=None
    )
    (row,) = utilisation_report(people=[copywriter], weeks=[CHRISTMAS_WEEK])
    # 32 h available (Christmas Day off): 8 h billable = 25%
    assert (row.available_minutes, row.billable_minutes, row.logged_minutes) == (
        1920,
        480,
        540,
    )
    assert row.percent == 25
