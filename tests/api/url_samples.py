"""URL-walk samples for the API's parameters."""

from agencydesk.api.integrations.services import (
    integration_create,
    integration_token_create,
)
from agencydesk.api.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from agencydesk.api.services import token_create
from agencydesk.core.secrets import encrypt
from agencydesk.reports.selectors import push_address
from tests.meetings.url_samples import SAMPLES as MEETING_SAMPLES
from tests.planning.url_samples import SAMPLES as PLANNING_SAMPLES
from tests.timesheets.url_samples import SAMPLES as TIME_SAMPLES


def _token(side):
    issued = token_create(
        actor=side.contact.user,
        name=f"{side.client.name} sync",
        scopes=["tickets:read"],
        expires_in_days=30,
    )
    return issued.token


def _integration(side):
    # Restricted to the side's client; named without the client's name (a
    # leak marker), as an admin names it.
    return integration_create(
        actor=None,
        name=f"Integration {side.client.pk}",
        kind="clients",
        role="specialist",
        clients=[side.client],
    )


def _integration_token(side):
    integration = side.once("integration", lambda: _integration(side))
    return integration_token_create(
        actor=None,
        integration=integration,
        name="walk",
        scopes=["tickets:read"],
        expires_in_days=30,
    ).token


def _token_id(side, callback):
    if "integrations" in (getattr(callback, "__module__", "") or ""):
        return str(side.once("integration-token", lambda: _integration_token(side)).pk)
    return str(side.once("token", lambda: _token(side)).pk)


def _webhook(side):
    # Saved directly (not through the service's address check): a loopback
    # address the delivery-time check refuses, so a walked "Send test event"
    # never leaves the machine.
    return WebhookSubscription.objects.create(
        url=f"http://127.0.0.1:9/{side.client.slug}",
        secret=encrypt("whsec_walk"),
        event_types=["ticket.created"],
    )


def _delivery(side):
    hook = side.once("webhook", lambda: _webhook(side))
    event = WebhookEvent.objects.create(type="ping", payload={})
    return WebhookDelivery.objects.create(
        subscription=hook, event=event, status="failed", response_code=500
    )


SAMPLES = {
    "number": lambda side, cb: str(side.ticket.number),
    "slug": lambda side, cb: side.client.slug,
    "token_id": _token_id,
    "integration_id": lambda side, cb: str(
        side.once("integration", lambda: _integration(side)).pk
    ),
    "subscription_id": lambda side, cb: str(
        side.once("webhook", lambda: _webhook(side)).pk
    ),
    "delivery_id": lambda side, cb: str(
        side.once("delivery", lambda: _delivery(side)).pk
    ),
    # /time-entries/{entry_id} is a time entry (clients' entry_id is an access entry).
    "entry_id": TIME_SAMPLES["entry_id"],
    "allocation_id": PLANNING_SAMPLES["allocation_id"],
    "meeting_id": MEETING_SAMPLES["meeting_id"],
    "push_token": lambda side, cb: push_address(client=side.client)[0],
    # The API's catch-all 404: an address under /api/ naming the other side.
    "rest": lambda side, cb: f"v1/tickets/{side.client.slug}/move",
}
