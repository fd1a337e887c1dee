"""The shipped project templates (issue #13 item 1) and the project's budget
on its page."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agencydesk.clients.models import TeamMember
from agencydesk.core.agency import business_calendar
from agencydesk.timesheets.services import budget_set, time_entry_create
from agencydesk.work.models import Milestone, Phase, ProjectTemplate, Task

from .factories import make_project, on_team

SATURDAY = datetime.date(2026, 3, 7)


@pytest.mark.parametrize(
    ("name", "phases", "milestones", "tasks"),
    [
        ("Monthly social media retainer", 3, 3, 7),
        ("Ads campaign setup", 3, 3, 8),
        ("Website launch", 4, 3, 10),
    ],
)
def test_a_shipped_template_lands_every_date_on_a_working_day(
    client_a, manager, specialist, name, phases, milestones, tasks
):
    on_team(client_a, manager, TeamMember.Role.ACCOUNT_MANAGER)
    on_team(client_a, specialist)
    template = ProjectTemplate.objects.get(name=name)
    project = make_project(client_a, manager, start=SATURDAY, template=template)
    calendar = business_calendar(client_a.calendar_id)
    days = [project.start, project.end]
    for phase in Phase.objects.filter(project=project):
        days += [phase.start, phase.end]
    days += [m.due for m in Milestone.objects.filter(project=project)]
    for task in Task.objects.filter(project=project):
        days += [task.start, task.due]
        assert task.area is not None
        assert task.owner in (manager, specialist)
    assert project.start == datetime.date(2026, 3, 9)  # the Monday after
    assert all(calendar.is_business_day(day) for day in days), days
    assert Phase.objects.filter(project=project).count() == phases
    assert Milestone.objects.filter(project=project).count() == milestones
    assert Task.objects.filter(project=project).count() == tasks
    approvals = Milestone.objects.filter(project=project, needs_client_approval=True)
    assert approvals.count() == 2


def test_template_names_are_message_ids_shown_translated(db):
    template = ProjectTemplate.objects.get(name="Ads campaign setup")
    with translation.override("en"):
        assert str(template) == "Ads campaign setup"
    item = template.items.get(title="Media plan approved")
    assert item.needs_client_approval and str(item) == "Media plan approved"


def test_the_project_page_shows_the_budget_of_its_name(
    client_a, manager, specialist, as_user
):
    project = make_project(client_a, manager, name="Ads spring")
    http = as_user(manager)
    html = http.get(project.get_absolute_url()).content.decode()
    assert 'id="project-budget"' in html and "No budget is set" in html
    assert "project=Ads%20spring" in html and "kind=tm" in html
    form = http.get(reverse("planning:budget-edit") + "?kind=tm&project=Ads%20spring")
    assert 'value="Ads spring"' in form.content.decode()
    with CaptureQueriesContext(connection) as before:
        http.get(project.get_absolute_url())
    budget_set(
        actor=None,
        client=client_a,
        kind="tm",
        project="Ads spring",
        minutes=600,
        amount=Decimal(1000000),
        currency="IDR",
    )
    time_entry_create(
        actor=None,
        user=specialist,
        client=client_a,
        project="Ads spring",
        day=datetime.date(2026, 3, 3),
        minutes=150,
    )
    with CaptureQueriesContext(connection) as after:
        html = http.get(project.get_absolute_url()).content.decode()
    assert "2:30" in html and "10:00" in html and "25%" in html
    assert len(after) - len(before) <= 1  # the time logged, once there is a budget


def test_a_specialist_sees_the_budget_but_may_not_set_it(
    client_a, manager, specialist, as_user
):
    project = make_project(client_a, manager, name="Quiet")
    html = as_user(specialist).get(project.get_absolute_url()).content.decode()
    assert 'id="project-budget"' in html
    assert reverse("planning:budget-edit") not in html
