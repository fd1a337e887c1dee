"""Outgoing webhooks: a real local receiver gets signed events after commit."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from agencydesk.api.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from agencydesk.api.webhooks import services, transport
from agencydesk.api.webhooks.errors import WebhookUrlRefusedError
from agencydesk.core.models import Notification
from agencydesk.desk import services as desk
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

from .receiver import Receiver


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def emit(django_capture_on_commit_callbacks):
    """Emit as after a commit: the deliveries are handed to the worker."""

    def run(*args):
        with django_capture_on_commit_callbacks(execute=True):
            return services.webhook_emit(*args)

    return run


@pytest.fixture
def lead(db):
    return make_staff(Role.AGENCY_LEAD, full_name="Hook Lead")


def subscribe(lead, url, events=("ticket.created",), client=None):
    return services.subscription_create(
        actor=lead, url=url, event_types=list(events), client=client
    )


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """The receiver's check, exactly as docs/api.md documents it."""
    timestamp = headers["X-AgencyDesk-Timestamp"]
    expected = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    given = headers["X-AgencyDesk-Signature"].removeprefix("sha256=")
    return hmac.compare_digest(expected, given)


def test_an_opened_ticket_reaches_the_receiver_signed(
    receiver, lead, client_a, contact_a, django_capture_on_commit_callbacks
):
    created = subscribe(lead, receiver.url)

    with django_capture_on_commit_callbacks(execute=True):
        ticket = desk.ticket_create(
            actor=None, client=client_a, requester=contact_a, title="Hooked banner"
        )

    [got] = receiver.received
    body = json.loads(got.body)
    assert got.headers["X-AgencyDesk-Event"] == "ticket.created"
    assert verify(created.secret, got.headers, got.body)
    assert not verify("whsec_wrong", got.headers, got.body)
    assert body["type"] == "ticket.created"
    assert body["client_id"] == client_a.pk
    assert body["data"]["ticket"]["reference"] == ticket.reference
    assert body["data"]["ticket"]["title"] == "Hooked banner"
    delivery = WebhookDelivery.objects.get()
    assert got.headers["X-AgencyDesk-Delivery"] == str(delivery.pk)
    assert (delivery.status, delivery.response_code) == ("delivered", 200)
    # The secret is stored encrypted, never as typed.
    assert created.secret not in WebhookSubscription.objects.get().secret


def test_moves_and_replies_are_sent_and_a_rolled_back_change_is_not(
    receiver, lead, staff, client_a, contact_a, django_capture_on_commit_callbacks
):
    subscribe(lead, receiver.url, events=("ticket.moved", "message.created"))
    ticket = desk.ticket_create(
        actor=None, client=client_a, requester=contact_a, title="Moving banner"
    )

    with django_capture_on_commit_callbacks(execute=True):
        desk.ticket_move(actor=staff, ticket=ticket, stage="production")
        desk.message_add(actor=staff, ticket=ticket, body="Here it is")
        desk.message_add(actor=staff, ticket=ticket, body="Psst", is_internal=True)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        from django.db import transaction

        with transaction.atomic():
            desk.ticket_move(actor=staff, ticket=ticket, stage="delivery")
            raise RuntimeError

    events = [r.headers["X-AgencyDesk-Event"] for r in receiver.received]
    assert events == ["ticket.moved", "message.created"]
    reply = json.loads(receiver.received[1].body)
    assert reply["data"]["message"]["text"] == "Here it is"
    assert b"Psst" not in b"".join(r.body for r in receiver.received)


def test_a_client_subscription_hears_nothing_of_another_client(
    receiver,
    lead,
    client_a,
    client_b,
    contact_a,
    contact_b,
    django_capture_on_commit_callbacks,
):
    subscribe(lead, receiver.url, client=client_a)

    with django_capture_on_commit_callbacks(execute=True):
        desk.ticket_create(
            actor=None, client=client_b, requester=contact_b, title="Bravo secret"
        )
        desk.ticket_create(
            actor=None, client=client_a, requester=contact_a, title="Alpha news"
        )

    assert len(receiver.received) == 1
    assert b"Alpha news" in receiver.received[0].body
    assert b"Bravo" not in receiver.received[0].body
    assert WebhookEvent.objects.count() == 1


