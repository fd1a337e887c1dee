"""Reads of the webhook pages."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Min, QuerySet

from ..models import WebhookDelivery, WebhookSubscription


def subscriptions_for_list() -> QuerySet[WebhookSubscription]:
    """Every subscription with its client, newest first."""
    return WebhookSubscription.objects.select_related("client").order_by(
        "-created_at", "-pk"
    )


def deliveries_of(subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    """A subscription's delivery log, newest first, with each event."""
    return (
        WebhookDelivery.objects.filter(subscription=subscription)
        .select_related("event")
        .order_by("-created_at", "-pk")
    )


def deliveries_pending() -> tuple[int, datetime | None]:
    """Deliveries waiting for a first try or a retry, and the oldest one's
    creation (the webhook backlog on /metrics)."""
    found = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING
    ).aggregate(n=Count("pk"), oldest=Min("created_at"))
    return found["n"], found["oldest"]
