"""The planner's real demand on the page (issue #13 item 4): tasks due beside
the bookings, the service-desk forecast row, and "what if" a tentative project
started — shown, never saved; bad input answered with a message."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from agencydesk.clients.models import TeamMember
from agencydesk.core.models import Agency, Event
from agencydesk.people.roles import Role
from agencydesk.planning import services
from agencydesk.planning.models import Allocation
from agencydesk.timesheets import services as timesheets
from agencydesk.timesheets.weeks import monday_of
from agencydesk.work.models import Milestone, Phase, Project, Task
from tests.factories.clients import make_client
from tests.factories.desk import make_ticket
from tests.factories.people import make_staff
from tests.work.factories import make_project, make_task, on_team, small_template

WEEK = date(2026, 11, 9)  # Monday; no public holiday in Indonesia that week
PLANNER = reverse("planning:planner")


@pytest.fixture
def writer(db):
    return make_staff(
        Role.SPECIALIST,
        full_name="Wira Writer",
        country="ID",
        weekly_capacity_hours=Decimal("40"),
    )


def _book(person, client, hours, week=WEEK):
    services.allocation_create(
        actor=None, user=person, week=week, client=client, minutes=hours * 60
    )


def _rows_of_the_database() -> dict:
    models = (Project, Task, Phase, Milestone, Allocation, Event)
    return {model.__name__: model.objects.count() for model in models}


def test_a_week_full_with_its_due_tasks_is_flagged(
    writer, manager, client_a, admin_user, as_user
):
    _book(writer, client_a, 32)
    project = make_project(client_a, manager, start=WEEK)
    make_task(project, owner=writer, due=WEEK + timedelta(2), estimate_minutes=960)

    response = as_user(admin_user).get(PLANNER, {"start": WEEK.isoformat()})

    body = response.content.decode()
    cell = body[body.index(f'id="cell-{writer.pk}-20261109"') :][:1500]
    assert "demand-over" in cell
    assert "tasks due 16:00" in cell
    assert "80% allocated, 120% with due tasks" in cell


def test_the_client_row_shows_the_service_desk_forecast(
    writer, client_a, admin_user, as_user
):
    today = timezone.localdate()
    timesheets.budget_set(
        actor=None,
        client=client_a,
        kind="retainer",
        month=today.replace(day=1),
        minutes=2400,
        amount=Decimal("0"),
        currency="IDR",
    )
    ticket = make_ticket(client_a)
    last_week = monday_of(today) - timedelta(weeks=1)
    timesheets.time_entry_create(
        actor=None, user=writer, day=last_week, minutes=480, ticket=ticket
    )
    _book(writer, client_a, 8, week=monday_of(today))

    response = as_user(admin_user).get(PLANNER, {"client": client_a.slug})

    (forecast,) = response.context["forecasts"]
    assert forecast.weekly_minutes == 60  # 8 h over the last 8 weeks
    body = response.content.decode()
    assert "Service desk forecast (average of the last 8 weeks)" in body
    assert body.count("data-forecast>1:00</td>") == 12


def test_what_if_a_template_starts_shows_who_would_be_overloaded(
    writer, manager, client_a, admin_user, as_user
):
    # given: Wira is booked 32 h of 40 in the week of 9 November
    _book(writer, client_a, 32)
    template = small_template()
    template.items.filter(title="Plan").update(estimate_minutes=900)
    template.items.filter(title="Brief").update(estimate_minutes=120)
    before = _rows_of_the_database()

    # when: the template would start that Monday with Wira as specialist
    response = as_user(admin_user).get(
        PLANNER,
        {
            "whatif-template": template.pk,
            "whatif-start": WEEK.isoformat(),
            "whatif-specialist": writer.email,
            "whatif-account_manager": manager.email,
        },
    )

    # then: Plan (15 h) lands on Wira's week: 32 + 15 = 47 h = 117%
    assert response.status_code == 200
    what_if = response.context["what_if"]
    assert response.context["weeks"][0] == WEEK
    assert what_if.overloaded == [writer]
    rows = {row.person: row.cells[0] for row in what_if.rows}
    assert rows[writer].what_if_minutes == 900
    assert rows[writer].percent_what_if == 117
    assert (rows[manager].what_if_minutes, rows[manager].over_what_if) == (120, False)
    body = response.content.decode()
    assert "Would be overloaded (over 100% of their week):" in body
    assert "117% with the tentative project" in body
    assert "what if +15:00" in body
    # and nothing was written
    assert _rows_of_the_database() == before


def test_what_if_a_planned_project_moves_its_tasks(
    writer, manager, client_a, admin_user, as_user
):
    project = make_project(client_a, manager, start=WEEK)
    make_task(project, owner=writer, due=WEEK + timedelta(1), estimate_minutes=600)
    before = _rows_of_the_database()

    response = as_user(admin_user).get(
        PLANNER,
        {
            "start": WEEK.isoformat(),
            "whatif-project": project.pk,
            "whatif-start": (WEEK + timedelta(7)).isoformat(),
        },
    )

    # the task moves a week on with its project; it is not counted twice
    what_if = response.context["what_if"]
    assert what_if.replaced_project_id == project.pk
    (row,) = what_if.rows
    assert [(c.task_minutes, c.what_if_minutes) for c in row.cells[:2]] == [
        (0, 0),
        (0, 600),
    ]
    assert what_if.overloaded == []
    assert "Nobody would be over 100% of their week" in response.content.decode()
    assert _rows_of_the_database() == before


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"whatif-template": "99999"}, "Choose one of the project templates."),
        ({"whatif-template": "abc"}, "Choose one of the project templates."),
        ({"whatif-start": "2026-13-45"}, "Enter the start as a date, e.g. 2026-11-23."),
        ({"whatif-start": ""}, "Enter the day the project would start."),
        ({"whatif-start": "0001-01-01"}, "Choose a start within 5 years of today."),
        ({"whatif-template": ""}, "Choose either a project template or a planned"),
        ({"whatif-project": "active"}, "Choose one of the planned projects you may"),
        ({"whatif-specialist": "nobody@x"}, "Choose one of the suggestions"),
    ],
)
def test_bad_what_if_input_gets_a_message(
    params, message, writer, manager, client_a, admin_user, as_user
):
    template = small_template()
    active = make_project(client_a, manager, name="Running")
    active.status = Project.Status.ACTIVE
    active.save()
    query = {"whatif-template": template.pk, "whatif-start": WEEK.isoformat()}
    query.update(params)
    if query.get("whatif-project") == "active":
        query["whatif-project"] = active.pk
        query.pop("whatif-template")
    before = _rows_of_the_database()

    response = as_user(admin_user).get(PLANNER, query)

    assert response.status_code == 200
    assert response.context["what_if"] is None
    assert message in response.content.decode()
    assert _rows_of_the_database() == before


def test_another_clients_project_is_not_a_what_if_choice(
    manager, specialist, client_a, client_b, as_user
):
    Agency.objects.filter(pk=1).update(staff_scope=Agency.StaffScope.OWN_CLIENTS)
    on_team(client_a, specialist, TeamMember.Role.SPECIALIST)
    theirs = make_project(client_b, manager, name="Beta secret launch")

    response = as_user(specialist).get(
        PLANNER,
        {"whatif-project": theirs.pk, "whatif-start": WEEK.isoformat()},
    )

    assert response.status_code == 200
    assert response.context["what_if"] is None
    body = response.content.decode()
    assert "Choose one of the planned projects you may see." in body
    assert "Beta secret launch" not in body


def _world(size: int):
    template = small_template()
    template.items.update(estimate_minutes=300)
    people = [make_staff(Role.SPECIALIST, country="ID") for _n in range(size)]
    for person in people:
        _book(person, None, 8)
        project = make_project(make_client(f"Demand {person.pk}"), person, start=WEEK)
        for n in range(3):
            make_task(
                project, owner=person, due=WEEK + timedelta(n), estimate_minutes=60
            )
    return template, people


# The planner's 9, and for the what-if: the template, two people typed, the
# agency's calendar, the template's items, the owners, and their weeks
# (calendar weekdays, leave, bookings, tasks due).
WHAT_IF_QUERIES = 9 + 10


@pytest.mark.parametrize("size", [1, 8])
def test_the_what_if_costs_the_same_queries_at_any_size(
    size, admin_user, as_user, django_assert_num_queries
):
    template, people = _world(size)
    query = {
        "start": WEEK.isoformat(),
        "whatif-template": template.pk,
        "whatif-start": WEEK.isoformat(),
        "whatif-specialist": people[0].email,
        "whatif-account_manager": people[-1].email,
    }
    http = as_user(admin_user)
    http.get(PLANNER, query)  # the agency's calendar is kept after the first
    with django_assert_num_queries(WHAT_IF_QUERIES):
        response = http.get(PLANNER, query)
    assert response.status_code == 200
    assert response.context["what_if"].rows


def test_the_clients_plan_page_shows_its_forecast(
    writer, client_a, client_b, admin_user, as_user
):
    today = timezone.localdate()
    timesheets.budget_set(
        actor=None,
        client=client_a,
        kind="retainer",
        month=today.replace(day=1),
        minutes=2400,
        amount=Decimal("0"),
        currency="IDR",
    )
    timesheets.time_entry_create(
        actor=None,
        user=writer,
        day=monday_of(today) - timedelta(weeks=2),
        minutes=960,
        ticket=make_ticket(client_a),
    )
    http = as_user(admin_user)

    alpha = http.get(reverse("planning:client", args=[client_a.slug]))
    beta = http.get(reverse("planning:client", args=[client_b.slug]))

    assert "Service desk forecast: 2:00 a week" in alpha.content.decode()
    assert b"desk-forecast" not in beta.content  # no retainer, no forecast
