"""Reads about a client's contacts."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from agencydesk.core.access import Viewer
from agencydesk.people.models import normalize_email

from ..models import Client, Contact, TeamMember


def contacts_for_people_page(*, viewer: Viewer, client: Client) -> QuerySet[Contact]:
    """A client's contacts with their user, by name, for its contacts page."""
    return (
        Contact.objects.visible_to(viewer)
        .filter(client=client)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def contact_for_portal(*, viewer: Viewer) -> Contact | None:
    """The contact record of the signed-in contact, with their client."""
    if not viewer.is_contact:
        return None
    return Contact.objects.select_related("client").filter(user=viewer.user).first()


def contact_of_client(
    *, viewer: Viewer, email: str, client_slug: str = ""
) -> Contact | None:
    """The contact with this e-mail address, of the client with this slug
    (any the viewer sees when empty), with user and client, if the viewer
    sees it."""
    rows = (
        Contact.objects.visible_to(viewer)
        .select_related("user", "client")
        .filter(user__email=normalize_email(email))
    )
    if client_slug:
        rows = rows.filter(client__slug=client_slug)
    return rows.first()


def contact_list(
    *,
    viewer: Viewer,
    client_id: int | None = None,
    query: str = "",
    updated_since: datetime | None = None,
) -> QuerySet[Contact]:
    """The contacts the viewer sees (a contact: their own client's), with
    user and client, optionally of one client, matching a name or address,
    changed at or after ``updated_since`` (the API's sync)."""
    rows = Contact.objects.visible_to(viewer).select_related("user", "client")
    if client_id is not None:
        rows = rows.filter(client_id=client_id)
    if query:
        rows = rows.filter(
            Q(user__full_name__icontains=query) | Q(user__email__icontains=query)
        )
    if updated_since is not None:
        rows = rows.filter(updated_at__gte=updated_since)
    return rows


def team_of_client(*, viewer: Viewer, client: Client) -> QuerySet[TeamMember]:
    """Who works on a client, with their user, by role and name."""
    return (
        TeamMember.objects.visible_to(viewer)
        .filter(client=client, user__integration="")
        .select_related("user")
        .order_by("role", "user__full_name", "pk")
    )
