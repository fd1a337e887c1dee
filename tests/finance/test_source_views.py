"""The contract page's "invoice what the client owes" buttons: shown only to
who may use them and only when there is something to bill; each makes a
draft and opens it; a refusal comes back as a message; the page's queries
do not grow with what there is to bill."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencydesk.finance.models import Invoice, InvoiceSource
from tests.factories.clients import make_client
from tests.factories.finance import make_contract
from tests.finance.sources import (
    MONDAY,
    approve_week,
    approved_change,
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
    return make_contract(client=client_en, currency="EUR", amount=Decimal(0))


def _edit(invoice) -> str:
    return reverse("finance:invoice-edit", args=[invoice.pk])


def test_each_button_makes_a_draft_and_opens_it(
    as_user, finance_user, manager, contract, client_en
):
    http = as_user(finance_user)
    page = http.get(contract.get_absolute_url()).content.decode()
    assert "Invoice what the client owes" not in page  # nothing to bill yet
    retainer(client_en, MARCH, "1200")
    ana = person("Ana Art", "80")
    log(ana, client_en, 120, project="Spring campaign")
    approve_week(ana, manager)
    project = project_of(client_en, manager)
    contract.projects.add(project)
    launch = done_milestone(project, "Launch", "500")
    page = http.get(contract.get_absolute_url()).content.decode()
    for label in (
        "Invoice a retainer month",
        "Invoice approved time",
        "Invoice milestones",
    ):
        assert label in page
    assert "Add approved changes" not in page
    assert "March 2026" in page and "Launch · Spring campaign" in page

    made = http.post(
        reverse("finance:invoice-from-retainer", args=[contract.pk]),
        {"month": "2026-03-01"},
    )
    retainer_invoice = Invoice.objects.get()
    assert made["Location"] == _edit(retainer_invoice)
    assert retainer_invoice.subtotal == Decimal("1200.00")
    # The draft's page keeps what a line bills when the draft is saved.
    form = http.get(_edit(retainer_invoice)).content.decode()
    line = retainer_invoice.lines.get()
    assert f'name="id_0" value="{line.pk}"' in form
    http.post(
        _edit(retainer_invoice),
        {
            "tax_rate": "0",
            "description_0": "Retainer, March",
            "quantity_0": "1",
            "unit_price_0": "1100",
            "id_0": str(line.pk),
        },
    )
    assert InvoiceSource.objects.get(kind="retainer").line.unit_price == Decimal(
        "1100.00"
    )
    twice = http.post(
        reverse("finance:invoice-from-retainer", args=[contract.pk]),
        {"month": "2026-03-01"},
        follow=True,
    )
    assert "already invoiced" in twice.content.decode()
    assert Invoice.objects.count() == 1

    made = http.post(
        reverse("finance:invoice-from-time", args=[contract.pk]),
        {"first": "2026-03-01", "last": "2026-03-31", "group_by": "person"},
    )
    time_invoice = Invoice.objects.latest("pk")
    assert made["Location"] == _edit(time_invoice)
    assert time_invoice.subtotal == Decimal("160.00")

    made = http.post(
        reverse("finance:invoice-from-milestones", args=[contract.pk]),
        {"milestones": [str(launch.pk)]},
    )
    assert Invoice.objects.latest("pk").subtotal == Decimal("500.00")

    change = approved_change(client_en, "Extra banner", "75")
    page = http.get(contract.get_absolute_url()).content.decode()
    assert "Add approved changes (1) to the newest draft" in page
    http.post(reverse("finance:invoice-approved-changes", args=[contract.pk]))
    newest = Invoice.objects.latest("pk")
    assert newest.lines.filter(description__contains=f"CR-{change.pk}").exists()
    page = http.get(contract.get_absolute_url()).content.decode()
    assert "Invoice what the client owes" not in page  # all billed


def test_the_buttons_are_for_who_may_manage_the_contract(
    as_user, manager, specialist, contract, client_en, client_b
):
    retainer(client_en, MARCH, "1200")
    url = reverse("finance:invoice-from-retainer", args=[contract.pk])
    # An account manager not on the client's team: 404, nothing made.
    assert as_user(manager).post(url, {"month": "2026-03-01"}).status_code == 404
    assert as_user(specialist).post(url, {"month": "2026-03-01"}).status_code == 403
    assert not Invoice.objects.exists()
    # Another client's contract through this one's URL is not theirs either.
    other = make_contract(client=client_b, currency="EUR")
    assert (
        as_user(manager)
        .post(reverse("finance:invoice-from-time", args=[other.pk]), {})
        .status_code
        == 404
    )


def test_the_contract_page_queries_do_not_grow_with_what_there_is_to_bill(
    as_user, finance_user, manager, contract, client_en
):
    http = as_user(finance_user)
    project = project_of(client_en, manager)
    contract.projects.add(project)

    def fill(n: int, start: int) -> None:
        for i in range(n):
            month = datetime.date(2025, 1 + start + i, 1)
            retainer(client_en, month, "100")
            done_milestone(project, f"M{start + i}", "10")
            approved_change(client_en, f"C{start + i}", "5")
            worker = person(f"Worker {start + i}")
            log(worker, client_en, 60, MONDAY, project="Spring campaign")
            approve_week(worker, manager)

    fill(1, 0)
    url = contract.get_absolute_url()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert http.get(url).status_code == 200
        return len(queries)

    count()  # warm the caches
    small = count()
    fill(4, 1)
    assert count() == small
