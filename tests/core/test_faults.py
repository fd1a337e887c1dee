"""A part the site stands on is down, at start or while it runs: gunicorn
answers 503 with Retry-After (a page, or the API's JSON error), never a
traceback, /healthz says which part, and the site recovers by itself when
the part is back. Real processes: gunicorn with two workers, a PostgreSQL
address where nothing listens, a Redis server stopped and started again."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.live import (
    Gunicorn,
    RedisServer,
    free_port,
    product_env,
    run,
    sqlite_copy,
)

HEALTHZ_TOKEN = "hz-" + "h34lth" * 8
METRICS_TOKEN = "mx-" + "m3tr1c" * 8
# A session cookie: reading it is the first thing a signed-in page does.
SESSION = {"Cookie": "sessionid=" + "x" * 32}
LEAKS = ("Traceback", "OperationalError", "ConnectionError", "127.0.0.1:", 'File "')


def _assert_unavailable_page(answer) -> None:
    assert answer.status == 503, answer.text[:500]
    assert answer.headers["Retry-After"] == "30"
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "Please try again in a minute." in answer.text
    for leak in LEAKS:
        assert leak not in answer.text


def _assert_unavailable_json(answer) -> None:
    assert answer.status == 503, answer.text[:500]
    assert answer.headers["Retry-After"] == "30"
    assert answer.headers["Content-Type"] == "application/json"
    body = json.loads(answer.body)
    assert body["code"] == "unavailable"
    assert body["fields"] == {}
    assert "Please try again in a minute." in body["message"]
    for leak in LEAKS:
        assert leak not in answer.text


def _health(server) -> dict:
    answer = server.get(
        "/healthz", headers={"Authorization": f"Bearer {HEALTHZ_TOKEN}"}
    )
    return {"http": answer.status, **json.loads(answer.body)}


def _env(tmp_path, **extra):
    return product_env(
        tmp_path / "var",
        HEALTHZ_TOKEN=HEALTHZ_TOKEN,
        METRICS_TOKEN=METRICS_TOKEN,
        **extra,
    )


def test_a_database_that_cannot_be_reached_gets_503_pages_not_tracebacks(tmp_path):
    database = f"postgres://postgres@127.0.0.1:{free_port()}/agencydesk"
    server = Gunicorn(_env(tmp_path, DATABASE_URL=database), tmp_path / "web.log")
    try:
        server.wait()

        _assert_unavailable_page(server.get("/", headers=SESSION))
        _assert_unavailable_page(server.get("/desk/tickets/", headers=SESSION))
        api = {"Authorization": "Bearer adt_whatever"}
        _assert_unavailable_json(server.get("/api/v1/tickets", headers=api))
        _assert_unavailable_json(
            server.get("/api/v1/tickets", method="POST", headers=api)
        )

        anonymous = server.get("/healthz")
        assert anonymous.status == 503
        assert json.loads(anonymous.body) == {"status": "error"}
        health = _health(server)
        assert health["http"] == 503
        assert health["database"]["status"] == "error"
        assert "connect" in health["database"]["error"].lower()
        assert health["cache"]["status"] == "ok"
        assert health["queue"]["status"] == "ok"
        assert health["storage"]["status"] == "ok"

        metrics = server.get(
            "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}
        )
        assert metrics.status == 200
        assert 'agencydesk_dependency_up{part="database"} 0.0' in metrics.text
        assert 'agencydesk_dependency_up{part="queue"} 1.0' in metrics.text
        assert (
            'agencydesk_metrics_read_failed{gauge="agencydesk_outbox_unsent_messages"}'
            in metrics.text
        )
    finally:
        server.stop()
    # The operator's log has what the user was spared.
    assert "Service Unavailable: /desk/tickets/" in server.logs()
    assert "OperationalError" in server.logs()


# An admin signed in: their session, in the product's own database.
SIGNED_IN = """
import django
django.setup()
from django.test import Client
from agencydesk.people import services as people
from agencydesk.people.roles import Role

admin = people.staff_create(actor=None, role=Role.ADMIN, email="ops@agency.test",
                            full_name="Ops Admin", password="correct-horse-battery")
browser = Client()
browser.force_login(admin)
print(browser.cookies["sessionid"].value)
"""


@pytest.mark.skipif(
    shutil.which("redis-server") is None,
    reason="needs redis-server (Debian package redis-server; .ci/run installs it)",
)
def test_redis_down_at_start_then_up_then_down_again(tmp_path, migrated_sqlite):
    redis = RedisServer(free_port())
    env = _env(tmp_path, DATABASE_URL=sqlite_copy(migrated_sqlite, tmp_path / "db"))
    session = run(env, "-c", SIGNED_IN).strip().splitlines()[-1]
    signed_in = {"Cookie": f"sessionid={session}"}
    # A fragment a signed-in page asks for: it reads the person's
    # permissions from the cache.
    page = "/pick/clients/?q=al"
    env["REDIS_URL"] = f"redis://127.0.0.1:{redis.port}/0"
    server = Gunicorn(env, tmp_path / "web.log")
    try:
        # At start: nothing listens where Redis should be.
        server.wait()
        _assert_unavailable_page(server.get(page, headers=signed_in))
        _assert_unavailable_json(
            server.get("/api/v1/tickets", headers={"Authorization": "Bearer adt_x"})
        )
        health = _health(server)
        assert health["http"] == 503
        assert health["cache"]["status"] == "error"
        assert health["queue"]["status"] == "error"
        assert health["database"]["status"] == "ok"

        # Redis comes up: the same processes serve, no restart.
        redis.start()
        assert server.get(page, headers=signed_in).status == 200
        unknown_token = server.get(
            "/api/v1/tickets", headers={"Authorization": "Bearer adt_x"}
        )
        assert unknown_token.status == 401
        health = _health(server)
        assert health["cache"]["status"] == "ok"
        assert health["queue"]["status"] == "ok"
        assert health["http"] == 200

        # Mid-run: Redis goes away again.
        redis.stop()
        _assert_unavailable_page(server.get(page, headers=signed_in))
        assert _health(server)["cache"]["status"] == "error"
    finally:
        server.stop()
        redis.stop()
