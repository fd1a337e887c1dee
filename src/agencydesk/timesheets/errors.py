"""Refusals of time tracking, rates and budgets: a sentence and a stable code."""

from django.utils.translation import gettext as _

from agencydesk.core.errors import DomainError


class DurationInvalidError(DomainError):
    code = "duration_invalid"

    def __init__(self) -> None:
        super().__init__(
            _("A duration must be more than 0 minutes and at most 24 hours a day.")
        )


class WeekLockedError(DomainError):
    code = "timesheet_week_locked"

    def __init__(self) -> None:
        super().__init__(
            _(
                "This week's timesheet is submitted or approved, so its time is "
                "locked. Ask an approver to reopen it."
            )
        )


class TimerRunningError(DomainError):
    code = "timer_already_running"

    def __init__(self) -> None:
        super().__init__(
            _("A timer is already running. Stop it before starting another one.")
        )


class TimerNotRunningError(DomainError):
    code = "timer_not_running"

    def __init__(self) -> None:
        super().__init__(_("No timer is running."))


class TimerTooLongError(DomainError):
    code = "timer_too_long"

    def __init__(self) -> None:
        super().__init__(
            _(
                "The timer ran for more than a day. Discard it and enter the time "
                "by hand."
            )
        )


class RateInvalidError(DomainError):
    code = "rate_invalid"


class BudgetInvalidError(DomainError):
    code = "budget_invalid"


class TimesheetTransitionError(DomainError):
    code = "timesheet_transition_invalid"


class NotYourTimeError(DomainError):
    code = "not_your_time"

    def __init__(self) -> None:
        super().__init__(_("You can only record or change your own time."))
