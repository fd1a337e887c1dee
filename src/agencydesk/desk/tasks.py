"""Desk background jobs (thin: they call services)."""

from huey import crontab

from agencydesk.core.health import heartbeat_timed
from agencydesk.core.schedule import once_per_schedule

from . import services


@once_per_schedule(crontab(minute="*"))
def sla_sweep() -> None:
    """Every minute: mark SLA clocks at risk or breached and escalate."""
    # Its last run and duration show on /metrics: a sweep that slows down or
    # stops is seen before tickets breach unnoticed.
    with heartbeat_timed("sla_sweep"):
        services.sla_sweep()
