"""What waits or went wrong in comms, for /metrics: the outbox's unsent
messages and the inbound messages kept for a person to review."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Min

from ..models import InboundMessage, OutboundMessage

UNSENT = (OutboundMessage.Status.QUEUED, OutboundMessage.Status.FAILED)
KEPT = (InboundMessage.Status.FAILED, InboundMessage.Status.HELD)


def outbox_unsent() -> dict[tuple[str, str], tuple[int, datetime | None]]:
    """(channel, status) → (messages, oldest created), every pair present:
    queued (waiting for a first try or a retry) and failed (given up)."""
    found = {
        (row["channel"], row["status"]): (row["n"], row["oldest"])
        for row in OutboundMessage.objects.filter(status__in=UNSENT)
        .values("channel", "status")
        .annotate(n=Count("pk"), oldest=Min("created_at"))
        .order_by()
    }
    return {
        (channel, status): found.get((channel, status), (0, None))
        for channel in OutboundMessage.Channel.values
        for status in UNSENT
    }


def inbound_kept() -> dict[tuple[str, str], int]:
    """(source, status) → inbound messages kept for review: failed to
    process, or held (unauthenticated sender, over a limit)."""
    found = {
        (row["source"], row["status"]): row["n"]
        for row in InboundMessage.objects.filter(status__in=KEPT)
        .values("source", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return {
        (source, status): found.get((source, status), 0)
        for source in InboundMessage.Source.values
        for status in KEPT
    }
