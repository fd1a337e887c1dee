"""The work app's models, by concern: projects and tasks, working on a task
together, client approvals, scope and change requests."""

from .approvals import (
    ApprovalRequest,
    ApprovalRound,
    Deliverable,
    DeliverableVersion,
    deliverable_path,
)
from .collab import TaskComment, TaskFile, task_file_path
from .projects import (
    Area,
    ChecklistItem,
    Method,
    Milestone,
    Phase,
    Project,
    ProjectChild,
    ProjectTemplate,
    Task,
    TaskDependency,
    TaskStatus,
    TemplateItem,
    TicketProject,
)
from .scope import (
    ChangeRequest,
    ChangeRequestLine,
    ScopeAlert,
    ScopeLineFields,
    ScopePeriod,
    ScopeUnit,
    Sow,
    SowLine,
)

__all__ = [
    "ApprovalRequest",
    "ApprovalRound",
    "Area",
    "ChangeRequest",
    "ChangeRequestLine",
    "ChecklistItem",
    "Deliverable",
    "DeliverableVersion",
    "Method",
    "Milestone",
    "Phase",
    "Project",
    "ProjectChild",
    "ProjectTemplate",
    "ScopeAlert",
    "ScopeLineFields",
    "ScopePeriod",
    "ScopeUnit",
    "Sow",
    "SowLine",
    "Task",
    "TaskComment",
    "TaskDependency",
    "TaskFile",
    "TaskStatus",
    "TemplateItem",
    "TicketProject",
    "deliverable_path",
    "task_file_path",
]
