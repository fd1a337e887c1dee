"""/clients: the client accounts the token's person sees."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from agencydesk.clients.models import Client
from agencydesk.clients.selectors import client_list_for_staff, team_of_client
from agencydesk.core.access import access_object, require

from ..auth import CLIENTS_READ
from ..pagination import cursor_page
from ..schemas.clients import ClientFilter, ClientOut, ClientPage
from ..schemas.common import ERRORS
from ..schemas.contacts import TeamOut

router = Router(tags=["clients"])

# Each ends on a unique field (the cursor's rule, api.pagination).
ORDERINGS = {"name": ("name", "pk"), "updated": ("-updated_at", "-pk")}


@router.get("", response={200: ClientPage, **ERRORS}, auth=CLIENTS_READ)
def client_list(request: HttpRequest, filters: Query[ClientFilter]) -> dict[str, Any]:
    """Clients by name, or last changed first (a contact sees their own
    client only)."""
    viewer = request.viewer
    if viewer.is_staff:
        require(viewer, "clients.view_client")
    rows = client_list_for_staff(
        viewer=viewer,
        query=filters.q,
        status=filters.status,
        updated_since=filters.updated_since,
    )
    items, cursor = cursor_page(
        rows,
        ordering=ORDERINGS[filters.ordering],
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": items, "next_cursor": cursor}


@router.get("/{slug}", response={200: ClientOut, **ERRORS}, auth=CLIENTS_READ)
def client_get(request: HttpRequest, slug: str) -> Client:
    """One client account by its slug."""
    return access_object(request.viewer, Client, slug, field_name="slug")


@router.get("/{slug}/team", response={200: TeamOut, **ERRORS}, auth=CLIENTS_READ)
def client_team(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Who works on the client, by role (staff only: who works on an account
    is the agency's business)."""
    viewer = request.viewer
    require(viewer, "clients.view_client")
    client = access_object(viewer, Client, slug, field_name="slug")
    return {"items": list(team_of_client(viewer=viewer, client=client))}
