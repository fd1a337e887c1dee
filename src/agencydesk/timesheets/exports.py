"""CSV and XLSX downloads of tabular reports: rows already read by a selector,
written out as a file (this module only reads and formats, it never writes)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from agencydesk.core.exports import table_response

from .weeks import format_minutes


def time_entries_response(fmt: str, entries) -> HttpResponse:
    """The time entry list as a CSV or XLSX file (read in chunks)."""
    header = [
        _("Date"),
        _("Person"),
        _("Client"),
        _("Project"),
        _("Ticket"),
        _("Minutes"),
        _("Hours"),
        _("Billable"),
        _("Billable value"),
        _("Currency"),
        _("Cost"),
        _("Cost currency"),
        _("Note"),
    ]
    rows = (
        [
            e.date,
            e.user.display_name,
            e.client.name if e.client else _("Internal"),
            e.project,
            e.ticket.reference if e.ticket else "",
            e.minutes,
            format_minutes(e.minutes),
            _("yes") if e.is_billable else _("no"),
            str(e.bill_amount),
            e.bill_currency,
            str(e.cost_amount),
            e.cost_currency,
            e.note,
        ]
        for e in entries.iterator(chunk_size=2000)
    )
    return table_response(fmt, "time-entries", header, rows)
