"""/timeline: what happened to a client, as the client page's timeline shows
it (staff only: the portal shows no timeline)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from agencydesk.clients.models import Client
from agencydesk.core.access import access_object, require
from agencydesk.core.timeline import timeline_entries, timeline_for_client

from ..auth import TIMELINE_READ
from ..pagination import cursor_page
from ..schemas.common import ERRORS
from ..schemas.timeline import TimelineFilter, TimelinePage

router = Router(tags=["timeline"])


@router.get("", response={200: TimelinePage, **ERRORS}, auth=TIMELINE_READ)
def timeline_list(request: HttpRequest, filters: Query[TimelineFilter]) -> Any:
    """A client's events, newest first; ``since`` for syncing."""
    viewer = request.viewer
    require(viewer, "clients.view_client")
    client = access_object(viewer, Client, filters.client, field_name="slug")
    events, cursor = cursor_page(
        timeline_for_client(
            viewer=viewer,
            client_id=client.pk,
            kind=filters.kind,
            query=filters.q,
            since=filters.since,
        ),
        ordering=("-created_at", "-pk"),
        cursor=filters.cursor,
        limit=filters.limit,
    )
    items = [
        {
            "id": event.pk,
            "verb": event.verb,
            "kind": entry.kind,
            "kind_label": entry.kind_label,
            "actor": entry.actor_name,
            "text": entry.text,
            "created_at": event.created_at,
        }
        for event, entry in zip(events, timeline_entries(events), strict=True)
    ]
    return {"items": items, "next_cursor": cursor}
