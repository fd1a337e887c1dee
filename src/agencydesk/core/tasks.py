"""Core background jobs."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .health import heartbeat_record


@db_periodic_task(crontab(minute="*"))
def worker_heartbeat() -> None:
    """Every minute: record that the worker is alive (shown by /healthz)."""
    heartbeat_record()
