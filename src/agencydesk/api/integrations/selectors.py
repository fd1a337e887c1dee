"""Reads of the integration pages."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from agencydesk.clients.models import Contact, TeamMember
from agencydesk.people.models import User

from ..models import ApiToken


def integration_client_ids(integration: User) -> list[int]:
    """The clients an integration is tied to: those it is restricted to, or
    the one it is a contact of (none for an agency-wide one)."""
    if integration.integration == User.Integration.CLIENTS:
        return list(
            TeamMember.objects.filter(user=integration)
            .order_by("client_id")
            .values_list("client_id", flat=True)
        )
    if integration.integration == User.Integration.CONTACT:
        return list(
            Contact.objects.filter(user=integration).values_list("client_id", flat=True)
        )
    return []


def integrations_for_list(*, query: str = "", state: str = "") -> QuerySet[User]:
    """Integrations with their role, clients and count of live tokens, by
    name (three queries whatever their number: the rows, roles, teams)."""
    rows = (
        User.objects.exclude(integration="")
        .select_related("contact__client")
        .prefetch_related(
            "groups",
            Prefetch(
                "client_teams",
                queryset=TeamMember.objects.select_related("client").order_by(
                    "client__name"
                ),
            ),
        )
        .annotate(
            live_tokens=Count("api_tokens", filter=Q(api_tokens__revoked_at=None))
        )
        .order_by("full_name", "pk")
    )
    if query:
        rows = rows.filter(full_name__icontains=query)
    if state == "deactivated":
        rows = rows.filter(is_active=False)
    elif state != "all":
        rows = rows.filter(is_active=True)
    return rows


def integrations_for_page() -> QuerySet[User]:
    """Integrations shaped for their page (fetch one with ``access_object``)."""
    return integrations_for_list(state="all")


def tokens_of_integration(integration: User) -> QuerySet[ApiToken]:
    """An integration's tokens, newest first, with who made each."""
    return (
        ApiToken.objects.filter(user=integration)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )
