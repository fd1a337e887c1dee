"""The document status table as CSV or XLSX (rows read by a selector; this
module only formats)."""

from __future__ import annotations

from decimal import Decimal

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


def bucket_labels() -> dict[str, str]:
    return {
        "overdue": _("Overdue"),
        "this_week": _("This week"),
        "next_week": _("Next week"),
    }


def weekly_response(
    fmt: str, *, invoices, managers: dict, bills=None, planned=None
) -> HttpResponse:
    """The weekly view as one table: every invoice due from clients, bill to
    pay to contractors and plan line to issue, with its week and the amount
    as a number beside its currency (never summed across currencies)."""
    header = [
        _("Money"),
        _("When"),
        _("Date"),
        _("Number"),
        _("Client or contractor"),
        _("Account manager"),
        _("Contract"),
        _("Currency"),
        _("Amount"),
    ]
    labels = bucket_labels()
    from_clients, to_contractors, to_issue = (
        _("Due from clients"),
        _("To pay to contractors"),
        _("Planned invoice to issue"),
    )

    def names(client_id) -> str:
        return ", ".join(u.display_name for u in managers.get(client_id, []))

    def rows():
        for i in invoices.iterator(chunk_size=2000):
            yield [
                from_clients,
                labels[i.bucket],
                i.due_date,
                i.number,
                i.contract.party_name,
                names(i.contract.client_id),
                i.contract.number,
                i.currency,
                i.due,
            ]
        for b in bills if bills is not None else ():
            yield [
                to_contractors,
                labels[b.bucket],
                b.due_date,
                b.number,
                b.contract.party_name,
                "",
                b.contract.number,
                b.contract.currency,
                b.amount,
            ]
        for p in planned if planned is not None else ():
            yield [
                to_issue,
                labels[p.bucket],
                p.planned_date,
                p.what_for,
                p.contract.party_name,
                names(p.contract.client_id),
                p.contract.number,
                p.contract.currency,
                p.amount,
            ]

    return table_response(fmt, "weekly", header, rows())


CENT = Decimal("0.01")


def profitability_response(fmt: str, view) -> HttpResponse:
    """The profitability with money as one table: a row per client and
    currency, then the agency's totals per currency (with the contractor
    costs of no one client), each with its rate to the base currency, the
    rate's date and the figures converted — empty where there is no rate."""
    header = [
        _("Client"),
        _("Currency"),
        _("Hours"),
        _("Billable value"),
        _("Time cost"),
        _("Invoiced"),
        _("Paid"),
        _("Contractor costs"),
        _("Margin"),
        _("Rate to %(base)s") % {"base": view.base.base},
        _("Rate valid from"),
        *(
            _("%(measure)s in %(base)s") % {"measure": name, "base": view.base.base}
            for name in (
                _("Billable value"),
                _("Time cost"),
                _("Invoiced"),
                _("Paid"),
                _("Contractor costs"),
                _("Margin"),
            )
        ),
    ]
    measures = ("value", "time_cost", "invoiced", "paid", "contractor", "margin")

    def money(line) -> list:
        return [line.get(m) if m != "margin" else line.margin for m in measures]

    def rows():
        for row in view.rows:
            for n, line in enumerate(row.lines):
                hours = (Decimal(row.minutes) / 60).quantize(CENT) if n == 0 else None
                yield [row.client.name, line.currency, hours, *money(line)]
        for line in view.unattributed_lines:
            yield [
                _("Contractor costs of no one client"),
                line.currency,
                None,
                *money(line),
            ]
        everyone = _("All clients")
        for base_line in view.base.lines:
            line = base_line.line
            if base_line.has_rate:
                # The base currency itself is not converted: no rate, no date.
                rate = base_line.rate
            else:
                rate = _("no rate for %(currency)s") % {"currency": line.currency}
            yield [
                everyone,
                line.currency,
                None,
                *money(line),
                rate,
                base_line.valid_from,
                *base_line.figures,
            ]
        yield [
            _("Total in %(base)s") % {"base": view.base.base},
            view.base.base,
            None,
            *([None] * len(measures)),
            None,
            None,
            *view.base.totals,
        ]

    return table_response(fmt, "profitability", header, rows())
