"""Repetition rules in words, in the reader's language."""

import datetime

import pytest
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from agencydesk.meetings.errors import MeetingInvalidError
from agencydesk.meetings.recurrence import describe_rule, rule_parts

TUESDAY = datetime.datetime(2026, 12, 8, 3, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "Every second Tuesday"),
        ("FREQ=WEEKLY;INTERVAL=2", "Every second Tuesday"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Every weekday"),
        ("FREQ=WEEKLY;BYDAY=TH,MO", "Every Monday and Thursday"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=FR", "Every 3 weeks on Friday"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "Monthly on the 15th"),
        ("FREQ=MONTHLY", "Monthly on the 8th"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "Monthly on the last Friday"),
        ("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", "Monthly on the second Tuesday"),
        ("FREQ=DAILY;COUNT=1", "Every day, 1 time"),
        ("FREQ=DAILY;INTERVAL=3;COUNT=10", "Every 3 days, 10 times"),
        ("FREQ=YEARLY", "Every year"),
        ("FREQ=YEARLY;BYWEEKNO=20", "Repeats on a custom schedule"),
        ("freq=weekly;byday=tu", "Every Tuesday"),
        ("RRULE:FREQ=WEEKLY;UNTIL=20270105T120000Z", "Every Tuesday, until 01/05/2027"),
        ("FREQ=WEEKLY;INTERVAL=x", "Repeats on a custom schedule"),
        ("FREQ=WEEKLY;NOTAPART=1", "Repeats on a custom schedule"),
        ("", ""),
    ],
)
def test_a_rule_reads_as_words(rule, words):
    with translation.override("en"):
        assert describe_rule(rule, TUESDAY) == words


def test_a_rule_is_written_in_the_readers_language():
    with translation.override("zh-hans"):
        expected = capfirst(
            gettext("every second %(days)s") % {"days": gettext("Tuesday")}
        )
        assert describe_rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", TUESDAY) == expected
        assert "FREQ" not in expected


def test_the_rule_is_read_by_icalendar_with_checked_values():
    assert rule_parts("freq=weekly;interval=2;byday=tu,th") == {
        "FREQ": "WEEKLY",
        "INTERVAL": "2",
        "BYDAY": "TU,TH",
    }
    for garbage in ("garbage", "FREQ=WEEKLY;COUNT=many", ";;;"):
        with pytest.raises(MeetingInvalidError):
            rule_parts(garbage)
