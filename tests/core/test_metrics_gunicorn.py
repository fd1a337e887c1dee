"""/metrics and the JSON log under gunicorn with two workers, as deployed:
``gunicorn -c python:agencydesk.gunicorn_config`` with PROMETHEUS_MULTIPROC_DIR
and LOG_FORMAT=json."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from prometheus_client.parser import text_string_to_metric_families

from tests.live import Gunicorn, product_env, sqlite_copy

TOKEN = "mx-" + "m3tr1c" * 8
REQUESTS = 40


def _healthz_count(server) -> float:
    answer = server.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status == 200, answer.text[:300]
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            if sample.name == "agencydesk_http_requests_total" and sample.labels == {
                "view": "healthz",
                "method": "GET",
                "status": "2xx",
            }:
                return sample.value
    return 0.0


def test_every_worker_counts_into_one_total_and_every_log_line_is_json(
    tmp_path, migrated_sqlite
):
    multiproc = tmp_path / "prometheus"
    multiproc.mkdir()
    # Counts of an earlier run: gunicorn empties the folder when it starts.
    (multiproc / "counter_1.db").write_bytes(b"stale")
    env = product_env(
        tmp_path / "var",
        DATABASE_URL=sqlite_copy(migrated_sqlite, tmp_path / "db"),
        METRICS_TOKEN=TOKEN,
        LOG_FORMAT="json",
        PROMETHEUS_MULTIPROC_DIR=str(multiproc),
    )
    server = Gunicorn(env, tmp_path / "web.log", workers=2)
    try:
        server.wait()
        assert not (multiproc / "counter_1.db").exists()
        before = _healthz_count(server)

        # In parallel, so both workers answer some.
        with ThreadPoolExecutor(8) as pool:
            statuses = list(
                pool.map(lambda _: server.get("/healthz").status, range(REQUESTS))
            )
        assert statuses == [200] * REQUESTS

        # Whichever worker takes the scrape, it tells the total of all.
        seen = {_healthz_count(server) - before for _ in range(6)}
        assert seen == {REQUESTS}
        assert len({p.name.split("_")[-1] for p in multiproc.glob("*.db")}) >= 2

        missing = server.get(
            "/api/v1/no-such-thing", headers={"X-Request-ID": "lb-4711"}
        )
        assert missing.status == 404
        assert missing.headers["X-Request-ID"] == "lb-4711"
        made_up = server.get("/healthz", headers={"X-Request-ID": 'bad id {"x": 1}'})
        assert len(made_up.headers["X-Request-ID"]) == 32  # a fresh one
    finally:
        server.stop()

    lines = [line for line in server.logs().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one object
    for record in records:
        assert {"time", "level", "logger", "message"} <= record.keys()
    # Django's own line about the 404, with the request it belongs to.
    (not_found,) = [
        r for r in records if r["message"] == "Not Found: /api/v1/no-such-thing"
    ]
    assert not_found["logger"] == "django.request"
    assert not_found["level"] == "WARNING"
    assert not_found["request_id"] == "lb-4711"
    assert not_found["path"] == "/api/v1/no-such-thing"
    assert not_found["status"] == 404
    # gunicorn's access line of the same request carries the same id.
    (access,) = [
        r
        for r in records
        if r["logger"] == "gunicorn.access" and r.get("request_id") == "lb-4711"
    ]
    assert access["status"] == 404
    assert access["method"] == "GET"
    assert access["path"] == "/api/v1/no-such-thing"
    assert any(r["logger"] == "gunicorn.error" for r in records)
