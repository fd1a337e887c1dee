"""Tests for agencydesk.core.health and GET /healthz."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from agencydesk.core.models import Heartbeat
from agencydesk.core.tasks import worker_heartbeat

pytestmark = pytest.mark.django_db

# The configured Huey class, e.g. "huey.SqliteHuey" -> "SqliteHuey".
QUEUE_BACKEND = settings.HUEY["huey_class"].rsplit(".", 1)[-1]


def _health(client) -> dict:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_health_reports_database_and_queue_before_any_heartbeat(client):
    # No worker has beaten yet: the site serves, but jobs would wait.
    assert _health(client) == {
        "status": "degraded",
        "database": {"status": "ok", "vendor": connection.vendor},
        "queue": {
            "backend": QUEUE_BACKEND,
            "pending": 0,
            "scheduled": 0,
            "status": "ok",
            "worker": "never seen",
        },
    }


def test_health_is_never_cached(client):
    response = client.get("/healthz")

    assert response["Cache-Control"] == (
        "max-age=0, no-cache, no-store, must-revalidate, private"
    )


def test_health_answers_only_get(client):
    assert client.post("/healthz").status_code == 405


def test_worker_is_ok_after_its_heartbeat_task_ran(client):
    worker_heartbeat.call_local()

    beat = Heartbeat.objects.get(name="worker")
    queue = _health(client)["queue"]
    assert queue["worker"] == "ok"
    assert queue["worker_last_seen"] == beat.seen_at.isoformat()


def test_heartbeat_task_runs_through_the_queue(client):
    # Tests run Huey in immediate mode: enqueueing executes the task at once.
    worker_heartbeat()

    assert _health(client)["queue"]["worker"] == "ok"
    assert _health(client)["queue"]["pending"] == 0


@pytest.mark.parametrize(
    ("age", "worker", "overall"),
    [
        (timedelta(minutes=2), "ok", "ok"),
        (timedelta(minutes=3, seconds=30), "stale", "degraded"),
        (timedelta(minutes=10), "stale", "degraded"),
    ],
)
def test_worker_goes_stale_after_three_missed_beats(age, worker, overall, client):
    seen_at = timezone.now() - age
    Heartbeat.objects.create(name="worker", seen_at=seen_at)

    health = _health(client)
    queue = health["queue"]

    assert health["status"] == overall
    assert queue["worker"] == worker
    assert queue["worker_last_seen"] == seen_at.isoformat()
