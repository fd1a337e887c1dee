"""A ticket in Production becomes tasks of the project the account manager
chose for it or else of the client's current project, and the ticket moves on
to Delivery once those tasks are done.

Desk knows nothing of projects: it calls ``production_to_tasks`` (registered
in ``WorkConfig.ready``) inside the move that takes a ticket into Production.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.services import ensure_editable
from agencydesk.core.access import require_actor
from agencydesk.core.timeline import timeline_record
from agencydesk.desk import services as desk_services
from agencydesk.desk.models import Stage, Ticket

from ..errors import TicketProjectError
from ..models import Project, Task, TaskStatus, TicketProject
from ..selectors import picked_project, ticket_project_refusal


def current_project(client_id: int) -> Project | None:
    """The client's active project started most recently, if any."""
    return (
        Project.objects.filter(client_id=client_id, status=Project.Status.ACTIVE)
        .order_by("-start", "-pk")
        .first()
    )


def production_to_tasks(*, ticket: Ticket, actor: Any, now: datetime) -> list[Task]:
    """One task per production step of the ticket, in the project chosen for
    it (while that one is planned or active) or else the client's current
    project, once: a ticket that comes back to Production keeps its tasks.
    Without either the ticket keeps only its steps."""
    if Task.objects.filter(ticket=ticket).exists():
        return []
    project = picked_project(ticket) or current_project(ticket.client_id)
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


@transaction.atomic
def ticket_project_pick(
    *, actor: Any, ticket: Ticket, project: Project, now: datetime | None = None
) -> list[Task]:
    """Send the ticket's production to one of its client's planned or active
    projects. A ticket already in Production without tasks gets them at once
    (through ``production_to_tasks``, so once); returns the tasks made."""
    require_actor(actor, "desk.move_ticket")
    require_actor(actor, "work.change_project")
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("client")
        .get(pk=ticket.pk)
    )
    ensure_editable(ticket.client)
    refusal = ticket_project_refusal(
        ticket, has_tasks=Task.objects.filter(ticket=ticket).exists()
    )
    if refusal:
        raise TicketProjectError(refusal)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.client_id != ticket.client_id:
        raise TicketProjectError(
            _("Choose a project of %(client)s.") % {"client": ticket.client.name}
        )
    if project.status not in TicketProject.TAKES_TASKS:
        raise TicketProjectError(
            _("%(project)s is %(status)s: choose a planned or active project.")
            % {"project": project.name, "status": project.get_status_display()}
        )
    chosen = TicketProject.objects.filter(ticket=ticket).first()
    if chosen is not None and chosen.project_id == project.pk:
        raise TicketProjectError(
            _("The ticket's work goes to %(project)s already.")
            % {"project": project.name}
        )
    TicketProject.objects.update_or_create(
        ticket=ticket, defaults={"project": project, "chosen_by": actor}
    )
    timeline_record(
        actor=actor,
        client_id=ticket.client_id,
        verb="ticket.project_chosen",
        target=ticket,
        data={"project": project.name},
    )
    if ticket.stage != Stage.PRODUCTION:
        return []
    return production_to_tasks(ticket=ticket, actor=actor, now=now or timezone.now())


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
