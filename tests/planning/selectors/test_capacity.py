"""A person's capacity in a week (planning.selectors.capacity): holidays and
leave each recorded apart, adding up to the weekly hours; heat and percent."""

from datetime import date, timedelta

import pytest

from agencydesk.planning.selectors.capacity import (
    heat,
    leave_days_in,
    percent,
    week_capacity,
    weekly_minutes,
)

# Christmas Day, Friday 25 December 2026, is a public holiday in Indonesia.
CHRISTMAS_WEEK = date(2026, 12, 21)


def test_holidays_and_leave_add_up_to_the_weekly_capacity():
    leave = {CHRISTMAS_WEEK, CHRISTMAS_WEEK + timedelta(days=4)}  # Mon and Christmas
    capacity = week_capacity(
        week=CHRISTMAS_WEEK, weekly=2400, country="ID", leave_days=leave
    )
    assert capacity.holiday_minutes == 480
    assert capacity.leave_minutes == 480  # Christmas is not counted twice
    assert capacity.available_minutes == 1440
    assert [day for day, _name in capacity.holidays] == [date(2026, 12, 25)]
    assert capacity.leave_days == (CHRISTMAS_WEEK,)


def test_leave_days_are_clipped_to_the_range():
    class Away:
        start, end = date(2026, 12, 19), date(2026, 12, 22)

    days = leave_days_in([Away], CHRISTMAS_WEEK, CHRISTMAS_WEEK + timedelta(days=6))
    assert days == {date(2026, 12, 21), date(2026, 12, 22)}


@pytest.mark.parametrize(
    ("minutes", "available", "expected"),
    [
        (0, 0, "none"),
        (60, 0, "over"),
        (60, 100, "under"),
        (70, 100, "healthy"),
        (90, 100, "full"),
        (100, 100, "full"),
        (101, 100, "over"),
    ],
)
def test_heat_colours_the_share_of_the_week(minutes, available, expected):
    assert heat(minutes, available) == expected


def test_percent_and_weekly_minutes():
    assert percent(2640, 2400) == 110
    assert percent(60, 0) is None
    assert weekly_minutes(None) == 2400
