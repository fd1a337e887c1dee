"""Tests for agencydesk.core.health and GET /healthz."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from agencydesk.core import health
from agencydesk.core.health import heartbeat_record
from agencydesk.core.models import Heartbeat
from agencydesk.core.tasks import worker_heartbeat
from tests.live import product_env, run, sqlite_copy

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
        "cache": {"backend": "LocMemCache", "status": "ok"},
        "queue": {
            "backend": QUEUE_BACKEND,
            "pending": 0,
            "scheduled": 0,
            "status": "ok",
            "worker": "never seen",
            "workers_alive": 0,
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


def test_worker_processes_alive_are_counted(client):
    now = timezone.now()
    Heartbeat.objects.create(name="worker@node-a:11", seen_at=now)
    Heartbeat.objects.create(
        name="worker@node-b:12", seen_at=now - timedelta(minutes=1)
    )
    Heartbeat.objects.create(
        name="worker@node-c:13", seen_at=now - timedelta(minutes=4)
    )

    assert _health(client)["queue"]["workers_alive"] == 2


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_beats_on_its_own_thread():
    # What the consumer starts in each process (core.tasks, on start-up).
    beats = threading.Semaphore(0)

    def record(name):
        heartbeat_record(name)
        beats.release()

    thread = health.worker_process_beat_start(interval=0.05, record=record)
    try:
        assert beats.acquire(timeout=10) and beats.acquire(timeout=10)
        assert health.worker_process_beat_start() is thread  # once per process
    finally:
        health.worker_process_beat_stop()
    assert not thread.is_alive()

    name = health.worker_process_name()
    assert name.startswith("worker@") and name.endswith(f":{os.getpid()}")
    assert Heartbeat.objects.filter(name=name).exists()


class _SilentStore(FileSystemStorage):
    """An object store that accepted the connection and never answers: a
    real socket to a listener that never replies."""

    listener: socket.socket

    def exists(self, name):
        with socket.create_connection(self.listener.getsockname()) as conn:
            conn.recv(1)  # blocks: nothing is ever sent
        return False


class _RefusingStore(FileSystemStorage):
    def exists(self, name):
        with socket.create_connection(("127.0.0.1", _closed_port()), timeout=1):
            return False


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_store_that_does_not_answer_is_reported_within_the_timeout(client, settings):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    _SilentStore.listener = listener
    settings.HEALTH_STORAGE_TIMEOUT = 0.5
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}._SilentStore"},
    }
    try:
        started = time.monotonic()
        first = client.get("/healthz", headers={"Authorization": f"Bearer {TOKEN}"})
        second = client.get("/healthz", headers={"Authorization": f"Bearer {TOKEN}"})
        took = time.monotonic() - started
    finally:
        listener.close()  # the hung probe ends

    # Pages still serve: the answer is 200, "degraded".
    assert first.status_code == second.status_code == 200
    assert first.json()["status"] == "degraded"
    assert first.json()["storage"] == {
        "backend": "_SilentStore",
        "status": "error",
        "error": "no answer in 0.5 s",
    }
    assert first.json()["database"]["status"] == "ok"
    # Two checks, each bounded; the second did not queue behind the first.
    assert took < 3
    # Without the token: up (the details are not for anyone).
    assert client.get("/healthz").json() == {"status": "ok"}


def test_a_store_that_refuses_is_reported_with_its_error(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}._RefusingStore"},
    }

    response = client.get("/healthz", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["storage"]["status"] == "error"
    assert "refused" in response.json()["storage"]["error"].lower()


def test_a_cache_that_is_down_is_reported(client, settings):
    # Redis on a port where nothing listens (tests/core/test_faults.py takes
    # a real Redis down and up again under gunicorn).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    }

    response = client.get("/healthz", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 503
    assert response.json()["cache"]["backend"] == "RedisCache"
    assert response.json()["cache"]["status"] == "error"
    assert response.json()["database"]["status"] == "ok"


WORKER_BEATS = """
import django
django.setup()
from agencydesk.core.models import Heartbeat
print(sorted(Heartbeat.objects.values_list("name", flat=True)))
"""


def test_a_real_worker_process_beats_and_stops_cleanly(tmp_path, migrated_sqlite):
    env = product_env(
        tmp_path / "var",
        DATABASE_URL=sqlite_copy(migrated_sqlite, tmp_path / "db"),
        WORKER_THREADS="2",
        LOG_FORMAT="json",
    )
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "agencydesk.cli", "worker"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            name = f"worker@{socket.gethostname()[:40]}:{worker.pid}"
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if name in run(env, "-c", WORKER_BEATS):
                    break
                time.sleep(0.5)
            else:
                raise AssertionError(f"no beat {name}: {run(env, '-c', WORKER_BEATS)}")
        finally:
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(timeout=30) == 0

    # The worker's log is JSON too, Huey's own lines included.
    records = [json.loads(line) for line in log.read_text().splitlines() if line]
    assert any(
        r["logger"] == "huey.consumer" and r["message"].startswith("Huey consumer")
        for r in records
    )
