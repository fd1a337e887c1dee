"""Panels the work app adds to composed pages."""

from typing import Any

from django.http import HttpRequest

from agencydesk.core.panels import Panel, register_panel

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
