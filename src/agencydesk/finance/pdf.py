"""The invoice as a PDF, in its client's language: one renderer for the
invoice's page, the API, and the mail the worker sends (the outbox asks for
the attachment at send time).

Nothing is stored: an issued invoice never changes (lines, totals, number and
dates are stored on its rows), so its PDF is drawn again from those rows each
time it is asked for. Only "paid" and "due" move, and the PDF shows them as
they stand when it is drawn. WeasyPrint fetches nothing (no file, no URL):
the stylesheet is a string and the page carries no image."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

from agencydesk.comms.services.outbox import Attachment
from agencydesk.core.agency import agency_get
from agencydesk.core.money import format_money

from .models import Invoice
from .selectors import invoice_for_pdf

# Chinese needs real CJK glyphs: Noto Sans CJK SC first (fonts-noto-cjk);
# the other languages read DejaVu Sans (Latin and Cyrillic) and fall back to
# the CJK face for a Chinese name on an English invoice.
FONTS = {
    "zh-hans": '"Noto Sans CJK SC", "DejaVu Sans", sans-serif',
    "": '"DejaVu Sans", "Noto Sans CJK SC", sans-serif',
}

PDF_CSS = """
@page { size: A4; margin: 18mm 16mm;
        @bottom-right { content: counter(page) " / " counter(pages);
                        font-family: %(fonts)s; font-size: 8pt; color: #6c757d; } }
body { font-family: %(fonts)s; font-size: 10pt; color: #212529; }
.head { display: flex; justify-content: space-between; margin-bottom: 8mm; }
.agency { font-size: 13pt; font-weight: bold; }
h1 { font-size: 18pt; margin: 0 0 2mm; text-align: right; }
table { width: 100%%; border-collapse: collapse; }
.facts td { padding: 1mm 0; vertical-align: top; }
.facts td:first-child { color: #6c757d; width: 35%%; }
.lines { margin-top: 8mm; }
.lines th { text-align: left; border-bottom: 1px solid #212529; padding: 1.5mm 1mm; }
.lines td { border-bottom: 1px solid #dee2e6; padding: 1.5mm 1mm; }
.lines .num { text-align: right; white-space: nowrap; }
.totals { margin-top: 4mm; width: 55%%; margin-left: auto; }
.totals td { padding: 1mm; }
.totals td.num { text-align: right; white-space: nowrap; }
.totals tr.total td { font-weight: bold; border-top: 1px solid #212529; }
.note { margin-top: 8mm; color: #495057; }
.watermark { position: fixed; top: 95mm; left: 0; right: 0; text-align: center;
             font-size: 96pt; color: rgba(220, 53, 69, 0.15);
             transform: rotate(-30deg); }
"""


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict:
    # Everything the PDF shows is in the page: no file:// read, no request.
    raise ValueError(f"not fetched: {url[:80]}")


def pdf_language(invoice: Invoice) -> str:
    """The client's language, or the agency's default for one we do not speak."""
    language = invoice.contract.client.language if invoice.contract.client_id else ""
    known = {code for code, _name in settings.LANGUAGES}
    return language if language in known else settings.LANGUAGE_CODE


def pdf_filename(invoice: Invoice) -> str:
    return f"{invoice.number or f'draft-{invoice.pk}'}.pdf"


def _title(invoice: Invoice) -> str:
    if invoice.is_draft:
        return _("Draft invoice")
    if invoice.is_credit_note:
        return _("Credit note %(number)s") % {"number": invoice.number}
    return _("Invoice %(number)s") % {"number": invoice.number}


def _context(invoice: Invoice, language: str, agency_name: str) -> dict[str, Any]:
    locale = to_locale(language)
    currency = invoice.currency

    def money(amount: Decimal) -> str:
        return format_money(amount, currency, language)

    def day(value: datetime.date | None) -> str:
        return format_date(value, "long", locale=locale) if value else "—"

    contract = invoice.contract
    return {
        "language": language,
        "title": _title(invoice),
        "agency_name": agency_name,
        "invoice": invoice,
        "client_name": contract.client.name if contract.client_id else "",
        "contract_number": contract.number,
        "issue_date": day(invoice.issue_date),
        "due_date": day(invoice.due_date),
        "lines": [
            {
                "description": line.description,
                "quantity": format_decimal(line.quantity, locale=locale),
                "unit_price": money(line.unit_price),
                "amount": money(line.amount),
            }
            for line in invoice.lines.all()
        ],
        "tax_rate": format_decimal(invoice.tax_rate, locale=locale),
        "subtotal": money(invoice.subtotal),
        "tax": money(invoice.tax),
        "total": money(invoice.total),
        "paid": money(invoice.amount_paid),
        "due": money(invoice.amount_due),
        "shows_payment": not (invoice.is_draft or invoice.is_credit_note),
        "corrects": invoice.corrects.number if invoice.corrects_id else "",
    }


def render_invoice_html(invoice: Invoice, *, agency_name: str | None = None) -> str:
    """The PDF's page as HTML, in the client's language (read in tests too)."""
    language = pdf_language(invoice)
    with translation.override(language):
        context = _context(invoice, language, agency_name or agency_get().name)
        return render_to_string("finance/invoice_pdf.html", context)


def render_invoice_pdf(invoice: Invoice, *, agency_name: str | None = None) -> bytes:
    """The invoice (a draft marked "Draft", an issued invoice or a credit
    note) as PDF bytes. Give it an invoice read with ``invoice_for_pdf`` (its
    contract, client and lines loaded)."""
    from weasyprint import CSS, HTML

    html = render_invoice_html(invoice, agency_name=agency_name)
    fonts = FONTS.get(pdf_language(invoice), FONTS[""])
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf(
        stylesheets=[CSS(string=PDF_CSS % {"fonts": fonts}, url_fetcher=_no_fetching)]
    )


def invoice_pdf_response(invoice: Invoice) -> HttpResponse:
    """The PDF as a download (the invoice's page and the API)."""
    response = HttpResponse(render_invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, pdf_filename(invoice)
    )
    return response


# Messages whose ``ref`` is "finance.invoice:<invoice id>:…" carry the PDF.
INVOICE_REF = "finance.invoice"


def invoice_attachments(key: str) -> list[Attachment]:
    """The PDF an invoice's e-mail carries, drawn when the worker sends it."""
    invoice_id = key.split(":", 1)[0]
    invoice = (
        invoice_for_pdf().filter(pk=int(invoice_id)).first()
        if invoice_id.isdigit()
        else None
    )
    if invoice is None or invoice.is_draft:
        return []
    return [
        Attachment(
            filename=pdf_filename(invoice),
            content=render_invoice_pdf(invoice),
            content_type="application/pdf",
        )
    ]
