"""The deposit gate: paying the deposit invoice in full ticks off the
onboarding's "deposit" item and opens the client kickoff gate; reversing the
payment reopens it and closes the gate again."""

from decimal import Decimal

import pytest

from agencydesk.core.models import Event
from agencydesk.core.timeline import timeline_entries
from agencydesk.finance import services as finance
from agencydesk.finance.models import Payment
from agencydesk.onboarding.errors import GateClosedError
from agencydesk.onboarding.services import runs
from agencydesk.people.roles import Role
from tests.factories.finance import make_contract, make_invoice, pay
from tests.factories.people import make_staff

from ..helpers import complete, item, put_on_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def fiona(db):
    return make_staff(Role.FINANCE, full_name="Fiona Finance")


@pytest.fixture
def run_a(client_a, manager):
    put_on_team(client_a, manager)
    return runs.run_start(actor=manager, client=client_a)


def deposit_of(client, **fields):
    contract = make_contract(client=client, currency="EUR")
    return make_invoice(contract, issue=True, is_deposit=True, **fields)  # 1000.00


def kickoff_blocked(run, manager) -> bool:
    complete(run, "kickoff-scheduled", actor=manager)
    try:
        complete(run, "client-kickoff", actor=manager)
    except GateClosedError:
        return True
    return False


def texts(client) -> list[str]:
    events = Event.objects.filter(client=client).order_by("pk")
    return [entry.text for entry in timeline_entries(events)]


def test_paying_the_deposit_in_full_ticks_the_item_off_and_opens_the_gate(
    client_a, manager, fiona, run_a
):
    invoice = deposit_of(client_a)

    pay(invoice, "1000.00", actor=fiona)

    deposit = item(run_a, "deposit")
    assert deposit.done_at is not None
    assert deposit.done_by is None  # the system, not the person who recorded it
    assert deposit.done_by_invoice == invoice
    assert kickoff_blocked(run_a, manager) is False
    assert item(run_a, "client-kickoff").done_at is not None
    assert (
        f"“Receive the deposit payment” is done: the deposit invoice "
        f"{invoice.number} was paid in full."
    ) in texts(client_a)


def test_a_partial_payment_leaves_the_item_open(client_a, manager, run_a):
    invoice = deposit_of(client_a)

    pay(invoice, "400.00")

    assert item(run_a, "deposit").done_at is None
    assert kickoff_blocked(run_a, manager) is True

    pay(invoice, "600.00")  # the rest: now it is paid
    assert item(run_a, "deposit").done_at is not None


def test_a_reversal_reopens_the_item_and_blocks_the_gate_again(
    client_a, manager, fiona, run_a
):
    invoice = deposit_of(client_a)
    payment = pay(invoice, "1000.00", actor=fiona)

    finance.payment_reverse(actor=fiona, payment=payment, reason="Bounced")

    deposit = item(run_a, "deposit")
    assert deposit.done_at is None
    assert deposit.done_by_invoice is None
    verbs = list(
        Event.objects.filter(client=client_a)
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs[-4:] == [
        "invoice.paid",
        "onboarding.item_paid",
        "payment.reversed",
        "onboarding.item_unpaid",
    ]
    assert kickoff_blocked(run_a, manager) is True
    assert item(run_a, "client-kickoff").done_at is None
    assert (
        f"“Receive the deposit payment” was reopened: a payment of the deposit "
        f"invoice {invoice.number} was reversed."
    ) in texts(client_a)

    pay(invoice, "1000.00")  # paid again: done again
    assert item(run_a, "deposit").done_at is not None


def test_a_reversal_leaves_an_item_a_person_closed_by_hand(client_a, manager, run_a):
    complete(run_a, "deposit", actor=manager)  # ticked by hand before the money
    invoice = deposit_of(client_a)
    payment = pay(invoice, "1000.00")
    assert item(run_a, "deposit").done_by == manager  # untouched by the payment

    finance.payment_reverse(actor=None, payment=payment, reason="Bounced")

    assert item(run_a, "deposit").done_by == manager


def test_reversing_one_of_two_payments_reopens_it_once(client_a, run_a):
    invoice = deposit_of(client_a)
    first = pay(invoice, "500.00")
    second = pay(invoice, "500.00")
    assert item(run_a, "deposit").done_at is not None

    finance.payment_reverse(actor=None, payment=first, reason="Bounced")
    assert item(run_a, "deposit").done_at is None
    finance.payment_reverse(actor=None, payment=second, reason="Bounced")

    reopened = Event.objects.filter(client=client_a, verb="onboarding.item_unpaid")
    assert reopened.count() == 1
    assert Payment.objects.filter(reversed_at__isnull=False).count() == 2


def test_an_invoice_that_is_not_the_deposit_changes_nothing(client_a, run_a):
    contract = make_contract(client=client_a, currency="EUR")
    invoice = make_invoice(contract, issue=True)

    pay(invoice, "1000.00")

    assert item(run_a, "deposit").done_at is None
    assert not Event.objects.filter(verb="onboarding.item_paid").exists()


def test_another_clients_run_is_untouched(client_a, client_b, manager, run_a):
    put_on_team(client_b, manager)
    run_b = runs.run_start(actor=manager, client=client_b)

    pay(deposit_of(client_a), "1000.00")

    assert item(run_a, "deposit").done_at is not None
    assert item(run_b, "deposit").done_at is None
    assert not Event.objects.filter(client=client_b, verb="onboarding.item_paid")


def test_an_onboarding_started_after_the_deposit_was_paid_starts_with_it_done(
    client_a, manager
):
    invoice = deposit_of(client_a)
    payment = pay(invoice, "1000.00")
    put_on_team(client_a, manager)

    run = runs.run_start(actor=manager, client=client_a)

    assert item(run, "deposit").done_by_invoice == invoice
    finance.payment_reverse(actor=None, payment=payment, reason="Charge-back")
    assert item(run, "deposit").done_at is None


def test_no_run_no_change_and_the_payment_stands(client_a):
    invoice = deposit_of(client_a)

    pay(invoice, "1000.00")

    invoice.refresh_from_db()
    assert invoice.status == "paid"


def test_the_run_page_names_the_invoice(client_a, manager, run_a, as_user):
    invoice = deposit_of(client_a)
    pay(invoice, Decimal("1000.00"))

    page = as_user(manager).get(run_a.get_absolute_url())

    assert page.status_code == 200
    assert (
        f"ticked off when the deposit invoice {invoice.number} was paid"
        in page.content.decode()
    )
