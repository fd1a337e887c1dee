"""Reads about meetings (meetings.selectors): the next meeting of a series."""

import datetime
import time

import pytest

from agencydesk.core.access import SYSTEM
from agencydesk.meetings import services
from agencydesk.meetings.models import Meeting
from agencydesk.meetings.selectors import next_meeting_for_client
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
START = datetime.datetime(2026, 12, 7, 3, 0, tzinfo=UTC)  # a Monday


def _kickoff(client, contact, manager, **fields):
    fields.setdefault("starts_at", START)
    fields.setdefault("title", "Kickoff with Alpha")
    fields.setdefault("staff", [manager])
    return services.meeting_schedule(
        actor=manager,
        client=client,
        kind="client_kickoff",
        contacts=[contact],
        **fields,
    )


def test_the_next_meeting_follows_the_repetitions(client_a, contact_a, manager):
    services.meeting_schedule(
        actor=manager,
        client=client_a,
        kind="regular",
        title="Weekly",
        starts_at=START,
        rrule="FREQ=WEEKLY;COUNT=4",
    )
    now = START + datetime.timedelta(days=8)

    found = next_meeting_for_client(viewer=SYSTEM, client=client_a, now=now)

    assert (found.meeting.title, found.at) == ("Weekly", START + datetime.timedelta(14))
    later = START + datetime.timedelta(days=30)
    assert next_meeting_for_client(viewer=SYSTEM, client=client_a, now=later) is None


def test_a_stored_rule_that_never_happens_does_not_stall_the_next_meeting(
    client_a, contact_a, manager
):
    # given: a rule stored before rules were checked (every hour on 30 February)
    Meeting.objects.create(
        client=client_a,
        kind="regular",
        title="Never",
        starts_at=START,
        rrule="FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30",
    )
    weekly = services.meeting_schedule(
        actor=manager,
        client=client_a,
        kind="regular",
        title="Weekly",
        starts_at=START,
        rrule="FREQ=WEEKLY",
    )
    now = START + datetime.timedelta(days=8)

    began = time.monotonic()
    found = next_meeting_for_client(viewer=SYSTEM, client=client_a, now=now)
    took = time.monotonic() - began

    assert (found.meeting, found.at) == (weekly, START + datetime.timedelta(days=14))
    assert took < 1.0


def test_the_next_meeting_of_a_long_series_is_found(client_a, contact_a, manager):
    services.meeting_schedule(
        actor=manager,
        client=client_a,
        kind="regular",
        title="Daily stand-up",
        starts_at=START,
        rrule="FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
    )
    # a Saturday, three years on
    now = datetime.datetime(2029, 12, 8, 12, 0, tzinfo=UTC)

    found = next_meeting_for_client(viewer=SYSTEM, client=client_a, now=now)

    assert found.at == datetime.datetime(2029, 12, 10, 3, 0, tzinfo=UTC)


# The action form's owner picker lists no staff: one query fewer than a select;
# "Make a task" reads the client's open projects once for every item.
MEETING_PAGE_QUERIES = 7


@pytest.mark.parametrize("size", [2, 12])
def test_the_meeting_page_costs_the_same_queries_at_any_size(
    size, client_a, contact_a, manager, as_user, django_assert_num_queries
):
    staff = [
        make_staff(Role.SPECIALIST, full_name=f"Helper {n:02d}") for n in range(size)
    ]
    meeting = _kickoff(client_a, contact_a, manager, staff=[manager, *staff])
    for n in range(size):
        services.action_item_add(
            actor=manager, meeting=meeting, title=f"Action {n:02d}", owner=staff[n]
        )
    http = as_user(manager)
    http.get("/")
    with django_assert_num_queries(MEETING_PAGE_QUERIES):
        response = http.get(meeting.get_absolute_url())
    body = response.content.decode()
    assert body.count("Action ") >= size
    assert body.count("Helper ") >= size
