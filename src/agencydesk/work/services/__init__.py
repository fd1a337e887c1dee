"""Writes of projects and tasks: one module per concept; callers use
``work.services.<name>``."""

from .change_requests import (
    change_request_create,
    change_request_decide,
    change_request_line_add,
    change_request_send,
    change_request_update,
    change_request_withdraw,
    ticket_out_of_scope,
)
from .checklist import checklist_add, checklist_toggle
from .dependencies import dependency_add, dependency_remove
from .projects import project_create, project_update
from .scope import (
    scope_check_alerts,
    sow_confirm,
    sow_create,
    sow_line_add,
    sow_line_remove,
    sow_new_version,
    sow_send,
    sow_update,
)
from .tasks import task_create, task_move, task_update

__all__ = [
    "change_request_create",
    "change_request_decide",
    "change_request_line_add",
    "change_request_send",
    "change_request_update",
    "change_request_withdraw",
    "checklist_add",
    "checklist_toggle",
    "dependency_add",
    "dependency_remove",
    "project_create",
    "project_update",
    "scope_check_alerts",
    "sow_confirm",
    "sow_create",
    "sow_line_add",
    "sow_line_remove",
    "sow_new_version",
    "sow_send",
    "sow_update",
    "task_create",
    "task_move",
    "task_update",
    "ticket_out_of_scope",
]
