import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from agencydesk.finance import services
from agencydesk.finance.errors import (
    ActError,
    BillError,
    InvoiceContractError,
    PlanError,
)
from tests.factories.finance import (
    DAY,
    make_act,
    make_bill,
    make_contract,
    make_contractor,
    make_planned,
)

pytestmark = pytest.mark.django_db


def test_a_planned_invoice_becomes_an_invoice_and_is_no_longer_overdue(
    finance_user, client_a
):
    contract = make_contract(client=client_a, tax_rate=Decimal("10"))
    planned = make_planned(contract, finance_user, amount=Decimal("300"))
    assert planned.is_overdue(today=DAY + datetime.timedelta(days=1))
    assert not planned.is_overdue(today=DAY)
    draft = services.planned_invoice_make_invoice(actor=finance_user, planned=planned)
    planned.refresh_from_db()
    assert (planned.invoice, draft.status, draft.total) == (
        draft,
        "draft",
        Decimal("330.00"),
    )
    # A draft does not count as issued: still overdue after its date.
    assert planned.is_overdue(today=DAY + datetime.timedelta(days=1))
    # The line is settled: no second invoice, no change.
    with pytest.raises(PlanError):
        services.planned_invoice_make_invoice(actor=finance_user, planned=planned)
    with pytest.raises(PlanError):
        services.planned_invoice_update(
            actor=finance_user, planned=planned, amount=Decimal("1")
        )
    second = make_planned(contract, finance_user, what_for="Rest")
    issued = services.planned_invoice_make_invoice(
        actor=finance_user, planned=second, issue=True, issue_date=DAY
    )
    second.refresh_from_db()
    assert issued.number and second.is_issued
    assert not second.is_overdue(today=DAY + datetime.timedelta(days=9))


def test_plan_lines_are_positive_and_for_client_contracts(finance_user, client_a):
    with pytest.raises(PlanError):
        make_planned(make_contract(client=client_a), amount=Decimal("0"))
    with pytest.raises(InvoiceContractError):
        make_planned(make_contract(contractor=make_contractor()))


def test_acts_close_works_never_beyond_the_contract(finance_user, client_a):
    contract = make_contract(client=client_a, amount=Decimal("1000"))
    act = make_act(contract, finance_user, amount=Decimal("600"))
    with pytest.raises(ActError):
        make_act(contract, finance_user, amount=Decimal("500"))
    disputed = make_act(contract, finance_user, amount=Decimal("400"))
    services.act_update(actor=finance_user, act=disputed, status="disputed")
    # A disputed act is not counted: room for another.
    make_act(contract, finance_user, amount=Decimal("300"))
    services.act_update(actor=finance_user, act=act, status="signed")
    with pytest.raises(ActError):
        services.act_update(actor=finance_user, act=act, amount=Decimal("1"))
    with pytest.raises(ActError):
        make_act(contract, period_start=DAY, period_end=DAY.replace(day=1))
    with pytest.raises(ActError):
        make_act(contract, delivered="  ")


def test_contractor_bills_to_pay_and_paid(finance_user, am_a, client_a):
    vendor = make_contract(contractor=make_contractor(), currency="IDR")
    bill = make_bill(vendor, finance_user, number="LV-1")
    assert (bill.status, bill.paid_date) == ("to_pay", None)
    assert bill.is_overdue(today=DAY + datetime.timedelta(days=1))
    services.bill_update(actor=finance_user, bill=bill, status="paid")
    bill.refresh_from_db()
    assert bill.status == "paid" and bill.paid_date
    with pytest.raises(BillError):
        make_bill(vendor, finance_user, number="lv-1")
    with pytest.raises(BillError):
        make_bill(make_contract(client=client_a))
    with pytest.raises(BillError):
        make_bill(vendor, amount=Decimal("0"))
    # An account manager does not manage contractors' money.
    with pytest.raises(PermissionDenied):
        make_bill(vendor, am_a)
