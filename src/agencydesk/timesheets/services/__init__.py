"""Writes of time tracking: entries and the timer, timesheet weeks, rates and
exchange rates, budgets and their alerts.

One module per concept; callers use ``timesheets.services.<name>`` as before."""

from ._shared import APPROVE
from .budgets import budget_check_alerts, budget_set
from .entries import (
    time_entry_create,
    time_entry_delete,
    time_entry_update,
    timer_discard,
    timer_start,
    timer_stop,
)
from .rates import exchange_rate_set, rate_set
from .weeks import (
    MAX_WEEKS_AT_ONCE,
    WEEK_DECISIONS,
    timesheet_approve,
    timesheet_reopen,
    timesheet_submit,
    timesheets_decide_many,
)

__all__ = [
    "APPROVE",
    "MAX_WEEKS_AT_ONCE",
    "WEEK_DECISIONS",
    "budget_check_alerts",
    "budget_set",
    "exchange_rate_set",
    "rate_set",
    "time_entry_create",
    "time_entry_delete",
    "time_entry_update",
    "timer_discard",
    "timer_start",
    "timer_stop",
    "timesheet_approve",
    "timesheet_reopen",
    "timesheet_submit",
    "timesheets_decide_many",
]
