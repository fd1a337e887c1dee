"""Reads of timesheet weeks waiting for approval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, QuerySet

from ..models import TimesheetWeek
from .entries import minutes_by_user_day


def timesheets_awaiting_approval() -> QuerySet[TimesheetWeek]:
    """Submitted weeks, oldest first."""
    return (
        TimesheetWeek.objects.filter(status=TimesheetWeek.Status.SUBMITTED)
        .select_related("user")
        .order_by("week", "user__full_name")
    )


@dataclass(frozen=True)
class AwaitingWeek:
    """A submitted week and the hours it holds, for the finance home."""

    timesheet: TimesheetWeek
    minutes: int

    @property
    def hours(self) -> float:
        return self.minutes / 60


def weeks_to_approve(*, limit: int = 20) -> tuple[list[AwaitingWeek], int, int]:
    """The oldest submitted weeks with their logged minutes, how many weeks wait
    in all and the minutes of those listed (three queries)."""
    waiting = timesheets_awaiting_approval()
    weeks = list(waiting[:limit])
    minutes: dict[tuple[int, date], int] = {}
    if weeks:
        first = min(w.week for w in weeks)
        last = max(w.week for w in weeks) + timedelta(days=6)
        logged = minutes_by_user_day(
            user_ids={w.user_id for w in weeks}, first=first, last=last
        )
        for (user_id, day), n in logged.items():
            monday = day - timedelta(days=day.weekday())
            minutes[user_id, monday] = minutes.get((user_id, monday), 0) + n
    rows = [AwaitingWeek(w, minutes.get((w.user_id, w.week), 0)) for w in weeks]
    total = waiting.aggregate(n=Count("pk"))["n"]
    return rows, total, sum(row.minutes for row in rows)
