"""CSV and XLSX tables (core.exports): the formula guard in every format."""

import csv
import io

import pytest
from openpyxl import load_workbook

from agencydesk.core.exports import csv_of_dicts, csv_text, table_response, xlsx_bytes

DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_formula_is_text_in_csv(value):
    rows = _csv_rows(csv_text(["note"], [[value]]))
    assert rows[1] == ["'" + value]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_formula_is_text_in_xlsx(value):
    sheet = load_workbook(io.BytesIO(xlsx_bytes("t", ["note"], [[value]]))).active
    # (XML keeps a carriage return as a line feed.)
    assert sheet["A2"].value == "'" + value.replace("\r", "\n")
    assert sheet["A2"].data_type == "s"


def test_plain_values_and_numbers_are_kept():
    rows = _csv_rows(csv_text(["a", "b", "c"], [["Anna", 12, -3]]))
    assert rows[1] == ["Anna", "12", "-3"]


def test_rows_as_mappings_follow_the_field_order():
    text = csv_of_dicts([{"email": "=cmd", "name": "Budi"}], ["name", "email"])
    assert _csv_rows(text) == [["name", "email"], ["Budi", "'=cmd"]]


def test_a_download_names_its_file_even_with_non_ascii_characters():
    response = table_response("csv", "Время 2026", ["a"], [["b"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    assert table_response("xlsx", "t", ["a"], [["b"]])["Content-Type"].endswith("sheet")
