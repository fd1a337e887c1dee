"""Business-hours arithmetic for SLA clocks and capacity planning.

A :class:`BusinessCalendar` describes when an agency is open: one daily interval
in local wall-clock time of an IANA timezone, on a set of weekdays, minus public
holidays (from the ``holidays`` package) and extra closed dates.

Conventions, chosen so that the arithmetic is exact and composable:

* Every public function takes timezone-aware datetimes (naive ones raise
  ``ValueError``) and returns aware datetimes in ``datetime.UTC``.
* A day's open interval is half-open, ``[opens, closes)``: the closing instant
  itself is closed (``is_open`` is false there and ``next_open_instant`` moves
  on to the next opening). ``add_business_time`` with a positive duration
  returns an instant in ``(opens, closes]`` of some day, so it may return the
  closing instant exactly but never an instant strictly inside closed time.
* Durations are real elapsed time (UTC differences) inside open intervals, so a
  09:00-17:00 day is 7 or 9 real hours when a DST change falls inside it.
* Local wall times are converted to UTC per day. An ambiguous wall time (the
  repeated hour when clocks go back) resolves to its first occurrence
  (``fold=0``). A nonexistent wall time (the skipped hour when clocks go
  forward) resolves to the instant the clocks jump, i.e. the first existing
  instant after the gap. This keeps the local-to-UTC mapping monotonic, so
  ``opens < closes`` never yields an inverted interval; an interval that
  collapses to nothing (both ends inside the same gap) makes the day closed.
* ``business_days_after`` first rolls a non-business ``day`` forward to the
  next business day (the result for ``days=0``), then steps ``days`` business
  days: from Friday one business day is Monday, from Saturday it is Tuesday
  (a request arriving at the weekend counts as arriving on Monday).
* Walks that find no business time for ``MAX_CLOSED_DAYS`` consecutive days
  raise ``ValueError`` instead of looping forever.
* ``holiday_name`` returns the public holiday name, ``""`` for a date that is
  closed only because it is in ``closed_dates``, and ``None`` otherwise.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

__all__ = [
    "MAX_CLOSED_DAYS",
    "BusinessCalendar",
    "add_business_time",
    "business_days_after",
    "business_time_between",
    "next_open_instant",
]

# A calendar may legitimately be closed for long stretches (shutdowns), but a
# run of this many consecutive closed days means it will never open again and
# the day-by-day walks below would otherwise loop until date.max.
MAX_CLOSED_DAYS = 3660

_ONE_DAY = timedelta(days=1)
_ZERO = timedelta(0)

# HolidayBase populates years lazily on lookup, mutating a dict that is shared
# by every calendar with the same (country, subdivision) through the cache.
_HOLIDAYS_LOCK = threading.Lock()


@functools.lru_cache(maxsize=128)
def _holidays_for(country: str, subdivision: str) -> holidays.HolidayBase:
    """Return the shared, year-expanding holiday table for a country."""
    try:
        return holidays.country_holidays(country, subdiv=subdivision or None)
    except NotImplementedError as exc:
        # holidays signals unknown countries/subdivisions this way; callers
        # validating configuration expect ValueError.
        raise ValueError(
            f"unknown country/subdivision for public holidays: "
            f"{country!r}/{subdivision!r} ({exc})"
        ) from exc


def _zone(name: str) -> ZoneInfo:
    """Return the ZoneInfo for an IANA name, raising ValueError if unknown."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"timezone must be a non-empty IANA name, got {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(f"unknown timezone {name!r}") from exc


def _require_aware(value: datetime, name: str) -> datetime:
    """Return `value` converted to UTC, raising ValueError if it is naive."""
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value!r}")
    return value.astimezone(UTC)


def _require_date(value: date) -> date:
    """Return `value`, rejecting datetimes whose date part would be ambiguous."""
    # datetime is a date subclass; silently taking its date part would hide
    # which timezone the caller meant.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"expected a datetime.date, got {type(value).__name__}")
    return value


