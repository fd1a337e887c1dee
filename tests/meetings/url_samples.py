"""URL samples of meetings and the calendar feed."""

import datetime

from django.utils import timezone

from agencydesk.meetings import services
from agencydesk.meetings.ical import feed_token
from agencydesk.meetings.models import AgendaTemplate


def _meeting(side):
    return side.once(
        "meeting",
        lambda: services.meeting_schedule(
            actor=None,
            client=side.client,
            kind="client_kickoff",
            title="Kickoff",
            starts_at=timezone.now() + datetime.timedelta(days=3),
            contacts=[side.contact],
        ),
    )


def _action(side):
    return side.once(
        "action",
        lambda: services.action_item_add(
            actor=None, meeting=_meeting(side), title="Send the media plan"
        ),
    )


SAMPLES = {
    "meeting_id": lambda side, cb: str(_meeting(side).pk),
    "action_id": lambda side, cb: str(_action(side).pk),
    "feed_token": lambda side, cb: feed_token(side.contact.user),
    "agenda_template_id": lambda side, cb: str(
        AgendaTemplate.objects.order_by("pk").first().pk
    ),
}
