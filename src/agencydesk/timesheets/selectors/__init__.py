"""Reads of time and budgets: burn, the timer, the timesheet week, entry lists,
weeks to approve, rates and exchange rates.

One module per concept; callers may use ``timesheets.selectors.<name>``."""

from .budgets import (
    THRESHOLDS,
    Burn,
    budgets_for_day,
    budgets_for_month,
    burn_for_budgets,
    client_retainers,
    project_budgets,
    retainer_burn,
)
from .entries import (
    TimesheetView,
    WeekRow,
    approved_billable_entries,
    minutes_by_user_day,
    time_entry_list,
    timesheet_for_week,
)
from .exchange import Conversion, RateTable
from .forecast import DeskForecast, desk_forecast, forecast_weeks
from .rates import exchange_rate_list, rate_list, rates_for, value_of
from .timer import (
    TIMER_CACHE_SECONDS,
    RunningTimer,
    running_timer,
    timer_cache_key,
    timer_for,
)
from .weeks import AwaitingWeek, timesheets_awaiting_approval, weeks_to_approve

__all__ = [
    "THRESHOLDS",
    "TIMER_CACHE_SECONDS",
    "AwaitingWeek",
    "Burn",
    "Conversion",
    "DeskForecast",
    "RateTable",
    "RunningTimer",
    "TimesheetView",
    "WeekRow",
    "approved_billable_entries",
    "budgets_for_day",
    "budgets_for_month",
    "burn_for_budgets",
    "client_retainers",
    "desk_forecast",
    "exchange_rate_list",
    "forecast_weeks",
    "minutes_by_user_day",
    "project_budgets",
    "rate_list",
    "rates_for",
    "retainer_burn",
    "running_timer",
    "time_entry_list",
    "timer_cache_key",
    "timer_for",
    "timesheet_for_week",
    "timesheets_awaiting_approval",
    "value_of",
    "weeks_to_approve",
]
