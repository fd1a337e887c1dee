"""A person's week (planning.selectors.my_week): booked against logged time."""

from datetime import date, timedelta

from agencydesk.people.roles import Role
from agencydesk.planning import services
from agencydesk.planning.selectors import my_week
from agencydesk.timesheets import services as timesheets
from tests.factories.people import make_staff

WEEK = date(2026, 11, 9)


def test_my_week_counts_confirmed_bookings_and_logged_time(
    client_a, django_assert_num_queries
):
    person = make_staff(Role.SPECIALIST)
    services.allocation_create(
        actor=None, user=person, week=WEEK, client=client_a, minutes=600
    )
    services.allocation_create(
        actor=None, user=person, week=WEEK, minutes=120, is_tentative=True
    )
    timesheets.time_entry_create(
        actor=None, user=person, day=WEEK + timedelta(days=6), minutes=90
    )
    timesheets.time_entry_create(
        actor=None, user=person, day=WEEK + timedelta(days=7), minutes=30
    )

    with django_assert_num_queries(2):
        week = my_week(user=person, week=WEEK)

    assert (week.booked_minutes, week.logged_minutes) == (600, 90)
    assert (week.booked_hours, week.logged_hours) == (10, 1.5)
