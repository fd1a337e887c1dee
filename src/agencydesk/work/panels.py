"""Panels the work app adds to composed pages."""

from typing import Any

from django.http import HttpRequest

from agencydesk.core.panels import Panel, register_panel
from agencydesk.people.roles import SPECIALIST_HOME

from .schedule_views import my_work_context
from .selectors import ticket_tasks


def _ticket_tasks(*, request: HttpRequest, ticket: Any) -> dict[str, Any]:
    """The tasks made from a ticket, with their project (one query)."""
    return {"tasks": ticket_tasks(viewer=request.viewer, ticket=ticket)}


register_panel(
    "ticket",
    Panel(
        name="ticket-tasks",
        template="work/panels/ticket_tasks.html",
        context=_ticket_tasks,
        order=30,
        perm="work.view_task",
    ),
)


def _my_tasks(*, request: HttpRequest) -> dict[str, Any]:
    """The specialist's own tasks by when they are due, filtered and paged
    (five queries: the count of each period, the page's count and rows, the
    project and area choices)."""
    return {"mine": my_work_context(request, per_page=10)}


register_panel(
    SPECIALIST_HOME,
    Panel(
        name="work-my-tasks",
        template="work/panels/home_my_tasks.html",
        context=_my_tasks,
        order=15,
        perm="work.view_task",
    ),
)
