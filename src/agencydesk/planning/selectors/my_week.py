"""Reads of a person's week: booked (confirmed) against logged time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Sum

from agencydesk.people.models import User
from agencydesk.timesheets.models import TimeEntry

from ..models import Allocation


@dataclass(frozen=True)
class MyWeek:
    """A person's week: booked (confirmed) against logged time."""

    week: date
    booked_minutes: int
    logged_minutes: int

    @property
    def booked_hours(self) -> float:
        return self.booked_minutes / 60

    @property
    def logged_hours(self) -> float:
        return self.logged_minutes / 60


def my_week(*, user: User, week: date) -> MyWeek:
    """Confirmed allocations and logged time of one person in one week (two queries)."""
    booked = Allocation.objects.filter(
        user=user, week=week, is_tentative=False
    ).aggregate(n=Sum("minutes"))["n"]
    logged = TimeEntry.objects.filter(
        user=user, date__gte=week, date__lte=week + timedelta(days=6)
    ).aggregate(n=Sum("minutes"))["n"]
    return MyWeek(week=week, booked_minutes=booked or 0, logged_minutes=logged or 0)
