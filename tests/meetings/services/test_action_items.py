"""Action items (meetings.services.action_items)."""

import datetime

import pytest

from agencydesk.core.models import Notification
from agencydesk.meetings import services

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
