"""The comms gauges on /metrics (registered from ``CommsConfig.ready``)."""

from __future__ import annotations

from django.utils import timezone

from agencydesk.core.metrics import register_gauge

from .models import OutboundMessage
from .selectors.backlog import inbound_kept, outbox_unsent


def register_gauges() -> None:
    def unsent():
        return [((c, s), n) for (c, s), (n, _) in outbox_unsent().items()]

    def oldest():
        now = timezone.now()
        return [
            ((c,), (now - first).total_seconds() if first else 0.0)
            for (c, s), (_, first) in outbox_unsent().items()
            if s == OutboundMessage.Status.QUEUED
        ]

    register_gauge(
        "outbox_unsent_messages",
        "Outgoing messages not sent: queued (waiting or retrying) or failed.",
        unsent,
        labels=["channel", "status"],
    )
    register_gauge(
        "outbox_oldest_queued_age_seconds",
        "Age of the oldest queued outgoing message (0 when none waits).",
        oldest,
        labels=["channel"],
    )
    register_gauge(
        "inbound_kept_for_review",
        "Inbound messages (e-mail, WhatsApp) that failed or are held for review.",
        lambda: [((src, s), n) for (src, s), n in inbound_kept().items()],
        labels=["source", "status"],
    )
