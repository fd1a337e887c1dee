"""Finance background jobs (thin: they call the services)."""

from huey import crontab

from agencydesk.core.schedule import once_per_schedule

from .services.digest import weekly_digest_send as send_digests
from .services.sending import invoice_send_reminders as send_reminders


@once_per_schedule(crontab(hour="7", minute="30"))
def invoice_send_reminders() -> None:
    """Daily at 07:30: announce newly overdue invoices and remind their
    billing contacts (at most weekly per invoice)."""
    send_reminders()


@once_per_schedule(crontab(minute="10"))
def weekly_digest_send() -> None:
    """Hourly at :10: the Monday digest to recipients whose Monday 08:00 has come."""
    send_digests()
