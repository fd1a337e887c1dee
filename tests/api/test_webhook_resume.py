"""A worker killed while making a webhook delivery: its restart makes the
delivery, once, by the same delivery id (api.webhooks with core.leases)."""

import json
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from agencydesk.api.models import WebhookDelivery
from agencydesk.api.webhooks import services, transport

from .test_webhooks import lead, receiver, subscribe

__all__ = ["lead", "receiver"]


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


@pytest.fixture
def held(receiver, lead, settings):
    """A delivery its worker claimed and then died making (the job handed
    over at commit never ran here: this test's transaction does not commit)."""
    subscribe(lead, receiver.url)
    services.webhook_emit("ticket.created", None, {"ticket": {"id": 1}})
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        claimed_by=f"{settings.WORKER_ID}:{dead_pid()}",
        next_attempt_at=timezone.now() + timedelta(minutes=5),
    )
    return delivery


def test_a_delivery_a_killed_worker_held_is_made_once_when_it_starts_again(
    held, receiver, django_capture_on_commit_callbacks
):
    assert services.webhook_retry_due() == 0  # the lease holds it

    with django_capture_on_commit_callbacks(execute=True):
        assert services.webhook_resume() == 1

    [got] = receiver.received
    assert got.headers["X-AgencyDesk-Delivery"] == str(held.pk)
    assert json.loads(got.body)["id"] == held.event_id
    delivery = WebhookDelivery.objects.get(pk=held.pk)
    assert (delivery.status, delivery.claimed_by) == ("delivered", "")
    # Nothing is left for anyone else to send.
    assert services.webhook_resume() == 0
    assert services.webhook_retry_due(now=timezone.now() + timedelta(hours=1)) == 0
    assert len(receiver.received) == 1


def test_a_claim_of_another_worker_waits_for_its_lease(held, receiver):
    WebhookDelivery.objects.filter(pk=held.pk).update(claimed_by="other-worker:1")

    assert services.webhook_resume() == 0
    assert receiver.received == []

    later = timezone.now() + timedelta(minutes=6)
    assert services.webhook_retry_due(now=later) == 1
    assert [r.headers["X-AgencyDesk-Delivery"] for r in receiver.received] == [
        str(held.pk)
    ]


def test_an_answer_recorded_by_the_worker_that_took_over_is_kept(held, receiver):
    """Past the lease another worker made the delivery: the late first
    worker's answer changes nothing and queues no second retry."""
    delivery = WebhookDelivery.objects.select_related("subscription", "event").get(
        pk=held.pk
    )
    services.webhook_deliver(held.pk, now=timezone.now() + timedelta(minutes=6))
    failed = transport.Answer(500, "late", "", 1)

    services._record(delivery, failed, now=timezone.now())

    [only] = WebhookDelivery.objects.all()
    assert (only.status, only.response_code) == ("delivered", 200)


def test_a_late_success_changes_nothing_the_taker_recorded(held, receiver):
    """The other way round: the worker that took over got a failure; the late
    first worker's 2xx neither overwrites it nor clears the failure count."""
    delivery = WebhookDelivery.objects.select_related("subscription", "event").get(
        pk=held.pk
    )
    receiver.status = 500
    services.webhook_deliver(held.pk, now=timezone.now() + timedelta(minutes=6))

    services._record(delivery, transport.Answer(200, "ok", "", 1), now=timezone.now())

    first = WebhookDelivery.objects.get(pk=held.pk)
    assert (first.status, first.response_code) == ("failed", 500)
    first.subscription.refresh_from_db()
    assert first.subscription.failures_in_row == 1
    assert WebhookDelivery.objects.filter(attempt=2, status="pending").count() == 1
