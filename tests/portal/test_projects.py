"""The client's projects, scope meter and retainer balance in the portal
(issue #13 item 8): the staff figures, nothing internal, another client's 404,
constant query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencydesk.timesheets.selectors import retainer_burn
from agencydesk.timesheets.services import budget_set, time_entry_create
from agencydesk.work import services
from agencydesk.work.models import Milestone, Phase
from agencydesk.work.scope_selectors import scope_meter, today_for

from ..work.factories import make_project, make_task


def _project(client, owner, name="Spring campaign", today=None):
    today = today or today_for(client)
    project = make_project(client, owner, name=name, start=today)
    Phase.objects.create(
        project=project,
        title="Discovery",
        start=today - datetime.timedelta(days=9),
        end=today - datetime.timedelta(days=2),
        order=0,
    )
    Phase.objects.create(
        project=project,
        title="Build",
        start=today - datetime.timedelta(days=1),
        end=today + datetime.timedelta(days=8),
        order=1,
    )
    done = Milestone.objects.create(
        project=project, title="Kick-off", due=today - datetime.timedelta(days=5)
    )
    services.milestone_toggle(actor=None, milestone=done)
    Milestone.objects.create(
        project=project, title="Designs approved", due=today + datetime.timedelta(3)
    )
    Milestone.objects.create(
        project=project, title="Launch", due=today + datetime.timedelta(days=20)
    )
    task = make_task(project, title="Internal wireframes")
    services.task_comment_add(
        actor=None, task=task, body="Internal: the client pays too little"
    )
    return project


@pytest.fixture
def project_a(client_a, manager):
    return _project(client_a, manager)


def test_the_contact_sees_milestone_progress_and_phases_nothing_internal(
    project_a, contact_a, as_user
):
    http = as_user(contact_a.user)
    listed = http.get(reverse("portal:project-list")).content.decode()
    page = http.get(reverse("portal:project-detail", args=[project_a.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    due = Milestone.objects.get(title="Designs approved").due
    for text in (listed, html):
        assert "Spring campaign" in text
        assert "1 of 3 milestones done" in text
        assert "Next: Designs approved on " + due.strftime("%m/%d/%Y") in text
        assert "Discovery" in text and "Build" in text
        # Tasks, their comments, hours and money never reach a contact.
        assert "Internal wireframes" not in text
        assert "pays too little" not in text
    assert 'data-phase-state="done"' in html and 'data-phase-state="current"' in html
    assert "Launch" in html and "needs your approval" not in html


def test_another_clients_project_is_404_and_staff_are_refused(
    project_a, contact_b, manager, as_user
):
    url = reverse("portal:project-detail", args=[project_a.pk])
    assert as_user(contact_b.user).get(url).status_code == 404
    listed = as_user(contact_b.user).get(reverse("portal:project-list"))
    assert "Spring campaign" not in listed.content.decode()
    assert "No projects yet" in listed.content.decode()
    assert as_user(manager).get(url).status_code == 403


def test_a_cancelled_project_is_not_shown(project_a, contact_a, as_user):
    services.project_update(actor=None, project=project_a, status="cancelled")
    http = as_user(contact_a.user)
    assert (
        "Spring campaign"
        not in http.get(reverse("portal:project-list")).content.decode()
    )
    url = reverse("portal:project-detail", args=[project_a.pk])
    assert http.get(url).status_code == 404


def _count(http, url):
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url).status_code == 200
    return len(queries)


def test_project_pages_cost_the_same_queries_with_more_projects(
    project_a, client_a, contact_a, manager, as_user
):
    http = as_user(contact_a.user)
    http.get(reverse("portal:home"))
    urls = [
        reverse("portal:project-list"),
        reverse("portal:project-detail", args=[project_a.pk]),
    ]
    before = [_count(http, url) for url in urls]
    for n in range(3):
        _project(client_a, manager, name=f"More {n}")
    assert [_count(http, url) for url in urls] == before


def test_the_staff_mark_a_milestone_done_from_the_project_page(
    project_a, manager, as_user
):
    launch = Milestone.objects.get(title="Launch")
    url = reverse("work:milestone-toggle", args=[project_a.pk, launch.pk])
    response = as_user(manager).post(url)
    launch.refresh_from_db()
    assert response.status_code == 302 and launch.done_at is not None
    page = as_user(manager).get(project_a.get_absolute_url()).content.decode()
    assert "Open Launch again" in page


def test_a_specialist_may_not_mark_milestones(project_a, specialist, as_user):
    launch = Milestone.objects.get(title="Launch")
    url = reverse("work:milestone-toggle", args=[project_a.pk, launch.pk])
    assert as_user(specialist).post(url).status_code == 403
    launch.refresh_from_db()
    assert launch.done_at is None


# --- Scope: the meter and the retainer's balance ---


@pytest.fixture
def scope_world(client_a, contact_a, manager, specialist):
    today = today_for(client_a)
    project = make_project(client_a, manager, start=today)
    sow = services.sow_create(actor=None, client=client_a, title="Social retainer")
    services.sow_line_add(
        actor=None, sow=sow, what="Posts", quantity=Decimal(12), unit="deliverables"
    )
    services.sow_line_add(
        actor=None, sow=sow, what="Time", quantity=Decimal(2), unit="hours"
    )
    services.sow_send(actor=None, sow=sow, contact=contact_a)
    services.sow_confirm(actor=None, sow=sow, contact=contact_a)
    for n in range(10):
        task = make_task(project, title=f"Post {n}")
        services.task_move(actor=None, task=task, status="done", version=task.version)
    month = today.replace(day=1)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    budget_set(
        actor=None,
        client=client_a,
        kind="retainer",
        month=previous,
        minutes=600,
        amount=Decimal(1000),
        currency="USD",
    )
    budget_set(
        actor=None,
        client=client_a,
        kind="retainer",
        month=month,
        minutes=1200,
        amount=Decimal(2000),
        currency="USD",
        rolls_over=True,
    )
    time_entry_create(
        actor=None, user=specialist, client=client_a, day=previous, minutes=480
    )
    time_entry_create(
        actor=None, user=specialist, client=client_a, day=today, minutes=90
    )
    return sow


def test_the_scope_page_shows_the_staff_meter_and_budget_figures(
    scope_world, client_a, contact_a, manager, as_user
):
    today = today_for(client_a)
    html = as_user(contact_a.user).get(reverse("portal:scope")).content.decode()
    rows = {row.line.what: row for row in scope_meter(sow=scope_world, on=today)}
    assert (rows["Posts"].used, rows["Posts"].percent) == (10, 83)
    assert 'id="scope-meter"' in html and ">10<" in html and ">83%<" in html
    assert (rows["Time"].used, rows["Time"].percent) == (Decimal("1.5"), 75)
    burn = retainer_burn(client_id=client_a.pk, month=today)
    # The budgets page shows the same burn for this retainer.
    staff = as_user(manager).get(reverse("planning:budgets")).content.decode()
    assert "22:00" in staff and "1:30" in staff and "2:00" in staff
    assert (burn.carry_in_minutes, burn.logged_minutes) == (120, 90)
    assert (burn.budget_minutes, burn.remaining_minutes) == (1320, 1230)
    for figure, value in (
        ("budget", "22:00"),
        ("rolled-over", "2:00"),
        ("used", "1:30"),
        ("left", "20:30"),
    ):
        assert f'data-figure="{figure}">{value}<' in html
    # No money: the retainer's price and the time's value stay internal.
    assert "2,000" not in html and "$" not in html


def test_the_scope_page_without_sow_or_retainer_says_so(contact_b, as_user):
    html = as_user(contact_b.user).get(reverse("portal:scope")).content.decode()
    assert "Nothing to measure yet" in html and "No retainer this month" in html


def test_the_scope_page_costs_the_same_queries_with_more_data(
    scope_world, client_a, contact_a, specialist, as_user
):
    http = as_user(contact_a.user)
    http.get(reverse("portal:home"))
    before = _count(http, reverse("portal:scope"))
    for _n in range(3):
        time_entry_create(
            actor=None,
            user=specialist,
            client=client_a,
            day=today_for(client_a),
            minutes=15,
        )
    assert _count(http, reverse("portal:scope")) == before


def test_the_portal_navigation_shows_projects_approvals_and_scope(
    contact_a, manager, as_user
):
    html = as_user(contact_a.user).get(reverse("portal:home")).content.decode()
    for url in ("project-list", "approval-list", "scope", "ticket-list"):
        assert f'href="{reverse("portal:" + url)}"' in html
    staff = as_user(manager).get(reverse("core:home"), follow=True).content.decode()
    assert 'data-nav="portal-projects"' not in staff
