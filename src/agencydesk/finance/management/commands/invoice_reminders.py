"""``agencydesk invoice_reminders``: run the daily overdue sweep now (what
``finance.tasks.invoice_send_reminders`` does at 07:30)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from agencydesk.finance.services.sending import (
    REMINDER_BATCH,
    invoice_send_reminders,
)


class Command(BaseCommand):
    help = (
        "Announce newly overdue invoices and remind their billing contacts "
        "(at most once every 7 days per invoice)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--limit",
            type=int,
            default=REMINDER_BATCH,
            help=f"At most this many invoices (default {REMINDER_BATCH}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run = invoice_send_reminders(limit=max(1, options["limit"]))
        self.stdout.write(
            f"overdue now: {run.overdue}, reminded: {run.reminded}, "
            f"no billing contact: {run.unreachable}"
        )
