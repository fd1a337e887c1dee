"""iCalendar (meetings.ical): invitations and the private feed."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from agencydesk.meetings import ical, services
from agencydesk.meetings.errors import FeedLinkInvalidError
from agencydesk.onboarding import services as onboarding

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
