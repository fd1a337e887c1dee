"""Reads of complaints, risks and escalations, scoped by who asks.

Agency leads and admins (``risks.manage_every_client``) see every row;
everyone else with the permission to view sees only the rows of the clients
whose team they are on (an account manager another client's complaint is
not found). Agency-wide risks (no client) are the leads' and admins'."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from agencydesk.clients.models import Client, TeamMember
from agencydesk.core.access import Viewer
from agencydesk.people.models import User

from .models import Complaint, Escalation, Risk, score_level

MANAGE_EVERY = "risks.manage_every_client"


def _own_clients(user: Any) -> QuerySet:
    return TeamMember.objects.filter(user=user).values("client_id")


def scoped(queryset: QuerySet, viewer: Viewer) -> QuerySet:
    """``queryset`` narrowed to the rows the viewer may see (no query of its
    own: the team is a subquery)."""
    queryset = queryset.visible_to(viewer)
    if viewer.user is None and viewer.is_staff:
        return queryset  # the system
    if viewer.has_perm(MANAGE_EVERY):
        return queryset
    return queryset.filter(client__in=_own_clients(viewer.user))


def manageable(*, actor: Any, client_id: int | None, perm: str) -> bool:
    """Whether ``actor`` holds ``perm`` on a client's complaints and risks:
    leads and admins on every client (and the agency's own risks), others on
    the clients whose team they are on. ``None`` is the system."""
    if actor is None:
        return True
    if not (actor.is_authenticated and actor.is_staff and actor.is_active):
        return False
    if not actor.has_perm(perm):
        return False
    if actor.has_perm(MANAGE_EVERY):
        return True
    if client_id is None:
        return False
    return TeamMember.objects.filter(client_id=client_id, user=actor).exists()


def management() -> list[User]:
    """Who escalations go to: the active agency leads."""
    return list(
        User.objects.filter(groups__name="agency_lead", is_active=True)
        .order_by("full_name", "pk")
        .distinct()
    )


def clients_for_choice(viewer: Viewer) -> QuerySet[Client]:
    """The clients the viewer may file a complaint or risk for."""
    clients = Client.objects.visible_to(viewer).order_by("name")
    if viewer.has_perm(MANAGE_EVERY) or viewer.user is None:
        return clients
    return clients.filter(pk__in=_own_clients(viewer.user))


def staff_for_choice() -> QuerySet[User]:
    return User.objects.filter(is_staff=True, is_active=True).order_by("full_name")


# Complaints


def complaint_list(
    *,
    viewer: Viewer,
    status: str = "",
    client_id: int | None = None,
    owner_id: int | None = None,
) -> QuerySet[Complaint]:
    """The complaints list: newest first, with client, owner and ticket."""
    rows = scoped(Complaint.objects.all(), viewer).select_related(
        "client", "owner", "ticket"
    )
    if status:
        rows = rows.filter(status=status)
    if client_id:
        rows = rows.filter(client_id=client_id)
    if owner_id:
        rows = rows.filter(owner_id=owner_id)
    return rows.order_by("-opened_at", "-pk")


def complaint_for_page(*, viewer: Viewer, complaint_id: Any) -> QuerySet[Complaint]:
    """The complaint's page read: its escalations and their people with it."""
    return (
        scoped(Complaint.objects.all(), viewer)
        .filter(pk=complaint_id)
        .select_related("client", "owner", "ticket", "raised_by")
        .prefetch_related(
            Prefetch(
                "escalations",
                queryset=Escalation.objects.select_related(
                    "escalated_by"
                ).prefetch_related("escalated_to"),
            )
        )
    )


def ticket_complaint_box(*, user: Any, ticket: Any) -> dict[str, Any]:
    """For the ticket page: its latest complaint (or None) and whether
    ``user`` may flag the ticket as a complaint — one query."""
    latest = Complaint.objects.filter(ticket=ticket).order_by("-opened_at", "-pk")
    row = (
        Client.objects.filter(pk=ticket.client_id)
        .annotate(
            on_team=Exists(TeamMember.objects.filter(client=OuterRef("pk"), user=user)),
            complaint_id=Subquery(latest.values("pk")[:1]),
            complaint_title=Subquery(latest.values("title")[:1]),
            complaint_status=Subquery(latest.values("status")[:1]),
        )
        .values("on_team", "complaint_id", "complaint_title", "complaint_status")
        .first()
    ) or {}
    complaint = None
    if row.get("complaint_id"):
        complaint = Complaint(
            pk=row["complaint_id"],
            title=row["complaint_title"],
            status=row["complaint_status"],
        )
    may_add = user.has_perm("risks.add_complaint")
    can_flag = may_add and (user.has_perm(MANAGE_EVERY) or bool(row.get("on_team")))
    return {
        "complaint": complaint,
        "can_flag": can_flag and (complaint is None or complaint.is_closed),
    }


def _count(rows: QuerySet) -> Subquery:
    return Subquery(
        rows.filter(client=OuterRef("pk"))
        .order_by()
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )


ACTIVE = [Risk.Status.OPEN, Risk.Status.MITIGATED]


def client_risk_summary(*, viewer: Viewer, client: Client) -> dict[str, Any]:
    """For the client page: open complaints (None: the viewer may not see
    complaints), active risks and the high or critical ones among them (a
    score of 10 or more) — one query. Zero for someone not on the team."""
    risks = Risk.objects.filter(status__in=ACTIVE)
    row = (
        Client.objects.filter(pk=client.pk)
        .annotate(
            on_team=Exists(
                TeamMember.objects.filter(client=OuterRef("pk"), user=viewer.user)
            ),
            open_complaints=_count(
                Complaint.objects.exclude(status=Complaint.Status.CLOSED)
            ),
            active_risks=_count(risks),
            high_risks=_count(
                risks.annotate(score=F("probability") * F("impact")).filter(
                    score__gte=10
                )
            ),
        )
        .values("on_team", "open_complaints", "active_risks", "high_risks")
        .first()
    ) or {}
    seen = viewer.has_perm(MANAGE_EVERY) or bool(row.get("on_team"))

    def shown(name: str) -> int:
        return (row.get(name) or 0) if seen else 0

    return {
        "open_complaints": shown("open_complaints")
        if viewer.has_perm("risks.view_complaint")
        else None,
        "active_risks": shown("active_risks"),
        "high_risks": shown("high_risks"),
    }


# Risks


def risk_list(
    *,
    viewer: Viewer,
    status: str = "",
    client_id: int | None = None,
    category: str = "",
) -> QuerySet[Risk]:
    rows = scoped(Risk.objects.all(), viewer).select_related("client", "owner")
    if status:
        rows = rows.filter(status=status)
    if client_id:
        rows = rows.filter(client_id=client_id)
    if category:
        rows = rows.filter(category=category)
    return rows.order_by("-created_at", "-pk")


@dataclass
class HeatCell:
    probability: int
    impact: int
    count: int

    @property
    def score(self) -> int:
        return self.probability * self.impact

    @property
    def level(self) -> str:
        return score_level(self.score)


def heat_map(risks: QuerySet[Risk]) -> list[list[HeatCell]]:
    """Counts of the active (open or mitigated) risks per probability ×
    impact, rows from probability 5 down to 1 (one grouped query)."""
    counts = {
        (row["probability"], row["impact"]): row["n"]
        for row in risks.filter(status__in=[Risk.Status.OPEN, Risk.Status.MITIGATED])
        .order_by()
        .values("probability", "impact")
        .annotate(n=Count("pk"))
    }
    return [
        [HeatCell(p, i, counts.get((p, i), 0)) for i in range(1, 6)]
        for p in range(5, 0, -1)
    ]


def risks_due_for_review(*, today: datetime.date) -> QuerySet[Risk]:
    """Active risks whose review date has come and whose owner was not yet
    reminded of that date."""
    return (
        Risk.objects.filter(
            status__in=[Risk.Status.OPEN, Risk.Status.MITIGATED],
            review_date__lte=today,
            owner__is_active=True,
        )
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("review_date")))
        .select_related("owner", "client")
        .order_by("review_date", "pk")
    )


# Escalations


def escalation_list(*, viewer: Viewer, kind: str = "") -> QuerySet[Escalation]:
    rows = (
        scoped(Escalation.objects.all(), viewer)
        .select_related("client", "complaint", "risk", "ticket", "escalated_by")
        .prefetch_related("escalated_to")
    )
    if kind in ("complaint", "risk", "ticket"):
        rows = rows.filter(**{f"{kind}__isnull": False})
    return rows.order_by("-created_at", "-pk")
