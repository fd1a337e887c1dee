"""Work background jobs (thin: they call the services)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services.approval_mail import approval_send_reminders as send_reminders


@db_periodic_task(crontab(minute="20"))
def approval_send_reminders() -> None:
    """Hourly at :20: remind contacts of approvals waiting past the delay."""
    send_reminders()
