"""A task's checklist: add a line, tick or untick it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from agencydesk.core.access import require_actor
from agencydesk.core.timeline import timeline_record

from ..models import ChecklistItem, Task
from ._shared import lock_task


@transaction.atomic
def checklist_add(*, actor: Any, task: Task, text: str) -> ChecklistItem:
    """Add a line at the end of a task's checklist."""
    require_actor(actor, "work.change_task")
    task = lock_task(task)
    last = task.checklist.aggregate(last=Max("order"))["last"]
    item = ChecklistItem.objects.create(
        task=task, text=text, order=0 if last is None else last + 1
    )
    timeline_record(
        actor=actor,
        client_id=task.project.client_id,
        verb="task.checklist_added",
        target=task,
        data={"item": text},
    )
    return item


@transaction.atomic
def checklist_toggle(*, actor: Any, item: ChecklistItem) -> ChecklistItem:
    """Tick a line of a checklist, or untick it."""
    require_actor(actor, "work.change_task")
    task = lock_task(item.task)
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    item.done = not item.done
    item.save(update_fields=["done"])
    timeline_record(
        actor=actor,
        client_id=task.project.client_id,
        verb="task.checklist_done" if item.done else "task.checklist_reopened",
        target=task,
        data={"item": item.text},
    )
    return item
