"""CSV and XLSX downloads of tabular reports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook

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
