"""The planner's real demand (issue #13 item 4): the estimates of the tasks
due each week beside the bookings, and the service desk's forecast of the
retainer clients."""

from datetime import date, timedelta
from decimal import Decimal

from agencydesk.clients.models import TeamMember
from agencydesk.core.access import viewer_for
from agencydesk.desk.models import Ticket
from agencydesk.planning.selectors import planner_rows
from agencydesk.timesheets import services as timesheets
from agencydesk.timesheets.selectors import desk_forecast
from agencydesk.work import services as work
from tests.factories.desk import make_ticket
from tests.work.factories import make_project, make_task, on_team, small_template

from .helpers import book

WEEK = date(2026, 11, 9)  # no public holiday in Indonesia


def test_tasks_due_in_a_week_add_to_the_bookings(copywriter, manager, client_a):
    # given: 32 h of 40 booked (80%) and 16 h of open tasks due that week
    book(copywriter, client_a, 32, week=WEEK)
    project = make_project(client_a, manager, start=date(2026, 11, 2))
    make_task(project, owner=copywriter, due=WEEK + timedelta(2), estimate_minutes=600)
    make_task(project, owner=copywriter, due=WEEK + timedelta(4), estimate_minutes=360)
    # not demand: done, due the next week, without estimate, someone else's,
    # of a cancelled project
    make_task(project, owner=copywriter, due=WEEK, estimate_minutes=900, status="done")
    make_task(project, owner=copywriter, due=WEEK + timedelta(7), estimate_minutes=60)
    make_task(project, owner=copywriter, due=WEEK)
    make_task(project, owner=manager, due=WEEK, estimate_minutes=480)
    cancelled = make_project(client_a, manager, name="Dropped", start=WEEK)
    make_task(cancelled, owner=copywriter, due=WEEK, estimate_minutes=480)
    work.project_update(actor=None, project=cancelled, status="cancelled")

    # when
    (row,) = planner_rows(
        people=[copywriter], weeks=[WEEK, WEEK + timedelta(7)], demand=True
    )

    # then
    this, following = row.cells
    assert (this.confirmed_minutes, this.task_minutes) == (1920, 960)
    assert (this.percent, this.percent_with_tasks) == (80, 120)
    assert this.heat == "healthy" and this.over_with_tasks
    assert (following.task_minutes, following.over_with_tasks) == (60, False)


def test_a_week_already_over_is_not_flagged_again(copywriter, manager, client_a):
    book(copywriter, client_a, 44, week=WEEK)
    project = make_project(client_a, manager, start=WEEK)
    make_task(project, owner=copywriter, due=WEEK, estimate_minutes=60)
    (row,) = planner_rows(people=[copywriter], weeks=[WEEK], demand=True)
    assert row.cells[0].heat == "over"
    assert not row.cells[0].over_with_tasks


def test_exactly_full_with_tasks_is_not_over(copywriter, manager, client_a):
    book(copywriter, client_a, 32, week=WEEK)
    project = make_project(client_a, manager, start=WEEK)
    make_task(project, owner=copywriter, due=WEEK, estimate_minutes=480)
    (row,) = planner_rows(people=[copywriter], weeks=[WEEK], demand=True)
    assert row.cells[0].percent_with_tasks == 100
    assert not row.cells[0].over_with_tasks


def test_the_forecast_averages_the_hours_on_a_retainers_tickets(
    copywriter, client_a, client_b, admin_user
):
    # given: today is Wednesday 18 November; the last 8 full weeks run from
    # Monday 21 September to Sunday 15 November
    today = date(2026, 11, 18)
    for client in (client_a, client_b):
        timesheets.budget_set(
            actor=None,
            client=client,
            kind="retainer",
            month=date(2026, 11, 1),
            minutes=40 * 60,
            amount=Decimal("0"),
            currency="IDR",
        )
    ticket = make_ticket(client_a)
    log = timesheets.time_entry_create
    log(actor=None, user=copywriter, day=date(2026, 9, 21), minutes=600, ticket=ticket)
    log(actor=None, user=copywriter, day=date(2026, 11, 15), minutes=360, ticket=ticket)
    # not counted: outside the window, this week, or not on a ticket
    log(actor=None, user=copywriter, day=date(2026, 9, 20), minutes=999, ticket=ticket)
    log(actor=None, user=copywriter, day=date(2026, 11, 16), minutes=999, ticket=ticket)
    log(
        actor=None, user=copywriter, day=date(2026, 10, 5), minutes=999, client=client_a
    )

    # when
    forecasts = desk_forecast(viewer=viewer_for(admin_user), today=today)

    # then: (600 + 360) / 8 = 120 minutes a week; Beta logged nothing
    by_client = {f.client: f for f in forecasts}
    assert set(by_client) == {client_a, client_b}
    alpha = by_client[client_a]
    assert (alpha.logged_minutes, alpha.weeks, alpha.weekly_minutes) == (960, 8, 120)
    assert (alpha.first, alpha.last) == (date(2026, 9, 21), date(2026, 11, 15))
    assert by_client[client_b].weekly_minutes == 0
    assert Ticket.objects.count() == 1


def test_only_retainer_clients_get_a_forecast(client_a, client_b, admin_user):
    timesheets.budget_set(
        actor=None,
        client=client_a,
        kind="fixed",
        project="Site",
        minutes=600,
        amount=Decimal("0"),
        currency="IDR",
    )
    forecasts = desk_forecast(
        viewer=viewer_for(admin_user), today=date(2026, 11, 18), weeks=4
    )
    assert forecasts == []


def test_the_forecast_weeks_come_from_the_setting(
    settings, copywriter, client_a, admin_user
):
    settings.PLANNER_FORECAST_WEEKS = 2
    timesheets.budget_set(
        actor=None,
        client=client_a,
        kind="retainer",
        month=date(2026, 11, 1),
        minutes=600,
        amount=Decimal("0"),
        currency="IDR",
    )
    ticket = make_ticket(client_a)
    timesheets.time_entry_create(
        actor=None, user=copywriter, day=date(2026, 11, 10), minutes=300, ticket=ticket
    )
    (forecast,) = desk_forecast(viewer=viewer_for(admin_user), today=date(2026, 11, 18))
    assert (forecast.weeks, forecast.weekly_minutes) == (2, 150)


def test_a_template_item_estimate_lands_on_its_task(client_a, manager, specialist):
    template = small_template()
    template.items.filter(title="Plan").update(estimate_minutes=900)
    on_team(client_a, specialist, TeamMember.Role.SPECIALIST)
    project = make_project(client_a, manager, template=template)
    assert dict(project.tasks.values_list("title", "estimate_minutes")) == {
        "Brief": None,
        "Plan": 900,
    }
