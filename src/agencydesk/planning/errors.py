"""Refusals of planning: a sentence for the user and a stable code."""

from typing import Any

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


class OverloadError(DomainError):
    """A confirmed booking would take the person past 100% of their week: the
    planner must see the load and confirm (``confirm=True``)."""

    code = "allocation_overload"

    def __init__(
        self, *, person: str, week: str, booked: str, available: str, percent: Any
    ) -> None:
        load = (
            _("%(percent)s%% of their capacity") % {"percent": percent}
            if percent is not None
            else _("a week with no capacity left")
        )
        super().__init__(
            _(
                "This booking takes %(person)s to %(load)s in the week of "
                "%(week)s: %(booked)s booked for %(available)s available. "
                "Confirm to book anyway."
            )
            % {
                "person": person,
                "load": load,
                "week": week,
                "booked": booked,
                "available": available,
            },
            # The refusal is about the ``confirm`` argument: a form shows it
            # there, next to the button that sends it.
            extra={
                "field": "confirm",
                "percent": percent,
                "booked": booked,
                "available": available,
            },
        )
