import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencydesk.core.access import viewer_for
from agencydesk.finance import services
from agencydesk.finance.selectors import (
    contract_totals,
    invoice_list,
    invoice_totals_by_currency,
)
from tests.factories.finance import (
    DAY,
    make_act,
    make_bill,
    make_contract,
    make_contractor,
    make_invoice,
    make_planned,
    pay,
)

pytestmark = pytest.mark.django_db
LATER = DAY + datetime.timedelta(days=60)


def test_a_contracts_totals(client_a):
    contract = make_contract(client=client_a, currency="EUR", net_days=14)
    make_planned(contract, amount=Decimal("300"))
    make_planned(contract, amount=Decimal("700"))
    late = make_invoice(contract, issue=True)  # 1000, due DAY + 14
    pay(late, "250")
    paid = make_invoice(contract, issue=True)
    pay(paid, "1000")
    cancelled = make_invoice(contract, issue=True)
    services.credit_note_create(actor=None, invoice=cancelled)
    make_invoice(contract)  # a draft is not invoiced yet
    make_act(contract, amount=Decimal("200"), status="signed")
    make_act(contract, amount=Decimal("100"))  # a draft act is not acted
    with CaptureQueriesContext(connection) as queries:
        totals = contract_totals(contract, today=LATER)
    assert len(queries) == 4
    assert (
        totals.currency,
        totals.planned,
        totals.invoiced,
        totals.paid,
        totals.outstanding,
        totals.overdue,
        totals.acted,
    ) == (
        "EUR",
        Decimal("1000.00"),
        Decimal("2000.00"),
        Decimal("1250.00"),
        Decimal("750.00"),
        Decimal("750.00"),
        Decimal("200.00"),
    )
    assert contract_totals(contract, today=DAY).overdue == 0


def test_a_contractor_contracts_bills(client_a):
    vendor = make_contract(contractor=make_contractor(), currency="IDR")
    make_bill(vendor, amount=Decimal("100"))
    bill = make_bill(vendor, amount=Decimal("50"))
    services.bill_update(actor=None, bill=bill, status="paid")
    totals = contract_totals(vendor)
    assert (totals.bills_to_pay, totals.bills_paid, totals.invoiced) == (
        Decimal("100.00"),
        Decimal("50.00"),
        Decimal("0"),
    )


def test_lists_total_per_currency_never_mixed(finance_user, client_a, client_b):
    usd = make_contract(client=client_a, currency="USD")
    idr = make_contract(client=client_b, currency="IDR")
    pay(make_invoice(usd, issue=True), "100")
    make_invoice(usd, issue=True)
    make_invoice(idr, issue=True, lines=[{"description": "x", "unit_price": "5000"}])
    rows = invoice_totals_by_currency(invoice_list(viewer=viewer_for(finance_user)))
    assert [(r.currency, r.invoiced, r.paid, r.outstanding) for r in rows] == [
        ("IDR", Decimal("5000.00"), Decimal("0.00"), Decimal("5000.00")),
        ("USD", Decimal("2000.00"), Decimal("100.00"), Decimal("1900.00")),
    ]


def test_an_account_manager_lists_their_clients_invoices_only(am_a, client_a, client_b):
    mine = make_invoice(make_contract(client=client_a), issue=True)
    make_invoice(make_contract(client=client_b), issue=True)
    rows = invoice_list(viewer=viewer_for(am_a))
    assert list(rows) == [mine]
    overdue = invoice_list(viewer=viewer_for(am_a), overdue=True, today=LATER)
    assert list(overdue) == [mine]
