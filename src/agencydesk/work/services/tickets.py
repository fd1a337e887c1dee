"""A ticket in Production becomes tasks of the client's current project, and
the ticket moves on to Delivery once those tasks are done.

Desk knows nothing of projects: it calls ``production_to_tasks`` (registered
in ``WorkConfig.ready``) inside the move that takes a ticket into Production.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Max

from agencydesk.core.timeline import timeline_record
from agencydesk.desk import services as desk_services
from agencydesk.desk.models import Stage, Ticket

from ..models import Project, Task, TaskStatus


def current_project(client_id: int) -> Project | None:
    """The client's active project started most recently, if any."""
    return (
        Project.objects.filter(client_id=client_id, status=Project.Status.ACTIVE)
        .order_by("-start", "-pk")
        .first()
    )


def production_to_tasks(*, ticket: Ticket, actor: Any, now: datetime) -> list[Task]:
    """One task per production step of the ticket, in the client's current
    project, once: a ticket that comes back to Production keeps its tasks.
    Without an active project the ticket keeps only its steps."""
    if Task.objects.filter(ticket=ticket).exists():
        return []
    project = current_project(ticket.client_id)
    if project is None:
        return []
    steps = list(ticket.steps.order_by("order", "pk"))
    if not steps:
        return []
    owner = ticket.production_owner
    if owner is not None and not (owner.is_staff and owner.is_active):
        owner = None
    last = Task.objects.filter(project=project, status=TaskStatus.TODO).aggregate(
        last=Max("order")
    )["last"]
    first = 0 if last is None else last + 1
    tasks = []
    for n, step in enumerate(steps):
        task = Task.objects.create(
            project=project,
            title=step.name,
            owner=owner,
            due=step.due_date,
            status=TaskStatus.TODO,
            order=first + n,
            ticket=ticket,
        )
        timeline_record(
            actor=actor,
            client_id=ticket.client_id,
            verb="task.from_ticket",
            target=task,
            data={"ticket": ticket.reference},
        )
        tasks.append(task)
    return tasks


def ticket_tasks_done(*, actor: Any, task: Task) -> None:
    """After ``task`` is done: when every task of its ticket is done and the
    ticket is still in Production, the ticket moves on to Delivery."""
    if task.ticket_id is None or task.status != TaskStatus.DONE:
        return
    if (
        Task.objects.filter(ticket_id=task.ticket_id)
        .exclude(status=TaskStatus.DONE)
        .exists()
    ):
        return
    ticket = Ticket.objects.filter(pk=task.ticket_id).first()
    if ticket is None or ticket.stage != Stage.PRODUCTION:
        return
    desk_services.ticket_move(actor=actor, ticket=ticket, stage=Stage.DELIVERY)
