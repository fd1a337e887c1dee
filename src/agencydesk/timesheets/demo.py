"""Demo time and budgets: six weeks of time entries, retainers for this month
(one client over budget) and a project budget, through the services.

Idempotent: budgets are upserted; time is logged only if the demo staff have
none yet.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from agencydesk.clients.models import Client, TeamMember
from agencydesk.people.models import User

from . import services
from .models import Budget, TimeEntry
from .weeks import monday_of

WEEKS_BACK = 6


def _team() -> list[tuple[User, Client]]:
    """(person, client) pairs of the active accounts' teams, stable order."""
    members = (
        TeamMember.objects.filter(client__status=Client.Status.ACTIVE)
        .select_related("user", "client")
        .order_by("client__name", "user__email")
    )
    return [(m.user, m.client) for m in members]


@transaction.atomic
def load(out: TextIO) -> None:
    """Create the demo's budgets and time entries if missing."""
    today = timezone.localdate()
    month = today.replace(day=1)
    team = _team()
    clients = sorted({c for _u, c in team}, key=lambda c: c.name)
    if not clients:
        out.write("  time: no active clients, skipped\n")
        return
    budgeted = set(
        Budget.objects.filter(month=month).values_list("client_id", flat=True)
    )
    for n, client in enumerate(clients):
        if client.pk in budgeted:
            continue
        # The first active client runs hot: a small retainer it has outgrown.
        hours = 12 if n == 0 else 80
        services.budget_set(
            actor=None,
            client=client,
            kind="retainer",
            month=month,
            minutes=hours * 60,
            amount=Decimal(hours * 50),
            currency="USD",
            rolls_over=n % 2 == 1,
        )
        out.write(f"  time: retainer {client.name} {hours} h\n")
    if not Budget.objects.filter(project="Website relaunch").exists():
        services.budget_set(
            actor=None,
            client=clients[-1],
            kind="fixed",
            project="Website relaunch",
            minutes=120 * 60,
            amount=Decimal("9000"),
            currency="USD",
        )
    people = {u.pk for u, _c in team}
    if TimeEntry.objects.filter(user_id__in=people).exists():
        out.write("  time: entries already there\n")
        return
    start = monday_of(today) - timedelta(weeks=WEEKS_BACK)
    day, count = start, 0
    while day <= today:
        if day.weekday() < 5:
            for i, (person, client) in enumerate(team):
                minutes = 30 + 15 * ((i + day.day) % 4)
                if client == clients[0] and day >= month:
                    minutes += 120  # the designer who spends 40 h instead of 20
                services.time_entry_create(
                    actor=None,
                    user=person,
                    day=day,
                    minutes=minutes,
                    client=client,
                    note="Campaign work",
                )
                count += 1
            for person in {u for u, _c in team}:
                services.time_entry_create(
                    actor=None,
                    user=person,
                    day=day,
                    minutes=30,
                    client=None,
                    note="Agency stand-up",
                    is_billable=False,
                )
                count += 1
        day += timedelta(days=1)
    out.write(f"  time: {count} entries since {start}\n")
