"""Panels the work app adds to composed pages."""

from typing import Any

from django.http import HttpRequest

from agencydesk.core.panels import Panel, register_panel
from agencydesk.people.roles import SPECIALIST_HOME

from .schedule_views import my_work_context
from .selectors import production_projects, ticket_project_refusal, ticket_tasks

PICK_PERMS = ("desk.move_ticket", "work.change_project")


def _ticket_tasks(*, request: HttpRequest, ticket: Any) -> dict[str, Any]:
    """The tasks made from a ticket, with their project (one query); while
    it has none and may still get some, the projects its production may go
    to, for those who may choose (one more)."""
    viewer = request.viewer
    tasks = ticket_tasks(viewer=viewer, ticket=ticket)
    can_pick = (
        all(viewer.has_perm(perm) for perm in PICK_PERMS)
        and not ticket.client.is_archived
        and not ticket_project_refusal(ticket, has_tasks=bool(tasks))
    )
    projects = production_projects(viewer=viewer, ticket=ticket) if can_pick else []
    chosen = next((p for p in projects if p.picked), None)
    current = projects[0] if projects and projects[0].is_active == 0 else None
    return {
        "tasks": tasks,
        "ticket": ticket,
        "can_pick": can_pick,
        "projects": projects,
        "chosen": chosen,
        "goes_to": chosen or current,
    }


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
