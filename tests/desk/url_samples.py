"""URL-walk samples for the desk's own parameters."""

from agencydesk.comms.models import InboundMessage
from agencydesk.desk.models import Message


def _inbound(side):
    return InboundMessage.objects.create(
        source="email",
        raw=b"From: x@y.z\r\n\r\nhi",
        dedupe_key=f"walk:{side.client.slug}",
        sender=f"stranger@{side.client.slug}.example",
        subject=f"{side.client.name} triage",
        status="triage",
    )


def _held(side):
    # Mail that claimed a staff address without proof, waiting for review.
    return Message.objects.create(
        ticket=side.ticket,
        body=f"{side.client.name} held mail",
        is_internal=True,
        channel="email",
        sender_auth="",
        review=Message.Review.HELD,
        claimed_sender="someone@agency.example",
    )


SAMPLES = {
    "inbound_id": lambda side, cb: str(side.once("inbound", lambda: _inbound(side)).pk),
    "message_id": lambda side, cb: str(side.once("held", lambda: _held(side)).pk),
}
