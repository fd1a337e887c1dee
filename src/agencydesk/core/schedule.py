"""Periodic tasks that run once per slot of their schedule, however many
workers there are.

Huey's scheduler in every consumer enqueues each periodic task when its
crontab matches, so with two workers on one Redis the SLA sweep would run twice
a minute and the daily reminders twice a day. ``once_per_schedule`` registers
a periodic task as ``db_periodic_task`` does and guards it: each copy first
takes its slot (the last minute its schedule matches) as a row of
``core.ScheduledRun``, unique on (task, slot). The first copy runs; the others
find the slot taken and skip.

The lock is a database row rather than a Redis key on purpose: it works the
same on SQLite (the embedded default, where every worker process of the
machine shares the file) and on PostgreSQL, it is as durable as the data the
task changes (an evicted or flushed Redis key would let a second run through),
and it leaves a record of each run (when, which worker, how long, any error)
for operators.

A run killed half-way is not repeated in the same slot: every task guarded
here works from the state of the data (what is due now), so the next slot
catches up.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from huey.contrib.djhuey import HUEY, db_periodic_task

from .leases import holder
from .models import ScheduledRun

logger = logging.getLogger(__name__)

Schedule = Callable[[datetime], bool]
# How far back a slot is looked for (a weekly schedule at most), and how long
# the record of a run is kept.
SCAN_BACK = timedelta(days=8)
KEEP_RUNS = timedelta(days=7)


def schedule_slot(schedule: Schedule, now: datetime | None = None) -> datetime:
    """The last minute at or before ``now`` that ``schedule`` (a Huey crontab)
    matches, in UTC: every copy of one firing names the same slot, even when
    the queue made one of them start a minute late."""
    now = now or timezone.now()
    # Huey matches crontabs against UTC, or the machine's local time when it
    # is configured with utc=False.
    local = now.astimezone(UTC) if HUEY.utc else now.astimezone()
    minute = local.replace(second=0, microsecond=0)
    candidate, limit = minute, minute - SCAN_BACK
    while candidate > limit:
        if schedule(candidate.replace(tzinfo=None)):
            return candidate.astimezone(UTC)
        candidate -= timedelta(minutes=1)
    return minute.astimezone(UTC)


def slot_take(task: str, slot: datetime) -> ScheduledRun | None:
    """The run of ``task`` for ``slot``, made now; None when another worker
    made it first."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(
                task=task, slot=slot, worker=holder(), started_at=timezone.now()
            )
    except IntegrityError:
        return None


def slot_finish(run: ScheduledRun, *, error: str = "") -> None:
    """Note the end of a run; forget this task's runs past KEEP_RUNS."""
    ScheduledRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(), error=error[:2000]
    )
    ScheduledRun.objects.filter(task=run.task, slot__lt=run.slot - KEEP_RUNS).delete()


def once_per_schedule(schedule: Schedule, **options: Any) -> Callable:
    """Register the function as a Huey periodic task on ``schedule`` (as
    ``db_periodic_task(schedule, **options)``) that runs once per slot of the
    schedule across all workers."""

    def decorate(fn: Callable) -> Any:
        name = f"{fn.__module__}.{fn.__name__}"

        @wraps(fn)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            slot = schedule_slot(schedule)
            run = slot_take(name, slot)
            if run is None:
                taken_by = (
                    ScheduledRun.objects.filter(task=name, slot=slot)
                    .values_list("worker", flat=True)
                    .first()
                )
                logger.info(
                    "Periodic %s for %s already taken by %s: skipped",
                    name,
                    f"{slot:%Y-%m-%d %H:%M}",
                    taken_by,
                )
                return None
            logger.info("Periodic %s for %s: running", name, f"{slot:%Y-%m-%d %H:%M}")
            try:
                result = fn(*args, **kwargs)
            except Exception as error:
                # The run's record must not hide the task's own error.
                with contextlib.suppress(DatabaseError):
                    slot_finish(run, error=f"{type(error).__name__}: {error}")
                raise
            slot_finish(run)
            return result

        task = db_periodic_task(schedule, **options)(guarded)
        task.task_class.once_per_schedule = True
        return task

    return decorate
