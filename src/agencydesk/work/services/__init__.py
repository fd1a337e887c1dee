"""Writes of projects and tasks: one module per concept; callers use
``work.services.<name>``."""

from .approval_mail import approval_send_reminders
from .approvals import (
    approval_decide,
    approval_send,
    approval_withdraw,
    deliverable_create,
    version_add,
)
from .bulk import tasks_bulk_edit
from .checklist import checklist_add, checklist_toggle
from .collab import task_comment_add, task_file_add, task_people
from .dependencies import dependency_add, dependency_remove
from .projects import project_create, project_update
from .tasks import task_create, task_move, task_update

__all__ = [
    "approval_decide",
    "approval_send",
    "approval_send_reminders",
    "approval_withdraw",
    "checklist_add",
    "checklist_toggle",
    "deliverable_create",
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
    "version_add",
]
