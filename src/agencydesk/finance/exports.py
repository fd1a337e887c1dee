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
