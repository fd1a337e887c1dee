"""Inbound messages waiting for a person: triage, held, failed, ignored."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import InboundMessage

REVIEW_STATES = ("triage", "held", "failed", "ignored")


def inbound_for_review(*, state: str) -> QuerySet[InboundMessage]:
    """The messages in ``state`` (an unknown state is triage), newest first,
    without their raw bytes (a page lists dozens; the raw mail is megabytes)."""
    if state not in REVIEW_STATES:
        state = "triage"
    return (
        InboundMessage.objects.filter(status=state)
        .order_by("-received_at", "-pk")
        .defer("raw")
    )
