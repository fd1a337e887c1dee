"""Writes of the webhooks: subscriptions, events, deliveries and retries."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.core import leases
from agencydesk.core.kept import kept
from agencydesk.core.notifications import notify
from agencydesk.core.secrets import decrypt, encrypt

from ..models import (
    WebhookDelivery,
    WebhookEvent,
    WebhookEventType,
    WebhookSubscription,
)
from .errors import WebhookUrlRefusedError
from .safety import check_url
from .transport import Answer, post, signature

PERMISSION = "api.change_webhooksubscription"
# The kept group of the active subscriptions (core.kept).
SUBSCRIPTIONS = "webhook-subscriptions"
# Waits before the 2nd, 3rd, … attempt of one event; then it is given up.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
# A new delivery is the worker's job at once; the periodic pass takes it only
# if that job was lost. A delivery being made is claimed by its worker process
# until its lease ends (core.leases, WORK_LEASE_SECONDS), so the job and the
# pass never both send it.
FALLBACK = timedelta(minutes=2)
USER_AGENT = "AgencyDesk-Webhooks/1"

_delivery_job: Callable[[list[int]], Any] | None = None


def register_delivery_job(job: Callable[[list[int]], Any]) -> None:
    """The worker's job that delivers a list of deliveries (set in ``ready``)."""
    global _delivery_job
    _delivery_job = job


def _enqueue(delivery_ids: list[int]) -> None:
    if not delivery_ids:
        return
    job = _delivery_job
    if job is None:  # pragma: no cover - the app's ready() always sets it
        for pk in delivery_ids:
            webhook_deliver(pk)
        return
    transaction.on_commit(lambda: job(delivery_ids), robust=True)


def _require(actor: Any) -> None:
    if actor is None or not actor.has_perm(PERMISSION):
        raise PermissionDenied


# ---- subscriptions -------------------------------------------------------


@dataclass(frozen=True)
class CreatedSubscription:
    """A new subscription with its secret, which the page shows once."""

    subscription: WebhookSubscription
    secret: str


def _event_types(event_types: Sequence[str]) -> list[str]:
    allowed = set(WebhookEventType.values) - {WebhookEventType.PING}
    return sorted({t for t in event_types if t in allowed})


@transaction.atomic
def subscription_create(
    *, actor: Any, url: str, event_types: Sequence[str], client: Any = None
) -> CreatedSubscription:
    """Subscribe ``url`` to events (of one client or all); its signing secret
    is made here, stored encrypted and returned once."""
    _require(actor)
    check_url(url)
    secret = f"whsec_{secrets.token_urlsafe(32)}"
    subscription = WebhookSubscription.objects.create(
        url=url,
        secret=encrypt(secret),
        event_types=_event_types(event_types),
        client=client,
        created_by=actor,
    )
    return CreatedSubscription(subscription=subscription, secret=secret)


@transaction.atomic
def subscription_update(
    *,
    actor: Any,
    subscription: WebhookSubscription,
    url: str,
    event_types: Sequence[str],
    client: Any = None,
) -> WebhookSubscription:
    _require(actor)
    check_url(url)
    subscription.url = url
    subscription.event_types = _event_types(event_types)
    subscription.client = client
    subscription.save(update_fields=["url", "event_types", "client"])
    return subscription


@transaction.atomic
def subscription_delete(*, actor: Any, subscription: WebhookSubscription) -> None:
    _require(actor)
    subscription.delete()


@transaction.atomic
def subscription_enable(
    *, actor: Any, subscription: WebhookSubscription
) -> WebhookSubscription:
    """Turn a disabled subscription on again, its failure count cleared."""
    _require(actor)
    subscription.is_active = True
    subscription.failures_in_row = 0
    subscription.disabled_at = None
    subscription.save(update_fields=["is_active", "failures_in_row", "disabled_at"])
    return subscription


# ---- events --------------------------------------------------------------


def webhook_emit(
    event_type: str, client_id: int | None, payload: dict
) -> WebhookEvent | None:
    """Record an event and queue a delivery to every active subscription that
    wants it (run after the change committed: nothing is sent for a change
    that was rolled back). Nothing is stored when no one listens."""
    wanted = [
        pk
        for pk, types, only_client in active_subscriptions()
        if event_type in types and (only_client is None or only_client == client_id)
    ]
    if not wanted:
        return None
    with transaction.atomic():
        event = WebhookEvent.objects.create(
            type=event_type, client_id=client_id, payload=payload
        )
        _deliveries(event, wanted)
    return event