def test_a_failing_receiver_is_retried_with_backoff_then_turned_off(
    receiver, lead, settings, emit
):
    settings.WEBHOOK_DISABLE_AFTER = 4
    receiver.status = 500
    created = subscribe(lead, receiver.url)
    hook = created.subscription
    start = timezone.now()

    emit("ticket.created", None, {"n": 1})
    first = WebhookDelivery.objects.get(attempt=1)
    assert (first.status, first.response_code) == ("failed", 500)
    assert len(first.response_body) <= transport.RESPONSE_EXCERPT_BYTES
    retry = WebhookDelivery.objects.get(attempt=2)
    assert retry.status == "pending"
    assert retry.next_attempt_at - start >= timedelta(minutes=1)
    # Not due yet: nothing happens.
    assert services.webhook_retry_due(now=start) == 0

    later = start
    for attempt, wait in [(2, 1), (3, 5), (4, 30)]:
        later += timedelta(minutes=wait, seconds=5)
        assert services.webhook_retry_due(now=later) == 1
        assert WebhookDelivery.objects.get(attempt=attempt).status == "failed"

    hook.refresh_from_db()
    assert len(receiver.received) == 4
    assert not hook.is_active and hook.disabled_at is not None
    assert hook.failures_in_row == 4
    # The next attempt was given up, and the creator was told.
    assert not WebhookDelivery.objects.filter(status="pending").exists()
    notice = Notification.objects.get(recipient=lead, verb="webhook.disabled")
    assert "4" in notice.title
    # A disabled webhook gets no new events.
    emit("ticket.created", None, {"n": 2})
    assert len(receiver.received) == 4


def test_a_success_after_failures_clears_the_count(receiver, lead, emit):
    receiver.status = 500
    hook = subscribe(lead, receiver.url).subscription
    emit("ticket.created", None, {"n": 1})
    emit("ticket.created", None, {"n": 2})
    hook.refresh_from_db()
    assert hook.failures_in_row == 2

    receiver.status = 200
    emit("ticket.created", None, {"n": 3})

    hook.refresh_from_db()
    assert (hook.failures_in_row, hook.is_active) == (0, True)


def test_deliveries_to_one_receiver_share_a_kept_connection(lead, settings, emit):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    receiver = Receiver(keep_alive=True).start()
    try:
        created = subscribe(lead, receiver.url)
        for n in range(3):
            emit("ticket.created", None, {"n": n})
    finally:
        receiver.stop()

    assert len(receiver.received) == 3
    assert all(verify(created.secret, r.headers, r.body) for r in receiver.received)
    assert receiver.connections == 1
    statuses = WebhookDelivery.objects.values_list("status", flat=True)
    assert list(statuses) == ["delivered"] * 3


def test_a_connection_the_receiver_dropped_is_not_reused(lead, settings, emit):
    """A kept connection the server has since closed (its idle timeout) is
    not written to: the next event goes on a new one and arrives."""
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    receiver = Receiver(keep_alive=True, drop_after=True).start()
    try:
        subscribe(lead, receiver.url)
        emit("ticket.created", None, {"n": 1})
        assert receiver.dropped.wait(5)
        emit("ticket.created", None, {"n": 2})
    finally:
        receiver.stop()

    assert len(receiver.received) == 2
    assert receiver.connections == 2
    statuses = WebhookDelivery.objects.values_list("status", flat=True)
    assert list(statuses) == ["delivered"] * 2


def test_retries_stop_after_the_last_backoff(receiver, lead, emit):
    receiver.status = 503
    subscribe(lead, receiver.url)
    emit("ticket.created", None, {"n": 1})
    now = timezone.now()
    for _ in range(len(services.BACKOFF)):
        now += timedelta(hours=7)
        services.webhook_retry_due(now=now)

    attempts = WebhookDelivery.objects.order_by("attempt")
    assert [d.attempt for d in attempts] == [1, 2, 3, 4, 5, 6]
    assert all(d.status == "failed" for d in attempts)
    assert services.webhook_retry_due(now=now + timedelta(days=1)) == 0


def test_a_redirect_is_not_followed(settings, lead, emit):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    receiver = Receiver(status=302).start()
    try:
        subscribe(lead, receiver.url)
        emit("ticket.created", None, {})
    finally:
        receiver.stop()
    first = WebhookDelivery.objects.get(attempt=1)
    assert (first.status, first.response_code) == ("failed", 302)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/hook",
        "file:///etc/passwd",
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook",
        "http://user:pass@93.184.215.14/hook",
    ],
)
def test_a_private_or_odd_url_is_refused_at_save(lead, url):
    with pytest.raises(WebhookUrlRefusedError) as refused:
        subscribe(lead, url)

    assert refused.value.extra == {"field": "url"}
    assert WebhookSubscription.objects.count() == 0


