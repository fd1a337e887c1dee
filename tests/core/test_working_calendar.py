"""Tests for agencydesk.core.models.WorkingCalendar and the client's own calendar."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from agencydesk.core.agency import agency_get
from agencydesk.core.calendar import add_business_time
from agencydesk.core.models import ClosedDay, WorkingCalendar
from tests.factories.clients import make_client

WIB = ZoneInfo("Asia/Jakarta")
# Monday 3 June 2024, 16:00 in Jakarta: one working hour is left that day.
MONDAY_AFTERNOON = datetime(2024, 6, 3, 16, tzinfo=WIB)
TUESDAY = date(2024, 6, 4)
# 17 August 2026, Indonesian Independence Day, is a Monday.
INDEPENDENCE_DAY = date(2026, 8, 17)


@pytest.fixture
def agency_hours(db):
    """The agency works 08:30-17:30, Monday to Saturday."""
    WorkingCalendar.objects.filter(pk=agency_get().calendar_id).update(
        weekdays="0,1,2,3,4,5", opens=time(8, 30), closes=time(17, 30)
    )
    return agency_get().calendar


def test_closed_days_are_closed_dates_of_the_business_calendar(client_a):
    calendar = client_a.calendar
    ClosedDay.objects.create(calendar=calendar, date=TUESDAY, reason="Retreat")
    ClosedDay.objects.create(calendar=calendar, date=date(2024, 12, 24))

    business = calendar.as_business_calendar()

    assert business.closed_dates == frozenset({TUESDAY, date(2024, 12, 24)})
    assert business.is_business_day(TUESDAY) is False
    assert business.holiday_name(TUESDAY) == ""


def test_adding_business_time_skips_a_closed_day(client_a):
    calendar = client_a.calendar
    before = add_business_time(
        calendar.as_business_calendar(), MONDAY_AFTERNOON, timedelta(hours=2)
    )
    ClosedDay.objects.create(calendar=calendar, date=TUESDAY, reason="Retreat")

    after = add_business_time(
        calendar.as_business_calendar(), MONDAY_AFTERNOON, timedelta(hours=2)
    )

    assert before == datetime(2024, 6, 4, 10, tzinfo=WIB)
    assert after == datetime(2024, 6, 5, 10, tzinfo=WIB)


def test_closed_day_of_another_calendar_does_not_close_this_one(client_a, client_b):
    ClosedDay.objects.create(calendar=client_b.calendar, date=TUESDAY)

    assert client_a.calendar.as_business_calendar().is_business_day(TUESDAY) is True


def test_new_client_gets_its_own_calendar_in_its_timezone_and_country(agency_hours):
    client = make_client("Delta Batik", country="ID", timezone="Asia/Jakarta")

    calendar = WorkingCalendar.objects.get(pk=client.calendar_id)
    assert calendar.pk != agency_hours.pk
    assert calendar.name == "Delta Batik"
    assert calendar.timezone == "Asia/Jakarta"
    assert calendar.country.code == "ID"
    assert (calendar.weekdays, calendar.opens, calendar.closes) == (
        "0,1,2,3,4,5",
        time(8, 30),
        time(17, 30),
    )


def test_agency_calendar_is_left_as_it_was_by_a_new_client(agency_hours):
    agency_row = WorkingCalendar.objects.filter(pk=agency_hours.pk)
    before = agency_row.values().get()

    make_client("Delta Batik", country="RU", timezone="Europe/Moscow")

    assert agency_row.values().get() == before
    assert WorkingCalendar.objects.count() == 2


def test_indonesian_independence_day_is_not_a_business_day_for_the_client(
    agency_hours,
):
    client = make_client("Delta Batik", country="ID", timezone="Asia/Jakarta")

    business = client.calendar.as_business_calendar()

    assert business.is_business_day(INDEPENDENCE_DAY) is False
    assert business.holiday_name(INDEPENDENCE_DAY) == "Independence Day"
    assert business.is_business_day(INDEPENDENCE_DAY + timedelta(days=1)) is True
    # The agency's own calendar has no country, so it works that day.
    assert agency_hours.as_business_calendar().is_business_day(INDEPENDENCE_DAY)


def test_client_page_shows_the_clients_working_hours(agency_hours, manager, as_user):
    client = make_client("Delta Batik")

    response = as_user(manager).get(client.get_absolute_url())

    assert "08:30–17:30" in response.content.decode()
