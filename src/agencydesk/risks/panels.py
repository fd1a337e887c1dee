"""Panels the risks app adds to composed pages: the ticket page's complaint
box (flag the ticket as a complaint, or see its complaints) and the client
page's open complaints and risks."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q
from django.http import HttpRequest

from agencydesk.core.panels import Panel, register_panel

from .models import Complaint, Risk
from .selectors import scoped, ticket_complaint_box

ACTIVE = [Risk.Status.OPEN, Risk.Status.MITIGATED]


def _ticket_complaint(*, request: HttpRequest, ticket: Any) -> dict[str, Any]:
    """The ticket's latest complaint and whether the viewer may flag it, in
    one query (the page's count is pinned)."""
    return {"ticket": ticket, **ticket_complaint_box(user=request.user, ticket=ticket)}


register_panel(
    "ticket",
    Panel(
        name="risks-complaint",
        template="risks/panels/ticket_complaint.html",
        context=_ticket_complaint,
        order=60,
        perm="risks.view_complaint",
    ),
)


def _client_risks(*, request: HttpRequest, client: Any) -> dict[str, Any]:
    """Open complaints and active risks of the client (a query each)."""
    viewer = request.viewer
    complaints = None
    if viewer.has_perm("risks.view_complaint"):
        complaints = (
            scoped(Complaint.objects.filter(client=client), viewer)
            .exclude(status=Complaint.Status.CLOSED)
            .count()
        )
    # High and critical: a score (probability × impact) of 10 or more.
    risks = (
        scoped(Risk.objects.filter(client=client), viewer)
        .annotate(score=F("probability") * F("impact"))
        .aggregate(
            active=Count("pk", filter=Q(status__in=ACTIVE)),
            high=Count("pk", filter=Q(status__in=ACTIVE, score__gte=10)),
        )
    )
    return {
        "client": client,
        "open_complaints": complaints,
        "active_risks": risks["active"],
        "high_risks": risks["high"],
    }


register_panel(
    "client",
    Panel(
        name="risks-client",
        template="risks/panels/client_risks.html",
        context=_client_risks,
        order=50,
        perm="risks.view_risk",
    ),
)
