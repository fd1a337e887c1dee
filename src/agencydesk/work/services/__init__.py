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
from .collab import task_comment_add, task_file_add, task_people
from .dependencies import dependency_add, dependency_remove
from .projects import (
    milestone_set_amount,
    milestone_toggle,
    project_create,
    project_update,
)
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
from .tickets import ticket_project_pick

__all__ = [
    "approval_decide",
    "approval_send",
    "approval_send_reminders",
    "approval_withdraw",
    "change_request_create",
    "change_request_decide",
    "change_request_line_add",
    "change_request_send",
    "change_request_update",
    "change_request_withdraw",
    "checklist_add",
    "checklist_toggle",
    "deliverable_create",
    "dependency_add",
    "dependency_remove",
    "milestone_set_amount",
    "milestone_toggle",
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
    "task_comment_add",
    "task_create",
    "task_file_add",
    "task_move",
    "task_people",
    "task_update",
    "tasks_bulk_edit",
    "ticket_out_of_scope",
    "ticket_project_pick",
    "version_add",
]
