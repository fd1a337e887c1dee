import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from agencydesk.core.models import Event
from agencydesk.finance import services
from agencydesk.finance.errors import (
    ContractClosedError,
    ContractCurrencyLockedError,
    CreditNoteError,
    InvoiceAmountError,
    InvoiceContractError,
    InvoiceLinesError,
    InvoiceNotDraftError,
    NotYourClientError,
)
from agencydesk.finance.models import Invoice
from tests.factories.clients import make_client
from tests.factories.finance import (
    DAY,
    make_contract,
    make_contractor,
    make_invoice,
    pay,
    pdf,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(client_a):
    return make_contract(
        client=client_a, currency="EUR", tax_rate=Decimal("11"), net_days=30
    )


def test_a_draft_has_lines_tax_and_totals_in_the_contracts_currency_and_no_number(
    finance_user, contract
):
    invoice = make_invoice(
        contract,
        finance_user,
        lines=[
            {"description": "Design", "quantity": "2.5", "unit_price": "100.10"},
            {"description": "", "quantity": "1", "unit_price": "9"},  # empty row
            {"description": "Ads", "quantity": 1, "unit_price": "0.01"},
        ],
    )
    assert (invoice.number, invoice.status, invoice.currency) == (None, "draft", "EUR")
    assert [line.amount for line in invoice.lines.all()] == [
        Decimal("250.25"),
        Decimal("0.01"),
    ]
    assert (invoice.subtotal, invoice.tax, invoice.total) == (
        Decimal("250.26"),
        Decimal("27.53"),
        Decimal("277.79"),
    )
    # The contract's rate may be overridden per invoice.
    zero = make_invoice(contract, finance_user, tax_rate=Decimal("0"))
    assert zero.total == Decimal("1000.00")


def test_issuing_numbers_gap_free_per_series_and_year_and_sets_the_due_date(
    finance_user, contract
):
    first = make_invoice(contract, finance_user, issue=True)
    assert (first.number, first.issue_date, first.due_date) == (
        "INV-2026-0001",
        DAY,
        DAY + datetime.timedelta(days=30),
    )
    # A refused issue (nothing to bill) takes no number: no gap.
    empty = make_invoice(
        contract,
        finance_user,
        lines=[{"description": "Free", "quantity": 1, "unit_price": "0"}],
    )
    with pytest.raises(InvoiceAmountError):
        services.invoice_issue(actor=finance_user, invoice=empty)
    # A rolled-back issue gives its number back.
    rolled = make_invoice(contract, finance_user)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.invoice_issue(actor=finance_user, invoice=rolled, issue_date=DAY)
        raise RuntimeError
    second = make_invoice(contract, finance_user, issue=True)
    other_series = make_invoice(contract, finance_user, series="ads")
    other_series = services.invoice_issue(
        actor=finance_user, invoice=other_series, issue_date=DAY
    )
    next_year = make_invoice(contract, finance_user)
    next_year = services.invoice_issue(
        actor=finance_user, invoice=next_year, issue_date=datetime.date(2027, 1, 2)
    )
    assert [second.number, other_series.number, next_year.number] == [
        "INV-2026-0002",
        "ADS-2026-0001",
        "INV-2027-0001",
    ]
    assert Event.objects.filter(verb="invoice.issued").count() == 4


def test_an_issued_invoice_is_never_changed_or_deleted(finance_user, contract):
    invoice = make_invoice(contract, finance_user, issue=True)
    with pytest.raises(InvoiceNotDraftError):
        services.invoice_update(
            actor=finance_user,
            invoice=invoice,
            lines=[{"description": "More", "quantity": 1, "unit_price": "5"}],
        )
    with pytest.raises(InvoiceNotDraftError):
        services.invoice_delete(actor=finance_user, invoice=invoice)
    with pytest.raises(InvoiceNotDraftError):
        services.invoice_issue(actor=finance_user, invoice=invoice)
    invoice.refresh_from_db()
    assert (invoice.total, invoice.lines.count()) == (Decimal("1110.00"), 1)


def test_a_draft_changes_and_is_deleted(finance_user, contract):
    invoice = make_invoice(contract, finance_user)
    services.invoice_update(
        actor=finance_user,
        invoice=invoice,
        tax_rate=Decimal("0"),
        lines=[{"description": "Less", "quantity": 2, "unit_price": "5"}],
    )
    invoice.refresh_from_db()
    assert invoice.total == Decimal("10.00")
    services.invoice_delete(actor=finance_user, invoice=invoice)
    assert not Invoice.objects.exists()


@pytest.mark.parametrize(
    ("lines", "error"),
    [
        ([], InvoiceLinesError),
        ([{"description": "x", "quantity": 1, "unit_price": "-1"}], InvoiceAmountError),
        ([{"description": "x", "quantity": 0, "unit_price": "1"}], InvoiceAmountError),
        ([{"description": "x", "unit_price": "a"}], InvoiceAmountError),
    ],
)
def test_bad_lines_are_refused(finance_user, contract, lines, error):
    with pytest.raises(error):
        services.invoice_create(actor=finance_user, contract=contract, lines=lines)
    assert not Invoice.objects.exists()


def test_a_credit_note_cancels_an_issued_invoice(finance_user, contract):
    invoice = make_invoice(contract, finance_user, issue=True)
    note = services.credit_note_create(
        actor=finance_user, invoice=invoice, reason="Wrong month", issue_date=DAY
    )
    invoice.refresh_from_db()
    assert invoice.status == "cancelled" and invoice.amount_due == 0
    assert (note.kind, note.corrects, note.number, note.status) == (
        "credit_note",
        invoice,
        "CN-2026-0001",
        "issued",
    )
    assert (note.subtotal, note.tax, note.total) == (
        Decimal("-1000.00"),
        Decimal("-110.00"),
        Decimal("-1110.00"),
    )
    assert [line.amount for line in note.lines.all()] == [Decimal("-1000.00")]
    # Once credited, never twice; a draft or a paid invoice is not credited.
    with pytest.raises(CreditNoteError):
        services.credit_note_create(actor=finance_user, invoice=invoice)
    with pytest.raises(CreditNoteError):
        services.credit_note_create(
            actor=finance_user, invoice=make_invoice(contract, finance_user)
        )
    paid = make_invoice(contract, finance_user, issue=True)
    pay(paid, "10")
    with pytest.raises(CreditNoteError):
        services.credit_note_create(actor=finance_user, invoice=paid)


def test_invoices_are_for_client_contracts_that_are_open(finance_user, client_a):
    vendor = make_contract(contractor=make_contractor(), currency="IDR")
    with pytest.raises(InvoiceContractError):
        make_invoice(vendor, finance_user)
    ended = make_contract(client=client_a, upload=pdf())
    draft = make_invoice(ended, finance_user)
    services.contract_set_status(actor=None, contract=ended, status="active")
    services.contract_set_status(actor=None, contract=ended, status="ended")
    with pytest.raises(ContractClosedError):
        make_invoice(ended, finance_user)
    with pytest.raises(ContractClosedError):
        services.invoice_issue(actor=finance_user, invoice=draft)


def test_who_may_invoice(am_a, specialist, client_a, client_b):
    mine = make_contract(client=client_a)
    theirs = make_contract(client=client_b)
    assert make_invoice(mine, am_a, issue=True).number
    with pytest.raises(NotYourClientError):
        make_invoice(theirs, am_a)
    with pytest.raises(PermissionDenied):
        make_invoice(mine, specialist)


def test_the_contracts_currency_is_fixed_once_money_is_recorded(finance_user, contract):
    make_invoice(contract, finance_user)
    with pytest.raises(ContractCurrencyLockedError):
        services.contract_update(actor=finance_user, contract=contract, currency="USD")
    # Other terms still change.
    services.contract_update(actor=finance_user, contract=contract, subject="New")


def test_concurrent_issues_never_share_or_skip_a_number(committed_db):
    """Threads issuing at once on PostgreSQL, where the counter's row lock
    is what serialises them: numbers 1..n, each once. (SQLite's test database
    is in memory and shared by threads only with table locks, and its
    IMMEDIATE transactions serialise writers anyway.)"""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")

    contract = make_contract(client=make_client("Alpha Coffee"))
    drafts = [make_invoice(contract) for _ in range(4)]

    def issue(invoice):
        try:
            return services.invoice_issue(
                actor=None, invoice=invoice, issue_date=DAY
            ).sequence
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        taken = sorted(pool.map(issue, drafts))
    assert taken == [1, 2, 3, 4]
