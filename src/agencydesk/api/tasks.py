"""The API's background jobs (thin: they call the services)."""

from huey import crontab
from huey.contrib.djhuey import db_task

from agencydesk.core.schedule import once_per_schedule

from .webhooks import services


@db_task(retries=0)
def webhook_deliver(delivery_ids: list[int]) -> None:
    """Make queued webhook deliveries (their retries live in the rows)."""
    for pk in delivery_ids:
        services.webhook_deliver(pk)


@once_per_schedule(crontab(minute="*"))
def webhook_retry_due() -> None:
    """Every minute: make the webhook deliveries whose retry time has come."""
    services.webhook_retry_due()