def _wall_to_utc(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """Convert a local wall time on `day` to UTC (see module docs for DST)."""
    local = datetime.combine(day, wall, tzinfo=tz)  # fold=0: first occurrence
    utc = local.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) == local.replace(tzinfo=None):
        return utc
    # Nonexistent wall time: fold=0 uses the pre-jump offset (landing after the
    # jump) and fold=1 the post-jump offset (landing before it), so the jump
    # instant lies in (early, late]. Bisect on whole seconds, which is the
    # resolution of tzdata transitions.
    early = local.replace(fold=1).astimezone(UTC)
    late = utc
    after_offset = late.astimezone(tz).utcoffset()
    lo, hi = 0, int((late - early).total_seconds())
    while lo < hi:
        mid = (lo + hi) // 2
        if (early + timedelta(seconds=mid)).astimezone(tz).utcoffset() == after_offset:
            hi = mid
        else:
            lo = mid + 1
    return early + timedelta(seconds=lo)


@dataclass(frozen=True)
class BusinessCalendar:
    """Working hours in one timezone, minus public holidays and closed dates."""

    timezone: str
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    opens: time = time(9, 0)
    closes: time = time(17, 0)
    country: str = ""
    subdivision: str = ""
    closed_dates: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        """Validate the configuration so the arithmetic can trust it."""
        _zone(self.timezone)
        # Accept any iterable but store frozensets so the calendar stays
        # hashable (it is a frozen dataclass and may be used as a cache key).
        object.__setattr__(self, "weekdays", frozenset(self.weekdays))
        object.__setattr__(self, "closed_dates", frozenset(self.closed_dates))
        if not self.weekdays:
            raise ValueError("weekdays must contain at least one day (Monday=0)")
        bad = sorted(
            repr(d)
            for d in self.weekdays
            if isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6
        )
        if bad:
            raise ValueError(
                f"weekdays must be integers 0..6 (Monday=0), got {', '.join(bad)}"
            )
        for name in ("opens", "closes"):
            value = getattr(self, name)
            if not isinstance(value, time) or value.tzinfo is not None:
                raise ValueError(f"{name} must be a naive datetime.time, got {value!r}")
        if self.closes <= self.opens:
            raise ValueError(
                f"closes ({self.closes.isoformat()}) must be later than "
                f"opens ({self.opens.isoformat()})"
            )
        for day in self.closed_dates:
            if isinstance(day, datetime) or not isinstance(day, date):
                raise ValueError(f"closed_dates must hold datetime.date, got {day!r}")
        if self.subdivision and not self.country:
            raise ValueError("subdivision requires a country")
        if self.country:
            _holidays_for(self.country, self.subdivision)

    @property
    def _tz(self) -> ZoneInfo:
        """The calendar's timezone as a ZoneInfo."""
        return ZoneInfo(self.timezone)

    def _public_holiday(self, day: date) -> str | None:
        """Return the public holiday name for `day`, or None."""
        if not self.country:
            return None
        table = _holidays_for(self.country, self.subdivision)
        with _HOLIDAYS_LOCK:
            return table.get(day)

    def is_business_day(self, day: date) -> bool:
        """Whether `day` is a working weekday that is neither holiday nor closed."""
        day = _require_date(day)
        return (
            day.weekday() in self.weekdays
            and day not in self.closed_dates
            and self._public_holiday(day) is None
        )

    def holiday_name(self, day: date) -> str | None:
        """Public holiday name, "" for an extra closed date, else None."""
        day = _require_date(day)
        name = self._public_holiday(day)
        if name is not None:
            return name
        return "" if day in self.closed_dates else None

    def open_interval(self, day: date) -> tuple[datetime, datetime] | None:
        """Return the day's open interval [opens, closes) in UTC, or None if closed."""
        if not self.is_business_day(day):
            return None
        tz = self._tz
        start = _wall_to_utc(day, self.opens, tz)
        end = _wall_to_utc(day, self.closes, tz)
        # Only possible when both ends fall into the same DST gap.
        if end <= start:
            return None
        return start, end

    def is_open(self, instant: datetime) -> bool:
        """Whether `instant` is inside an open interval (closing instant excluded)."""
        utc = _require_aware(instant, "instant")
        interval = self.open_interval(utc.astimezone(self._tz).date())
        return interval is not None and interval[0] <= utc < interval[1]


