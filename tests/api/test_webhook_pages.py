"""The webhook pages: create, log, test event, redeliver, enable again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencydesk.api.models import WebhookDelivery, WebhookSubscription
from agencydesk.api.webhooks import services
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

from .receiver import Receiver

DETAIL_QUERIES = 4
LIST_QUERIES = 3


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    running = Receiver().start()
    yield running
    running.stop()


def signed_in(user):
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.fixture
def lead(db):
    return make_staff(Role.AGENCY_LEAD, full_name="Page Lead")


def test_a_lead_creates_a_webhook_and_sees_its_secret_once(lead, receiver, client_a):
    http = signed_in(lead)

    created = http.post(
        reverse("webhooks:create"),
        {
            "url": receiver.url,
            "event_types": ["ticket.created", "ticket.moved"],
            "client": client_a.slug,
        },
    )
    hook = WebhookSubscription.objects.get()
    detail = http.get(reverse("webhooks:detail", args=[hook.pk]))
    listed = http.get(reverse("webhooks:list"))

    secret = created.context["created"].secret
    assert created.status_code == 200
    assert secret in created.content.decode()
    assert secret not in detail.content.decode()
    assert hook.client == client_a
    assert hook.event_types == ["ticket.created", "ticket.moved"]
    assert receiver.url in listed.content.decode()


def test_test_event_redeliver_and_enable_again(
    lead, receiver, django_capture_on_commit_callbacks
):
    hook = services.subscription_create(
        actor=lead, url=receiver.url, event_types=["ticket.created"]
    ).subscription
    http = signed_in(lead)

    with django_capture_on_commit_callbacks(execute=True):
        http.post(reverse("webhooks:test", args=[hook.pk]))
    ping = WebhookDelivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        redone = http.post(reverse("webhooks:redeliver", args=[hook.pk, ping.pk]))
    assert redone.status_code == 302, redone.content[:300]
    WebhookSubscription.objects.filter(pk=hook.pk).update(
        is_active=False, failures_in_row=10
    )
    http.post(reverse("webhooks:enable", args=[hook.pk]))
    log = http.get(reverse("webhooks:detail", args=[hook.pk]))

    assert [r.headers["X-AgencyDesk-Event"] for r in receiver.received] == [
        "ping",
        "ping",
    ]
    first, again = (r.headers["X-AgencyDesk-Delivery"] for r in receiver.received)
    assert first != again
    assert receiver.received[0].body == receiver.received[1].body
    hook.refresh_from_db()
    assert hook.is_active and hook.failures_in_row == 0
    assert log.content.decode().count("<code>ping</code>") == 2


def test_the_pages_are_for_admins_and_leads_only(lead, contact_a):
    specialist = make_staff(Role.SPECIALIST, full_name="Spec")
    admin = make_staff(Role.ADMIN, full_name="Adm")

    assert signed_in(lead).get(reverse("webhooks:list")).status_code == 200
    assert signed_in(admin).get(reverse("webhooks:list")).status_code == 200
    assert signed_in(specialist).get(reverse("webhooks:list")).status_code == 403
    assert signed_in(contact_a.user).get(reverse("webhooks:list")).status_code == 403
    profile = signed_in(specialist).get(reverse("people:profile")).content.decode()
    assert 'id="webhooks-link"' not in profile


def test_a_delivery_of_another_webhook_is_404(lead, receiver):
    one = services.subscription_create(
        actor=lead, url=receiver.url, event_types=["ticket.created"]
    ).subscription
    other = services.subscription_create(
        actor=lead, url=receiver.url, event_types=["ticket.created"]
    ).subscription
    ping = services.webhook_send_test(actor=lead, subscription=one)

    response = signed_in(lead).post(
        reverse("webhooks:redeliver", args=[other.pk, ping.pk])
    )

    assert response.status_code == 404


def _log_and_list_queries(lead, hook) -> int:
    http = signed_in(lead)
    http.get(reverse("webhooks:detail", args=[hook.pk]))  # warm the caches
    with CaptureQueriesContext(connection) as detail:
        http.get(reverse("webhooks:detail", args=[hook.pk]))
    with CaptureQueriesContext(connection) as listed:
        http.get(reverse("webhooks:list"))
    return len(detail), len(listed)


def test_the_log_and_list_read_a_fixed_number_of_queries(lead, receiver):
    hook = services.subscription_create(
        actor=lead, url=receiver.url, event_types=["ticket.created"]
    ).subscription
    services.webhook_send_test(actor=lead, subscription=hook)
    small = _log_and_list_queries(lead, hook)
    for _ in range(8):
        services.webhook_send_test(actor=lead, subscription=hook)
        services.subscription_create(
            actor=lead, url=receiver.url, event_types=["ticket.moved"]
        )
    large = _log_and_list_queries(lead, hook)

    assert small == large == (DETAIL_QUERIES, LIST_QUERIES)


def test_an_edit_keeps_the_secret_and_refuses_a_private_address(lead, receiver):
    hook = services.subscription_create(
        actor=lead, url=receiver.url, event_types=["ticket.created"]
    ).subscription
    secret = hook.secret
    http = signed_in(lead)

    refused = http.post(
        reverse("webhooks:edit", args=[hook.pk]),
        {"url": "http://10.0.0.8/hook", "event_types": ["ticket.moved"]},
    )
    saved = http.post(
        reverse("webhooks:edit", args=[hook.pk]),
        {"url": receiver.url + "/v2", "event_types": ["ticket.moved"]},
    )

    hook.refresh_from_db()
    assert refused.status_code == 422
    assert saved.status_code == 302
    assert hook.url == receiver.url + "/v2"
    assert hook.event_types == ["ticket.moved"]
    assert hook.secret == secret


def test_the_signing_secret_is_rotated_with_the_others():
    from agencydesk.core.secrets import secret_fields

    assert ("api.WebhookSubscription", "secret") in secret_fields()
