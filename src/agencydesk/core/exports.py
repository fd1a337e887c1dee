"""CSV and XLSX tables, in one place, with the spreadsheet-formula guard.

Every table the product hands out (reports, timesheets, the offboarding
archive) is written here, so a cell a client typed as ``=HYPERLINK(...)`` is
text in every file, never a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# What a spreadsheet program would start a formula with (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], *, bom: bool = True
) -> str:
    """The table as CSV text; the byte-order mark makes spreadsheet programs
    read UTF-8 names right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(str(h)) for h in header])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return ("\ufeff" if bom else "") + out.getvalue()


def csv_of_dicts(
    rows: Iterable[Mapping[str, Any]], fields: Sequence[str], *, bom: bool = True
) -> str:
    """CSV of rows given as mappings (missing keys are empty)."""
    return csv_text(fields, ([row.get(f, "") for f in fields] for row in rows), bom=bom)


def xlsx_bytes(
    sheet_name: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31] or "Sheet")
    sheet.append([safe_cell(str(h)) for h in header])
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_response(
    fmt: str, name: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """The table as a CSV or XLSX attachment called ``name.<fmt>``."""
    if fmt == "xlsx":
        body = xlsx_bytes(name, header, rows)
    else:
        fmt = "csv"
        body = csv_text(header, rows).encode()
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.{fmt}")
    return response
