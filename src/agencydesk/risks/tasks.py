"""Background jobs of the risks app (thin: they call the services)."""

from huey import crontab

from agencydesk.core.schedule import once_per_schedule

from .services.risks import risk_review_reminders as remind


@once_per_schedule(crontab(hour="8", minute="15"))
def risk_review_reminders() -> None:
    """Daily at 08:15: tell the owner of each open or mitigated risk whose
    review date has come, once per review date."""
    remind()
