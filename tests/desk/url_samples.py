"""URL-walk samples for the desk's own parameters."""

from agencydesk.comms.models import InboundMessage


def _inbound(side):
    return InboundMessage.objects.create(
        source="email",
        raw=b"From: x@y.z\r\n\r\nhi",
        dedupe_key=f"walk:{side.client.slug}",
        sender=f"stranger@{side.client.slug}.example",
        subject=f"{side.client.name} triage",
        status="triage",
    )


SAMPLES = {
    "inbound_id": lambda side, cb: str(side.once("inbound", lambda: _inbound(side)).pk),
}
