"""Demo client lifecycle — through the services: access inventories, a finished
onboarding (Kopi Nusantara), one half done with its questionnaire in progress
(Brightline Fitness), an offboarding in progress (Taiga Honey) and an archived
account with its export (Qingshan Tea). With the prospect Nordwind Outdoor the
demo shows every status.

Idempotent: each step runs only when its checklist does not exist yet.
"""

from __future__ import annotations

import datetime
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from agencydesk.clients.models import AccessEntry, Client, Contact
from agencydesk.clients.services import access as access_inventory
from agencydesk.desk import services as desk
from agencydesk.desk.models import Ticket
from agencydesk.people.models import User

from .models import Kind, Question, Run, RunItem
from .services import offboarding, questionnaires, runs

ACCESS = {
    "kopi-nusantara": [
        ("Google Ads", "ads", "granted", "budi@agency.example"),
        ("Google Analytics 4", "analytics", "granted", "budi@agency.example"),
        ("Instagram", "social", "granted", "anna@agency.example"),
    ],
    "brightline-fitness": [
        ("Meta Ads", "ads", "requested", "sarah@agency.example"),
        ("Google Tag Manager", "tag_manager", "granted", "sarah@agency.example"),
        ("WordPress", "cms", "requested", "sarah@agency.example"),
    ],
    "taiga-honey": [
        ("Yandex Direct", "ads", "granted", "anna@agency.example"),
        ("VK", "social", "granted", "anna@agency.example"),
    ],
    "qingshan-tea": [
        ("Baidu Tongji", "analytics", "granted", "budi@agency.example"),
        ("WeChat official account", "social", "granted", "anna@agency.example"),
    ],
}


def _manager(client: Client) -> User:
    return User.objects.filter(
        client_teams__client=client, client_teams__role="account_manager"
    ).first()


def _complete(run: Run, actor: User, *, limit: int | None = None, skip=()) -> None:
    items = RunItem.objects.filter(run=run, done_at__isnull=True).order_by("order")
    for item in list(items)[:limit]:
        if item.key not in skip and not (item.is_gate and item.blockers()):
            runs.item_complete(actor=actor, item=item)


@transaction.atomic
def load(out: TextIO) -> None:
    """Bring the demo clients to their lifecycle stages."""
    clients = {c.slug: c for c in Client.objects.filter(slug__in=ACCESS)}
    if len(clients) < len(ACCESS):
        return
    staff = {u.email: u for u in User.objects.filter(is_staff=True)}
    for slug, rows in ACCESS.items():
        client = clients[slug]
        out.write(f"  access inventory {client.name}\n")
        if AccessEntry.objects.filter(client=client).exists():
            continue
        for platform, kind, state, holder in rows:
            access_inventory.access_entry_create(
                actor=_manager(client),
                client=client,
                platform=platform,
                kind=kind,
                state=state,
                holder=staff[holder],
                access_level="Admin" if kind != "social" else "Editor",
            )
    today = timezone.localdate()
    _kopi(clients["kopi-nusantara"], today, out)
    _brightline(clients["brightline-fitness"], today, out)
    _taiga(clients["taiga-honey"], out)
    _qingshan(clients["qingshan-tea"], out)


def _kopi(client: Client, today: datetime.date, out: TextIO) -> None:
    out.write("  onboarding Kopi Nusantara (finished)\n")
    if Run.objects.filter(client=client, kind=Kind.ONBOARDING).exists():
        return
    manager = _manager(client)
    run = runs.run_start(
        actor=manager, client=client, start_date=today - datetime.timedelta(days=60)
    )
    _complete(run, manager)
    _complete(run, manager)


def _brightline(client: Client, today: datetime.date, out: TextIO) -> None:
    out.write("  onboarding Brightline Fitness (half done)\n")
    if Run.objects.filter(client=client, kind=Kind.ONBOARDING).exists():
        return
    manager = _manager(client)
    run = runs.run_start(
        actor=manager, client=client, start_date=today - datetime.timedelta(days=9)
    )
    # The deposit is left to finance: its invoice is unpaid (finance's demo),
    # so the client kickoff waits for it.
    _complete(
        run,
        manager,
        limit=12,
        skip={"deposit", "questionnaire-sent", "questionnaire-returned"},
    )
    contact = Contact.objects.get(user__email="jessica@brightline.example")
    sent = questionnaires.questionnaire_send(
        actor=manager, client=client, contact=contact
    )
    first = Question.objects.filter(questionnaire=sent.questionnaire).order_by("order")
    questionnaires.questionnaire_save(
        request=sent,
        answers={
            first[0].pk: "Boutique gyms and an app for home workouts in New York.",
            first[1].pk: "Fitness",
            first[2].pk: "https://brightline.example",
        },
    )


def _taiga(client: Client, out: TextIO) -> None:
    out.write("  offboarding Taiga Honey (in progress)\n")
    if Run.objects.filter(client=client, kind=Kind.OFFBOARDING).exists():
        return
    manager = _manager(client)
    run = runs.run_start(actor=manager, client=client, kind=Kind.OFFBOARDING)
    for key in ("final-review", "final-report"):
        runs.item_complete(actor=manager, item=run.items.get(key=key))
    contact = Contact.objects.get(user__email="ivan@taigahoney.example")
    offboarding.feedback_send(actor=manager, client=client, contact=contact)


def _qingshan(client: Client, out: TextIO) -> None:
    out.write("  archive Qingshan Tea\n")
    if Run.objects.filter(client=client, kind=Kind.OFFBOARDING).exists():
        return
    manager = _manager(client)
    for ticket in Ticket.objects.filter(client=client).exclude(
        status__in=["done", "cancelled"]
    ):
        desk.ticket_move(actor=manager, ticket=ticket, status="done")
    run = runs.run_start(actor=manager, client=client, kind=Kind.OFFBOARDING)
    contact = Contact.objects.get(user__email="zhang.min@qingshantea.example")
    feedback = offboarding.feedback_send(actor=manager, client=client, contact=contact)
    offboarding.feedback_submit(
        feedback=feedback, score=8, comment="Good work on the gift box launch."
    )
    _complete(run, manager, skip={"archive"})
    offboarding.client_archive(actor=manager, client=client)
