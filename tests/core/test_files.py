"""Tests for agencydesk.core.files: upload names and the type allow-list."""

import pytest

from agencydesk.core.files import file_type_allowed, upload_name


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("evil.js.", "evil.js"),
        ("evil.js. . .", "evil.js"),
        ("report.pdf  ", "report.pdf"),
        ("C:\\Users\\ana\\report.pdf", "report.pdf"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\brief.docx", "brief.docx"),
        (".hidden.pdf", "hidden.pdf"),
        ("bad\x00na\x1fme\x7f.pdf", "badname.pdf"),
        ("line\r\nbreak.pdf", "linebreak.pdf"),
        # a right-to-left override shows "invoiceexe.pdf" for "invoicefdp.exe"
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("Cafe\u0301 menu.pdf", "Caf\u00e9 menu.pdf"),  # decomposed é, kept composed
        ("", "file"),
        (" . ", "file"),
        ("/", "file"),
    ],
)
def test_an_upload_name_is_normalised_before_anything_reads_it(given, kept):
    assert upload_name(given) == kept


def test_a_long_name_keeps_its_extension():
    name = upload_name("a" * 300 + ".pdf")

    assert (len(name), name[-6:]) == (255, "aa.pdf")


@pytest.mark.parametrize(
    "name",
    [
        "brief.pdf",
        "Budget.XLSX",
        "deck.pptx",
        "logo.svg",
        "photo.heic",
        "assets.zip",
        "spot.mp4",
        "jingle.mp3",
        "leads.csv",
        "Forwarded.eml",
    ],
)
def test_the_files_agencies_exchange_are_allowed(name):
    assert file_type_allowed(upload_name(name))


@pytest.mark.parametrize(
    "name",
    [
        "evil.js.",
        "run.exe",
        "page.html",
        "macro.docm",
        "script.ps1",
        "setup.msi",
        "shortcut.lnk",
        "noextension",
        "trailing.",
    ],
)
def test_anything_else_is_refused(name):
    assert not file_type_allowed(upload_name(name))
