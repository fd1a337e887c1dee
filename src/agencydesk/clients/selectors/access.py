"""Reads of the access inventory: the entries of a client's page (the secret
column never read) and who may reveal a secret."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from agencydesk.core.access import Viewer

from ..models import AccessEntry, Client, TeamMember


def secrets_revealable(*, actor: Any, client_id: int) -> bool:
    """Whether ``actor`` may reveal the access secrets of a client: agency leads
    and admins on every client, others holding the reveal permission only on
    a client whose team they are on (``None`` is the system itself)."""
    if actor is None:
        return True
    if not (actor.is_authenticated and actor.is_staff and actor.is_active):
        return False
    if actor.has_perm("clients.reveal_every_accessentry"):
        return True
    if not actor.has_perm("clients.reveal_accessentry"):
        return False
    return TeamMember.objects.filter(client_id=client_id, user=actor).exists()


def access_entries_for_client(
    *, viewer: Viewer, client: Client
) -> QuerySet[AccessEntry]:
    """The inventory of a client for its page; the secret column is not read."""
    return (
        AccessEntry.objects.visible_to(viewer)
        .filter(client=client)
        .defer("secret_encrypted")
        .annotate(
            secret_stored=ExpressionWrapper(
                ~Q(secret_encrypted=""), output_field=BooleanField()
            )
        )
        .select_related("holder", "state_changed_by")
        .order_by("platform", "pk")
    )
