"""Changing several tasks of a project at once (the list tab's bulk bar)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from agencydesk.core.access import require_actor
from agencydesk.people.models import User

from ..errors import BulkEditEmptyError, BulkTaskChangedError, TaskChangedError
from ..models import Project, Task
from .tasks import task_move, task_update


@transaction.atomic
def tasks_bulk_edit(
    *,
    actor: Any,
    project: Project,
    tasks: Sequence[tuple[Task, int | None]],
    status: str = "",
    owner: User | None = None,
    shift_days: int | None = None,
) -> list[Task]:
    """Give the ticked tasks (each with the version the page showed) a status,
    an owner and/or move their dates by ``shift_days``, through ``task_update``
    and ``task_move``, so each change is on its task's history. All or
    nothing: a task someone changed meanwhile, or of another project, refuses
    the whole batch."""
    require_actor(actor, "work.change_task")
    if not tasks:
        raise BulkEditEmptyError
    if not status and owner is None and not shift_days:
        raise BulkEditEmptyError
    if any(task.project_id != project.pk for task, _version in tasks):
        raise BulkEditEmptyError
    changed = []
    for task, version in sorted(tasks, key=lambda pair: pair[0].pk):
        try:
            changed.append(
                _edit_one(actor, task, version, status, owner, shift_days or 0)
            )
        except TaskChangedError:
            raise BulkTaskChangedError(task) from None
    return changed


def _edit_one(
    actor: Any,
    task: Task,
    version: int | None,
    status: str,
    owner: User | None,
    shift: int,
) -> Task:
    changes: dict[str, Any] = {}
    if owner is not None and owner.pk != task.owner_id:
        changes["owner"] = owner
    if shift:
        delta = datetime.timedelta(days=shift)
        if task.start is not None:
            changes["start"] = task.start + delta
        if task.due is not None:
            changes["due"] = task.due + delta
    if changes:
        task = task_update(actor=actor, task=task, version=version, **changes)
        version = task.version
    if status and status != task.status:
        task = task_move(actor=actor, task=task, status=status, version=version)
    elif not changes and version is not None and task.version != version:
        # Nothing to change in this one, but the page showed it stale.
        raise TaskChangedError
    return task
