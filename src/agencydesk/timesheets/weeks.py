"""ISO weeks as their Monday, and months as their first day: the planning keys."""

from __future__ import annotations

from datetime import date, timedelta


def monday_of(day: date) -> date:
    """The Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


def parse_week(value: str) -> date | None:
    """A week given as ``YYYY-MM-DD`` (any day of it) or ``YYYY-Www``; None if bad."""
    value = (value or "").strip()
    try:
        if "-W" in value:
            year, week = value.split("-W", 1)
            return date.fromisocalendar(int(year), int(week), 1)
        return monday_of(date.fromisoformat(value))
    except (ValueError, TypeError, OverflowError):
        return None


def weeks_from(first: date, count: int) -> list[date]:
    """``count`` consecutive Mondays starting with the week of ``first``."""
    start = monday_of(first)
    return [start + timedelta(weeks=n) for n in range(count)]


def month_start(day: date) -> date:
    """The first day of the month holding ``day``."""
    return day.replace(day=1)


def next_month(day: date) -> date:
    """The first day of the month after the one holding ``day``."""
    first = day.replace(day=1)
    return (first + timedelta(days=32)).replace(day=1)


def previous_month(day: date) -> date:
    """The first day of the month before the one holding ``day``."""
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def parse_month(value: str) -> date | None:
    """A month given as ``YYYY-MM``; None if bad."""
    try:
        year, month = (value or "").strip().split("-")[:2]
        return date(int(year), int(month), 1)
    except (ValueError, TypeError):
        return None


def format_minutes(minutes: int | None) -> str:
    """``90`` → ``"1:30"``: durations are shown as hours and minutes."""
    if minutes is None:
        return ""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(int(minutes)), 60)
    return f"{sign}{hours}:{rest:02d}"
