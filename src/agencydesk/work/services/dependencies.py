"""Finish-to-start dependencies between tasks of one project, without circles."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from agencydesk.core.access import require_actor
from agencydesk.core.timeline import timeline_record

from ..errors import (
    DependencyCycleError,
    DependencyExistsError,
    DependencyOtherProjectError,
)
from ..models import Project, Task, TaskDependency
from ._shared import lock_task


def _reaches(edges: list[tuple[int, int]], start: int, goal: int) -> bool:
    """Whether ``start`` waits, directly or through others, for ``goal``."""
    waits: dict[int, list[int]] = {}
    for task_id, depends_on_id in edges:
        waits.setdefault(task_id, []).append(depends_on_id)
    seen, stack = set(), [start]
    while stack:
        current = stack.pop()
        if current == goal:
            return True
        if current in seen:
            continue
        seen.add(current)
        stack.extend(waits.get(current, ()))
    return False


@transaction.atomic
def dependency_add(*, actor: Any, task: Task, depends_on: Task) -> TaskDependency:
    """Make ``task`` wait for ``depends_on`` (same project; no circle)."""
    require_actor(actor, "work.change_task")
    if depends_on.project_id != task.project_id:
        raise DependencyOtherProjectError
    # One project's dependencies change one at a time: two people adding the
    # two halves of a circle at once would each see none.
    Project.objects.select_for_update().filter(pk=task.project_id).first()
    task = lock_task(task)
    if depends_on.pk == task.pk:
        raise DependencyCycleError
    edges = list(
        TaskDependency.objects.filter(task__project_id=task.project_id).values_list(
            "task_id", "depends_on_id"
        )
    )
    if (task.pk, depends_on.pk) in edges:
        raise DependencyExistsError
    if _reaches(edges, depends_on.pk, task.pk):
        raise DependencyCycleError
    dependency = TaskDependency.objects.create(task=task, depends_on=depends_on)
    timeline_record(
        actor=actor,
        client_id=task.project.client_id,
        verb="task.dependency_added",
        target=task,
        data={"other": depends_on.title},
    )
    return dependency


@transaction.atomic
def dependency_remove(*, actor: Any, dependency: TaskDependency) -> Task:
    """Let a task stop waiting for another."""
    require_actor(actor, "work.change_task")
    task = lock_task(dependency.task)
    other = dependency.depends_on.title
    TaskDependency.objects.filter(pk=dependency.pk).delete()
    timeline_record(
        actor=actor,
        client_id=task.project.client_id,
        verb="task.dependency_removed",
        target=task,
        data={"other": other},
    )
    return task
