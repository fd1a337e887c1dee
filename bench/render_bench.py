"""CPU of rendering the hot templates, without a database (issue 18, "Rendering
that costs little"): the queue's ticket table with 25 rows, and the portal's.

    .venv/bin/python bench/render_bench.py [--rows 25] [--renders 300]

Rows are unsaved model instances with their related objects set, so the figure
is the template's own cost (tags, filters, lookups, translations), the part
of a page's CPU that no query tuning touches. Prints milliseconds per render
(median of five rounds).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def _tickets(rows: int) -> list:
    from django.utils import timezone

    from agencydesk.clients.models import Client, Contact
    from agencydesk.desk.models import Ticket
    from agencydesk.people.models import User

    tickets = []
    for i in range(rows):
        user = User(email=f"person{i}@example.test", full_name=f"Person {i}")
        client = Client(name=f"Client {i}", slug=f"client-{i}")
        ticket = Ticket(
            number=1000 + i,
            title="Banner for the discount campaign on the website " * 2,
            client=client,
            requester=Contact(user=user, client=client),
            stage=("screening", "analysis", "production")[i % 3],
            status=("open", "waiting")[i % 2],
            priority="normal",
            channel="email",
            sla_state=("on_track", "at_risk", "breached")[i % 3],
            resolution_due=timezone.now(),
        )
        ticket.analyst = user
        tickets.append(ticket)
    return tickets


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=25)
    parser.add_argument("--renders", type=int, default=300)
    args = parser.parse_args()

    import django

    django.setup()
    from django.template.loader import get_template
    from django.utils import translation

    tickets = _tickets(args.rows)
    cases = [
        ("desk/partials/ticket_table.html", {"tickets": tickets, "selectable": True}),
        ("portal/partials/ticket_table.html", {"tickets": tickets}),
    ]
    for language in ("en", "ru"):
        with translation.override(language):
            for name, context in cases:
                template = get_template(name)
                template.render(context)
                rounds = []
                for _ in range(5):
                    start = time.perf_counter()
                    for _ in range(args.renders):
                        template.render(context)
                    rounds.append((time.perf_counter() - start) / args.renders)
                ms = statistics.median(rounds) * 1000
                print(f"{language:3} {name:40} {args.rows} rows {ms:7.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
