"""Reads of a client's key materials."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from agencydesk.core.access import Viewer

from ..models import Client, Material, MaterialVersion


def materials_for_client(*, viewer: Viewer, client: Client) -> QuerySet[Material]:
    """A client's materials with all their versions, newest first (2 queries)."""
    versions = MaterialVersion.objects.select_related("uploaded_by").order_by("-number")
    return (
        Material.objects.visible_to(viewer)
        .filter(client=client)
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by("kind", "title", "pk")
    )


def material_versions_of(
    *, client: Client, material_id: int
) -> QuerySet[MaterialVersion]:
    """The versions of one material of a client (fetch one through
    ``access_object``, which scopes it to the viewer)."""
    return MaterialVersion.objects.filter(
        material__client=client, material_id=material_id
    )
