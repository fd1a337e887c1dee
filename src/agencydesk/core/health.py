"""Health of the installation for /healthz and /metrics: the database, the
cache, the job queue, the file store and the workers' heartbeats.

Anyone may ask whether the site is up; the details (database vendor, queue
backend and backlog, the worker's last beat, error texts) help an attacker
too, so they go only to a caller holding ``HEALTHZ_TOKEN``."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import storages
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string
from huey.contrib.djhuey import HUEY

from .errors import StorageUnavailableError
from .models import Heartbeat
from .storage import store_kind

logger = logging.getLogger(__name__)

WORKER_HEARTBEAT = "worker"
# One consumer process's own beat is "worker@<host>:<pid>".
WORKER_PROCESS_PREFIX = "worker@"
# The worker beats every minute; three missed beats mean it is down.
WORKER_STALE_AFTER = timedelta(minutes=3)
# A consumer process that has not beaten for a day is gone (restarted with
# another pid): its row is dropped so the metrics forget it.
WORKER_FORGOTTEN_AFTER = timedelta(days=1)
WORKER_BEAT_SECONDS = 60
# The parts /healthz checks, in the order it reports them.
PARTS = ("database", "cache", "queue", "storage")


def heartbeat_record(name: str = WORKER_HEARTBEAT, *, duration: float | None = None):
    """Note that a background process is alive now (and how long the run it
    just finished took, for a periodic task)."""
    Heartbeat.objects.update_or_create(
        name=name[:64], defaults={"seen_at": timezone.now(), "duration": duration}
    )


@contextmanager
def heartbeat_timed(name: str) -> Iterator[None]:
    """Record ``name``'s heartbeat with the duration of the block, when the
    block finishes without an error (a failed run is the log's business)."""
    started = time.monotonic()
    yield
    heartbeat_record(name, duration=time.monotonic() - started)


def worker_process_name() -> str:
    """This consumer process's heartbeat name."""
    host = socket.gethostname()[:40]
    return f"{WORKER_PROCESS_PREFIX}{host}:{os.getpid()}"


def workers_forget_gone(now: Any = None) -> int:
    """Drop the beats of consumer processes silent for a day."""
    cutoff = (now or timezone.now()) - WORKER_FORGOTTEN_AFTER
    deleted, _ = Heartbeat.objects.filter(
        name__startswith=WORKER_PROCESS_PREFIX, seen_at__lt=cutoff
    ).delete()
    return deleted


_beating: dict[int, tuple[threading.Thread, threading.Event]] = {}
_beating_lock = threading.Lock()


def worker_process_beat_start(
    interval: float = WORKER_BEAT_SECONDS,
    record: Callable[[str], None] = heartbeat_record,
) -> threading.Thread:
    """Start (once per process) a thread recording this consumer process's
    heartbeat every ``interval`` seconds, until ``worker_process_beat_stop``.

    The periodic ``worker_heartbeat`` task runs on whichever worker takes it
    (and once per schedule when several share a queue), so it cannot tell
    which workers are alive; each process's own beat can."""
    pid = os.getpid()
    with _beating_lock:
        running = _beating.get(pid)
        if running is not None and running[0].is_alive():
            return running[0]
        name = worker_process_name()
        stop = threading.Event()

        def beat() -> None:
            try:
                while True:
                    try:
                        record(name)
                    except Exception:
                        # The database may be down for a while: the beat
                        # resumes when it is back; its silence is the alarm.
                        logger.warning("worker heartbeat not recorded", exc_info=True)
                    if stop.wait(interval):
                        return
                    close_old_connections()
            finally:
                connection.close()

        thread = threading.Thread(target=beat, name="heartbeat", daemon=True)
        _beating[pid] = (thread, stop)
        thread.start()
        return thread


def worker_process_beat_stop(timeout: float = 5) -> None:
    """Stop this process's heartbeat thread (the consumer shutting down)."""
    with _beating_lock:
        running = _beating.pop(os.getpid(), None)
    if running is not None:
        running[1].set()
        running[0].join(timeout)


def _error(error: BaseException) -> str:
    return (str(error) or type(error).__name__)[:200]


def database_check() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return {"status": "error", "error": _error(error)}
    return {"status": "ok", "vendor": connection.vendor}


def cache_check() -> dict[str, Any]:
    """A write and a read of the shared cache (sessions live there)."""
    cache = caches["default"]
    part: dict[str, Any] = {"backend": type(cache).__name__}
    probe = get_random_string(12)
    try:
        cache.set("healthz:probe", probe, 30)
        read = cache.get("healthz:probe")
    except Exception as error:
        return {**part, "status": "error", "error": _error(error)}
    # Another process may have written its own probe in between: any value
    # read back means the round trip worked.
    if read is None:
        return {**part, "status": "error", "error": "the value written was not read"}
    return {**part, "status": "ok"}


def queue_check() -> dict[str, Any]:
    queue: dict[str, Any] = {"backend": type(HUEY).__name__}
    try:
        queue["pending"] = HUEY.pending_count()
        queue["scheduled"] = HUEY.scheduled_count()
    except Exception as error:
        return {**queue, "status": "error", "error": _error(error)}
    return {**queue, "status": "ok"}


_storage_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz-storage")
_storage_probe: Future | None = None
_storage_lock = threading.Lock()


def storage_check(timeout: float | None = None) -> dict[str, Any]:
    """Ask the file store whether a small key exists: a stat on local disk, a
    HEAD on an object store. Bounded by ``HEALTH_STORAGE_TIMEOUT`` whatever the
    backend's own timeouts; a store that hangs is reported, not waited for,
    and while its probe hangs no second one piles up behind it."""
    global _storage_probe
    store = storages["default"]
    part: dict[str, Any] = {"backend": store_kind(store)}
    timeout = settings.HEALTH_STORAGE_TIMEOUT if timeout is None else timeout
    with _storage_lock:
        if _storage_probe is None or _storage_probe.done():
            _storage_probe = _storage_pool.submit(store.exists, "healthz-probe")
        probe = _storage_probe
    try:
        probe.result(timeout=timeout)
    except FutureTimeout:
        return {**part, "status": "error", "error": f"no answer in {timeout:g} s"}
    except StorageUnavailableError as error:
        # The store's own words (the user-facing sentence says nothing here).
        return {**part, "status": "error", "error": _error(error.__cause__ or error)}
    except Exception as error:
        return {**part, "status": "error", "error": _error(error)}
    return {**part, "status": "ok"}


def parts_status() -> dict[str, dict[str, Any]]:
    """Each part's check, in ``PARTS`` order."""
    return {
        "database": database_check(),
        "cache": cache_check(),
        "queue": queue_check(),
        "storage": storage_check(),
    }


def health_status() -> dict[str, Any]:
    """Each part's reachability, the queue's backlog and the workers' last
    heartbeats: "ok", "degraded" (no live worker, or the file store down) or
    "error" (the database, cache or queue down)."""
    status: dict[str, Any] = {"status": "ok", **parts_status()}
    if any(status[part]["status"] == "error" for part in PARTS if part != "storage"):
        status["status"] = "error"
    # Pages still serve without the file store (uploads and downloads wait): a
    # load balancer must not take every node out for a store they all share.
    elif status["storage"]["status"] == "error":
        status["status"] = "degraded"
    queue = status["queue"]
    if status["database"]["status"] == "ok":
        now = timezone.now()
        beat = Heartbeat.objects.filter(name=WORKER_HEARTBEAT).first()
        if beat is None:
            queue["worker"] = "never seen"
        else:
            age = now - beat.seen_at
            queue["worker"] = "ok" if age <= WORKER_STALE_AFTER else "stale"
            queue["worker_last_seen"] = beat.seen_at.isoformat()
        queue["workers_alive"] = Heartbeat.objects.filter(
            name__startswith=WORKER_PROCESS_PREFIX,
            seen_at__gte=now - WORKER_STALE_AFTER,
        ).count()
        # The site still serves without a worker (HTTP 200), but jobs wait.
        if queue.get("worker") != "ok" and status["status"] == "ok":
            status["status"] = "degraded"
    return status


def heartbeats() -> list[tuple[str, float, float | None]]:
    """Every heartbeat: name, Unix time last seen, duration of the last run."""
    return [
        (name, seen_at.timestamp(), duration)
        for name, seen_at, duration in Heartbeat.objects.order_by("name").values_list(
            "name", "seen_at", "duration"
        )
    ]


def register_gauges() -> None:
    """The core's gauges on /metrics: each part's reachability, the queue,
    the heartbeats and the periodic tasks' last durations."""
    from .metrics import register_gauge, register_parts

    register_parts(
        lambda: {
            part: check["status"] == "ok" for part, check in parts_status().items()
        }
    )
    register_gauge(
        "queue_pending_tasks",
        "Jobs waiting in the queue for a worker.",
        lambda: [((), HUEY.pending_count())],
        needs=["queue"],
    )
    register_gauge(
        "queue_scheduled_tasks",
        "Jobs scheduled for later (retries, delayed jobs).",
        lambda: [((), HUEY.scheduled_count())],
        needs=["queue"],
    )
    register_gauge(
        "heartbeat_timestamp_seconds",
        'Unix time of the last beat: "worker" (a job ran through the queue), '
        '"worker@host:pid" (one consumer process), or a periodic task\'s last run.',
        lambda: [((name,), seen) for name, seen, _ in heartbeats()],
        labels=["name"],
    )
    register_gauge(
        "task_last_duration_seconds",
        "How long the last run of a periodic task took (e.g. sla_sweep).",
        lambda: [((name,), d) for name, _, d in heartbeats() if d is not None],
        labels=["task"],
    )


def health_token_valid(authorization: str) -> bool:
    """Whether an Authorization header carries the configured HEALTHZ_TOKEN
    (never true while no token is configured)."""
    scheme, _, token = authorization.partition(" ")
    expected = settings.HEALTHZ_TOKEN
    return (
        bool(expected)
        and scheme.lower() == "bearer"
        and constant_time_compare(token.strip(), expected)
    )


def health_summary(status: dict[str, Any]) -> dict[str, str]:
    """What an anonymous caller learns: up ("ok", a missing worker included:
    the site serves) or down ("error")."""
    return {"status": "error" if status["status"] == "error" else "ok"}