def _closed_too_long(calendar: BusinessCalendar, since: date) -> ValueError:
    """Build the error for a walk that found no opening for too long."""
    return ValueError(
        f"{calendar!r} has no business time in the {MAX_CLOSED_DAYS} days "
        f"from {since.isoformat()}; it is effectively never open"
    )


def next_open_instant(calendar: BusinessCalendar, instant: datetime) -> datetime:
    """`instant` itself (in UTC) if the calendar is open then, else the next opening."""
    current = _require_aware(instant, "instant")
    first = day = current.astimezone(calendar._tz).date()
    # Each local day's interval lies within that local day, so no earlier day
    # can contain `current`.
    for _ in range(MAX_CLOSED_DAYS):
        interval = calendar.open_interval(day)
        if interval is not None and current < interval[1]:
            return max(interval[0], current)
        day += _ONE_DAY
    raise _closed_too_long(calendar, first)


def add_business_time(
    calendar: BusinessCalendar, start: datetime, duration: timedelta
) -> datetime:
    """The instant when `duration` of business time has elapsed after `start`."""
    current = _require_aware(start, "start")
    if duration < _ZERO:
        raise ValueError(f"duration must not be negative, got {duration!r}")
    if not duration:
        return next_open_instant(calendar, current)
    remaining = duration
    day = current.astimezone(calendar._tz).date()
    closed_since = day
    # Walk whole days; the guard counts consecutive days without business time
    # so very long durations are fine but a never-open calendar is not.
    while (day - closed_since).days < MAX_CLOSED_DAYS:
        interval = calendar.open_interval(day)
        if interval is not None:
            begin = max(interval[0], current)
            if begin < interval[1]:
                available = interval[1] - begin
                # `<=` lets the result be the closing instant itself; adding
                # more from there resumes at the next opening, which keeps
                # add(add(s, a), b) == add(s, a + b).
                if remaining <= available:
                    return begin + remaining
                remaining -= available
                closed_since = day + _ONE_DAY
        day += _ONE_DAY
    raise _closed_too_long(calendar, closed_since)


def business_time_between(
    calendar: BusinessCalendar, start: datetime, end: datetime
) -> timedelta:
    """Business time elapsed from start to end (zero if end <= start)."""
    begin = _require_aware(start, "start")
    finish = _require_aware(end, "end")
    if finish <= begin:
        return _ZERO
    tz = calendar._tz
    day = begin.astimezone(tz).date()
    last = finish.astimezone(tz).date()
    total = _ZERO
    while day <= last:
        interval = calendar.open_interval(day)
        if interval is not None:
            overlap = min(interval[1], finish) - max(interval[0], begin)
            if overlap > _ZERO:
                total += overlap
        day += _ONE_DAY
    return total


def business_days_after(calendar: BusinessCalendar, day: date, days: int) -> date:
    """Return the date `days` business days after `day` (module docs: rolling)."""
    current = _require_date(day)
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ValueError(f"days must be a non-negative integer, got {days!r}")
    closed_run = 0
    while True:
        if calendar.is_business_day(current):
            if days == 0:
                return current
            days -= 1
            closed_run = 0
        else:
            closed_run += 1
            if closed_run >= MAX_CLOSED_DAYS:
                raise _closed_too_long(calendar, current - timedelta(closed_run - 1))
        current += _ONE_DAY
