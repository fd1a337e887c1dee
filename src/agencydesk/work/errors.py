"""Refusals of projects and tasks, each a sentence for the user and a stable code."""

from django.utils.translation import gettext as _

from agencydesk.core.errors import DomainError


class TaskDatesError(DomainError):
    code = "task_due_before_start"

    def __init__(self) -> None:
        super().__init__(
            _("A task cannot be due before it starts."), extra={"field": "due"}
        )


class ProjectDatesError(DomainError):
    code = "project_end_before_start"

    def __init__(self) -> None:
        super().__init__(
            _("A project cannot end before it starts."), extra={"field": "end"}
        )


class TaskChangedError(DomainError):
    code = "task_changed"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this task meanwhile. "
                "Reload the page to see the change, then try again."
            )
        )


class TaskMoveError(DomainError):
    code = "task_move_invalid"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("This task cannot make that move."))


class DependencyCycleError(DomainError):
    code = "dependency_cycle"

    def __init__(self) -> None:
        super().__init__(
            _(
                "That dependency would make the tasks wait for each other in a "
                "circle, so none of them could start."
            ),
            extra={"field": "depends_on"},
        )


class DependencyOtherProjectError(DomainError):
    code = "dependency_other_project"

    def __init__(self) -> None:
        super().__init__(
            _("A task can only wait for another task of the same project."),
            extra={"field": "depends_on"},
        )


class DependencyExistsError(DomainError):
    code = "dependency_exists"

    def __init__(self) -> None:
        super().__init__(
            _("This task already waits for that one."), extra={"field": "depends_on"}
        )


class TaskPlacementError(DomainError):
    code = "task_placement_invalid"

    def __init__(self) -> None:
        super().__init__(
            _("The phase and the milestone must belong to the task's project.")
        )


class ProjectOwnerError(DomainError):
    code = "project_owner_not_staff"

    def __init__(self) -> None:
        super().__init__(
            _("Only active agency staff can own a project or a task."),
            extra={"field": "owner"},
        )


class BulkTaskChangedError(DomainError):
    code = "bulk_task_changed"

    def __init__(self, task) -> None:
        super().__init__(
            _(
                "Someone else changed “%(title)s” meanwhile, so no task was "
                "changed. Reload the page to see the change, then try again."
            )
            % {"title": task}
        )


class BulkEditEmptyError(DomainError):
    code = "bulk_edit_empty"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message or _("Tick some tasks and choose what to change in them.")
        )


class MentionOutsideTeamError(DomainError):
    code = "mention_outside_team"

    def __init__(self, handles: list[str]) -> None:
        super().__init__(
            _(
                "%(handles)s cannot be mentioned: only the client's team and the "
                "people of this task can. Remove the @ or add them to the team."
            )
            % {"handles": ", ".join(f"@{h}" for h in handles)},
            extra={"field": "body"},
        )


class CommentEmptyError(DomainError):
    code = "comment_empty"

    def __init__(self) -> None:
        super().__init__(_("Write something first."), extra={"field": "body"})


class TicketProjectError(DomainError):
    """The project a ticket's production goes to cannot be chosen (now)."""

    code = "ticket_project_refused"

    def __init__(self, message: str) -> None:
        super().__init__(message, extra={"field": "project"})


class MilestoneAmountError(DomainError):
    code = "milestone_amount"

    def __init__(self, message: str, field: str = "amount") -> None:
        super().__init__(message, extra={"field": field})
