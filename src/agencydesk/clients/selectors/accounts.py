"""Reads about client accounts: the list, the client page, the homes' panels."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from agencydesk.core.access import Viewer
from agencydesk.core.models import Event
from agencydesk.core.timeline import TimelineEntry, timeline_entries

from ..models import Client, Contact, TeamMember


def client_list_for_staff(
    *,
    viewer: Viewer,
    query: str = "",
    status: str = "",
    country: str = "",
    updated_since: datetime | None = None,
) -> QuerySet[Client]:
    """Clients for the client list: filtered, with team and contact counts;
    ``updated_since``: changed at or after it (the API's sync)."""
    clients = Client.objects.visible_to(viewer).annotate(
        contact_count=Count("contacts", distinct=True),
        team_count=Count("team", distinct=True),
    )
    if query:
        clients = clients.filter(Q(name__icontains=query) | Q(slug__icontains=query))
    if status:
        clients = clients.filter(status=status)
    if country:
        clients = clients.filter(country=country)
    if updated_since is not None:
        clients = clients.filter(updated_at__gte=updated_since)
    return clients.order_by("name", "pk")


def _people_on_team() -> QuerySet[TeamMember]:
    """Team rows of people: an integration on a team (which scopes what it
    sees) is not listed as a member."""
    return TeamMember.objects.select_related("user").filter(user__integration="")


def clients_with_team(*, viewer: Viewer, limit: int = 12) -> list[Client]:
    """Active accounts with their team, for the staff home page."""
    team = _people_on_team().order_by("role", "user__full_name")
    return list(
        Client.objects.visible_to(viewer)
        .exclude(status=Client.Status.ARCHIVED)
        .prefetch_related(Prefetch("team", queryset=team))
        .order_by("name", "pk")[:limit]
    )


def clients_managed_by(*, viewer: Viewer) -> list[Client]:
    """The active accounts the viewer is account manager of (one query, kept
    for the request: the home's panels of four apps each ask)."""
    memo = viewer._memo
    if "clients.managed_by" not in memo:
        memo["clients.managed_by"] = list(
            Client.objects.visible_to(viewer)
            .exclude(status=Client.Status.ARCHIVED)
            .filter(
                team__user_id=viewer.user.pk,
                team__role=TeamMember.Role.ACCOUNT_MANAGER,
            )
            .distinct()
            .order_by("name", "pk")
        )
    return list(memo["clients.managed_by"])


def clients_for_page() -> QuerySet[Client]:
    """Clients shaped for the client page: team, contacts, working calendar
    (fetch one through ``access_object``)."""
    team = _people_on_team().order_by("role", "user__full_name")
    contacts = Contact.objects.select_related("user").order_by("user__full_name")
    return Client.objects.select_related("calendar").prefetch_related(
        Prefetch("team", queryset=team), Prefetch("contacts", queryset=contacts)
    )


# Timeline verbs that count as talking with the client.
CONTACT_VERBS = ("comm.call", "comm.chat", "comm.meeting-note")


def last_contact_for_client(*, viewer: Viewer, client: Client) -> TimelineEntry | None:
    """The latest logged call, chat or meeting note (index core_event_client_time)."""
    event = (
        Event.objects.visible_to(viewer)
        .filter(client=client, verb__in=CONTACT_VERBS)
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )
    return timeline_entries([event])[0] if event is not None else None
