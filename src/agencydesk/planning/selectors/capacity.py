"""A person's capacity in a week: their weekly hours, less public holidays of
their country and approved leave, each recorded apart.

Arithmetic is in whole minutes. A working day is worth ``weekly / working
days`` (the agency calendar's weekdays, normally five); the available minutes
are ``weekly × available days ÷ working days`` floored, holidays likewise, and
leave takes the rest, so the three always add up to the weekly capacity.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from agencydesk.core.calendar import BusinessCalendar
from agencydesk.core.models import Agency

DEFAULT_WEEKDAYS = frozenset({0, 1, 2, 3, 4})


@functools.lru_cache(maxsize=64)
def _calendar(country: str, weekdays: frozenset[int]) -> BusinessCalendar:
    try:
        return BusinessCalendar(timezone="UTC", weekdays=weekdays, country=country)
    except ValueError:
        # A country the holidays package does not know has no public holidays.
        return BusinessCalendar(timezone="UTC", weekdays=weekdays)


def agency_weekdays() -> frozenset[int]:
    """The agency's working weekdays (Monday = 0)."""
    agency = Agency.objects.select_related("calendar").first()
    return agency.calendar.weekday_numbers if agency else DEFAULT_WEEKDAYS


def weekly_minutes(hours: Decimal | None) -> int:
    """A profile's weekly capacity in whole minutes."""
    return int((hours if hours is not None else Decimal("40")) * 60)


@functools.lru_cache(maxsize=8192)
def _working_days(
    week: date, country: str, weekdays: frozenset[int]
) -> tuple[tuple[date, ...], tuple[tuple[date, str], ...]]:
    """The week's working days and its public holidays on them; the same for
    everyone in a country, so a planner page computes each once."""
    calendar = _calendar(country, weekdays)
    working = tuple(
        week + timedelta(days=n)
        for n in range(7)
        if (week.weekday() + n) % 7 in weekdays
    )
    holidays = []
    for day in working:
        name = calendar.holiday_name(day) if country else None
        if name:
            holidays.append((day, name))
    return working, tuple(holidays)


@dataclass(frozen=True)
class WeekCapacity:
    """The minutes a person can work in a week, and what took the rest."""

    week: date
    weekly_minutes: int
    holiday_minutes: int
    leave_minutes: int
    holidays: tuple[tuple[date, str], ...] = ()
    leave_days: tuple[date, ...] = ()

    @property
    def available_minutes(self) -> int:
        return self.weekly_minutes - self.holiday_minutes - self.leave_minutes


def week_capacity(
    *,
    week: date,
    weekly: int,
    country: str,
    leave_days: Iterable[date] = (),
    weekdays: frozenset[int] = DEFAULT_WEEKDAYS,
) -> WeekCapacity:
    """The capacity of one week given the person's approved leave days."""
    working, holidays = _working_days(week, country or "", frozenset(weekdays))
    leave = set(leave_days)
    holiday_days = {day for day, _name in holidays}
    away = [day for day in working if day in leave and day not in holiday_days]
    normal = len(weekdays)
    available_days = len(working) - len(holidays) - len(away)
    available = weekly * available_days // normal
    holiday = weekly * len(holidays) // normal
    return WeekCapacity(
        week=week,
        weekly_minutes=weekly,
        holiday_minutes=holiday,
        leave_minutes=weekly - available - holiday,
        holidays=tuple(holidays),
        leave_days=tuple(away),
    )


def leave_days_in(leaves: Iterable, first: date, last: date) -> set[date]:
    """The days of ``leaves`` (objects with start/end) between first and last."""
    days = set()
    for leave in leaves:
        day = max(leave.start, first)
        while day <= min(leave.end, last):
            days.add(day)
            day += timedelta(days=1)
    return days


class Heat:
    """How full a week is: the planner's colours."""

    NONE = "none"
    UNDER = "under"
    HEALTHY = "healthy"
    FULL = "full"
    OVER = "over"


def heat(minutes: int, available: int) -> str:
    """Under 70% under-used, under 90% healthy, up to 100% full, beyond over."""
    if available <= 0:
        return Heat.OVER if minutes > 0 else Heat.NONE
    if minutes * 100 > available * 100:
        return Heat.OVER
    if minutes * 100 >= available * 90:
        return Heat.FULL
    if minutes * 100 >= available * 70:
        return Heat.HEALTHY
    return Heat.UNDER


def percent(minutes: int, available: int) -> int | None:
    """Whole percent of the available minutes, rounded down; None without any."""
    if available <= 0:
        return None
    return minutes * 100 // available
