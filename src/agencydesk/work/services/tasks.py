"""Adding, changing and moving tasks."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.services import ensure_editable
from agencydesk.core.access import require_actor
from agencydesk.core.timeline import timeline_record
from agencydesk.people.models import User

from ..errors import TaskDatesError, TaskMoveError, TaskPlacementError
from ..models import Area, Milestone, Phase, Project, Task, TaskStatus
from ._shared import check_owner, lock_task, save_task
from .scope import scope_check_alerts
from .tickets import ticket_tasks_done


def _check(task: Task) -> None:
    """Rules of one task's fields, asked before anything is saved."""
    if task.start is not None and task.due is not None and task.due < task.start:
        raise TaskDatesError
    check_owner(task.owner)
    for part in (task.phase, task.milestone):
        if part is not None and part.project_id != task.project_id:
            raise TaskPlacementError


@transaction.atomic
def task_create(
    *,
    actor: Any,
    project: Project,
    title: str,
    description: str = "",
    area: Area | None = None,
    owner: User | None = None,
    collaborators: Sequence[User] = (),
    start: datetime.date | None = None,
    due: datetime.date | None = None,
    estimate_minutes: int | None = None,
    phase: Phase | None = None,
    milestone: Milestone | None = None,
    status: str = TaskStatus.TODO,
) -> Task:
    """Add a task to a project, at the end of its column."""
    require_actor(actor, "work.add_task")
    ensure_editable(project.client)
    task = Task(
        project=project,
        title=title,
        description=description,
        area=area,
        owner=owner,
        start=start,
        due=due,
        estimate_minutes=estimate_minutes,
        phase=phase,
        milestone=milestone,
        status=status,
    )
    _check(task)
    last = Task.objects.filter(project=project, status=status).aggregate(
        last=Max("order")
    )["last"]
    task.order = 0 if last is None else last + 1
    task.save()
    if collaborators:
        task.collaborators.set([p for p in collaborators if p.is_staff])
    timeline_record(
        actor=actor, client_id=project.client_id, verb="task.created", target=task
    )
    return task


_EDITABLE = {
    "title",
    "description",
    "area",
    "owner",
    "start",
    "due",
    "estimate_minutes",
    "phase",
    "milestone",
}


@transaction.atomic
def task_update(
    *,
    actor: Any,
    task: Task,
    version: int | None = None,
    collaborators: Sequence[User] | None = None,
    **changes: Any,
) -> Task:
    """Change a task's fields (those given); refused when someone changed it
    since ``version``."""
    require_actor(actor, "work.change_task")
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise TypeError(f"task_update got unknown fields {sorted(unknown)}")
    task = lock_task(task, version)
    for field, value in changes.items():
        setattr(task, field, value)
    _check(task)
    save_task(task, set(changes))
    if collaborators is not None:
        task.collaborators.set([p for p in collaborators if p.is_staff])
    timeline_record(
        actor=actor,
        client_id=task.project.client_id,
        verb="task.updated",
        target=task,
    )
    return task


@transaction.atomic
def task_move(
    *, actor: Any, task: Task, status: str, version: int | None = None
) -> Task:
    """Move a task to another column of the board; refused when someone moved
    or changed it since ``version``."""
    require_actor(actor, "work.change_task")
    if status not in TaskStatus.values:
        raise TaskMoveError
    task = lock_task(task, version)
    if task.status == status:
        raise TaskMoveError(_("The task is already there."))
    last = Task.objects.filter(project_id=task.project_id, status=status).aggregate(
        last=Max("order")
    )["last"]
    task.status = status
    task.order = 0 if last is None else last + 1
    task.done_at = timezone.now() if status == TaskStatus.DONE else None
    save_task(task, {"status", "order", "done_at"})
    timeline_record(
        actor=actor,
        client_id=task.project.client_id,
        verb="task.moved",
        target=task,
        data={"status": TaskStatus(status).label},
    )
    ticket_tasks_done(actor=actor, task=task)
    if status == TaskStatus.DONE:
        scope_check_alerts(client=task.project.client)
    return task
