"""Demo complaints and risk register: one complaint open and escalated (as
every new complaint is), one closed with its resolution and the client's
confirmation; risks across the heat map, one materialised, one of the
agency itself. Idempotent: nothing is added once complaints exist."""

from __future__ import annotations

from datetime import timedelta
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from agencydesk.clients.models import Client, TeamMember
from agencydesk.people.models import User

from . import services
from .models import Complaint, Risk

# client index, title, category, probability, impact, status, what happened
RISKS = [
    (0, "Key designer on leave during the launch", "staffing", 4, 4, "open", ""),
    (0, "Ad budget runs out before month end", "budget", 3, 5, "mitigated", ""),
    (1, "Client's approvals take more than a week", "relationship", 4, 3, "open", ""),
    (
        1,
        "Tracking tag removed from the checkout",
        "technical",
        3,
        4,
        "materialised",
        "The site update on the 3rd dropped the tag; 9 days of conversions were "
        "lost and restored from the shop's export.",
    ),
    (2, "Trademark claim on the campaign name", "legal", 1, 5, "open", ""),
    (
        None,
        "Only one person can run the analytics imports",
        "staffing",
        2,
        3,
        "open",
        "",
    ),
    (2, "Hosting provider outage", "technical", 2, 2, "open", ""),
]


def _owner(client: Client | None, fallback: User) -> User:
    if client is None:
        return fallback
    member = (
        TeamMember.objects.filter(
            client=client, role=TeamMember.Role.ACCOUNT_MANAGER, user__is_active=True
        )
        .select_related("user")
        .first()
    )
    return member.user if member else fallback


@transaction.atomic
def load(out: TextIO) -> None:
    if Complaint.objects.exists():
        out.write("  Complaints and risks: already there\n")
        return
    lead = User.objects.filter(groups__name="agency_lead", is_active=True).first()
    clients = [c for c in Client.objects.order_by("pk") if not c.is_archived][:3]
    if lead is None or not clients:
        return
    today = timezone.localdate()
    first = clients[0]
    services.complaint_open(
        actor=None,
        client=first,
        title="The new banners went live with last year's prices",
        description="Called the account manager: the spring banners show the "
        "old prices; customers complain in the shop.",
        owner=_owner(first, lead),
    )
    second = clients[-1]
    closed = services.complaint_open(
        actor=None,
        client=second,
        title="Weekly report arrived three days late",
        description="The client's marketing head asked why the report was late "
        "twice this month.",
        owner=_owner(second, lead),
    )
    services.complaint_acknowledge(actor=None, complaint=closed)
    services.complaint_resolve(
        actor=None,
        complaint=closed,
        resolution="The report is now drafted automatically on Monday morning; "
        "the account manager reviews it the same day.",
    )
    services.complaint_close(
        actor=None, complaint=closed, client_confirmed=True, client_confirmed_on=today
    )
    made = 0
    for index, title, category, p, i, status, happened in RISKS:
        client = clients[index % len(clients)] if index is not None else None
        risk = services.risk_create(
            actor=None,
            client=client,
            title=title,
            category=category,
            probability=p,
            impact=i,
            owner=_owner(client, lead),
            mitigation="Agreed with the team; reviewed weekly.",
            contingency="Fall back to the plan B agreed with the client.",
            review_date=today + timedelta(days=7 + made),
            status=status,
            what_happened=happened,
        )
        if status == Risk.Status.MATERIALISED:
            services.risk_escalate(
                actor=None, risk=risk, reason="It happened: conversions were lost."
            )
        made += 1
    out.write(f"  Complaints: 2, risks: {made}\n")
