"""Writes of projects and tasks: one module per concept; callers use
``work.services.<name>``."""

from .bulk import tasks_bulk_edit
from .checklist import checklist_add, checklist_toggle
from .collab import task_comment_add, task_file_add, task_people
from .dependencies import dependency_add, dependency_remove
from .projects import project_create, project_update
from .tasks import task_create, task_move, task_update

__all__ = [
    "checklist_add",
    "checklist_toggle",
    "dependency_add",
    "dependency_remove",
    "project_create",
    "project_update",
    "task_comment_add",
    "task_create",
    "task_file_add",
    "task_move",
    "task_people",
    "task_update",
    "tasks_bulk_edit",
]
