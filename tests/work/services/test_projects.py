import datetime

import pytest

from agencydesk.clients.models import TeamMember
from agencydesk.core.agency import business_calendar
from agencydesk.core.models import Event
from agencydesk.work import services
from agencydesk.work.errors import ProjectDatesError
from agencydesk.work.models import Project, ProjectTemplate

from ..factories import make_project, on_team, small_template

D = datetime.date


def test_a_template_lands_every_date_on_the_clients_working_days(
    client_a, manager, specialist
):
    # Alpha is in Indonesia: Saturday 15 August 2026 is followed by Sunday and
    # Independence Day (Monday 17th); Tuesday 25th is the Prophet's Birthday.
    on_team(client_a, manager, TeamMember.Role.ACCOUNT_MANAGER)
    on_team(client_a, specialist)

    project = make_project(
        client_a, manager, start=D(2026, 8, 15), template=small_template()
    )

    assert (project.start, project.end) == (D(2026, 8, 18), D(2026, 8, 26))
    assert [(p.title, p.start, p.end) for p in project.phases.all()] == [
        ("Discovery", D(2026, 8, 18), D(2026, 8, 20))
    ]
    tasks = project.tasks.order_by("order")
    assert [
        (t.title, t.start, t.due, t.owner, t.phase and t.phase.title, str(t.area))
        for t in tasks
    ] == [
        ("Brief", D(2026, 8, 18), D(2026, 8, 18), manager, "Discovery", "None"),
        ("Plan", D(2026, 8, 20), D(2026, 8, 24), specialist, None, "Content"),
    ]
    assert [
        (m.title, m.due, m.needs_client_approval) for m in project.milestones.all()
    ] == [("Approved", D(2026, 8, 26), True)]
    assert Event.objects.filter(verb="project.created", client=client_a).count() == 1


def test_the_website_launch_template_skips_christmas_and_weekends(client_a, manager):
    template = ProjectTemplate.objects.get(name="Website launch")
    project = make_project(client_a, manager, start=D(2026, 12, 19), template=template)
    calendar = business_calendar(client_a.calendar_id)

    dates = [project.start, project.end]
    dates += [d for p in project.phases.all() for d in (p.start, p.end)]
    dates += [m.due for m in project.milestones.all()]
    dates += [d for t in project.tasks.all() for d in (t.start, t.due)]

    assert project.start == D(2026, 12, 21)
    assert project.tasks.count() == 10
    assert [d for d in dates if not calendar.is_business_day(d)] == []
    # Christmas Day falls inside the Discovery phase and moves it on a day.
    discovery = project.phases.get(title="Discovery")
    assert (discovery.start, discovery.end) == (D(2026, 12, 21), D(2026, 12, 28))


def test_template_owners_left_empty_for_roles_the_team_lacks(client_a, manager):
    project = make_project(client_a, manager, template=small_template())
    assert list(project.tasks.values_list("owner", flat=True)) == [None, None]


def test_a_project_cannot_end_before_it_starts(client_a, manager):
    project = make_project(client_a, manager)
    with pytest.raises(ProjectDatesError):
        services.project_update(
            actor=manager, project=project, end=project.start - datetime.timedelta(1)
        )
    assert Project.objects.get(pk=project.pk).end is None


def test_finance_cannot_start_a_project(client_a, manager):
    from django.core.exceptions import PermissionDenied

    from agencydesk.people.roles import Role

    from ...factories.people import make_staff

    finance = make_staff(Role.FINANCE)
    with pytest.raises(PermissionDenied):
        services.project_create(
            actor=finance,
            client=client_a,
            name="Nope",
            start=D(2026, 3, 2),
            owner=manager,
        )
    assert Project.objects.count() == 0
