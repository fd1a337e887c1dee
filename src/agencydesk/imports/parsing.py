"""Reading an uploaded table (CSV or XLSX) within bounded cost.

Nothing of the file is trusted: its size, its rows, its columns and each
cell's length are capped (``IMPORT_MAX_*`` settings), an XLSX is refused
before it is opened when its parts would unpack past
``IMPORT_MAX_UNCOMPRESSED_BYTES`` (a zip bomb) or carry a DTD (entity
expansion), and it is read with openpyxl's streaming ``read_only`` mode. A
cell is read as text: a formula is its text (``=SUM(A1:A2)``), never
evaluated, so what looks like a formula is imported as data.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .errors import ImportFileRefusedError

FORMATS = (".csv", ".xlsx")
DELIMITERS = (",", ";", "\t")
_SCAN_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Table:
    """A file's header and data rows (row numbers as a spreadsheet shows them:
    the header is row 1), every cell text."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


def check_size(size: int) -> None:
    """Refuse a file larger than ``IMPORT_MAX_BYTES`` before reading it."""
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise ImportFileRefusedError(
            _("The file is larger than the limit of %(size)s.")
            % {"size": filesizeformat(limit)}
        )


def read_table(
    name: str, content: bytes, *, is_header: Callable[[list[str]], bool] | None = None
) -> Table:
    """The table in an uploaded file, or ImportFileRefusedError saying why not.

    ``is_header`` finds the header among the first rows: exports of ad and
    analytics tools open with a title or ``#`` comment lines above it."""
    check_size(len(content))
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension == ".xlsx":
        raw = _xlsx_rows(content)
    elif extension == ".csv":
        raw = _csv_rows(content)
    else:
        raise ImportFileRefusedError(_("Upload a CSV or XLSX file."))
    return _table(raw, is_header)


# Lines looked at for the header when a kind finds it itself.
HEADER_SEARCH_ROWS = 20


def _table(raw, is_header: Callable[[list[str]], bool] | None = None) -> Table:
    max_rows = settings.IMPORT_MAX_ROWS
    max_columns = settings.IMPORT_MAX_COLUMNS
    max_cell = settings.IMPORT_MAX_CELL_CHARS
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(raw, start=1):
        if len(cells) > max_columns and any(c for c in cells[max_columns:]):
            raise ImportFileRefusedError(
                _("The file has more than %(count)d columns.") % {"count": max_columns}
            )
        cells = [c.strip() for c in cells[:max_columns]]
        while cells and not cells[-1]:
            cells.pop()
        for column, cell in enumerate(cells, start=1):
            if len(cell) > max_cell:
                raise ImportFileRefusedError(
                    _(
                        "Row %(row)d, column %(column)d is longer than "
                        "%(count)d characters."
                    )
                    % {"row": number, "column": column, "count": max_cell}
                )
        if header is None:
            if is_header is not None and any(cells) and not is_header(cells):
                if number >= HEADER_SEARCH_ROWS:
                    raise ImportFileRefusedError(
                        _("The file has no header row with the columns expected.")
                    )
                continue
            if any(cells):
                header = cells
            continue
        if not any(cells):
            continue
        if len(rows) >= max_rows:
            raise ImportFileRefusedError(
                _("The file has more than %(count)d rows.") % {"count": max_rows}
            )
        rows.append((number, cells))
    if header is None and is_header is not None:
        raise ImportFileRefusedError(
            _("The file has no header row with the columns expected.")
        )
    if header is None:
        raise ImportFileRefusedError(_("The file is empty."))
    if not rows:
        raise ImportFileRefusedError(_("The file has a header but no rows."))
    return Table(header=header, rows=rows)


def _csv_rows(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileRefusedError(
            _("The file is not UTF-8 text: save it as CSV (UTF-8).")
        ) from None
    if "\x00" in text:
        raise ImportFileRefusedError(_("The file is not a CSV table."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        yield from reader
    except csv.Error:
        raise ImportFileRefusedError(_("The file is not a CSV table.")) from None


def _delimiter(text: str) -> str:
    """The most frequent of comma, semicolon and tab on the header line (a
    spreadsheet in a language that writes decimal commas saves with ";")."""
    first = text.split("\n", 1)[0]
    return max(DELIMITERS, key=first.count)


def _xlsx_rows(content: bytes):
    from openpyxl import load_workbook

    _xlsx_check(content)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(
            values_only=True, max_col=settings.IMPORT_MAX_COLUMNS + 1
        )
        for row in rows:
            yield [_text(value) for value in row]
    except ImportFileRefusedError:
        raise
    except (KeyError, IndexError, ValueError, TypeError, zipfile.BadZipFile, OSError):
        raise ImportFileRefusedError(
            _("The file is not a readable XLSX workbook.")
        ) from None


def _xlsx_check(content: bytes) -> None:
    """Refuse a workbook whose parts unpack past the limit or carry a DTD.

    Python's zipfile never inflates a part past the size its directory
    declares, so the declared sizes bound the work; the scan reads each XML
    part in chunks, within that bound."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise ImportFileRefusedError(
            _("The file is not a readable XLSX workbook.")
        ) from None
    parts = archive.infolist()
    limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    if len(parts) > 1000 or sum(p.file_size for p in parts) > limit:
        raise ImportFileRefusedError(
            _("The workbook unpacks to more than %(size)s.")
            % {"size": filesizeformat(limit)}
        )
    try:
        for part in parts:
            if part.filename.endswith((".xml", ".rels")) and _has_dtd(archive, part):
                raise ImportFileRefusedError(
                    _("The workbook holds a document type declaration.")
                )
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        raise ImportFileRefusedError(
            _("The file is not a readable XLSX workbook.")
        ) from None


def _has_dtd(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_SCAN_CHUNK):
            if b"<!DOCTYPE" in tail + chunk or b"<!ENTITY" in tail + chunk:
                return True
            tail = chunk[-16:]
    return False


def _text(value) -> str:
    """A cell as the text a person would type (dates ISO, whole numbers
    without ``.0``); a formula is its text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)
