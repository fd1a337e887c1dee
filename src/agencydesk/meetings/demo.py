"""Demo meetings: a kickoff pair for the client in onboarding and a monthly
report meeting (recurring) for an active client — through the services.

Idempotent: a meeting is created only when its client has none of that title.
"""

from __future__ import annotations

import datetime
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from agencydesk.clients.models import Client, Contact
from agencydesk.people.models import User

from . import services
from .models import Meeting


def _at(days: int, hour: int, tz: str) -> datetime.datetime:
    from zoneinfo import ZoneInfo

    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo(tz))


@transaction.atomic
def load(out: TextIO) -> None:
    """Schedule the demo meetings that are missing."""
    clients = {
        c.slug: c
        for c in Client.objects.filter(
            slug__in=["brightline-fitness", "kopi-nusantara"]
        )
    }
    staff = {u.email: u for u in User.objects.filter(is_staff=True)}
    if len(clients) < 2:
        return
    plans = [
        ("brightline-fitness", "internal_kickoff", "Internal kickoff: Brightline",
         -5, 10,
         "li.wei@agency.example", ["sarah@agency.example"], [], "",
         "Scope agreed: paid social and search.", "Sarah sets up tracking first.",
         [("Collect platform access", "sarah@agency.example", 3)]),
        ("brightline-fitness", "client_kickoff",
         "Client kickoff: Brightline Fitness", 6, 10,
         "li.wei@agency.example", ["sarah@agency.example"],
         ["jessica@brightline.example", "tom@brightline.example"], "", "", "", []),
        ("kopi-nusantara", "regular", "Monthly report: Kopi Nusantara", -20, 14,
         "rina@agency.example", ["budi@agency.example"], ["maya@kopinusantara.example"],
         "FREQ=MONTHLY;COUNT=12", "Traffic up 18%, Ramadan plan next.",
         "Start the Ramadan campaign in week 2.",
         [("Draft the Ramadan media plan", "budi@agency.example", 5)]),
    ]  # fmt: skip
    for row in plans:
        (slug, kind, title, days, hour, organizer, people, contacts, rrule, minutes,
         decisions, actions) = row  # fmt: skip
        client = clients[slug]
        out.write(f"  meeting {title}\n")
        if Meeting.objects.filter(client=client, title=title).exists():
            continue
        meeting = services.meeting_schedule(
            actor=staff[organizer],
            client=client,
            kind=kind,
            title=title,
            starts_at=_at(days, hour, client.timezone),
            location="https://meet.example/" + slug,
            rrule=rrule,
            staff=[staff[organizer], *(staff[e] for e in people)],
            contacts=list(Contact.objects.filter(user__email__in=contacts)),
            # Demo addresses are not real: nobody is mailed an invitation.
            send_invitations=False,
        )
        if minutes:
            services.meeting_record_minutes(
                actor=staff[organizer],
                meeting=meeting,
                minutes=minutes,
                decisions=decisions,
            )
        for action, owner, due_in in actions:
            services.action_item_add(
                actor=staff[organizer],
                meeting=meeting,
                title=action,
                owner=staff[owner],
                due_date=timezone.localdate() + datetime.timedelta(days=due_in),
            )
