"""Repetition rules of meetings (RFC 5545 RRULE), read with a bounded search.

dateutil stops walking a rule at its first match, at COUNT or UNTIL, or in
the year 9999: a rule no date matches (every hour on 30 February) is walked
to the year 9999, which takes seconds on every page that asks for the next
meeting. ``first_after`` therefore runs dateutil's own expansion with the
calendar ending a few years ahead, so the answer is dateutil's and the work
is bounded. Rules are also limited to what a meeting is: at most daily, at
the time it starts (no BYHOUR/BYMINUTE/BYSECOND), with a sane interval.
"""

from __future__ import annotations

import datetime
import functools
import re
import types
from collections.abc import Iterator

import dateutil.rrule
from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule, rrulestr
from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from icalendar import vRecur

from .errors import MeetingInvalidError

HORIZON = relativedelta(years=5)
OLDEST_START = relativedelta(years=10)
MAX_INTERVAL = 99
PARTS = frozenset(
    {
        "FREQ",
        "INTERVAL",
        "COUNT",
        "UNTIL",
        "BYDAY",
        "BYMONTHDAY",
        "BYYEARDAY",
        "BYWEEKNO",
        "BYMONTH",
        "BYSETPOS",
        "WKST",
    }
)
FREQUENCIES = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
SUB_DAILY = frozenset({"HOURLY", "MINUTELY", "SECONDLY"})
TIME_PARTS = frozenset({"BYHOUR", "BYMINUTE", "BYSECOND"})


def _not_valid() -> MeetingInvalidError:
    return MeetingInvalidError(
        _("The repetition rule is not a valid RRULE, e.g. FREQ=WEEKLY;COUNT=10.")
    )


def rule_parts(text: str) -> dict[str, str]:
    """The rule's parts read by icalendar's ``vRecur`` (names upper-case,
    values checked by kind: COUNT and INTERVAL numbers, UNTIL a date), each
    as its RFC 5545 text; MeetingInvalidError when it is not a rule."""
    try:
        recur = vRecur.from_ical(text)
    except (ValueError, TypeError):
        raise _not_valid() from None
    if not recur:
        raise _not_valid()
    return {
        name: vRecur({name: values}).to_ical().decode().split("=", 1)[1].upper()
        for name, values in recur.items()
    }


def parse_rule(text: str, starts_at: datetime.datetime) -> rrule:
    """The rule a meeting can follow, or MeetingInvalidError saying why not."""
    parts = rule_parts(text)
    if "FREQ" not in parts or not parts.keys() <= PARTS | TIME_PARTS:
        raise _not_valid()
    if parts["FREQ"] in SUB_DAILY or TIME_PARTS & parts.keys():
        raise MeetingInvalidError(
            _(
                "A meeting repeats at most daily, at the time it starts: use "
                "FREQ=DAILY, WEEKLY, MONTHLY or YEARLY without BYHOUR, "
                "BYMINUTE or BYSECOND."
            )
        )
    if parts["FREQ"] not in FREQUENCIES:
        raise _not_valid()
    interval = parts.get("INTERVAL", "1")
    if not interval.isdigit() or not 1 <= int(interval) <= MAX_INTERVAL:
        raise MeetingInvalidError(
            _("The interval must be a whole number from 1 to %(max)d.")
            % {"max": MAX_INTERVAL}
        )
    try:
        rule = rrulestr(text, dtstart=starts_at)
    except (ValueError, TypeError, OverflowError):
        raise _not_valid() from None
    if not isinstance(rule, rrule):
        raise _not_valid()
    return rule


def check_rule(text: str, starts_at: datetime.datetime) -> str:
    """The rule as stored (empty for a single meeting), or MeetingInvalidError:
    it must be one a meeting can follow and give a meeting in the five years
    after the start."""
    text = text.strip().removeprefix("RRULE:")
    if not text:
        return ""
    rule = parse_rule(text, starts_at)
    # A series started long ago is walked from its start on every read.
    if starts_at < timezone.now() - OLDEST_START:
        raise MeetingInvalidError(
            _("A repeating meeting cannot start more than ten years ago.")
        )
    if first_after(rule, starts_at) is None:
        raise MeetingInvalidError(
            _(
                "This repetition rule gives no meeting in the five years after "
                "the start."
            )
        )
    return text


def first_after(rule: rrule, after: datetime.datetime) -> datetime.datetime | None:
    """The rule's first date at or after ``after`` within ``HORIZON``, found
    in a bounded number of steps whatever the rule."""
    try:
        end = after + HORIZON
    except (OverflowError, ValueError):  # past the year 9999
        end = datetime.datetime.max.replace(tzinfo=after.tzinfo)
    for at in _walk_until(rule, end.year):
        if at >= after:
            return at if at <= end else None
    return None


class _CalendarEndingIn(types.ModuleType):
    """The ``datetime`` module as dateutil's expansion sees it, with its last
    year (``MAXYEAR``, where dateutil stops) moved to ``last_year``."""

    def __init__(self, last_year: int) -> None:
        super().__init__("datetime")
        self.MAXYEAR = last_year

    def __getattr__(self, name: str) -> object:
        return getattr(datetime, name)


@functools.lru_cache(maxsize=16)
def _expansion_until(last_year: int) -> types.FunctionType:
    namespace = {**vars(dateutil.rrule), "datetime": _CalendarEndingIn(last_year)}
    return types.FunctionType(rrule._iter.__code__, namespace, "_iter")