def active_subscriptions() -> list[tuple[int, frozenset[str], int | None]]:
    """(id, event types, client id or None) of every active subscription.

    Read on every ticket write, so kept between requests; any save or delete
    of a subscription forgets it (``ApiConfig.ready``)."""

    def read() -> list[tuple[int, frozenset[str], int | None]]:
        rows = WebhookSubscription.objects.filter(is_active=True).values_list(
            "pk", "event_types", "client_id"
        )
        return [(pk, frozenset(types), client) for pk, types, client in rows]

    return kept(SUBSCRIPTIONS, "active", read)


def _deliveries(
    event: WebhookEvent, subscription_ids: Sequence[int], attempt: int = 1
) -> list[WebhookDelivery]:
    due = timezone.now() + FALLBACK
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                subscription_id=pk, event=event, attempt=attempt, next_attempt_at=due
            )
            for pk in subscription_ids
        ]
    )
    _enqueue([d.pk for d in deliveries])
    return deliveries


@transaction.atomic
def webhook_send_test(
    *, actor: Any, subscription: WebhookSubscription
) -> WebhookDelivery:
    """Send a ``ping`` event to one subscription now (even a disabled one, to
    see whether the receiver works again)."""
    _require(actor)
    event = WebhookEvent.objects.create(
        type=WebhookEventType.PING,
        client_id=subscription.client_id,
        payload={"message": "This is a test event from Agency Desk."},
    )
    return _deliveries(event, [subscription.pk])[0]


