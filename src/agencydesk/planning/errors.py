"""Refusals of planning: a sentence for the user and a stable code."""

from django.utils.translation import gettext as _

from agencydesk.core.errors import DomainError


class AllocationInvalidError(DomainError):
    code = "allocation_invalid"


class OnLeaveError(DomainError):
    code = "allocation_on_leave"

    def __init__(self, person: str, week: str) -> None:
        super().__init__(
            _("%(person)s is on leave for the whole week of %(week)s.")
            % {"person": person, "week": week}
        )


class NotTentativeError(DomainError):
    code = "allocation_not_tentative"

    def __init__(self) -> None:
        super().__init__(_("Only a tentative booking can be confirmed or released."))


class LeaveInvalidError(DomainError):
    code = "leave_invalid"


class LeaveTransitionError(DomainError):
    code = "leave_transition_invalid"

    def __init__(self) -> None:
        super().__init__(_("This leave has already been decided."))
