import datetime
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from icalendar import Calendar

from agencydesk.clients.errors import ClientArchivedError
from agencydesk.core.access import SYSTEM
from agencydesk.core.models import Notification
from agencydesk.meetings import ical, services
from agencydesk.meetings.errors import FeedLinkInvalidError, MeetingInvalidError
from agencydesk.meetings.models import Meeting
from agencydesk.meetings.selectors import next_meeting_for_client
from agencydesk.onboarding import services as onboarding
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


def test_an_action_item_tells_its_owner(client_a, contact_a, manager, specialist):
    meeting = _kickoff(client_a, contact_a, manager)
    services.meeting_record_minutes(
        actor=manager, meeting=meeting, minutes="Went well", decisions="Go live"
    )
    item = services.action_item_add(
        actor=manager,
        meeting=meeting,
        title="Send the media plan",
        owner=specialist,
        due_date=datetime.date(2026, 12, 10),
    )
    services.action_item_done(actor=specialist, item=item)

    notice = Notification.objects.get(recipient=specialist)
    assert notice.title == "New action from Kickoff with Alpha: Send the media plan"
    item.refresh_from_db()
    assert item.done_at is not None


def test_the_invitation_lists_every_attendee(client_a, contact_a, manager):
    meeting = _kickoff(client_a, contact_a, manager, location="https://meet.example")

    calendar = Calendar.from_ical(ical.invitation_for_meeting(meeting))

    event = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "REQUEST"
    assert sorted(str(a) for a in event.get("ATTENDEE")) == sorted(
        [f"MAILTO:{manager.email}", f"MAILTO:{contact_a.user.email}"]
    )
    assert event.decoded("DTSTART") == START
    assert str(event["LOCATION"]) == "https://meet.example"


def test_the_feed_has_my_meetings_and_my_onboarding_due_dates(
    client_a, contact_a, manager
):
    from agencydesk.clients.services import team_member_add

    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    _kickoff(client_a, contact_a, manager, rrule="FREQ=WEEKLY;COUNT=2")
    onboarding.run_start(actor=manager, client=client_a)

    user = ical.user_from_feed_token(ical.feed_token(manager))
    events = Calendar.from_ical(ical.feed_for_user(user)).walk("VEVENT")

    summaries = [str(e["SUMMARY"]) for e in events]
    assert summaries[0] == "Kickoff with Alpha"
    assert "Receive the deposit payment · Alpha Coffee" in summaries
    assert len(summaries) == 1 + 20
    assert events[0]["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=2"
    contact_feed = Calendar.from_ical(ical.feed_for_user(contact_a.user))
    assert [str(e["SUMMARY"]) for e in contact_feed.walk("VEVENT")] == [
        "Kickoff with Alpha"
    ]


def test_a_tampered_feed_link_is_refused(manager, client):
    token = ical.feed_token(manager)
    with pytest.raises(FeedLinkInvalidError):
        ical.user_from_feed_token(token + "x")
    response = client.get(f"/meetings/feed/{token}x.ics")
    assert response.status_code == 404
    assert client.get(f"/meetings/feed/{token}.ics").status_code == 200


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


def test_my_open_action_items_are_in_my_feed(client_a, contact_a, manager, specialist):
    meeting = _kickoff(client_a, contact_a, manager)
    services.action_item_add(
        actor=manager,
        meeting=meeting,
        title="Send the media plan",
        owner=specialist,
        due_date=datetime.date(2026, 12, 10),
    )
    done = services.action_item_add(
        actor=manager,
        meeting=meeting,
        title="Old",
        owner=specialist,
        due_date=datetime.date(2026, 12, 1),
    )
    services.action_item_done(actor=specialist, item=done)

    events = Calendar.from_ical(ical.feed_for_user(specialist)).walk("VEVENT")

    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events] == [
        ("Send the media plan · Kickoff with Alpha", datetime.date(2026, 12, 10))
    ]


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


def test_line_breaks_in_a_meeting_never_break_its_invitation(
    client_a, contact_a, manager, client
):
    meeting = _kickoff(
        client_a,
        contact_a,
        manager,
        title="Kickoff\r\nBEGIN:VEVENT\rwith Alpha",
        location="Room 1\nfloor 2",
        agenda="1. Hello\r\n2. Goals;\\ KPIs, targets",
    )
    client.force_login(manager)

    response = client.get(reverse("meetings:meeting-invite", args=[meeting.pk]))

    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Kickoff\nBEGIN:VEVENT\nwith Alpha"
    assert str(event["LOCATION"]) == "Room 1\nfloor 2"
    assert str(event["DESCRIPTION"]) == "1. Hello\n2. Goals;\\ KPIs, targets"
    assert str(calendar["X-WR-CALNAME"]) == "Kickoff BEGIN:VEVENT with Alpha"


def test_line_breaks_in_a_name_never_break_the_feed(client_a, contact_a, manager):
    _kickoff(client_a, contact_a, manager, title="Weekly\r\nsync")
    contact_a.user.full_name = "Jess\r\nTaylor"
    contact_a.user.save(update_fields=["full_name"])

    feed = Calendar.from_ical(ical.feed_for_user(contact_a.user))

    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == ["Weekly\nsync"]
    assert str(feed["X-WR-CALNAME"]) == "Agency Desk · Jess Taylor"