@transaction.atomic
def webhook_redeliver(*, actor: Any, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a past delivery's event again, as a new delivery (same event id
    and body, a new delivery id)."""
    _require(actor)
    return _deliveries(delivery.event, [delivery.subscription_id])[0]


# ---- delivering ----------------------------------------------------------


def event_body(event: WebhookEvent) -> bytes:
    """The JSON body of an event, the same on every delivery of it."""
    return json.dumps(
        {
            "id": event.pk,
            "type": event.type,
            "created_at": event.created_at.isoformat(),
            "client_id": event.client_id,
            "data": event.payload,
        },
        separators=(",", ":"),
        sort_keys=True,
        default=str,
    ).encode()


def webhook_deliver(delivery_id: int, *, now: datetime | None = None) -> None:
    """Make one pending delivery: POST, log the answer, and on failure queue
    the next attempt or, after too many failures, disable the subscription."""
    # get(), not first(): one row by its key needs no ORDER BY, whose
    # compiling was a tenth of a delivery's CPU.
    try:
        delivery = WebhookDelivery.objects.select_related("subscription", "event").get(
            pk=delivery_id, status=WebhookDelivery.Status.PENDING
        )
    except WebhookDelivery.DoesNotExist:
        return
    now = now or timezone.now()
    holder = leases.holder()
    claimed = WebhookDelivery.objects.filter(
        # Unclaimed, or the claim's lease is over (its worker was killed).
        Q(claimed_by="") | Q(next_attempt_at__lte=now),
        pk=delivery.pk,
        status=WebhookDelivery.Status.PENDING,
        next_attempt_at=delivery.next_attempt_at,
    ).update(next_attempt_at=leases.lease_until(now), claimed_by=holder)
    if not claimed:  # another worker is making it
        return
    delivery.claimed_by = holder
    subscription, event = delivery.subscription, delivery.event
    if not subscription.is_active and event.type != WebhookEventType.PING:
        answer = Answer(None, "", "The webhook is disabled.", 0)
    else:
        try:
            pinned = check_url(subscription.url)
        except WebhookUrlRefusedError as exc:
            answer = Answer(None, "", exc.message[:300], 0)
        else:
            body = event_body(event)
            timestamp = str(int(time.time()))
            answer = post(
                subscription.url,
                body,
                {
                    "Content-Type": "application/json",
                    "User-Agent": USER_AGENT,
                    "X-AgencyDesk-Event": event.type,
                    "X-AgencyDesk-Delivery": str(delivery.pk),
                    "X-AgencyDesk-Timestamp": timestamp,
                    "X-AgencyDesk-Signature": signature(
                        decrypt(subscription.secret), timestamp, body
                    ),
                },
                pinned,
            )
    _record(delivery, answer, now=now)


@transaction.atomic
def _record(delivery: WebhookDelivery, answer: Answer, *, now: datetime) -> None:
    if answer.code is not None and 200 <= answer.code < 300:
        _record_success(delivery, answer)
        return
    subscription = WebhookSubscription.objects.select_for_update().get(
        pk=delivery.subscription_id
    )
    if not WebhookDelivery.objects.filter(
        pk=delivery.pk,
        status=WebhookDelivery.Status.PENDING,
        claimed_by=delivery.claimed_by,
    ).exists():
        # Past its lease another worker took the delivery over and recorded
        # its own answer: one outcome (and one retry) per delivery.
        return
    delivery.claimed_by = ""
    delivery.status = WebhookDelivery.Status.FAILED
    delivery.response_code = answer.code
    delivery.response_body = answer.body
    delivery.error = answer.error
    delivery.duration_ms = answer.duration_ms
    delivery.next_attempt_at = None
    subscription.failures_in_row += 1
    retry = (
        delivery.attempt <= len(BACKOFF)
        and delivery.event.type != WebhookEventType.PING
    )
    if retry:
        delivery.next_attempt_at = now + BACKOFF[delivery.attempt - 1]
        WebhookDelivery.objects.create(
            subscription=subscription,
            event=delivery.event,
            attempt=delivery.attempt + 1,
            next_attempt_at=delivery.next_attempt_at,
        )
    limit = getattr(settings, "WEBHOOK_DISABLE_AFTER", 10)
    if subscription.is_active and subscription.failures_in_row >= limit:
        _disable(subscription, now=now)
    delivery.save(
        update_fields=[
            "status",
            "response_code",
            "response_body",
            "error",
            "duration_ms",
            "next_attempt_at",
            "claimed_by",
        ]
    )
    subscription.save(update_fields=["failures_in_row", "is_active", "disabled_at"])


def _record_success(delivery: WebhookDelivery, answer: Answer) -> None:
    """A 2xx, the common case, in two statements (a third of a delivery's CPU
    went to reading the subscription under its lock, the claim check and the
    saves). A count of failures in a row, if any, is cleared first: the
    subscription's row is locked before the delivery's, in the order a failure
    locks them, so the two never wait on each other. The delivery's row is
    written only while it is still ours, pending under our claim (the check a
    failure makes); if it is not, nothing is changed. Neither touches what the
    kept active subscriptions hold, so nothing is forgotten."""
    WebhookSubscription.objects.filter(
        pk=delivery.subscription_id, failures_in_row__gt=0
    ).update(failures_in_row=0)
    recorded = WebhookDelivery.objects.filter(
        pk=delivery.pk,
        status=WebhookDelivery.Status.PENDING,
        claimed_by=delivery.claimed_by,
    ).update(
        status=WebhookDelivery.Status.DELIVERED,
        response_code=answer.code,
        response_body=answer.body,
        error=answer.error,
        duration_ms=answer.duration_ms,
        next_attempt_at=None,
        claimed_by="",
    )
    if not recorded:
        # Past its lease another worker took the delivery over and recorded
        # its own answer: one outcome per delivery.
        transaction.set_rollback(True)


def _disable(subscription: WebhookSubscription, *, now: datetime) -> None:
    subscription.is_active = False
    subscription.disabled_at = now
    # Attempts still waiting are given up: nothing is sent to a disabled hook.
    WebhookDelivery.objects.filter(
        subscription=subscription, status=WebhookDelivery.Status.PENDING
    ).update(status=WebhookDelivery.Status.FAILED, error="The webhook is disabled.")
    if subscription.created_by_id:
        url = subscription.url
        count = subscription.failures_in_row
        notify(
            recipient=subscription.created_by,
            verb="webhook.disabled",
            title=lambda: (
                _("A webhook was turned off after %(count)s failures")
                % {"count": count}
            ),
            body=lambda: (
                _(
                    "Deliveries to %(url)s failed %(count)s times in a row, so it "
                    "was turned off. Fix the receiver, then turn it on again."
                )
                % {"url": url, "count": count}
            ),
            url=reverse("webhooks:detail", args=[subscription.pk]),
        )


def _due(now: datetime) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING,
        next_attempt_at__lte=now,
        subscription__is_active=True,
    ).order_by("next_attempt_at", "pk")


def webhook_retry_due(*, now: datetime | None = None) -> int:
    """Deliver the attempts whose time has come (the worker, every minute)."""
    now = now or timezone.now()
    due = list(_due(now).values_list("pk", flat=True)[:500])
    for pk in due:
        webhook_deliver(pk, now=now)
    return len(due)


RESUME_CHUNK = 100


def webhook_resume() -> int:
    """At worker start: take back the deliveries this worker's previous
    process was making when it stopped, and hand every due one to the queue."""
    now = timezone.now()
    pending = WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING)
    leases.release_previous(pending, next_attempt_at=now)
    due = list(_due(now).values_list("pk", flat=True))
    for start in range(0, len(due), RESUME_CHUNK):
        _enqueue(due[start : start + RESUME_CHUNK])
    return len(due)
