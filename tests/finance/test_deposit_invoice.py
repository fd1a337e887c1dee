"""The deposit invoice of a contract: one at most that is not cancelled, set
on a draft, a plan line (carried to its invoice), the form and the pages."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from agencydesk.finance import services
from agencydesk.finance.errors import DepositTakenError
from agencydesk.finance.models import Invoice
from tests.factories.finance import make_contract, make_invoice, make_planned

pytestmark = pytest.mark.django_db

LINE = [{"description": "Deposit", "quantity": 1, "unit_price": "300"}]


def test_one_deposit_per_contract_until_it_is_credited(client_a):
    contract = make_contract(client=client_a)
    first = make_invoice(contract, issue=True, is_deposit=True)
    make_invoice(make_contract(client=client_a), is_deposit=True)  # its own

    with pytest.raises(DepositTakenError) as error:
        make_invoice(contract, is_deposit=True)
    assert error.value.extra == {"field": "is_deposit"}
    assert "already has a deposit invoice" in error.value.message

    services.credit_note_create(actor=None, invoice=first, reason="Wrong amount")
    again = make_invoice(contract, is_deposit=True)
    assert again.is_deposit
    credit_note = Invoice.objects.get(kind="credit_note")
    assert credit_note.is_deposit is False


def test_the_database_holds_the_rule_too(client_a):
    contract = make_contract(client=client_a)
    make_invoice(contract, is_deposit=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            contract=contract, currency=contract.currency, tax_rate=0, is_deposit=True
        )


def test_a_draft_becomes_the_deposit_and_stops_being_it(client_a):
    contract = make_contract(client=client_a)
    draft = make_invoice(contract)
    other = make_invoice(contract)
    services.invoice_update(actor=None, invoice=draft, is_deposit=True)
    with pytest.raises(DepositTakenError):
        services.invoice_update(actor=None, invoice=other, is_deposit=True)
    services.invoice_update(actor=None, invoice=draft, is_deposit=False)
    services.invoice_update(actor=None, invoice=other, is_deposit=True)
    assert list(Invoice.objects.filter(is_deposit=True)) == [other]


def test_the_plan_line_carries_it_to_the_invoice(client_a):
    contract = make_contract(client=client_a)
    planned = make_planned(contract, is_deposit=True)
    with pytest.raises(DepositTakenError):
        make_planned(contract, is_deposit=True)
    make_planned(contract, what_for="Month 1")

    invoice = services.planned_invoice_make_invoice(
        actor=None, planned=planned, issue=True
    )

    assert invoice.is_deposit
    with pytest.raises(DepositTakenError):
        make_planned(contract, is_deposit=True)


def test_the_form_and_the_pages(as_user, finance_user, client_a):
    contract = make_contract(client=client_a)
    http = as_user(finance_user)
    url = reverse("finance:invoice-create", args=[contract.pk])
    assert "The contract&#x27;s deposit invoice" in http.get(url).content.decode()
    data = {
        "tax_rate": "0",
        "series": "INV",
        "description_0": "Deposit 30%",
        "quantity_0": "1",
        "unit_price_0": "300",
        "is_deposit": "on",
    }
    assert http.post(url, data).status_code == 302
    invoice = Invoice.objects.get()
    assert invoice.is_deposit

    refused = http.post(url, data)
    assert refused.status_code == 422
    assert "already has a deposit invoice" in refused.content.decode()
    assert Invoice.objects.count() == 1

    http.post(
        reverse("finance:planned-add", args=[contract.pk]),
        {"what_for": "Deposit", "amount": "300", "planned_date": "2026-11-04"},
    )
    page = http.get(contract.get_absolute_url()).content.decode()
    assert page.count('<span class="badge text-bg-info">deposit</span>') == 1
    assert "deposit</span>" in http.get(invoice.get_absolute_url()).content.decode()
