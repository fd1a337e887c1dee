"""Reads about a client's contacts."""

from __future__ import annotations

from django.db.models import QuerySet

from agencydesk.core.access import Viewer

from ..models import Client, Contact


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
