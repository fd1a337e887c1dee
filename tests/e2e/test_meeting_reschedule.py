"""Done when (c) of issue #11: the account manager reschedules a meeting in
the browser and a client attendee who reads Chinese receives the updated
invitation, in Chinese, with the next SEQUENCE of the same calendar event."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar

from agencydesk.clients.services import team_member_add
from agencydesk.meetings import services
from agencydesk.meetings.models import Meeting
from agencydesk.people.roles import Role
from tests.factories.clients import make_client, make_contact
from tests.factories.people import PASSWORD, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_rescheduled_meeting_reaches_a_chinese_attendee(page, live_server):
    client = make_client("Kopi Nusantara", slug="kopi-nusantara", language="en")
    contact = make_contact(
        client, email="wei@kopi.test", full_name="Li Wei", language="zh-hans"
    )
    manager = make_staff(
        Role.ACCOUNT_MANAGER,
        email="rina@agency.test",
        full_name="Rina Wijaya",
        language="en",
    )
    team_member_add(actor=None, client=client, user=manager, role="account_manager")
    first = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=3)
    meeting = services.meeting_schedule(
        actor=manager,
        client=client,
        kind="regular",
        title="Weekly sync",
        starts_at=first,
        staff=[manager],
        contacts=[contact],
    )
    mail.outbox.clear()

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_email", manager.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    with page.expect_navigation():
        page.click("#meeting-edit")
    moved = page.input_value("#id_starts_at").replace("T", " ")
    later = datetime.datetime.fromisoformat(moved) + datetime.timedelta(days=1)
    page.fill("#id_starts_at", later.strftime("%Y-%m-%dT%H:%M"))
    with page.expect_navigation():
        page.get_by_role("button", name="Save and send updates").click()
    assert page.url.endswith(meeting.get_absolute_url())

    meeting.refresh_from_db()
    assert meeting.starts_at == first + datetime.timedelta(days=1)
    assert meeting.sequence == 1
    (message,) = [m for m in mail.outbox if m.to == [contact.user.email]]
    with translation.override("zh-hans"):
        subject = gettext("Updated invitation: %(title)s") % {"title": "Weekly sync"}
        lead = gettext("This meeting has changed; the updated invitation is attached.")
    assert message.subject == subject
    assert message.body.startswith(lead + "\n")
    (part,) = message.attachments
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    (event,) = Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")
    assert int(event["sequence"]) == 1
    assert str(event["uid"]).startswith(f"meeting-{meeting.pk}@")
    assert event.decoded("dtstart") == first + datetime.timedelta(days=1)
    assert Meeting.objects.get(pk=meeting.pk).cancelled_at is None
