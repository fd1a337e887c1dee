"""An action item becomes a task of the client's project ("Make a task"),
with its owner and due date, linked back to the meeting."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agencydesk.meetings import services
from agencydesk.meetings.models import ActionItem
from agencydesk.work import services as work_services
from agencydesk.work.models import Task
from tests.work.factories import make_project

pytestmark = pytest.mark.django_db

SOON = timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)
DUE = datetime.date(2026, 3, 20)


@pytest.fixture
def meeting(client_a, manager):
    return services.meeting_schedule(
        actor=manager,
        client=client_a,
        kind="regular",
        title="Weekly sync",
        starts_at=SOON,
        staff=[manager],
    )


@pytest.fixture
def item(meeting, manager, specialist):
    return services.action_item_add(
        actor=manager,
        meeting=meeting,
        title="Send the media plan",
        owner=specialist,
        due_date=DUE,
    )


def test_make_a_task_defaults_to_the_active_project_and_links_back(
    client_a, meeting, item, manager, specialist, as_user
):
    old = make_project(client_a, manager, name="Old launch")
    current = make_project(client_a, manager, name="Spring campaign")
    work_services.project_update(actor=None, project=current, status="active")
    http = as_user(manager)
    page = http.get(meeting.get_absolute_url()).content.decode()
    assert "Make a task" in page
    # The current project is offered first (selected), the others after it.
    assert page.index(f'value="{current.pk}" selected') < page.index(
        f'value="{old.pk}"'
    )
    response = http.post(
        reverse("meetings:action-task", args=[meeting.pk, item.pk]),
        {"project": current.pk},
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.project, task.title, task.owner, task.due) == (
        current,
        "Send the media plan",
        specialist,
        DUE,
    )
    assert ActionItem.objects.get().task == task
    page = http.get(meeting.get_absolute_url()).content.decode()
    assert task.get_absolute_url() in page
    task_page = http.get(task.get_absolute_url()).content.decode()
    assert "From meeting" in task_page
    assert meeting.get_absolute_url() in task_page
    # Twice is refused, nothing more is made.
    again = http.post(
        reverse("meetings:action-task", args=[meeting.pk, item.pk]),
        {"project": current.pk},
    )
    assert again.status_code == 302
    assert Task.objects.count() == 1


def test_a_project_of_another_client_is_refused(
    client_b, meeting, item, manager, as_user
):
    other = make_project(client_b, manager, name="Beta project")
    response = as_user(manager).post(
        reverse("meetings:action-task", args=[meeting.pk, item.pk]),
        {"project": other.pk},
    )
    assert response.status_code == 302
    assert not Task.objects.exists()
    assert ActionItem.objects.get().task is None
