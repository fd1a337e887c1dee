"""Onboarding background jobs (thin: they call the services)."""

from huey import crontab

from agencydesk.core.schedule import once_per_schedule

from .services.questionnaires import questionnaire_send_reminders as send_reminders


@once_per_schedule(crontab(hour="8", minute="0"))
def questionnaire_send_reminders() -> None:
    """Daily at 08:00: remind contacts of their questionnaire around its deadline."""
    send_reminders()
