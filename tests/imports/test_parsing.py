"""An uploaded table's cost is bounded before and while it is read."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from agencydesk.imports.errors import ImportFileRefusedError
from agencydesk.imports.parsing import read_table

from .files import zip_bomb_upload


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ImportFileRefusedError) as refused:
        read_table(name, content)
    return refused.value.message


def test_the_delimiter_is_read_from_the_header():
    semicolons = read_table("a.csv", "\ufeffa;b\n1;2,5\n".encode())
    tabs = read_table("a.csv", b"a\tb\n1\t2\n")

    assert (semicolons.header, semicolons.rows) == (["a", "b"], [(2, ["1", "2,5"])])
    assert tabs.rows == [(2, ["1", "2"])]


def test_blank_rows_are_skipped_and_numbers_kept(settings):
    table = read_table("a.csv", b"a,b\n\n,\n1,2\n")

    assert table.rows == [(4, ["1", "2"])]


def test_an_oversize_file_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 100

    assert refusal("a.csv", b"a\n" + b"x\n" * 100) == (
        "The file is larger than the limit of 100\xa0bytes."
    )


def test_too_many_rows_are_refused(settings):
    settings.IMPORT_MAX_ROWS = 3

    assert refusal("a.csv", b"a\n1\n2\n3\n4\n") == "The file has more than 3 rows."


def test_too_many_columns_and_overlong_cells_are_refused(settings):
    settings.IMPORT_MAX_COLUMNS = 2
    settings.IMPORT_MAX_CELL_CHARS = 5

    assert refusal("a.csv", b"a,b,c\n1,2,3\n") == "The file has more than 2 columns."
    assert refusal("a.csv", b"a,b\n1,123456\n") == (
        "Row 2, column 2 is longer than 5 characters."
    )


def test_a_zip_bomb_is_refused_before_it_is_opened(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    bomb = zip_bomb_upload(20 * 1024 * 1024).read()

    assert len(bomb) < 100_000
    assert refusal("bomb.xlsx", bomb) == "The workbook unpacks to more than 1.0\xa0MB."


def test_garbage_is_refused_clearly():
    assert refusal("a.xlsx", b"not a zip") == (
        "The file is not a readable XLSX workbook."
    )
    assert refusal("a.csv", "a\nü\n".encode("latin-1")) == (
        "The file is not UTF-8 text: save it as CSV (UTF-8)."
    )
    assert refusal("a.txt", b"a\n1\n") == "Upload a CSV or XLSX file."
    assert refusal("a.csv", b"") == "The file is empty."


def test_xlsx_cells_are_read_as_text_and_formulas_are_not_run():
    book = Workbook()
    book.active.append(["a", "b", "c"])
    book.active.append([90, "=1+1", 1.5])
    buffer = io.BytesIO()
    book.save(buffer)

    table = read_table("a.xlsx", buffer.getvalue())

    assert table.rows == [(2, ["90", "=1+1", "1.5"])]
