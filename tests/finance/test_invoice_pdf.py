"""The invoice PDF (finance.pdf): drawn by WeasyPrint in the client's
language, read back as text; its page link and the API's download."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from agencydesk.core.models import Agency
from agencydesk.finance.pdf import render_invoice_pdf
from agencydesk.finance.selectors import invoice_for_pdf
from agencydesk.finance.services import credit_note_create
from tests.api.conftest import api_for
from tests.factories.clients import make_client
from tests.factories.finance import make_contract, make_invoice

pytestmark = pytest.mark.django_db

LINES = [
    {"description": "Desain kampanye", "quantity": "2", "unit_price": "500000"},
    {"description": "Laporan iklan", "quantity": "1.5", "unit_price": "100000"},
]


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _pdf_text(invoice) -> str:
    return text_of(render_invoice_pdf(invoice_for_pdf().get(pk=invoice.pk)))


@pytest.fixture
def agency(db):
    Agency.objects.filter(pk=1).update(name="Nusantara Creative")


def test_an_indonesian_invoice_reads_in_indonesian(agency):
    client = make_client("Kopi Nusantara", language="id")
    contract = make_contract(
        client=client, number="K-77", currency="IDR", tax_rate=Decimal("11")
    )
    invoice = make_invoice(contract, issue=True, lines=LINES, note="Terima kasih")

    text = _pdf_text(invoice)

    assert f"Faktur {invoice.number}" in text
    assert "Kopi Nusantara" in text and "K-77" in text and "Nusantara Creative" in text
    # 2 × 500.000 + 1,5 × 100.000 = 1.150.000; 11% tax = 126.500.
    assert "Total Rp1.276.500" in text  # the Indonesian way: dots group
    assert "Rp1.150.000" in text and "Rp126.500" in text
    assert "1,5" in text  # the quantity too
    assert "4 November 2026" in text  # the issue date
    assert "IDR" in text and "Terima kasih" in text
    assert "Desain kampanye" in text


def test_a_chinese_invoice_has_real_cjk_glyphs(agency):
    client = make_client("北京咖啡", language="zh-hans")
    contract = make_contract(client=client, currency="CNY")
    invoice = make_invoice(
        contract, issue=True, lines=[{"description": "设计", "unit_price": "1234.5"}]
    )

    text = _pdf_text(invoice)

    assert f"发票 {invoice.number}" in text  # the Chinese title
    assert "北京咖啡" in text and "设计" in text
    assert "¥1,234.50" in text
    assert "2026年11月4日" in text


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Invoice"), ("ru", "Счёт"), ("id", "Faktur"), ("zh-hans", "发票")],
)
def test_every_language_titles_the_invoice(agency, language, title):
    contract = make_contract(client=make_client(language=language), currency="USD")
    invoice = make_invoice(contract, issue=True)
    assert f"{title} {invoice.number}" in _pdf_text(invoice)


def test_a_draft_is_a_preview_marked_draft_and_a_credit_note_says_so(agency):
    contract = make_contract(client=make_client(language="en"))
    draft = make_invoice(contract)
    text = _pdf_text(draft)
    assert "Draft invoice" in text and "INV-" not in text
    assert text.count("Draft") >= 2  # the title and the watermark

    issued = make_invoice(contract, issue=True)
    note = credit_note_create(actor=None, invoice=issued, reason="Wrong month")
    text = _pdf_text(note)
    assert f"Credit note {note.number}" in text
    assert issued.number in text and "-$1,000.00" in text


def test_the_pdf_link_of_the_invoice_page(
    as_user, am_a, client_a, client_b, specialist
):
    mine = make_invoice(make_contract(client=client_a), issue=True)
    theirs = make_invoice(make_contract(client=client_b), issue=True)
    http = as_user(am_a)
    url = reverse("finance:invoice-pdf", args=[mine.pk])
    assert url in http.get(mine.get_absolute_url()).content.decode()

    response = http.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{mine.number}.pdf"' in response["Content-Disposition"]
    assert mine.number in text_of(response.content)

    assert http.get(reverse("finance:invoice-pdf", args=[theirs.pk])).status_code == 404
    assert as_user(specialist).get(url).status_code == 403


def test_the_pdf_through_the_api(am_a, client_a, client_b, specialist):
    mine = make_invoice(make_contract(client=client_a), issue=True)
    theirs = make_invoice(make_contract(client=client_b), issue=True)
    api = api_for(am_a, ["finance:read"])

    response = api.get(f"/invoices/{mine.pk}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert mine.number in text_of(response.content)

    assert api.get(f"/invoices/{theirs.pk}/pdf").status_code == 404
    assert (
        api_for(am_a, ["tickets:read"]).get(f"/invoices/{mine.pk}/pdf").status_code
        == 403
    )
    assert (
        api_for(specialist, ["finance:read"])
        .get(f"/invoices/{mine.pk}/pdf")
        .status_code
        == 403
    )