def _walk_until(rule: rrule, last_year: int) -> Iterator[datetime.datetime]:
    """dateutil's expansion of ``rule`` (same dates, same order), ending
    after ``last_year``."""
    return _expansion_until(last_year)(rule)


# -- in words ------------------------------------------------------------------

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WORKWEEK = frozenset(WEEKDAY_CODES[:5])


def _weekday(code: str) -> str:
    return str(WEEKDAYS[WEEKDAY_CODES.index(code)])


def _and(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    # Translators: the separator of a list of weekdays ("Monday, Wednesday").
    separator = pgettext("list separator", ", ")
    return _("%(items)s and %(last)s") % {
        "items": separator.join(items[:-1]),
        "last": items[-1],
    }


def _position(n: int) -> str | None:
    return {
        1: _("first"),
        2: _("second"),
        3: _("third"),
        4: _("fourth"),
        -1: _("last"),
    }.get(n)


def _every(interval: int, days: list[str]) -> str | None:
    """ "every Tuesday", "every second Tuesday", "every 3 weeks on Monday"."""
    named = _and([_weekday(d) for d in days])
    if interval == 1:
        return _("every %(days)s") % {"days": named}
    if interval == 2:
        return _("every second %(days)s") % {"days": named}
    return ngettext(
        "every %(n)d week on %(days)s", "every %(n)d weeks on %(days)s", interval
    ) % {"n": interval, "days": named}


def _monthly(parts: dict[str, str], starts_at: datetime.datetime) -> str | None:
    day = parts.get("BYMONTHDAY")
    byday = parts.get("BYDAY", "")
    setpos = parts.get("BYSETPOS")
    if day is None and not byday:
        day = str(starts_at.day)
    if day is not None and not byday:
        if not day.lstrip("-").isdigit() or "," in day:
            return None
        if int(day) == -1:
            return _("monthly on the last day")
        return _("monthly on the %(day)s") % {"day": ordinal(int(day))}
    if "," in byday or day is not None:
        return None
    match = re.fullmatch(r"([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)", byday)
    if match is None or (match.group(1) and setpos):
        return None
    position = _position(int(match.group(1) or setpos or 0))
    if position is None:
        return None
    return _("monthly on the %(position)s %(day)s") % {
        "position": position,
        "day": _weekday(match.group(2)),
    }


def _shape(parts: dict[str, str], starts_at: datetime.datetime) -> str | None:
    freq = parts["FREQ"]
    interval = int(parts.get("INTERVAL", "1"))
    days = parts.get("BYDAY", "").split(",") if "BYDAY" in parts else []
    other = parts.keys() - {"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST"}
    # Interval 1 reads as its own words: languages whose plural forms group 1
    # with 21 (ru) or have one form (id, zh) cannot say "every day" otherwise.
    if freq == "DAILY" and not other:
        if interval == 1:
            return _("every day")
        return ngettext("every %(n)d day", "every %(n)d days", interval) % {
            "n": interval
        }
    if freq == "WEEKLY" and other <= {"BYDAY"}:
        days = days or [WEEKDAY_CODES[starts_at.weekday()]]
        if not set(days) <= set(WEEKDAY_CODES):
            return None
        if interval == 1 and set(days) == WORKWEEK:
            return _("every weekday")
        return _every(interval, sorted(days, key=WEEKDAY_CODES.index))
    if (
        freq == "MONTHLY"
        and interval == 1
        and other <= {"BYDAY", "BYMONTHDAY", "BYSETPOS"}
    ):
        return _monthly(parts, starts_at)
    if freq == "MONTHLY" and not other:
        if interval == 1:
            return _("every month")
        return ngettext("every %(n)d month", "every %(n)d months", interval) % {
            "n": interval
        }
    if freq == "YEARLY" and not other:
        if interval == 1:
            return _("every year")
        return ngettext("every %(n)d year", "every %(n)d years", interval) % {
            "n": interval
        }
    return None


def describe_rule(text: str, starts_at: datetime.datetime | None = None) -> str:
    """A repetition rule as a person reads it, in the active language
    ("every second Tuesday", "every weekday, 10 times"); a general sentence
    for a rule of another shape. Empty for a single meeting."""
    text = text.strip().removeprefix("RRULE:")
    if not text:
        return ""
    starts_at = starts_at or timezone.now()
    try:
        parse_rule(text, starts_at)
        parts = rule_parts(text)
        words = _shape(parts, timezone.localtime(starts_at))
    except (MeetingInvalidError, ValueError):
        words = None
    if words is None:
        return _("Repeats on a custom schedule")
    if "COUNT" in parts and parts["COUNT"].isdigit():
        count = int(parts["COUNT"])
        words = ngettext(
            "%(rule)s, %(count)d time", "%(rule)s, %(count)d times", count
        ) % {"rule": words, "count": count}
    elif "UNTIL" in parts:
        until = vRecur.from_ical(text)["UNTIL"][0]
        if isinstance(until, datetime.datetime):
            until = timezone.localtime(until) if until.tzinfo else until
        if until is not None:
            words = _("%(rule)s, until %(date)s") % {
                "rule": words,
                "date": date_format(until, "SHORT_DATE_FORMAT"),
            }
    return capfirst(words)
