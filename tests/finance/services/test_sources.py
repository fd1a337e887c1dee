"""Drafts made from a retainer month, approved time, milestones and approved
change requests: the right lines and totals, each thing billed once, other
currencies refused, and the draft's deletion (or credit) freeing them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from agencydesk.finance import services
from agencydesk.finance.errors import (
    InvoiceContractError,
    InvoiceNotDraftError,
    NothingToInvoiceError,
    NotYourClientError,
    SourceCurrencyError,
)
from agencydesk.finance.models import InvoiceSource
from agencydesk.finance.selectors import billable_for
from tests.factories.clients import make_client
from tests.factories.finance import make_contract, make_contractor, make_invoice
from tests.finance.sources import (
    MONDAY,
    approve_week,
    approved_change,
    bill_rate,
    done_milestone,
    log,
    person,
    project_of,
    retainer,
)

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)


@pytest.fixture
def client_en(db):
    return make_client("Gamma Tea", language="en", currency="EUR")


@pytest.fixture
def contract(client_en):
    return make_contract(
        client=client_en, currency="EUR", tax_rate=Decimal("10"), amount=Decimal(0)
    )


def _lines(invoice):
    return [
        (line.description, line.quantity, line.unit_price, line.amount)
        for line in invoice.lines.order_by("position")
    ]


# A retainer month ---------------------------------------------------------


def test_a_retainer_month_is_one_line_once(finance_user, contract, client_en):
    retainer(client_en, MARCH, "2500.00")
    invoice = services.invoice_from_retainer(
        actor=finance_user, contract=contract, month=datetime.date(2026, 3, 17)
    )
    assert _lines(invoice) == [
        ("Retainer — March 2026", Decimal("1"), Decimal("2500.00"), Decimal("2500.00"))
    ]
    assert (invoice.currency, invoice.subtotal, invoice.total, invoice.status) == (
        "EUR",
        Decimal("2500.00"),
        Decimal("2750.00"),
        "draft",
    )
    with pytest.raises(NothingToInvoiceError):
        services.invoice_from_retainer(
            actor=finance_user, contract=contract, month=MARCH
        )
    # Not on another contract of the client either.
    other = make_contract(client=client_en, currency="EUR")
    with pytest.raises(NothingToInvoiceError):
        services.invoice_from_retainer(actor=finance_user, contract=other, month=MARCH)
    # Deleting the draft frees the month.
    services.invoice_delete(actor=finance_user, invoice=invoice)
    again = services.invoice_from_retainer(
        actor=finance_user, contract=other, month=MARCH
    )
    assert again.total == Decimal("2500.00")


def test_a_retainer_is_refused_without_one_in_another_currency_or_off_term(
    finance_user, contract, client_en
):
    with pytest.raises(NothingToInvoiceError) as missing:
        services.invoice_from_retainer(
            actor=finance_user, contract=contract, month=MARCH
        )
    assert "March 2026" in missing.value.message
    retainer(client_en, datetime.date(2026, 4, 1), "900", currency="USD")
    with pytest.raises(SourceCurrencyError) as foreign:
        services.invoice_from_retainer(
            actor=finance_user, contract=contract, month=datetime.date(2026, 4, 1)
        )
    assert "USD" in foreign.value.message and "EUR" in foreign.value.message
    ended = make_contract(
        client=client_en,
        currency="EUR",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 2, 28),
    )
    retainer(client_en, MARCH, "100")
    with pytest.raises(NothingToInvoiceError):
        services.invoice_from_retainer(actor=finance_user, contract=ended, month=MARCH)
    assert not InvoiceSource.objects.exists()


# Approved time ------------------------------------------------------------


@pytest.fixture
def team(client_en, manager):
    ana, ben = person("Ana Art", "80"), person("Ben Bold", "50")
    for day, minutes in ((MONDAY, 90), (MONDAY + datetime.timedelta(days=1), 45)):
        log(ana, client_en, minutes, day)
    log(ben, client_en, 20)
    log(ben, client_en, 30, is_billable=False)  # never billed
    approve_week(ana, manager)
    approve_week(ben, manager)
    # Not approved yet: the next week.
    log(ana, client_en, 60, MONDAY + datetime.timedelta(days=7))
    return ana, ben


def test_approved_time_is_a_line_per_person_and_rate_and_billed_once(
    finance_user, contract, team
):
    invoice = services.invoice_from_time(
        actor=finance_user,
        contract=contract,
        first=MONDAY,
        last=MONDAY + datetime.timedelta(days=13),
    )
    assert _lines(invoice) == [
        (
            "Time of Ana Art, Mar 2, 2026 – Mar 15, 2026",
            Decimal("2.25"),
            Decimal("80.00"),
            Decimal("180.00"),
        ),
        (
            "Time of Ben Bold, Mar 2, 2026 – Mar 15, 2026",
            Decimal("0.33"),
            Decimal("50.00"),
            Decimal("16.50"),
        ),
    ]
    assert (invoice.subtotal, invoice.tax, invoice.total) == (
        Decimal("196.50"),
        Decimal("19.65"),
        Decimal("216.15"),
    )
    assert InvoiceSource.objects.filter(invoice=invoice, kind="time").count() == 3
    with pytest.raises(NothingToInvoiceError):
        services.invoice_from_time(
            actor=finance_user, contract=contract, first=MONDAY, last=MONDAY
        )
    # The draft's deletion frees the entries.
    services.invoice_delete(actor=finance_user, invoice=invoice)
    assert not InvoiceSource.objects.exists()
    by_rate = services.invoice_from_time(
        actor=finance_user,
        contract=contract,
        first=MONDAY,
        last=MONDAY,
        group_by="rate",
    )
    assert [line[0] for line in _lines(by_rate)] == [
        "Time at €50.00 an hour, Mar 2, 2026 – Mar 2, 2026",
        "Time at €80.00 an hour, Mar 2, 2026 – Mar 2, 2026",
    ]


def test_time_at_a_rate_in_another_currency_refuses_the_whole(
    finance_user, contract, client_en, manager
):
    ana, dollars = person("Ana Art", "80"), person("Dan Dollar", "70", "USD")
    log(ana, client_en, 60)
    log(dollars, client_en, 60)
    approve_week(ana, manager)
    approve_week(dollars, manager)
    with pytest.raises(SourceCurrencyError) as refused:
        services.invoice_from_time(
            actor=finance_user, contract=contract, first=MONDAY, last=MONDAY
        )
    assert "1 of them is priced in USD" in refused.value.message
    assert not contract.invoices.exists() and not InvoiceSource.objects.exists()


def test_time_follows_the_rate_table_and_the_linked_projects(
    finance_user, contract, client_en, manager
):
    ana = person("Ana Art", "80")
    bill_rate(ana, "120.00")
    project = project_of(client_en, manager)
    elsewhere = project_of(client_en, manager, name="Other")
    contract.projects.add(project)
    log(ana, client_en, 60, project="Spring campaign")
    log(ana, client_en, 30, project="Other")
    approve_week(ana, manager)
    invoice = services.invoice_from_time(
        actor=finance_user, contract=contract, first=MONDAY, last=MONDAY
    )
    assert _lines(invoice)[0][1:] == (
        Decimal("1.00"),
        Decimal("120.00"),
        Decimal("120.00"),
    )
    assert elsewhere.name == "Other"


def test_removing_a_time_line_from_the_draft_frees_its_entries_only(
    finance_user, contract, team
):
    invoice = services.invoice_from_time(
        actor=finance_user, contract=contract, first=MONDAY, last=MONDAY
    )
    ana_line, _ben_line = invoice.lines.order_by("position")
    services.invoice_update(
        actor=finance_user,
        invoice=invoice,
        lines=[
            {
                "id": ana_line.pk,
                "description": "Design, March",
                "quantity": "1.5",
                "unit_price": "80",
            }
        ],
    )
    invoice.refresh_from_db()
    assert invoice.total == Decimal("132.00")
    (kept,) = invoice.lines.all()
    assert list(kept.sources.values_list("time_entry__user__full_name", flat=True)) == [
        "Ana Art"
    ]
    # Ben's entry is free again: a new draft bills it.
    again = services.invoice_from_time(
        actor=finance_user, contract=contract, first=MONDAY, last=MONDAY
    )
    assert [line[0] for line in _lines(again)] == [
        "Time of Ben Bold, Mar 2, 2026 – Mar 2, 2026"
    ]


# Milestones -----------------------------------------------------------------


def test_done_priced_milestones_of_linked_projects_are_billed_once(
    finance_user, contract, client_en, manager
):
    project = project_of(client_en, manager)
    contract.projects.add(project)
    launch = done_milestone(project, "Launch", "1500")
    done_milestone(project, "Unpriced", None)
    open_one = project.milestones.create(title="Later", due=MONDAY)
    invoice = services.invoice_from_milestones(actor=finance_user, contract=contract)
    assert _lines(invoice) == [
        (
            "Milestone: Launch (Spring campaign)",
            Decimal("1"),
            Decimal("1500.00"),
            Decimal("1500.00"),
        )
    ]
    with pytest.raises(NothingToInvoiceError):
        services.invoice_from_milestones(actor=finance_user, contract=contract)
    with pytest.raises(NothingToInvoiceError):
        services.invoice_from_milestones(
            actor=finance_user, contract=contract, milestone_ids=[open_one.pk]
        )
    services.invoice_delete(actor=finance_user, invoice=invoice)
    again = services.invoice_from_milestones(
        actor=finance_user, contract=contract, milestone_ids=[launch.pk]
    )
    assert again.subtotal == Decimal("1500.00")


def test_a_milestone_awaiting_the_clients_approval_or_in_another_currency(
    finance_user, contract, client_en, manager
):
    project = project_of(client_en, manager)
    contract.projects.add(project)
    gated = project.milestones.create(
        title="Approved design", due=MONDAY, needs_client_approval=True
    )
    from agencydesk.work import services as work_services

    work_services.milestone_set_amount(
        actor=None, milestone=gated, amount="700", currency="EUR"
    )
    work_services.milestone_toggle(actor=None, milestone=gated)
    # Done, but with no approved deliverable: not billable.
    with pytest.raises(NothingToInvoiceError):
        services.invoice_from_milestones(actor=finance_user, contract=contract)
    dollars = done_milestone(project, "Dollars", "300", currency="USD")
    with pytest.raises(SourceCurrencyError):
        services.invoice_from_milestones(
            actor=finance_user, contract=contract, milestone_ids=[dollars.pk]
        )
    # Without linked projects a contract has no milestones.
    bare = make_contract(client=client_en, currency="USD")
    with pytest.raises(NothingToInvoiceError):
        services.invoice_from_milestones(actor=finance_user, contract=bare)


# Approved change requests ---------------------------------------------------


def test_approved_changes_join_the_next_draft_made_from_a_source(
    finance_user, contract, client_en, manager
):
    retainer(client_en, MARCH, "1000")
    extra = approved_change(client_en, "Extra banner", "250.50")
    approved_change(client_en, "Paid in dollars", "99", currency="USD")
    approved_change(client_en, "Not priced", "0")
    invoice = services.invoice_from_retainer(
        actor=finance_user, contract=contract, month=MARCH
    )
    assert [line[0] for line in _lines(invoice)] == [
        "Retainer — March 2026",
        f"Change request CR-{extra.pk}: Extra banner",
    ]
    assert invoice.subtotal == Decimal("1250.50")
    # Billed once: the next source's draft does not carry it again.
    retainer(client_en, datetime.date(2026, 4, 1), "1000")
    april = services.invoice_from_retainer(
        actor=finance_user, contract=contract, month=datetime.date(2026, 4, 1)
    )
    assert april.lines.count() == 1
    # Deleting the first draft frees it; "add approved changes" puts it on
    # the newest draft.
    services.invoice_delete(actor=finance_user, invoice=invoice)
    draft, made = services.invoice_add_approved_changes(
        actor=finance_user, contract=contract
    )
    assert (draft.pk, made) == (april.pk, False)
    assert [line[0] for line in _lines(draft)][-1].endswith("Extra banner")
    assert draft.subtotal == Decimal("1250.50") and draft.total == Decimal("1375.55")
    with pytest.raises(SourceCurrencyError):
        services.invoice_add_approved_changes(actor=finance_user, contract=contract)


def test_add_approved_changes_makes_a_draft_when_there_is_none(
    finance_user, contract, client_en
):
    with pytest.raises(NothingToInvoiceError):
        services.invoice_add_approved_changes(actor=finance_user, contract=contract)
    approved_change(client_en, "Extra banner", "250")
    issued = make_invoice(contract, finance_user, issue=True)
    draft, made = services.invoice_add_approved_changes(
        actor=finance_user, contract=contract
    )
    assert made and draft.pk != issued.pk and draft.subtotal == Decimal("250.00")
    with pytest.raises(InvoiceNotDraftError):
        services.invoice_add_approved_changes(
            actor=finance_user, contract=contract, invoice=issued
        )


def test_crediting_an_issued_invoice_frees_what_it_billed(
    finance_user, contract, client_en
):
    retainer(client_en, MARCH, "1000")
    invoice = services.invoice_from_retainer(
        actor=finance_user, contract=contract, month=MARCH
    )
    services.invoice_issue(actor=finance_user, invoice=invoice)
    with pytest.raises(InvoiceNotDraftError):
        services.invoice_update(actor=finance_user, invoice=invoice, note="changed")
    services.credit_note_create(actor=finance_user, invoice=invoice, reason="Wrong")
    corrected = services.invoice_from_retainer(
        actor=finance_user, contract=contract, month=MARCH
    )
    assert corrected.subtotal == Decimal("1000.00")


# Who may -------------------------------------------------------------------


def test_who_may_make_drafts_from_sources(
    contract, client_en, manager, specialist, finance_user
):
    retainer(client_en, MARCH, "1000")
    with pytest.raises(PermissionDenied):
        services.invoice_from_retainer(actor=specialist, contract=contract, month=MARCH)
    with pytest.raises(NotYourClientError):
        services.invoice_from_retainer(actor=manager, contract=contract, month=MARCH)
    vendor = make_contract(contractor=make_contractor(currency="EUR"), currency="EUR")
    with pytest.raises(InvoiceContractError):
        services.invoice_from_retainer(actor=finance_user, contract=vendor, month=MARCH)
    assert billable_for(contract).retainers
    assert not billable_for(vendor).anything
