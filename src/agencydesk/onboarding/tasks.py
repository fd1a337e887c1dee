"""Onboarding background jobs (thin: they call the services)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services.questionnaires import questionnaire_send_reminders as send_reminders


@db_periodic_task(crontab(hour="8", minute="0"))
def questionnaire_send_reminders() -> None:
    """Daily at 08:00: remind contacts of their questionnaire around its deadline."""
    send_reminders()
