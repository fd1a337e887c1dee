"""Time against a project's task: the timer and the log form of the task
page, estimate vs actual with the over-estimate warning."""

import datetime

import pytest
from django.urls import reverse

from agencydesk.core.models import Agency, Event
from agencydesk.timesheets import services
from agencydesk.timesheets.models import TimeEntry, Timer
from agencydesk.work import services as work_services
from tests.factories.desk import make_ticket
from tests.work.factories import make_project, make_task, on_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(client_a, manager, specialist):
    on_team(client_a, specialist)
    return make_task(make_project(client_a, manager), "Shoot the photos")


def test_the_timer_on_a_task_records_time_with_task_and_client(
    task, specialist, as_user
):
    http = as_user(specialist)
    page = http.get(task.get_absolute_url()).content.decode()
    assert 'id="task-timer-start"' in page
    started = http.post(
        reverse("timesheets:timer-start"),
        {
            "timer-task": task.pk,
            "timer-is_billable": "on",
            "next": task.get_absolute_url(),
        },
    )
    assert started.status_code == 302
    assert started["Location"] == task.get_absolute_url()
    assert Timer.objects.get(user=specialist).task == task
    Timer.objects.filter(user=specialist).update(
        started_at=Timer.objects.get().started_at - datetime.timedelta(minutes=30)
    )
    page = http.get(task.get_absolute_url()).content.decode()
    assert 'id="task-timer-stop"' in page
    stopped = http.post(
        reverse("timesheets:timer-stop"), {"next": task.get_absolute_url()}
    )
    assert stopped["Location"] == task.get_absolute_url()
    entry = TimeEntry.objects.get()
    assert (entry.task, entry.client, entry.minutes) == (task, task.project.client, 30)
    assert Event.objects.filter(verb="task.time_logged").count() == 1


def test_time_on_a_task_from_a_ticket_carries_the_ticket(task, specialist):
    ticket = make_ticket(task.project.client)
    task.ticket = ticket
    task.save(update_fields=["ticket"])
    entry = services.time_entry_create(
        actor=specialist,
        user=specialist,
        day=datetime.date(2026, 3, 3),
        minutes=15,
        task=task,
    )
    assert (entry.ticket, entry.client) == (ticket, task.project.client)


def test_estimate_vs_actual_warns_past_the_estimate(task, specialist, as_user):
    work_services.task_update(actor=None, task=task, estimate_minutes=60)
    http = as_user(specialist)
    logged = http.post(
        reverse("timesheets:task-log", args=[task.pk]),
        {
            "time-day": "2026-03-03",
            "time-duration": "1:30",
            "time-is_billable": "on",
            "next": task.get_absolute_url(),
        },
    )
    assert logged.status_code == 302
    page = http.get(task.get_absolute_url()).content.decode()
    assert "90 min" in page
    assert 'id="task-over-estimate"' in page
    assert "Over the estimate by 30 min" in page


def test_a_bad_duration_is_refused_and_nothing_logged(task, specialist, as_user):
    response = as_user(specialist).post(
        reverse("timesheets:task-log", args=[task.pk]),
        {"time-day": "2026-03-03", "time-duration": "lots", "next": "/elsewhere/"},
    )
    assert response.status_code == 302
    assert not TimeEntry.objects.exists()


def test_another_clients_task_is_404_for_time(client_b, manager, specialist, as_user):
    Agency.objects.filter(pk=1).update(staff_scope=Agency.StaffScope.OWN_CLIENTS)
    other = make_task(make_project(client_b, manager), "Beta task")
    http = as_user(specialist)
    assert (
        http.post(
            reverse("timesheets:task-log", args=[other.pk]),
            {"time-day": "2026-03-03", "time-duration": "1:00"},
        ).status_code
        == 404
    )
    started = http.post(reverse("timesheets:timer-start"), {"timer-task": other.pk})
    assert started.status_code in (302, 422)
    assert not Timer.objects.exists()
    assert not TimeEntry.objects.exists()
