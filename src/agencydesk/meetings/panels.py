"""The meetings panels of the client page and the account manager's home."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from agencydesk.clients.selectors import clients_managed_by
from agencydesk.core.panels import Panel, register_panel
from agencydesk.people.roles import ACCOUNT_MANAGER_HOME

from .selectors import (
    meeting_item_of_task,
    meetings_between,
    meetings_for_client,
    next_meeting_for_client,
)


def _client_next_meeting(*, request: HttpRequest, client: Any) -> dict[str, Any]:
    return {
        "health": True,
        "next_meeting": next_meeting_for_client(viewer=request.viewer, client=client),
    }


def _client_meetings(*, request: HttpRequest, client: Any) -> dict[str, Any]:
    meetings = meetings_for_client(viewer=request.viewer, client=client)[:5]
    return {"client": client, "meetings": list(meetings)}


register_panel(
    "client",
    Panel(
        name="meetings-next",
        template="meetings/panels/client_next_meeting.html",
        context=_client_next_meeting,
        order=30,
        perm="meetings.view_meeting",
    ),
)
register_panel(
    "client",
    Panel(
        name="meetings",
        template="meetings/panels/client_meetings.html",
        context=_client_meetings,
        order=40,
        perm="meetings.view_meeting",
    ),
)


def _my_clients_this_week(*, request: HttpRequest) -> dict[str, Any]:
    """This week's meetings of the viewer's accounts, Monday to Sunday where
    the viewer is."""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time()))
    end = timezone.make_aware(
        datetime.datetime.combine(monday + datetime.timedelta(days=7), datetime.time())
    )
    clients = clients_managed_by(viewer=request.viewer)
    return {
        "now": timezone.now(),
        "meetings": meetings_between(
            viewer=request.viewer,
            start=start,
            end=end,
            client_ids=[c.pk for c in clients],
        ),
    }


register_panel(
    ACCOUNT_MANAGER_HOME,
    Panel(
        name="meetings-this-week",
        template="meetings/panels/home_this_week.html",
        context=_my_clients_this_week,
        order=35,
        perm="meetings.view_meeting",
    ),
)


def _task_meeting(*, request: HttpRequest, task: Any) -> dict[str, Any]:
    """The meeting a task's action item came from (one query)."""
    return {"item": meeting_item_of_task(viewer=request.viewer, task=task)}


register_panel(
    "task",
    Panel(
        name="task-meeting",
        template="meetings/panels/task_meeting.html",
        context=_task_meeting,
        order=10,
        perm="meetings.view_meeting",
    ),
)
