"""Desk background jobs (thin: they call services)."""

from huey import crontab

from agencydesk.core.schedule import once_per_schedule

from . import services


@once_per_schedule(crontab(minute="*"))
def sla_sweep() -> None:
    """Every minute: mark SLA clocks at risk or breached and escalate."""
    services.sla_sweep()
