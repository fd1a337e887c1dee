"""The task page's "Deliverables & approvals" section, the portal home's
approvals waiting for the contact and the account manager's overdue ones,
composed as panels."""

from typing import Any

from django.http import HttpRequest

from agencydesk.clients.selectors import clients_managed_by
from agencydesk.core.panels import Panel, register_panel
from agencydesk.people.roles import ACCOUNT_MANAGER_HOME

from .approvals_forms import client_contacts
from .approvals_selectors import (
    approvals_for_portal,
    deliverables_for_task,
    mark_overdue,
    rounds_for_desk,
)


def _task_approvals(*, request: HttpRequest, task: Any) -> dict[str, Any]:
    """The task's deliverables, versions, rounds and decisions (four
    queries), and the client's contacts to send to (one)."""
    rows = deliverables_for_task(task=task)
    for row in rows:
        for round_ in row.rounds:
            round_.deliverable.task = task
        mark_overdue(row.rounds)
    can_send = request.viewer.has_perm("work.send_for_approval")
    return {
        "task": task,
        "deliverables": rows,
        "can_send": can_send,
        "contacts": list(client_contacts(task.project.client_id)) if can_send else [],
    }


register_panel(
    "task",
    Panel(
        name="work-approvals",
        template="work/approvals/task_section.html",
        context=_task_approvals,
        order=20,
        perm="work.view_task",
    ),
)


PORTAL_WAITING = 5


def _portal_waiting(*, request: HttpRequest, client: Any) -> dict[str, Any]:
    """What waits for the contact's decision, newest first (one query)."""
    waiting = list(approvals_for_portal(viewer=request.viewer)[: PORTAL_WAITING + 1])
    return {
        "approvals": waiting[:PORTAL_WAITING],
        "more": len(waiting) > PORTAL_WAITING,
    }


register_panel(
    "portal",
    Panel(
        name="work-approvals-waiting",
        template="work/approvals/portal_panel.html",
        context=_portal_waiting,
        order=20,
    ),
)


HOME_OVERDUE = 10


def _overdue_my_clients(*, request: HttpRequest) -> dict[str, Any]:
    """The overdue rounds of the account manager's clients, the longest
    waiting first (one query; the clients are the home's, read once)."""
    clients = clients_managed_by(viewer=request.viewer)
    rounds = list(
        rounds_for_desk(
            viewer=request.viewer,
            client_ids=[client.pk for client in clients],
            state="overdue",
        )[: HOME_OVERDUE + 1]
    )
    return {"rounds": rounds[:HOME_OVERDUE], "more": len(rounds) > HOME_OVERDUE}


register_panel(
    ACCOUNT_MANAGER_HOME,
    Panel(
        name="work-approvals-overdue",
        template="work/approvals/home_overdue.html",
        context=_overdue_my_clients,
        order=35,
        perm="work.view_task",
    ),
)
