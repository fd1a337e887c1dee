"""Uploads built in memory: CSV text and real XLSX workbooks."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def csv_upload(text: str, name: str = "rows.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_upload(rows: list[list], name: str = "rows.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def zip_bomb_upload(unpacked: int, name: str = "bomb.xlsx") -> SimpleUploadedFile:
    """A small file whose one part unpacks to ``unpacked`` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * unpacked)
    return SimpleUploadedFile(name, buffer.getvalue())
