"""Health of the installation for /healthz: database, job queue, file store.

Anyone may ask whether the site is up; the details (database vendor, queue
backend and backlog, the worker's last beat, error texts) help an attacker
too, so they go only to a caller holding ``HEALTHZ_TOKEN``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from huey.contrib.djhuey import HUEY

from .models import Heartbeat
from .storage import storage_health

WORKER_HEARTBEAT = "worker"
# The worker beats every minute; three missed beats mean it is down.
WORKER_STALE_AFTER = timedelta(minutes=3)


def heartbeat_record(name: str = WORKER_HEARTBEAT) -> None:
    """Note that a background process is alive now."""
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})


def health_status() -> dict[str, Any]:
    """Database reachability, queue backlog, the worker's last heartbeat and
    the file store: "ok", "degraded" (no live worker, or the file store cannot
    be reached) or "error" (database or queue down)."""
    status: dict[str, Any] = {"status": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        status["database"] = {"status": "ok", "vendor": connection.vendor}
    except DatabaseError as error:
        status["database"] = {"status": "error", "error": str(error)[:200]}
        status["status"] = "error"
    queue: dict[str, Any] = {"backend": type(HUEY).__name__}
    try:
        queue["pending"] = HUEY.pending_count()
        queue["scheduled"] = HUEY.scheduled_count()
        queue["status"] = "ok"
    except Exception as error:
        queue.update(status="error", error=str(error)[:200])
        status["status"] = "error"
    if status["database"]["status"] == "ok":
        beat = Heartbeat.objects.filter(name=WORKER_HEARTBEAT).first()
        if beat is None:
            queue["worker"] = "never seen"
        else:
            age = timezone.now() - beat.seen_at
            queue["worker"] = "ok" if age <= WORKER_STALE_AFTER else "stale"
            queue["worker_last_seen"] = beat.seen_at.isoformat()
        # The site still serves without a worker (HTTP 200), but jobs wait.
        if queue.get("worker") != "ok" and status["status"] == "ok":
            status["status"] = "degraded"
    status["queue"] = queue
    # Pages still serve without the file store; uploads and downloads wait.
    status["storage"] = storage_health()
    if status["storage"]["status"] != "ok" and status["status"] == "ok":
        status["status"] = "degraded"
    return status


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
