"""Claims on durable work that outlive a killed worker.

A worker process claims a row of durable work (an outbox message, a webhook
delivery) before it sends it, in a short transaction of its own: the row names
the process (``claimed_by`` = ``WORKER_ID:pid``) and how long the claim holds
(``WORK_LEASE_SECONDS``). The send happens outside any transaction, and the
outcome is written at once after it. Another worker takes a claimed row over
only once the lease ran out, so two live workers never send the same row.

A worker killed mid-send (SIGKILL, OOM, power) leaves its claim behind. When
the worker starts again under the same ``WORKER_ID`` it knows the earlier
process is gone and takes those claims back at once (``worker_start``), rather
than waiting for the lease; any other worker takes them after the lease.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

logger = logging.getLogger(__name__)


def holder() -> str:
    """This process's name in the claims it makes."""
    return f"{settings.WORKER_ID}:{os.getpid()}"


def lease_until(now: datetime | None = None) -> datetime:
    """When a claim made now runs out."""
    return (now or timezone.now()) + timedelta(seconds=settings.WORK_LEASE_SECONDS)


def _pid_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    # A killed child not yet reaped by its parent still answers signal 0.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def held_by_previous_process(claim: str) -> bool:
    """Whether a claim is this worker's (same ``WORKER_ID``) from a process
    that is no longer running: a previous life of this worker. Asked only at
    start, before this process has claimed anything itself."""
    name, _, pid = claim.rpartition(":")
    if name != settings.WORKER_ID or not pid.isdigit():
        return False
    return int(pid) == os.getpid() or not _pid_running(int(pid))


def release_previous(
    queryset: models.QuerySet, *, field: str = "claimed_by", **reset: Any
) -> list[int]:
    """Clear the claims this worker's previous processes hold on rows of
    ``queryset`` (setting ``reset`` too); the ids of those rows."""
    prefix = f"{settings.WORKER_ID}:"
    claims = set(
        queryset.filter(**{f"{field}__startswith": prefix})
        .values_list(field, flat=True)
        .distinct()
    )
    gone = [claim for claim in claims if held_by_previous_process(claim)]
    if not gone:
        return []
    rows = queryset.filter(**{f"{field}__in": gone})
    ids = list(rows.values_list("pk", flat=True))
    queryset.filter(pk__in=ids, **{f"{field}__in": gone}).update(**{field: ""}, **reset)
    return ids


# What each app resumes when a worker starts (registered from ``ready``).
_RESUMERS: list[tuple[str, Callable[[], int]]] = []


def register_resume(name: str, resume: Callable[[], int]) -> None:
    """A function the worker calls at start: it takes back what this worker's
    previous process held and hands what is due to the queue; returns how
    many items it handed over."""
    _RESUMERS.append((name, resume))


def worker_start() -> dict[str, int]:
    """Resume every kind of durable work (``agencydesk worker`` calls it
    before the consumer starts); a failing kind does not stop the others,
    whose leases cover them anyway."""
    counts: dict[str, int] = {}
    for name, resume in _RESUMERS:
        try:
            counts[name] = resume()
        except Exception:
            logger.exception("Resuming %s at worker start failed", name)
            counts[name] = -1
    logger.info("Worker %s started; resumed %s", holder(), counts)
    return counts


def resumers() -> Iterable[str]:
    return [name for name, _resume in _RESUMERS]
