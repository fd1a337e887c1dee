"""The API's gauges on /metrics (registered from ``ApiConfig.ready``)."""

from __future__ import annotations

from django.utils import timezone

from agencydesk.core.metrics import register_gauge

from .webhooks.selectors import deliveries_pending


def register_gauges() -> None:
    def oldest():
        _, first = deliveries_pending()
        return [((), (timezone.now() - first).total_seconds() if first else 0.0)]

    register_gauge(
        "webhook_deliveries_pending",
        "Webhook deliveries waiting for a first try or a retry.",
        lambda: [((), deliveries_pending()[0])],
    )
    register_gauge(
        "webhook_oldest_pending_age_seconds",
        "Age of the oldest pending webhook delivery (0 when none waits).",
        oldest,
    )
