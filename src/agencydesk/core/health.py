"""Health of the installation for /healthz: database and job queue."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import DatabaseError, connection
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from .models import Heartbeat

WORKER_HEARTBEAT = "worker"
# The worker beats every minute; three missed beats mean it is down.
WORKER_STALE_AFTER = timedelta(minutes=3)


def heartbeat_record(name: str = WORKER_HEARTBEAT) -> None:
    """Note that a background process is alive now."""
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})


def health_status() -> dict[str, Any]:
    """Database reachability, queue backlog and the worker's last heartbeat:
    "ok", "degraded" (no live worker) or "error" (database or queue down)."""
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
    return status
