"""Tests for agencydesk.core.health and GET /healthz."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from agencydesk.core.models import Heartbeat
from agencydesk.core.tasks import worker_heartbeat

pytestmark = pytest.mark.django_db

# The configured Huey class, e.g. "huey.SqliteHuey" -> "SqliteHuey".
QUEUE_BACKEND = settings.HUEY["huey_class"].rsplit(".", 1)[-1]


TOKEN = "monitoring-" + "t0k3n" * 8


@pytest.fixture(autouse=True)
def _token(settings):
    settings.HEALTHZ_TOKEN = TOKEN


def _health(client) -> dict:
    response = client.get("/healthz", headers={"Authorization": f"Bearer {TOKEN}"})
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
        "storage": {"backend": "local", "status": "ok"},
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


def test_an_anonymous_caller_learns_only_up_or_down(client):
    # No worker has beaten: details would say "degraded"; the site serves.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_an_anonymous_caller_learns_that_the_queue_is_down(client, monkeypatch):
    def queue_down():
        raise ConnectionError("Connection refused by redis.internal:6379")

    monkeypatch.setattr(HUEY, "pending_count", queue_down)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error"}
    detailed = client.get("/healthz", headers={"Authorization": f"Bearer {TOKEN}"})
    assert detailed.status_code == 503
    assert detailed.json()["queue"]["error"] == (
        "Connection refused by redis.internal:6379"
    )


@pytest.mark.parametrize(
    ("configured", "sent"),
    [
        (TOKEN, "Bearer wrong"),
        (TOKEN, f"Basic {TOKEN}"),
        (TOKEN, f"Bearer {TOKEN}x"),
        ("", "Bearer "),
        ("", "Bearer anything"),
    ],
    ids=["wrong", "not-bearer", "longer", "empty-unset", "unset"],
)
def test_a_wrong_or_unconfigured_token_gets_no_details(
    configured, sent, client, settings
):
    settings.HEALTHZ_TOKEN = configured

    response = client.get("/healthz", headers={"Authorization": sent})

    assert response.status_code == 401
    assert response.json() == {"status": "unauthorized"}
    assert response["WWW-Authenticate"] == 'Bearer realm="healthz"'
