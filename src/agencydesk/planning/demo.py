"""Demo planning: a quarter of allocations (some tentative), leave, internal
time, and two people overloaded next week — through the services.

Idempotent: nothing is planned if the demo staff already have allocations.
Public holidays come from each person's country (the staff are in ID, RU, CN,
SG and DE), so the planner shows them without any data.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from agencydesk.clients.models import Client, TeamMember
from agencydesk.people.models import User
from agencydesk.timesheets.weeks import monday_of

from . import services
from .models import Allocation, Leave

WEEKS_BACK = 4
WEEKS_AHEAD = 9


@transaction.atomic
def load(out: TextIO) -> None:
    """Plan the demo quarter if it is not planned yet."""
    staff = list(User.objects.filter(is_staff=True, is_active=True).order_by("email"))
    if Allocation.objects.filter(user__in=staff).exists():
        out.write("  planning: already planned\n")
        return
    members = list(
        TeamMember.objects.filter(
            client__status__in=[Client.Status.ACTIVE, Client.Status.ONBOARDING]
        )
        .select_related("user", "client")
        .order_by("client__name", "user__email")
    )
    this_week = monday_of(timezone.localdate())
    weeks = [this_week + timedelta(weeks=n) for n in range(-WEEKS_BACK, WEEKS_AHEAD)]
    # Leave first, so bookings respect it.
    specialists = [m.user for m in members if m.role == TeamMember.Role.SPECIALIST]
    away = specialists[-1] if specialists else None
    if away is not None:
        leave = services.leave_request(
            actor=None,
            user=away,
            kind="vacation",
            start=this_week + timedelta(weeks=3),
            end=this_week + timedelta(weeks=3, days=4),
            note="Family trip",
        )
        services.leave_approve(actor=None, leave=leave)
        sick = services.leave_request(
            actor=None,
            user=away,
            kind="sick",
            start=this_week - timedelta(weeks=1),
            end=this_week - timedelta(weeks=1, days=-1),
        )
        services.leave_approve(actor=None, leave=sick)
        out.write(f"  planning: leave for {away.display_name}\n")
    if len(specialists) > 1:
        # Waiting for a decision on the leave page.
        services.leave_request(
            actor=None,
            user=specialists[0],
            kind="other",
            start=this_week + timedelta(weeks=6, days=4),
            end=this_week + timedelta(weeks=6, days=4),
            note="Moving house",
        )
    count = 0
    for n, week in enumerate(weeks):
        for i, member in enumerate(members):
            if member.user == away and week == this_week + timedelta(weeks=3):
                continue
            hours = 6 + 2 * ((i + n) % 4)
            services.allocation_create(
                actor=None,
                confirm=True,
                user=member.user,
                week=week,
                client=member.client,
                minutes=hours * 60,
                is_tentative=n > WEEKS_BACK + 4 and i % 3 == 0,
            )
            count += 1
        for person in staff:
            if person == away and week == this_week + timedelta(weeks=3):
                continue
            services.allocation_create(
                actor=None,
                confirm=True,
                user=person,
                week=week,
                client=None,
                minutes=4 * 60,
                project="Agency meetings",
            )
            count += 1
    # Two people over 100% next week: the Monday meeting's agenda.
    next_week = this_week + timedelta(weeks=1)
    for member in members[:2] if len(members) >= 2 else members:
        services.allocation_create(
            actor=None,
            confirm=True,  # the demo shows overloads on purpose
            user=member.user,
            week=next_week,
            client=member.client,
            minutes=36 * 60,
            note="Launch crunch",
        )
        count += 1
        out.write(f"  planning: {member.user.display_name} overloaded next week\n")
    # A pitch not yet won: tentative, drawn in blue.
    if members:
        services.allocation_create(
            actor=None,
            confirm=True,  # the demo shows overloads on purpose
            user=members[-1].user,
            week=next_week + timedelta(weeks=1),
            client=members[-1].client,
            project="Pitch",
            minutes=16 * 60,
            is_tentative=True,
        )
        count += 1
    out.write(f"  planning: {count} allocations over {len(weeks)} weeks\n")
    out.write(
        "  planning: leave requests pending: "
        f"{Leave.objects.filter(status=Leave.Status.REQUESTED).count()}\n"
    )
