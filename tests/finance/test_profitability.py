"""Profitability with money: planning's time cost per client beside invoiced
(net of credit notes), paid (not reversed) and contractor costs, each per
currency; the agency's totals in its base currency through the exchange rate
table (rate and date beside every converted figure, a currency without a
rate left out and said so); filters, downloads, who sees it, and a fixed
number of queries."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencydesk.clients.middleware import viewer_for_user
from agencydesk.core.models import Agency
from agencydesk.finance import services
from agencydesk.finance.selectors import profitability_with_money
from agencydesk.people.roles import Role
from agencydesk.timesheets import services as timesheets
from agencydesk.work.models import Project
from tests.factories.clients import make_client
from tests.factories.finance import (
    DAY,
    make_bill,
    make_contract,
    make_contractor,
    make_invoice,
    pay,
    pdf,
)
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db
D = Decimal
FIRST, LAST = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)
MONTH = {"month": "2026-11"}


def _time(person, client, minutes=120, day=DAY):
    return timesheets.time_entry_create(
        actor=None, user=person, day=day, minutes=minutes, client=client
    )


def _rates(person):
    for kind, amount in (("cost", "50"), ("bill", "150")):
        timesheets.rate_set(
            actor=None,
            kind=kind,
            user=person,
            hourly_amount=amount,
            currency="USD",
            effective_from=datetime.date(2026, 1, 1),
        )


def _exchange(source, rate, valid_from, target="USD"):
    return timesheets.exchange_rate_set(
        actor=None,
        from_currency=source,
        to_currency=target,
        rate=rate,
        valid_from=valid_from,
    )


@pytest.fixture
def money(client_a, client_b, admin_user):
    """November 2026. Client A (USD): 2 h of time (cost 100, value 300); an
    invoice of 1000 paid 400 (and a reversed payment of 100); an invoice
    issued and credited (net nothing); an October invoice (out). A vendor
    (IDR) billing 250,000 on A's project; another vendor's bill of 80,000 on
    no project (nobody's). Client B (RUB): an invoice of 50,000 paid in
    full. IDR has a rate to USD, RUB none."""
    person = make_staff(Role.SPECIALIST, full_name="Citra Copywriter")
    _rates(person)
    _time(person, client_a)
    usd = make_contract(client=client_a, currency="USD", upload=pdf())
    invoice = make_invoice(usd, issue=True, tax_rate=D("0"))
    pay(invoice, "400")
    reversed_payment = pay(invoice, "100")
    services.payment_reverse(actor=None, payment=reversed_payment, reason="Bounced")
    credited = make_invoice(usd, issue=True, tax_rate=D("0"))
    services.credit_note_create(actor=None, invoice=credited, issue_date=DAY)
    october = make_invoice(usd, tax_rate=D("0"))
    services.invoice_issue(
        actor=None, invoice=october, issue_date=datetime.date(2026, 10, 30)
    )
    site = Project.objects.create(client=client_a, name="Site", start=DAY, owner=person)
    vendor = make_contract(
        contractor=make_contractor(name="Lumen"), currency="IDR", projects=[site]
    )
    make_bill(vendor, amount=D("250000"))
    loose = make_contract(contractor=make_contractor(name="Kilat"), currency="IDR")
    make_bill(loose, amount=D("80000"))
    rub = make_contract(client=client_b, currency="RUB", upload=pdf())
    pay(make_invoice(rub, issue=True, tax_rate=D("0"), lines=_line("50000")), "50000")
    _exchange("IDR", "0.0000625", datetime.date(2026, 10, 1))
    # After the period's end: not the rate of November.
    _exchange("IDR", "0.0001", datetime.date(2026, 12, 1))
    return {"person": person, "vendor": vendor}


def _line(amount):
    return [{"description": "Work", "quantity": 1, "unit_price": amount}]


def _view(user, **filters):
    return profitability_with_money(
        viewer=viewer_for_user(user), first=FIRST, last=LAST, **filters
    )


def _lines(money):
    return {
        line.currency: (
            line.value,
            line.time_cost,
            line.invoiced,
            line.paid,
            line.contractor,
            line.margin,
        )
        for line in money.lines
    }


def test_each_client_per_currency(money, finance_user, client_a, client_b):
    view = _view(finance_user)

    alpha, beta = view.rows
    assert alpha.client == client_a and alpha.minutes == 120
    assert _lines(alpha) == {
        # Margin: invoiced − time cost − contractor costs, per currency.
        "IDR": (None, None, None, None, D("250000.00"), D("-250000.00")),
        "USD": (
            D("300.00"),
            D("100.00"),
            D("1000.00"),
            D("400.00"),
            None,
            D("900.00"),
        ),
    }
    assert beta.client == client_b
    assert _lines(beta) == {
        "RUB": (None, None, D("50000.00"), D("50000.00"), None, D("50000.00"))
    }
    # The agency adds the bill of no one client to its contractor costs.
    assert view.unattributed == {"IDR": D("80000.00")}
    assert _lines(view.totals)["IDR"][4] == D("330000.00")


def test_base_total_converts_with_the_rate_of_the_period_end(money, finance_user):
    base = _view(finance_user).base

    assert base.base == "USD" and base.day == LAST
    lines = {b.line.currency: b for b in base.lines}
    idr = lines["IDR"]
    assert (idr.rate, idr.valid_from) == (
        D("0.00006250"),
        datetime.date(2026, 10, 1),
    )
    # 330,000 IDR × 0.0000625 = 20.625 → 20.63 (half up).
    assert idr.converted("contractor") == D("20.63")
    assert lines["USD"].is_base and lines["USD"].converted("invoiced") == D("1000.00")
    # RUB has no rate: never converted, left out of the total.
    assert not lines["RUB"].has_rate and lines["RUB"].converted("invoiced") is None
    assert base.missing == ["RUB"]
    assert base.total("invoiced") == D("1000.00")
    assert base.total("margin") == D("900.00") - D("20.63")


def test_a_rate_set_in_another_direction_is_not_used(money, finance_user):
    _exchange("USD", "90", datetime.date(2026, 10, 1), target="RUB")

    assert _view(finance_user).base.missing == ["RUB"]


def test_filters_narrow_to_a_client_or_an_account_manager(
    money, finance_user, client_a, client_b, am_a
):
    only_b = _view(finance_user, client_id=client_b.pk)
    assert [r.client for r in only_b.rows] == [client_b]
    # Nobody's bills are no client's: left out once a client is chosen.
    assert only_b.unattributed == {}
    assert [b.line.currency for b in only_b.base.lines] == ["RUB"]

    mira = _view(finance_user, manager_id=am_a.pk)
    assert [r.client for r in mira.rows] == [client_a]
    assert _lines(mira.rows[0])["IDR"][4] == D("250000.00")


def test_a_contract_linking_projects_of_two_clients_is_nobodys(
    money, finance_user, client_a, client_b
):
    other = Project.objects.create(
        client=client_b, name="Ads", start=DAY, owner=money["person"]
    )
    money["vendor"].projects.add(other)

    view = _view(finance_user)

    assert "IDR" not in _lines(view.rows[0])
    assert view.unattributed == {"IDR": D("330000.00")}


def test_the_page(money, as_user, finance_user):
    _exchange("RUB", "0.011", datetime.date(2026, 12, 2))  # too late for November
    page = as_user(finance_user).get(reverse("finance:profitability"), MONTH)

    assert page.status_code == 200
    body = page.content.decode()
    assert "Alpha Coffee" in body and "Beta Honey" in body
    assert "1 IDR = 0.0000625 USD, valid from" in body
    assert "at 0.0000625 of" in body
    assert "No rate for RUB" in body
    assert "The total leaves out RUB" in body
    assert "$1,000.00" in body and "$20.63" in body


def test_empty_month(money, as_user, finance_user):
    page = as_user(finance_user).get(
        reverse("finance:profitability"), {"month": "2025-01"}
    )

    assert "No time, invoices, payments or contractor bills in this month" in (
        page.content.decode()
    )


def test_who_sees_it(money, as_user, admin_user, manager, specialist):
    url = reverse("finance:profitability")
    assert as_user(admin_user).get(url, MONTH).status_code == 200
    # As planning's report: who sees time rates (not account managers).
    assert as_user(manager).get(url, MONTH).status_code == 403
    assert as_user(specialist).get(url, MONTH).status_code == 403


def test_planning_report_links_to_it(money, as_user, finance_user):
    body = (
        as_user(finance_user)
        .get(reverse("planning:report-profitability"), MONTH)
        .content.decode()
    )

    assert f"{reverse('finance:profitability')}?month=2026-11" in body


def test_downloads(money, as_user, finance_user):
    from openpyxl import load_workbook

    http = as_user(finance_user)
    url = reverse("finance:profitability")
    text = http.get(url, {**MONTH, "format": "csv"}).content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Client,Currency,Hours,Billable value,Time cost")
    # The hours once per client (time is not money of a currency).
    assert "Alpha Coffee,IDR,2.00,,,,,250000.00,-250000.00" in lines
    assert "Alpha Coffee,USD,,300.00,100.00,1000.00,400.00,,900.00" in lines
    assert "Contractor costs of no one client,IDR,,,,,,80000.00,-80000.00" in lines
    assert any(
        line.startswith("All clients,RUB,") and "no rate for RUB" in line
        for line in lines
    )
    assert any(
        line.startswith("All clients,IDR,") and ",0.00006250,2026-10-01," in line
        for line in lines
    )

    book = load_workbook(
        BytesIO(http.get(url, {**MONTH, "format": "xlsx"}).content), read_only=True
    )
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[-1][0] == "Total in USD"


def _fill(n):
    """``n`` clients, each with time, an invoice paid in part and a
    contractor's bill on its project, in three currencies."""
    person = make_staff(Role.SPECIALIST)
    _rates(person)
    for i in range(n):
        client = make_client(name=f"Client {i} {n}")
        currency = ("USD", "IDR", "EUR")[i % 3]
        _time(person, client, minutes=60)
        contract = make_contract(client=client, currency=currency, upload=pdf())
        pay(make_invoice(contract, issue=True), "10")
        project = Project.objects.create(
            client=client, name="P", start=DAY, owner=person
        )
        vendor = make_contract(
            contractor=make_contractor(), currency=currency, projects=[project]
        )
        make_bill(vendor)


def _queries(http, url, **params):
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url, {**MONTH, **params}).status_code == 200
    return len(queries)


def test_the_page_runs_a_fixed_number_of_queries(as_user, finance_user):
    _exchange("IDR", "0.0000625", datetime.date(2026, 10, 1))
    url = reverse("finance:profitability")
    http = as_user(finance_user)
    _fill(3)
    _queries(http, url)  # warm the caches (permissions, menu)
    small = [_queries(http, url), _queries(http, url, format="csv")]
    _fill(9)
    assert [_queries(http, url), _queries(http, url, format="csv")] == small


def test_a_large_rate_reads_as_written(money, as_user, finance_user):
    _exchange("USD", "16000", datetime.date(2026, 10, 1), target="IDR")
    Agency.objects.update(currency="IDR")
    body = (
        as_user(finance_user)
        .get(reverse("finance:profitability"), MONTH)
        .content.decode()
    )

    assert "1 USD = 16000 IDR, valid from" in body
    assert "No rate for RUB" in body
