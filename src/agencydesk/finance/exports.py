"""The document status table as CSV or XLSX (rows read by a selector; this
module only formats)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from agencydesk.core.exports import table_response


def documents_response(fmt: str, documents) -> HttpResponse:
    header = [
        _("Date"),
        _("Kind"),
        _("Number"),
        _("Title"),
        _("Contract"),
        _("Party"),
        _("Form"),
        _("Signed by us"),
        _("Signed by them"),
        _("Expected from the other side"),
        _("Expected by"),
        _("Original held by"),
        _("Status"),
    ]
    yes, no = _("yes"), _("no")
    rows = (
        [
            d.date,
            d.get_kind_display(),
            d.number,
            d.title,
            d.contract.number,
            d.contract.party_name,
            d.get_form_display(),
            yes if d.signed_by_us else no,
            yes if d.signed_by_them else no,
            d.expected_from_them,
            d.expected_by or "",
            d.original_holder.display_name
            if d.original_holder
            else d.original_location,
            d.get_status_display(),
        ]
        for d in documents.iterator(chunk_size=2000)
    )
    return table_response(fmt, "documents", header, rows)


# What accounting asks for per period: amounts as numbers with their currency
# beside them (a spreadsheet sums a column of one currency; never converted).


def invoices_response(fmt: str, invoices) -> HttpResponse:
    header = [
        _("Number"),
        _("Kind"),
        _("Corrects"),
        _("Issue date"),
        _("Due date"),
        _("Contract"),
        _("Client"),
        _("Status"),
        _("Currency"),
        _("Subtotal"),
        _("Tax"),
        _("Total"),
        _("Paid"),
        _("Due"),
    ]
    rows = (
        [
            i.number or "",
            i.get_kind_display(),
            i.corrects.number if i.corrects_id else "",
            i.issue_date or "",
            i.due_date or "",
            i.contract.number,
            i.contract.party_name,
            i.get_status_display(),
            i.currency,
            i.subtotal,
            i.tax,
            i.total,
            i.amount_paid,
            i.amount_due,
        ]
        for i in invoices.iterator(chunk_size=2000)
    )
    return table_response(fmt, "invoices", header, rows)


def payments_response(fmt: str, payments) -> HttpResponse:
    header = [
        _("Date"),
        _("Invoice"),
        _("Client"),
        _("Currency"),
        _("Amount"),
        _("Method"),
        _("Reference"),
        _("Reversed"),
    ]
    rows = (
        [
            p.date,
            p.invoice.number,
            p.invoice.contract.party_name,
            p.currency,
            p.amount,
            p.get_method_display(),
            p.reference,
            p.reversed_at.date() if p.reversed_at else "",
        ]
        for p in payments.iterator(chunk_size=2000)
    )
    return table_response(fmt, "payments", header, rows)


def acts_response(fmt: str, acts) -> HttpResponse:
    header = [
        _("Number"),
        _("Date"),
        _("From"),
        _("To"),
        _("Contract"),
        _("Party"),
        _("Currency"),
        _("Amount"),
        _("What was delivered"),
        _("Status"),
    ]
    rows = (
        [
            a.number,
            a.date,
            a.period_start,
            a.period_end,
            a.contract.number,
            a.contract.party_name,
            a.contract.currency,
            a.amount,
            a.delivered,
            a.get_status_display(),
        ]
        for a in acts.iterator(chunk_size=2000)
    )
    return table_response(fmt, "acts", header, rows)
