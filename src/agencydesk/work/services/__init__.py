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
from .checklist import checklist_add, checklist_toggle
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
    "task_create",
    "task_move",
    "task_update",
    "version_add",
]
