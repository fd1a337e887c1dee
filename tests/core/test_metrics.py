"""GET /metrics: who may scrape it, and what a scrape tells (in this process;
tests/core/test_metrics_gunicorn.py runs it under gunicorn with two workers)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import resolve
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from prometheus_client.parser import text_string_to_metric_families

from agencydesk.api.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from agencydesk.comms.models import InboundMessage, OutboundMessage
from agencydesk.core import metrics
from agencydesk.core.models import Heartbeat
from agencydesk.core.secrets import encrypt
from agencydesk.core.tasks import worker_heartbeat
from agencydesk.desk.tasks import sla_sweep

pytestmark = pytest.mark.django_db

TOKEN = "scraper-" + "s3cr3t" * 8


@pytest.fixture
def scrape_token(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOW_IPS = []


def scrape(client, **extra) -> dict[tuple[str, tuple], float]:
    """Every sample of a scrape: (name, sorted labels) → value."""
    response = client.get(
        "/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, **extra
    )
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, metric, **labels) -> float:
    return samples.get((metric, tuple(sorted(labels.items()))), 0.0)


def requests_of(samples, view, method="GET", status="2xx") -> float:
    return value(
        samples,
        "agencydesk_http_requests_total",
        view=view,
        method=method,
        status=status,
    )


# Who may scrape -----------------------------------------------------------


def test_metrics_are_off_until_a_token_or_an_allow_list_is_set(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOW_IPS = []

    response = client.get("/metrics", headers={"Authorization": "Bearer anything"})

    assert response.status_code == 404
    assert b"agencydesk_" not in response.content


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer "],
    ids=["none", "wrong", "not-bearer", "longer", "empty"],
)
def test_a_scrape_without_the_token_sees_a_page_that_does_not_exist(
    authorization, client, scrape_token
):
    headers = {"Authorization": authorization} if authorization else {}

    response = client.get("/metrics", headers=headers)

    # The same 404 page as any unknown address: nothing says metrics are here.
    assert response.status_code == 404
    assert b"This page does not exist" in response.content
    assert b"agencydesk_" not in response.content


def test_the_token_opens_the_metrics(client, scrape_token):
    samples = scrape(client)

    assert value(samples, "agencydesk_dependency_up", part="database") == 1


@pytest.mark.parametrize(
    ("allowed", "remote", "status"),
    [
        (["10.0.0.7"], "10.0.0.7", 200),
        (["10.0.0.0/24"], "10.0.0.99", 200),
        (["10.0.0.0/24"], "10.0.1.1", 404),
        (["2001:db8::/32"], "2001:db8::5", 200),
        (["127.0.0.1"], "::ffff:127.0.0.1", 200),
        (["10.0.0.7"], "not-an-address", 404),
    ],
)
def test_an_allow_list_opens_the_metrics_to_its_addresses_only(
    allowed, remote, status, client, settings
):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOW_IPS = allowed

    response = client.get("/metrics", REMOTE_ADDR=remote)

    assert response.status_code == status


def test_behind_a_proxy_the_address_it_saw_counts_not_what_the_client_wrote(
    client, settings
):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOW_IPS = ["192.0.2.10"]
    settings.TRUSTED_PROXY_HOPS = 1

    # The proxy (10.0.0.1) appends the address it saw; the client forged one.
    forged = client.get(
        "/metrics",
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.10, 198.51.100.4",
    )
    real = client.get(
        "/metrics", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.10"
    )

    assert forged.status_code == 404
    assert real.status_code == 200


def test_with_token_and_allow_list_both_must_hold(client, settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOW_IPS = ["10.0.0.7"]
    auth = {"Authorization": f"Bearer {TOKEN}"}

    assert (
        client.get("/metrics", headers=auth, REMOTE_ADDR="10.0.0.7").status_code == 200
    )
    assert (
        client.get("/metrics", headers=auth, REMOTE_ADDR="10.0.0.8").status_code == 404
    )
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.7").status_code == 404


def test_metrics_are_never_cached_and_answer_only_get(client, scrape_token):
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert "no-store" in response["Cache-Control"]
    assert client.post("/metrics").status_code == 405


# Requests -------------------------------------------------------------------


def test_requests_are_counted_by_view_method_and_status_class(client, scrape_token):
    before = scrape(client)

    client.get("/healthz")
    client.get("/healthz")
    client.post("/healthz")  # 405
    client.get("/")  # a redirect to the sign-in page

    after = scrape(client)
    assert requests_of(after, "healthz") - requests_of(before, "healthz") == 2
    assert (
        requests_of(after, "healthz", "POST", "4xx")
        - requests_of(before, "healthz", "POST", "4xx")
        == 1
    )
    assert (
        requests_of(after, "core:home", status="3xx")
        - requests_of(before, "core:home", status="3xx")
        == 1
    )
    count = "agencydesk_http_request_duration_seconds_count"
    assert (
        value(after, count, view="healthz", method="GET")
        - value(before, count, view="healthz", method="GET")
        == 2
    )


def test_labels_stay_few_whatever_addresses_and_methods_are_sent(client, scrape_token):
    ticket_view = resolve("/desk/tickets/900000/").view_name
    before = scrape(client)

    for n in range(30):
        client.get(f"/scanner/probe-{n}.php")
        client.get(f"/desk/tickets/{900000 + n}/")
        client.generic(f"BREW{n}", "/healthz")

    after = scrape(client)
    grown = {
        (dict(labels)["view"], dict(labels)["method"]): after[key] - before.get(key, 0)
        for key, labels in ((k, k[1]) for k in after)
        if key[0] == "agencydesk_http_requests_total"
        and after[key] != before.get(key, 0)
    }
    # One series for every unknown path, one per URL pattern whatever the
    # number in it, one for every unknown method.
    assert grown == {
        ("<unmatched>", "GET"): 30,
        (ticket_view, "GET"): 30,
        ("healthz", "other"): 30,
        ("metrics", "GET"): 1,  # the first scrape
    }


# State read at scrape time ---------------------------------------------------


def test_backlogs_and_messages_kept_for_review_are_counted(client, scrape_token):
    now = timezone.now()
    for n, (channel, status) in enumerate(
        [("email", "queued"), ("email", "queued"), ("email", "failed"),
         ("whatsapp", "queued"), ("email", "sent")]
    ):  # fmt: skip
        message = OutboundMessage.objects.create(
            channel=channel,
            to=["someone@client.example"],
            from_email="desk@agency.example",
            message_id=f"<m{n}@agency.example>",
            status=status,
        )
    OutboundMessage.objects.filter(pk=message.pk - 4).update(
        created_at=now - timedelta(minutes=10)
    )
    for n, (source, status) in enumerate(
        [("email", "failed"), ("email", "held"), ("email", "held"),
         ("whatsapp", "failed"), ("email", "processed"), ("email", "triage")]
    ):  # fmt: skip
        InboundMessage.objects.create(
            source=source, raw=b"x", dedupe_key=f"k{n}", status=status
        )
    hook = WebhookSubscription.objects.create(
        url="https://hooks.client.example/desk",
        secret=encrypt("whsec"),
        event_types=["ticket.created"],
    )
    event = WebhookEvent.objects.create(type="ticket.created", payload={})
    for status in ("pending", "pending", "delivered", "failed"):
        WebhookDelivery.objects.create(subscription=hook, event=event, status=status)

    samples = scrape(client)

    unsent = "agencydesk_outbox_unsent_messages"
    assert value(samples, unsent, channel="email", status="queued") == 2
    assert value(samples, unsent, channel="email", status="failed") == 1
    assert value(samples, unsent, channel="whatsapp", status="queued") == 1
    assert (unsent, (("channel", "whatsapp"), ("status", "failed"))) in samples
    oldest = value(
        samples, "agencydesk_outbox_oldest_queued_age_seconds", channel="email"
    )
    assert 590 < oldest < 700
    kept = "agencydesk_inbound_kept_for_review"
    assert value(samples, kept, source="email", status="failed") == 1
    assert value(samples, kept, source="email", status="held") == 2
    assert value(samples, kept, source="whatsapp", status="failed") == 1
    assert value(samples, "agencydesk_webhook_deliveries_pending") == 2
    assert value(samples, "agencydesk_webhook_oldest_pending_age_seconds") >= 0


def test_queue_depth_is_what_waits_in_the_queue(client, scrape_token):
    # Tests run Huey in immediate mode: a job put in its storage directly is
    # one the (absent) worker has not taken yet.
    HUEY.storage.enqueue(b"job")
    worker_heartbeat.schedule(delay=3600)
    try:
        samples = scrape(client)
    finally:
        HUEY.storage.flush_queue()
        HUEY.storage.flush_schedule()

    assert value(samples, "agencydesk_queue_pending_tasks") == 1
    assert value(samples, "agencydesk_queue_scheduled_tasks") == 1


def test_sla_sweep_records_when_it_ran_and_how_long_it_took(client, scrape_token):
    sla_sweep.call_local()

    beat = Heartbeat.objects.get(name="sla_sweep")
    samples = scrape(client)

    duration = value(samples, "agencydesk_task_last_duration_seconds", task="sla_sweep")
    assert 0 < duration < 30
    assert value(
        samples, "agencydesk_heartbeat_timestamp_seconds", name="sla_sweep"
    ) == pytest.approx(beat.seen_at.timestamp())


def test_each_worker_process_beat_is_its_own_series(client, scrape_token):
    now = timezone.now()
    Heartbeat.objects.create(name="worker@node-a:101", seen_at=now)
    Heartbeat.objects.create(
        name="worker@node-b:202", seen_at=now - timedelta(minutes=5)
    )
    worker_heartbeat.call_local()

    samples = scrape(client)

    beat = "agencydesk_heartbeat_timestamp_seconds"
    assert value(samples, beat, name="worker@node-a:101") == pytest.approx(
        now.timestamp()
    )
    assert value(samples, beat, name="worker@node-b:202") == pytest.approx(
        (now - timedelta(minutes=5)).timestamp()
    )
    assert value(samples, beat, name="worker") > 0


def test_the_heartbeat_task_forgets_worker_processes_gone_for_a_day(client):
    now = timezone.now()
    Heartbeat.objects.create(name="worker@old:1", seen_at=now - timedelta(days=2))
    Heartbeat.objects.create(name="worker@live:2", seen_at=now)
    Heartbeat.objects.create(name="sla_sweep", seen_at=now - timedelta(days=3))

    worker_heartbeat.call_local()

    assert set(Heartbeat.objects.values_list("name", flat=True)) == {
        "worker",
        "worker@live:2",
        "sla_sweep",
    }


def test_a_gauge_that_cannot_be_read_is_named_and_the_rest_still_answer(
    client, scrape_token, monkeypatch
):
    def queue_down():
        raise ConnectionError("Connection refused by redis.internal:6379")

    monkeypatch.setattr(HUEY, "pending_count", queue_down)

    samples = scrape(client)

    assert (
        value(
            samples,
            "agencydesk_metrics_read_failed",
            gauge="agencydesk_queue_pending_tasks",
        )
        == 1
    )
    assert value(samples, "agencydesk_dependency_up", part="queue") == 0
    assert value(samples, "agencydesk_dependency_up", part="database") == 1
    assert ("agencydesk_webhook_deliveries_pending", ()) in samples


def test_a_gauge_that_fails_is_named_and_one_whose_part_is_down_not_tried(
    client, scrape_token, monkeypatch
):
    tried = []

    def broken():
        tried.append("broken")
        raise ValueError("a bug in a reader")

    def needs_storage():
        tried.append("storage")
        return [((), 1)]

    monkeypatch.setattr(metrics, "_GAUGES", dict(metrics._GAUGES))
    metrics.register_gauge("broken_reader", "A reader with a bug.", broken)
    metrics.register_gauge(
        "on_the_store", "Reads the store.", needs_storage, needs=["storage"]
    )
    parts = {"database": True, "cache": True, "queue": True, "storage": False}
    monkeypatch.setattr(metrics, "_parts_check", lambda: parts)

    samples = scrape(client)

    failed = "agencydesk_metrics_read_failed"
    assert value(samples, failed, gauge="agencydesk_broken_reader") == 1
    assert value(samples, failed, gauge="agencydesk_on_the_store") == 1
    assert tried == ["broken"]
    assert value(samples, "agencydesk_dependency_up", part="storage") == 0
    assert value(samples, "agencydesk_webhook_deliveries_pending") == 0
    assert ("agencydesk_webhook_deliveries_pending", ()) in samples
