"""CSV and XLSX downloads of tabular reports: rows already read by a selector,
written out as a file (this module only reads and formats, it never writes)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .weeks import format_minutes

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cell(value):
    """Text that a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def table_response(
    fmt: str, name: str, header: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """The table as a CSV or XLSX attachment called ``name.<fmt>``."""
    if fmt == "xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet(name[:31])
        sheet.append([str(h) for h in header])
        for row in rows:
            sheet.append([_cell(v) for v in row])
        buffer = io.BytesIO()
        book.save(buffer)
        body = buffer.getvalue()
    else:
        fmt = "csv"
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow([str(h) for h in header])
        writer.writerows([_cell(v) for v in row] for row in rows)
        # A byte-order mark makes spreadsheet programs read UTF-8 names right.
        body = ("\ufeff" + text.getvalue()).encode()
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


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
