"""The money pages: the contract's plan, invoices, acts and bills; an
invoice's page and its buttons; the invoice list, its totals and downloads."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencydesk.finance.models import Invoice, Payment, PlannedInvoice
from tests.factories.clients import make_client
from tests.factories.finance import (
    make_act,
    make_bill,
    make_contract,
    make_contractor,
    make_invoice,
    make_planned,
    pay,
)

pytestmark = pytest.mark.django_db


def _queries(http, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url).status_code == 200
    return len(queries)


def test_plan_to_paid_through_the_pages(as_user, am_a, client_a):
    contract = make_contract(client=client_a, currency="EUR", net_days=10)
    http = as_user(am_a)
    page = http.get(contract.get_absolute_url()).content.decode()
    assert "Nothing planned yet" in page and "No invoices yet" in page
    http.post(
        reverse("finance:planned-add", args=[contract.pk]),
        {"what_for": "Deposit 30%", "amount": "300", "planned_date": "2026-11-04"},
    )
    planned = PlannedInvoice.objects.get()
    response = http.post(
        reverse("finance:planned-invoice", args=[planned.pk]), {"issue": "on"}
    )
    invoice = Invoice.objects.get()
    assert response.status_code == 302 and invoice.number.startswith("INV-")
    # Over-payment and another currency come back as messages, nothing changes.
    for data in (
        {"amount": "301", "currency": "EUR"},
        {"amount": "100", "currency": "USD"},
    ):
        http.post(
            reverse("finance:payment-add", args=[invoice.pk]),
            {"date": "2026-11-05", "method": "bank_transfer", **data},
        )
    assert not Payment.objects.exists()
    body = http.get(invoice.get_absolute_url()).content.decode()
    assert "nothing is converted" in body or "more than is due" in body
    http.post(
        reverse("finance:payment-add", args=[invoice.pk]),
        {
            "date": "2026-11-05",
            "amount": "300",
            "currency": "EUR",
            "method": "bank_transfer",
            "reference": "TR-9",
        },
    )
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    body = http.get(invoice.get_absolute_url()).content.decode()
    assert "TR-9" in body and "Record the payment" not in body
    http.post(
        reverse("finance:payment-reverse", args=[Payment.objects.get().pk]),
        {"reason": "Bounced"},
    )
    invoice.refresh_from_db()
    assert invoice.status == "issued"
    page = http.get(contract.get_absolute_url()).content.decode()
    assert invoice.number in page and "Deposit 30%" in page


def test_a_draft_from_the_form_then_issued_then_credited(
    as_user, finance_user, client_a
):
    contract = make_contract(client=client_a, tax_rate=Decimal("10"))
    http = as_user(finance_user)
    form = http.get(reverse("finance:invoice-create", args=[contract.pk]))
    assert 'aria-label="Description, line 1"' in form.content.decode()
    empty = http.post(
        reverse("finance:invoice-create", args=[contract.pk]),
        {"tax_rate": "10", "series": "INV"},
    )
    assert empty.status_code == 422
    assert "at least one line" in empty.content.decode()
    http.post(
        reverse("finance:invoice-create", args=[contract.pk]),
        {
            "tax_rate": "10",
            "series": "INV",
            "description_0": "Design",
            "quantity_0": "2",
            "unit_price_0": "50",
        },
    )
    invoice = Invoice.objects.get()
    assert (invoice.number, invoice.total) == (None, Decimal("110.00"))
    page = http.get(invoice.get_absolute_url()).content.decode()
    assert "Issue the invoice" in page and "Change the draft" in page
    # The draft is changed on its own page: its lines come filled in.
    edit = reverse("finance:invoice-edit", args=[invoice.pk])
    assert 'value="Design"' in http.get(edit).content.decode()
    changed = http.post(
        edit,
        {
            "tax_rate": "10",
            "series": "XX",  # disabled: the series stays
            "description_0": "Design",
            "quantity_0": "3",
            "unit_price_0": "50",
            "description_1": "Copy",
            "quantity_1": "1",
            "unit_price_1": "20",
        },
    )
    assert changed["Location"] == invoice.get_absolute_url()
    invoice.refresh_from_db()
    assert (invoice.series, invoice.total) == ("INV", Decimal("187.00"))
    assert invoice.lines.count() == 2
    http.post(
        reverse("finance:invoice-issue", args=[invoice.pk]),
        {"issue_date": "2026-11-04"},
    )
    invoice.refresh_from_db()
    assert invoice.number == "INV-2026-0001"
    # Issued: no delete, no second issue; the delete button refuses.
    body = http.get(invoice.get_absolute_url()).content.decode()
    assert "Delete the draft" not in body and "Issue a credit note" in body
    assert "Change the draft" not in body
    assert http.get(edit).status_code == 403
    refused = http.post(edit, {"tax_rate": "0", "description_0": "x"})
    assert refused.status_code == 403
    invoice.refresh_from_db()
    assert invoice.total == Decimal("187.00")
    http.post(reverse("finance:invoice-delete", args=[invoice.pk]))
    assert Invoice.objects.filter(pk=invoice.pk).exists()
    response = http.post(
        reverse("finance:credit-note-create", args=[invoice.pk]), {"reason": "Typo"}
    )
    note = Invoice.objects.get(kind="credit_note")
    assert response["Location"] == note.get_absolute_url()
    body = http.get(note.get_absolute_url()).content.decode()
    assert "CN-2026-0001" in body and invoice.number in body


def test_who_sees_the_money_pages(as_user, am_a, specialist, client_a, client_b):
    mine = make_invoice(make_contract(client=client_a), issue=True)
    theirs = make_invoice(make_contract(client=client_b), issue=True)
    http = as_user(am_a)
    assert http.get(mine.get_absolute_url()).status_code == 200
    assert http.get(theirs.get_absolute_url()).status_code == 404
    assert (
        http.post(
            reverse("finance:payment-add", args=[theirs.pk]),
            {"date": "2026-11-05", "amount": "1", "currency": "USD"},
        ).status_code
        == 404
    )
    body = http.get(reverse("finance:invoice-list")).content.decode()
    assert mine.number in body and theirs.number not in body
    for url in (reverse("finance:invoice-list"), mine.get_absolute_url()):
        assert as_user(specialist).get(url).status_code == 403


def test_contractor_contracts_show_bills_and_acts(as_user, finance_user):
    vendor = make_contract(contractor=make_contractor(), currency="IDR")
    make_bill(vendor, number="LV-77")
    make_act(vendor, amount=Decimal("100"))
    body = as_user(finance_user).get(vendor.get_absolute_url()).content.decode()
    assert "LV-77" in body and "Bills to pay" in body and "Financial plan" not in body


def test_invoice_list_filters_totals_per_currency_and_downloads(
    as_user, finance_user, client_a, client_b
):
    usd = make_invoice(make_contract(client=client_a, currency="USD"), issue=True)
    idr = make_invoice(
        make_contract(client=client_b, currency="IDR"),
        issue=True,
        lines=[{"description": "Video", "unit_price": "2500000"}],
    )
    pay(usd, "400")
    make_act(usd.contract, amount=Decimal("200"), delivered="=cmd|' /C calc'!A0")
    http = as_user(finance_user)
    body = http.get(reverse("finance:invoice-list")).content.decode()
    assert "$1,000.00" in body and "$600.00" in body and "IDR" in body
    body = http.get(
        reverse("finance:invoice-list"), {"client": client_b.slug}
    ).content.decode()
    assert idr.number in body and usd.number not in body
    body = http.get(
        reverse("finance:invoice-list"), {"status": "paid"}
    ).content.decode()
    assert "No invoices match" in body
    csv = http.get(reverse("finance:invoice-list"), {"format": "csv"}).content
    assert usd.number.encode() in csv and b"2500000.00" in csv
    payments = http.get(
        reverse("finance:invoice-list"), {"format": "csv", "table": "payments"}
    )
    assert b"400.00" in payments.content and b"USD" in payments.content
    acts = http.get(
        reverse("finance:invoice-list"),
        {"format": "csv", "table": "acts", "date_from": "2026-11-01"},
    )
    assert b"'=cmd" in acts.content  # the formula guard
    xlsx = http.get(reverse("finance:invoice-list"), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def _fill(n: int, contract=None) -> None:
    for i in range(n):
        target = contract or make_contract(client=make_client(f"Money {n} {i}"))
        planned = make_planned(target, amount=Decimal("10"))
        invoice = make_invoice(target, issue=True)
        pay(invoice, "5")
        make_act(target, amount=Decimal("1"))
        PlannedInvoice.objects.filter(pk=planned.pk).update(invoice=invoice)


def test_money_pages_run_a_fixed_number_of_queries(as_user, finance_user, client_a):
    http = as_user(finance_user)
    contract = make_contract(client=client_a, amount=Decimal("0"))
    _fill(2, contract)
    _fill(2)
    invoice = contract.invoices.first()
    urls = [
        reverse("finance:invoice-list"),
        contract.get_absolute_url(),
        invoice.get_absolute_url(),
    ]
    for url in urls:
        _queries(http, url)  # warm the caches (permissions, menu)
    small = [_queries(http, url) for url in urls]
    _fill(5, contract)
    _fill(5)
    pay(invoice, "3")
    assert [_queries(http, url) for url in urls] == small