def test_a_public_address_is_accepted(lead):
    created = subscribe(lead, "https://93.184.215.14/hook")

    assert created.secret.startswith("whsec_")


def test_the_form_names_the_refusal_on_the_url_field(lead):
    http = HttpClient()
    http.force_login(lead)

    response = http.post(
        reverse("webhooks:create"),
        {"url": "http://127.0.0.1/hook", "event_types": ["ticket.created"]},
    )

    assert response.status_code == 422
    assert "private, loopback or reserved" in str(
        response.context["form"].errors["url"]
    )
    assert WebhookSubscription.objects.count() == 0


def test_an_address_allowed_at_save_is_checked_again_at_delivery(
    receiver, lead, settings, emit
):
    subscribe(lead, receiver.url)
    settings.WEBHOOK_ALLOWED_HOSTS = []

    emit("ticket.created", None, {})

    first = WebhookDelivery.objects.get(attempt=1)
    assert first.status == "failed" and "loopback" in first.error
    assert receiver.received == []


def test_an_archived_client_is_announced(
    receiver, lead, client_a, django_capture_on_commit_callbacks
):
    from agencydesk.clients.services import client_set_status

    subscribe(lead, receiver.url, events=("client.archived",))

    with django_capture_on_commit_callbacks(execute=True):
        client_set_status(actor=None, client=client_a, status="active")
        client_set_status(actor=None, client=client_a, status="archived")

    [got] = receiver.received
    body = json.loads(got.body)
    assert body["type"] == "client.archived"
    assert body["data"]["client"]["slug"] == client_a.slug


def test_a_delivery_is_made_once_by_the_job_or_the_periodic_pass(lead, settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    receiver = Receiver().start()
    try:
        subscribe(lead, receiver.url)
        # Emitted inside the test's transaction: the job's hand-over never
        # runs, as when the worker lost it.
        services.webhook_emit("ticket.created", None, {})
        now = timezone.now()
        assert services.webhook_retry_due(now=now) == 0
        assert services.webhook_retry_due(now=now + services.FALLBACK) == 1
        delivery = WebhookDelivery.objects.get()
        services.webhook_deliver(delivery.pk)  # the late job: nothing to do
    finally:
        receiver.stop()
    assert len(receiver.received) == 1
    assert WebhookDelivery.objects.get().status == "delivered"


def test_a_breached_sla_is_announced(
    receiver, lead, client_a, django_capture_on_commit_callbacks
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.factories.desk import make_ticket

    wib = ZoneInfo("Asia/Jakarta")
    subscribe(lead, receiver.url, events=("ticket.breached",))
    ticket = make_ticket(client_a, now=datetime(2026, 11, 20, 16, tzinfo=wib))

    with django_capture_on_commit_callbacks(execute=True):
        desk.sla_sweep(now=datetime(2026, 11, 23, 17, tzinfo=wib))

    [got] = receiver.received
    body = json.loads(got.body)
    assert body["type"] == "ticket.breached"
    assert body["data"]["target"]["id"] == str(ticket.pk)
    assert ticket.reference in body["data"]["target"]["name"]


def test_the_delivery_connects_to_the_address_that_was_checked(receiver):
    """A name re-pointed between the check and the connection (DNS rebinding)
    gains nothing: the socket goes to the checked address. Here the URL's name
    does not resolve at all, yet the post arrives at the pinned address, with
    the URL's own Host header."""
    port = receiver.server.server_address[1]

    answer = transport.post(
        f"http://hooks.example.invalid:{port}/hook",
        b"{}",
        {"Content-Type": "application/json"},
        "127.0.0.1",
    )

    assert answer.code == 200
    assert receiver.received[0].headers["Host"] == f"hooks.example.invalid:{port}"


def test_the_url_check_returns_the_address_it_approved():
    from agencydesk.api.webhooks.safety import check_url

    assert check_url("https://93.184.215.14/hook") == "93.184.215.14"


def test_subscribing_is_seen_by_the_next_event_without_a_restart(receiver, lead, emit):
    """Active subscriptions are kept between requests; a new, changed or
    disabled one is seen at once."""
    assert emit("ticket.created", None, {}) is None  # nobody listens yet
    subscription = subscribe(lead, receiver.url)

    assert emit("ticket.created", None, {}) is not None

    services.subscription_delete(actor=lead, subscription=subscription.subscription)
    assert emit("ticket.created", None, {}) is None
