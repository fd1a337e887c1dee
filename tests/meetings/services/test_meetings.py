"""Scheduling meetings (meetings.services.meetings): agendas, refusals, repeat
rules, archived accounts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from agencydesk.clients.errors import ClientArchivedError
from agencydesk.meetings import services
from agencydesk.meetings.errors import MeetingInvalidError
from agencydesk.meetings.models import Meeting
from tests.factories.clients import make_client, make_contact

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
START = datetime.datetime(2026, 12, 7, 3, 0, tzinfo=UTC)  # a Monday


def _kickoff(client, contact, manager, **fields):
    fields.setdefault("starts_at", START)
    fields.setdefault("title", "Kickoff with Alpha")
    return services.meeting_schedule(
        actor=manager,
        client=client,
        kind="client_kickoff",
        staff=[manager],
        contacts=[contact],
        **fields,
    )


def test_a_meeting_starts_with_the_agenda_of_its_kind(client_a, contact_a, manager):
    meeting = _kickoff(client_a, contact_a, manager)
    assert meeting.agenda.splitlines()[:2] == [
        "1. Introductions: who does what",
        "2. Goals and KPIs",
    ]


def test_a_bad_rrule_or_another_clients_contact_is_refused(
    client_a, client_b, contact_a, manager
):
    with pytest.raises(MeetingInvalidError):
        _kickoff(client_a, contact_a, manager, rrule="FREQ=SOMETIMES")
    with pytest.raises(MeetingInvalidError):
        _kickoff(client_a, make_contact(client_b), manager)
    assert Meeting.objects.count() == 0


def test_specialist_cannot_schedule(client_a, contact_a, specialist):
    with pytest.raises(PermissionDenied):
        _kickoff(client_a, contact_a, specialist)
    assert Meeting.objects.count() == 0


def test_archived_accounts_take_no_meetings(contact_a, manager):
    client = make_client("Closed", status="archived")
    with pytest.raises(ClientArchivedError):
        services.meeting_schedule(
            actor=manager,
            client=client,
            kind="regular",
            title="Nope",
            starts_at=START,
        )
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",  # every day on 30 February
        "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31",
        "FREQ=WEEKLY;BYDAY=MO;BYSETPOS=3",  # the third of one Monday a week
        "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29",  # from 2026: never leap
    ],
)
def test_a_rule_that_never_happens_in_the_next_years_is_refused(
    rule, client_a, contact_a, manager
):
    with pytest.raises(MeetingInvalidError) as refused:
        _kickoff(client_a, contact_a, manager, rrule=rule)

    assert refused.value.message == (
        "This repetition rule gives no meeting in the five years after the start."
    )
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=MONTHLY;INTERVAL=0", "The interval must be a whole number from 1 to"),
        ("FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30", "A meeting repeats at most daily"),
        ("FREQ=MINUTELY;COUNT=3", "A meeting repeats at most daily"),
        ("FREQ=WEEKLY;BYHOUR=9,15", "A meeting repeats at most daily"),
        ("FREQ=WEEKLY\nRRULE:FREQ=DAILY", "The repetition rule is not a valid RRULE"),
    ],
)
def test_a_rule_meetings_cannot_follow_is_refused_with_a_reason(
    rule, message, client_a, contact_a, manager
):
    with pytest.raises(MeetingInvalidError) as refused:
        _kickoff(client_a, contact_a, manager, rrule=rule)

    assert refused.value.message.startswith(message)
    assert Meeting.objects.count() == 0


def test_a_series_started_long_ago_is_refused(client_a, contact_a, manager):
    with pytest.raises(MeetingInvalidError) as refused:
        _kickoff(
            client_a,
            contact_a,
            manager,
            starts_at=datetime.datetime(2001, 1, 1, 9, 0, tzinfo=UTC),
            rrule="FREQ=DAILY",
        )

    assert refused.value.message == (
        "A repeating meeting cannot start more than ten years ago."
    )
    assert Meeting.objects.count() == 0


def test_a_series_at_the_end_of_the_calendar_is_checked_without_overflow(
    client_a, contact_a, manager
):
    last = datetime.datetime(9999, 12, 1, 9, 0, tzinfo=UTC)

    meeting = _kickoff(
        client_a, contact_a, manager, starts_at=last, rrule="FREQ=YEARLY"
    )

    assert Meeting.objects.get().rrule == meeting.rrule == "FREQ=YEARLY"
