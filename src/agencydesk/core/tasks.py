"""Core background jobs."""

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from .health import (
    heartbeat_record,
    worker_process_beat_start,
    worker_process_beat_stop,
    workers_forget_gone,
)


# Not once_per_schedule: a second beat in the same minute is harmless (the
# same row, a later time) and cheaper than the guard's own row.
@db_periodic_task(crontab(minute="*"))
def worker_heartbeat() -> None:
    """Every minute: record that the worker is alive (shown by /healthz)."""
    heartbeat_record()
    workers_forget_gone()


@HUEY.on_startup()
def worker_process_beat() -> None:
    """Each consumer process beats on its own (``/metrics`` shows every one)."""
    worker_process_beat_start()


@HUEY.on_shutdown()
def worker_process_beat_end() -> None:
    worker_process_beat_stop()
