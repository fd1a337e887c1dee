from decimal import Decimal

import pytest

from agencydesk.core.models import Event
from agencydesk.finance import services
from agencydesk.finance.errors import (
    OverpaymentError,
    PaymentCurrencyError,
    PaymentRefusedError,
    PaymentReversedError,
)
from agencydesk.finance.models import Payment
from agencydesk.finance.signals import invoice_paid, invoice_payment_reversed
from tests.factories.finance import DAY, make_contract, make_invoice, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(client_a):
    contract = make_contract(client=client_a, currency="EUR")
    return make_invoice(contract, issue=True)  # 1000.00, no tax


@pytest.fixture
def heard():
    calls = []

    def paid(sender, **kwargs):
        calls.append(("paid", kwargs["invoice"].number))

    def reversed_(sender, **kwargs):
        calls.append(("reversed", kwargs["invoice"].number, kwargs["reopened"]))

    invoice_paid.connect(paid, weak=False)
    invoice_payment_reversed.connect(reversed_, weak=False)
    yield calls
    invoice_paid.disconnect(paid)
    invoice_payment_reversed.disconnect(reversed_)


def test_partial_payments_then_paid_then_reversal_reopens(finance_user, invoice, heard):
    first = pay(invoice, "400.00", finance_user, reference="TR-1")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid, invoice.amount_due) == (
        "issued",
        Decimal("400.00"),
        Decimal("600.00"),
    )
    assert heard == []
    pay(invoice, "600", finance_user, method="card")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_date) == ("paid", DAY)
    assert heard == [("paid", invoice.number)]
    services.payment_reverse(actor=finance_user, payment=first, reason="Bounced")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid, invoice.paid_date) == (
        "issued",
        Decimal("600.00"),
        None,
    )
    assert heard[-1] == ("reversed", invoice.number, True)
    # Recorded, not deleted; and not reversed twice.
    first.refresh_from_db()
    assert first.is_reversed and first.reversal_reason == "Bounced"
    assert Payment.objects.count() == 2
    with pytest.raises(PaymentReversedError):
        services.payment_reverse(actor=finance_user, payment=first)
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert {"payment.recorded", "invoice.paid", "payment.reversed"} <= verbs


def test_over_payment_is_refused_and_nothing_changes(finance_user, invoice):
    pay(invoice, "999.99", finance_user)
    with pytest.raises(OverpaymentError) as refused:
        pay(invoice, "0.02", finance_user)
    assert "0.01" in refused.value.message
    invoice.refresh_from_db()
    assert (invoice.amount_paid, Payment.objects.count()) == (Decimal("999.99"), 1)


def test_another_currency_is_refused_never_converted(finance_user, invoice):
    with pytest.raises(PaymentCurrencyError) as refused:
        pay(invoice, "10", finance_user, currency="USD")
    assert "EUR" in refused.value.message
    assert not Payment.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-5", "1.001"])
def test_bad_amounts_are_refused(finance_user, invoice, amount):
    with pytest.raises(PaymentRefusedError):
        pay(invoice, amount, finance_user)


def test_drafts_paid_and_cancelled_invoices_take_no_payment(finance_user, client_a):
    contract = make_contract(client=client_a)
    with pytest.raises(PaymentRefusedError):
        pay(make_invoice(contract), "1")
    paid = make_invoice(contract, issue=True)
    pay(paid, "1000")
    with pytest.raises(PaymentRefusedError):
        pay(paid, "1")
    cancelled = make_invoice(contract, issue=True)
    note = services.credit_note_create(actor=None, invoice=cancelled)
    for refused in (cancelled, note):
        with pytest.raises(PaymentRefusedError):
            pay(refused, "1")
