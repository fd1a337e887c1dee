"""Desk background jobs (thin: they call services)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="*"))
def sla_sweep() -> None:
    """Every minute: mark SLA clocks at risk or breached and escalate."""
    services.sla_sweep()
