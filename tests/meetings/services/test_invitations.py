"""Edit, reschedule, cancel and recap: what the attendees receive."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar

from agencydesk.meetings import services
from agencydesk.meetings.errors import MeetingCancelledError, MeetingInvalidError
from agencydesk.meetings.models import Meeting
from tests.factories.clients import make_contact

pytestmark = pytest.mark.usefixtures("committed_db")

SOON = timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)


def _meeting(client, contact, manager, **fields):
    fields.setdefault("starts_at", SOON)
    return services.meeting_schedule(
        actor=manager,
        client=client,
        kind="regular",
        title="Weekly sync",
        staff=[manager],
        contacts=[contact],
        **fields,
    )


def _calendar(message) -> tuple[str, Calendar]:
    (part,) = [
        a for a in message.attachments if a.get_content_type() == "text/calendar"
    ]
    return part.get_param("method"), Calendar.from_ical(part.get_payload(decode=True))


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_scheduling_sends_every_attendee_the_invitation(client_a, contact_a, manager):
    meeting = _meeting(client_a, contact_a, manager)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [manager.email, contact_a.user.email]
    )
    method, calendar = _calendar(_to(contact_a.user.email)[0])
    (event,) = calendar.walk("VEVENT")
    assert method == "REQUEST"
    assert str(calendar["method"]) == "REQUEST"
    assert int(event["sequence"]) == 0
    assert str(event["uid"]).startswith(f"meeting-{meeting.pk}@")


def test_a_reschedule_sends_the_update_in_the_attendees_language(client_a, manager):
    contact = make_contact(client_a, language="zh-hans")
    type(contact.user).objects.filter(pk=contact.user_id).update(
        timezone="Asia/Shanghai"
    )
    contact.user.refresh_from_db()
    meeting = _meeting(client_a, contact, manager)
    mail.outbox.clear()
    later = SOON + datetime.timedelta(days=1, hours=2)

    services.meeting_update(
        actor=manager,
        meeting=meeting,
        title="Weekly sync",
        starts_at=later,
        duration_minutes=60,
        staff=[manager],
        contacts=[contact],
    )

    (message,) = _to(contact.user.email)
    with translation.override("zh-hans"):
        subject = gettext("Updated invitation: %(title)s") % {"title": "Weekly sync"}
        lead = gettext("This meeting has changed; the updated invitation is attached.")
    assert message.subject == subject
    assert message.body.startswith(lead)
    assert "Asia/Shanghai" in message.body
    method, calendar = _calendar(message)
    (event,) = calendar.walk("VEVENT")
    assert method == "REQUEST"
    assert int(event["sequence"]) == 1
    assert str(event["uid"]).startswith(f"meeting-{meeting.pk}@")
    assert event.decoded("dtstart") == later
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.sequence) == (later, 1)


def test_a_reschedule_into_the_past_changes_nothing(client_a, contact_a, manager):
    meeting = _meeting(client_a, contact_a, manager)
    mail.outbox.clear()

    with pytest.raises(MeetingInvalidError, match="into the past"):
        services.meeting_update(
            actor=manager,
            meeting=meeting,
            title="Moved back",
            starts_at=timezone.now() - datetime.timedelta(days=1),
            duration_minutes=60,
            staff=[manager],
            contacts=[contact_a],
        )

    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.title, meeting.sequence) == (
        SOON,
        "Weekly sync",
        0,
    )
    assert mail.outbox == []


def test_a_person_taken_off_the_meeting_gets_a_cancellation(
    client_a, contact_a, manager
):
    meeting = _meeting(client_a, contact_a, manager)
    mail.outbox.clear()

    services.meeting_update(
        actor=manager,
        meeting=meeting,
        title="Weekly sync",
        starts_at=SOON,
        duration_minutes=60,
        staff=[manager],
        contacts=[],
    )

    assert _calendar(_to(contact_a.user.email)[0])[0] == "CANCEL"
    assert _calendar(_to(manager.email)[0])[0] == "REQUEST"


def test_cancel_sends_cancel_and_a_second_cancel_is_refused(
    client_a, contact_a, manager
):
    meeting = _meeting(client_a, contact_a, manager)
    mail.outbox.clear()

    services.meeting_cancel(actor=manager, meeting=meeting)

    method, calendar = _calendar(_to(contact_a.user.email)[0])
    (event,) = calendar.walk("VEVENT")
    assert (method, str(event["status"]), int(event["sequence"])) == (
        "CANCEL",
        "CANCELLED",
        1,
    )
    mail.outbox.clear()
    with pytest.raises(MeetingCancelledError):
        services.meeting_cancel(actor=manager, meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).sequence == 1
    assert mail.outbox == []


def test_cancel_of_a_cancelled_meeting_by_page_says_why_on_the_meeting(
    client_a, contact_a, manager, client
):
    meeting = _meeting(client_a, contact_a, manager)
    services.meeting_cancel(actor=manager, meeting=meeting)
    mail.outbox.clear()
    client.force_login(manager)

    response = client.post(reverse("meetings:meeting-cancel", args=[meeting.pk]))

    # The one way a refused button answers (core.actions.perform): back to
    # the meeting, the refusal said there.
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    page = client.get(response["Location"])
    assert "This meeting has been cancelled." in page.text
    assert mail.outbox == []


def test_the_edit_page_reschedules(client_a, contact_a, manager, client):
    meeting = _meeting(client_a, contact_a, manager)
    mail.outbox.clear()
    client.force_login(manager)
    url = reverse("meetings:meeting-edit", args=[meeting.pk])
    assert client.get(url).status_code == 200
    later = timezone.localtime(SOON + datetime.timedelta(days=2))

    response = client.post(
        url,
        {
            "kind": "regular",
            "title": "Weekly sync",
            "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "45",
            "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            "staff": [manager.pk],
            "contacts": [contact_a.pk],
        },
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.duration_minutes, meeting.sequence) == (45, 1)
    assert len(mail.outbox) == 2
    assert "Repeats: Every second Tuesday\n" in _to(manager.email)[0].body


def test_the_recap_goes_to_every_attendee_with_action_items(client_a, manager):
    contact = make_contact(client_a, language="zh-hans")
    meeting = _meeting(
        client_a, contact, manager, starts_at=SOON - datetime.timedelta(days=8)
    )
    services.meeting_record_minutes(
        actor=manager, meeting=meeting, minutes="Spoke about Q1.", decisions="Go."
    )
    services.action_item_add(
        actor=manager,
        meeting=meeting,
        title="Send the plan",
        owner=manager,
        due_date=datetime.date(2027, 1, 15),
    )
    mail.outbox.clear()

    assert services.meeting_send_recap(actor=manager, meeting=meeting) == 2

    (message,) = _to(contact.user.email)
    with translation.override("zh-hans"):
        assert message.subject == gettext("Recap: %(title)s") % {"title": "Weekly sync"}
        assert gettext("Decisions") in message.body
    assert "Spoke about Q1." in message.body
    assert "Send the plan" in message.body
    assert manager.display_name in message.body


def test_no_recap_before_the_meeting(client_a, contact_a, manager):
    meeting = _meeting(client_a, contact_a, manager)
    mail.outbox.clear()
    with pytest.raises(MeetingInvalidError):
        services.meeting_send_recap(actor=manager, meeting=meeting)
    assert mail.outbox == []
