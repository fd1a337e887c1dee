"""What every write of tasks shares: the locked re-read with its version
check, and who may own work."""

from __future__ import annotations

from typing import Any

from agencydesk.clients.errors import ClientArchivedError

from ..errors import ProjectOwnerError, TaskChangedError
from ..models import Task


def lock_task(task: Task, version: int | None = None) -> Task:
    """Re-read the task under a row lock; refuse when someone changed it since
    ``version`` or its client is archived."""
    fresh = (
        Task.objects.select_for_update(of=("self",))
        .select_related("project__client")
        .get(pk=task.pk)
    )
    if version is not None and fresh.version != version:
        raise TaskChangedError
    if fresh.project.client.is_archived:
        raise ClientArchivedError
    return fresh


def save_task(task: Task, fields: set[str]) -> None:
    task.version += 1
    task.save(update_fields=[*fields, "version", "updated_at"])


def check_owner(person: Any) -> None:
    if person is not None and not (person.is_staff and person.is_active):
        raise ProjectOwnerError
