"""Demo tickets: the seed's three example flows replayed with their exact
histories, and a spread of open work, all through the desk's services.
Idempotent by title."""

from __future__ import annotations

from datetime import timedelta
from typing import TextIO

from django.utils import timezone

from agencydesk.clients.models import Contact
from agencydesk.people.models import User

from . import services as desk
from .models import RequestType, Ticket

# The seed's three example flows (001), replayed with their exact histories.
SEED_FLOWS = [
    # client, requester, analyst, producer, title, request type, script
    (
        "kopi-nusantara",
        "agus@kopinusantara.example",
        "rina@agency.example",
        "anna@agency.example",
        "Banner on the website for the discount campaign",
        "Banner for a campaign",
        [
            ("move", "analysis", "open"),
            ("ask", "Which discount and which banner sizes do you need?"),
            ("answer", "20% off all beans, 1200x400 and 600x600 please."),
            ("move", "planning", "open"),
            ("promise", 7),
            ("move", "production", "open"),
            ("steps", 4),
            ("move", "delivery", "open"),
            ("ask", "The banners are live on staging. Can you check them?"),
            ("note", "Maya approved the banners by phone."),
            ("move", "delivery", "done"),
            ("rate", 5),
        ],
    ),
    (
        "qingshan-tea",
        "zhang.min@qingshantea.example",
        "li.wei@agency.example",
        "budi@agency.example",
        "Landing page for the new oolong gift box",
        "Landing page",
        [
            ("move", "analysis", "open"),
            ("move", "planning", "open"),
            ("promise", 14),
            ("move", "production", "open"),
            ("steps", 5),
            ("move", "delivery", "open"),
            ("ask", "The landing page is ready for your review."),
            ("note", "Zhang Min approved the page in the weekly call."),
            ("move", "delivery", "done"),
        ],
    ),
    (
        "taiga-honey",
        "elena@taigahoney.example",
        "rina@agency.example",
        None,
        "We need our logo files",
        "Logo files",
        [
            ("move", "analysis", "open"),
            ("reply", "Here are your logo files (SVG, PNG, PDF)."),
            ("move", "analysis", "done"),
        ],
    ),
]

# Other requests, left in every stage and status.
OPEN_TICKETS = [
    ("brightline-fitness", "jessica@brightline.example", "Set up conversion tracking",
     "high", [("move", "analysis", "open")]),
    ("brightline-fitness", "tom@brightline.example", "Instagram carousel for January",
     "normal", []),
    ("lion-city-eats", "raj@lioncityeats.example", "Menu photos for the website",
     "normal", [("move", "analysis", "open"), ("move", "planning", "open"),
                ("move", "production", "open")]),
    ("lion-city-eats", "wei.ling@lioncityeats.example", "Google Ads budget review",
     "urgent", [("move", "analysis", "open"),
                ("ask", "Which campaigns should we pause first?")]),
    ("kopi-nusantara", "maya@kopinusantara.example", "Ramadan campaign plan",
     "high", [("move", "analysis", "open"), ("move", "planning", "open")]),
    ("taiga-honey", "ivan@taigahoney.example", "Product cards for the marketplace",
     "normal", [("move", "analysis", "open"), ("move", "planning", "open"),
                ("move", "production", "open"), ("move", "delivery", "open")]),
    ("qingshan-tea", "chen.jie@qingshantea.example", "Fix the broken checkout link",
     "urgent", []),
    ("nordwind-outdoor", "katrin@nordwind.example", "Proposal for the spring season",
     "low", [("move", "analysis", "open"), ("move", "analysis", "cancelled")]),
]  # fmt: skip


# Open work in production has a producer, so the specialist's home is not empty.
OPEN_PRODUCERS = {
    "Menu photos for the website": "anna@agency.example",
    "Product cards for the marketplace": "anna@agency.example",
}


def _run_script(ticket, script, *, staff, producer, requester) -> None:
    for step in script:
        kind = step[0]
        ticket = Ticket.objects.get(pk=ticket.pk)
        if kind == "move":
            if step[1] == "production" and producer is not None:
                desk.ticket_assign(
                    actor=staff, ticket=ticket, production_owner=producer
                )
                ticket = Ticket.objects.get(pk=ticket.pk)
            desk.ticket_move(actor=staff, ticket=ticket, stage=step[1], status=step[2])
        elif kind == "ask":
            desk.message_add(actor=staff, ticket=ticket, body=step[1])
            ticket = Ticket.objects.get(pk=ticket.pk)
            desk.ticket_move(actor=staff, ticket=ticket, status="waiting")
        elif kind == "answer":
            desk.message_add(actor=requester, ticket=ticket, body=step[1])
        elif kind == "reply":
            desk.message_add(actor=staff, ticket=ticket, body=step[1])
        elif kind == "note":
            desk.message_add(actor=staff, ticket=ticket, body=step[1], is_internal=True)
        elif kind == "promise":
            date = timezone.localdate() + timedelta(days=step[1])
            desk.ticket_promise(actor=staff, ticket=ticket, promised_date=date)
        elif kind == "steps":
            for item in ticket.steps.all()[: step[1]]:
                desk.step_set_done(actor=staff, step=item, done=True)
        elif kind == "rate":
            desk.rating_submit(actor=requester, ticket=ticket, score=step[1])


def load(out: TextIO) -> None:
    """The seed's flows and a spread of open work; titles keep it idempotent."""
    existing = set(Ticket.objects.values_list("title", flat=True))
    users = {u.email: u for u in User.objects.all()}
    contacts = {
        c.user.email: c for c in Contact.objects.select_related("user", "client")
    }
    flows = [
        (slug, requester, analyst, producer, title, rtype, "normal", script)
        for slug, requester, analyst, producer, title, rtype, script in SEED_FLOWS
    ] + [
        (
            slug,
            requester,
            None,
            OPEN_PRODUCERS.get(title),
            title,
            None,
            priority,
            script,
        )
        for slug, requester, title, priority, script in OPEN_TICKETS
    ]
    for i, row in enumerate(flows, 1):
        _slug, requester, analyst, producer, title, rtype, priority, script = row
        out.write(f"  [{i}/{len(flows)}] ticket {title}\n")
        if title in existing:
            continue
        contact = contacts[requester]
        manager = User.objects.filter(
            client_teams__client=contact.client, client_teams__role="account_manager"
        ).first()
        staff = users[analyst] if analyst else manager
        # Older requests started days ago, so some SLA clocks are at risk or
        # breached when the sweep runs below.
        opened = timezone.now() - timedelta(days=(i * 2) % 9, hours=i)
        ticket = desk.ticket_create(
            actor=staff,
            client=contact.client,
            requester=contact,
            title=title,
            description=title + ".",
            channel=("email", "phone", "whatsapp", "meeting", "portal")[i % 5],
            priority=priority,
            request_type=RequestType.objects.get(name=rtype) if rtype else None,
            now=opened,
        )
        desk.ticket_assign(actor=staff, ticket=ticket, analyst=staff)
        _run_script(
            ticket,
            script,
            staff=staff,
            producer=users.get(producer or ""),
            requester=contact.user,
        )
    desk.sla_sweep()
