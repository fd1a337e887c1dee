"""Set up and read the scratch installation of tests/deploy/test_topology.py,
run in the topology's own environment (its PostgreSQL, Redis and keys):

    python -m tests.deploy.topology_ops migrate
    python -m tests.deploy.topology_ops seed
    python -m tests.deploy.topology_ops queue-mail 200
    python -m tests.deploy.topology_ops report

Each prints one line of JSON. Everything goes through the product's services,
as the pages and the worker do."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from datetime import timedelta

BREACHED = 5
PASSWORD = "topology-pass-2026"
MANAGER = "am@agency.test"
BULK_REF = "topology.bulk"


def migrate() -> dict:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return {}


def seed() -> dict:
    from django.utils import timezone

    from agencydesk.clients.services import team_member_add
    from agencydesk.people.roles import Role
    from tests.factories.clients import make_client
    from tests.factories.desk import make_ticket
    from tests.factories.people import make_staff

    make_staff(Role.AGENCY_LEAD, email="lead@agency.test", full_name="Lena Lead")
    manager = make_staff(
        Role.ACCOUNT_MANAGER,
        email=MANAGER,
        full_name="Mira Manager",
        password=PASSWORD,
    )
    client = make_client("Kopi Nusantara", slug="kopi")
    team_member_add(actor=None, client=client, user=manager, role="account_manager")
    # Opened a month ago: every clock is past its due time, for the first
    # sweep to breach.
    month_ago = timezone.now() - timedelta(days=30)
    breached = [
        make_ticket(client, now=month_ago, title=f"Overdue banner {n}")
        for n in range(BREACHED)
    ]
    # Opened now, so no sweep of the run breaches it: the files test's own.
    files_ticket = make_ticket(client, title="Launch visuals")
    return {
        "breached": [ticket.pk for ticket in breached],
        "files_ticket_number": files_ticket.number,
        "ticket_number": breached[0].number,
        "ticket_title": breached[0].title,
        "client_id": client.pk,
        "email": MANAGER,
        "password": PASSWORD,
    }


def queue_mail(count: int) -> dict:
    """``count`` e-mails queued in one transaction: at commit the worker gets
    them as one job, as after a mail intake batch."""
    from django.db import transaction

    from agencydesk.comms.models import OutboundMessage
    from agencydesk.comms.services.outbox import new_message_id, outbox_enqueue_many

    with transaction.atomic():
        rows = outbox_enqueue_many(
            [
                OutboundMessage(
                    to=[f"bulk-{n}@mail.test"],
                    subject=f"Newsletter {n}",
                    text="The agency's monthly news.",
                    message_id=new_message_id("bulk"),
                    ref=f"{BULK_REF}:{n}",
                )
                for n in range(count)
            ]
        )
    return {"message_ids": [row.message_id for row in rows]}


def report() -> dict:
    from django.db.models import Count

    from agencydesk.comms.models import OutboundMessage
    from agencydesk.core.models import Event, Notification, ScheduledRun

    escalations = Counter(
        Event.objects.filter(verb="ticket.sla_breached").values_list(
            "target_id", flat=True
        )
    )
    notified = Counter(
        f"{email} {url}"
        for email, url in Notification.objects.filter(
            verb="ticket.sla_breached"
        ).values_list("recipient__email", "url")
    )
    sweeps = ScheduledRun.objects.filter(task="agencydesk.desk.tasks.sla_sweep")
    outbox = dict(
        OutboundMessage.objects.filter(ref__startswith=f"{BULK_REF}:")
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "escalations": {str(k): v for k, v in escalations.items()},
        "notified": dict(notified),
        "sweep_slots": [
            [run.slot.isoformat(), run.worker] for run in sweeps.order_by("slot")
        ],
        "bulk_outbox": outbox,
    }


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agencydesk.settings")
    import django

    django.setup()
    command, *rest = argv
    result = {
        "migrate": lambda: migrate(),
        "seed": lambda: seed(),
        "queue-mail": lambda: queue_mail(int(rest[0])),
        "report": lambda: report(),
    }[command]()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
