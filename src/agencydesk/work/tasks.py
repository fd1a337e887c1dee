"""Work background jobs (thin: they call the services)."""

from huey import crontab

from agencydesk.core.schedule import once_per_schedule

from .services.approval_mail import approval_send_reminders as send_reminders


@once_per_schedule(crontab(minute="20"))
def approval_send_reminders() -> None:
    """Hourly at :20: remind contacts of approvals waiting past the delay."""
    send_reminders()
