"""/webhooks: list, add and delete webhook subscriptions (admins and leads)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from agencydesk.clients.models import Client
from agencydesk.core.access import access_object, require

from ..auth import WEBHOOKS_WRITE
from ..models import WebhookSubscription
from ..pagination import cursor_page
from ..schemas.common import ERRORS
from ..schemas.webhooks import (
    EVENT_TYPES,
    WebhookCreated,
    WebhookFilter,
    WebhookIn,
    WebhookOut,
    WebhookPage,
)
from ..webhooks import services
from ..webhooks.selectors import subscriptions_for_list
from ._shared import field_error

router = Router(tags=["webhooks"])


@router.get("", response={200: WebhookPage, **ERRORS}, auth=WEBHOOKS_WRITE)
def webhook_list(request: HttpRequest, filters: Query[WebhookFilter]) -> dict[str, Any]:
    """The agency's webhook subscriptions, newest first (never their secrets)."""
    require(request.viewer, services.PERMISSION)
    items, cursor = cursor_page(
        subscriptions_for_list(),
        ordering=("-created_at", "-pk"),
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": items, "next_cursor": cursor}


@router.post("", response={201: WebhookCreated, **ERRORS}, auth=WEBHOOKS_WRITE)
def webhook_create(request: HttpRequest, body: WebhookIn) -> Status:
    """Subscribe a URL to events; the answer carries the signing secret once."""
    require(request.viewer, services.PERMISSION)
    unknown = [t for t in body.event_types if t not in EVENT_TYPES]
    if unknown:
        raise field_error(
            "event_types",
            _("Unknown event: %(name)s. Known: %(known)s.")
            % {"name": unknown[0][:50], "known": ", ".join(EVENT_TYPES)},
        )
    client = None
    if body.client:
        client = (
            Client.objects.visible_to(request.viewer).filter(slug=body.client).first()
        )
        if client is None:
            raise field_error("client", _("No client has this short name."))
    created = services.subscription_create(
        actor=request.user,
        url=body.url,
        event_types=body.event_types,
        client=client,
    )
    out = WebhookOut.from_orm(created.subscription).model_dump(mode="json")
    return Status(201, {**out, "secret": created.secret})


@router.delete(
    "/{subscription_id}", response={204: None, **ERRORS}, auth=WEBHOOKS_WRITE
)
def webhook_delete(request: HttpRequest, subscription_id: int) -> Status:
    """Delete a subscription and its delivery log."""
    subscription = access_object(
        request.viewer, WebhookSubscription, subscription_id, action="delete"
    )
    services.subscription_delete(actor=request.user, subscription=subscription)
    return Status(204, None)
