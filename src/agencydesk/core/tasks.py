"""Core background jobs."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .health import heartbeat_record


# Not once_per_schedule: a second beat in the same minute is harmless (the
# same row, a later time) and cheaper than the guard's own row.
@db_periodic_task(crontab(minute="*"))
def worker_heartbeat() -> None:
    """Every minute: record that the worker is alive (shown by /healthz)."""
    heartbeat_record()
