"""The weekly view of the AM–accounting meeting: money due from clients and
to contractors, overdue / this week / next week, per account manager and
client, per currency; the plan lines to issue; what the other side owes; its
downloads; who sees what; and a fixed number of queries."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencydesk.clients.middleware import viewer_for_user
from agencydesk.clients.services import team_member_add
from agencydesk.finance import services
from agencydesk.finance.selectors import Weeks, weekly_view, with_client_lines
from agencydesk.people.roles import Role
from tests.factories.clients import make_client
from tests.factories.finance import (
    make_bill,
    make_contract,
    make_contractor,
    make_document,
    make_planned,
    pay,
    pdf,
)
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db
D = Decimal


def _today() -> datetime.date:
    return timezone.localdate()


def _weeks() -> Weeks:
    return Weeks.around(_today())


def due_on(contract, due: datetime.date, amount="1000", what="Retainer"):
    """An invoice issued so that it falls due on ``due``."""
    invoice = services.invoice_create(
        actor=None,
        contract=contract,
        lines=[{"description": what, "quantity": 1, "unit_price": amount}],
        tax_rate=D("0"),
    )
    issue = due - datetime.timedelta(days=contract.net_days)
    return services.invoice_issue(actor=None, invoice=invoice, issue_date=issue)


@pytest.fixture
def money(client_a, client_b, am_a, finance_user):
    """Client A (Mira's, USD): one invoice overdue, one due this week part
    paid, one next week, one in three weeks (not shown); client B (no AM,
    RUB): one due this week; a contractor's bill due this week and one paid."""
    weeks = _weeks()
    usd = make_contract(client=client_a, currency="USD", upload=pdf())
    rub = make_contract(client=client_b, currency="RUB", upload=pdf())
    old = due_on(usd, weeks.today - datetime.timedelta(days=20), "700")
    this = due_on(usd, weeks.this_sunday, "1000")
    pay(this, "400", date=weeks.today)
    following = due_on(usd, weeks.next_monday, "300")
    later = due_on(usd, weeks.next_sunday + datetime.timedelta(days=7), "999")
    ruble = due_on(rub, weeks.this_sunday, "50000")
    vendor = make_contract(contractor=make_contractor(name="Lumen"), currency="IDR")
    bill = make_bill(vendor, number="LV-1", due_date=weeks.this_sunday)
    paid = make_bill(vendor, number="LV-2", due_date=weeks.this_sunday)
    services.bill_update(actor=None, bill=paid, status="paid")
    plan = make_planned(usd, what_for="Month 2", planned_date=weeks.next_monday)
    make_document(
        usd,
        title="Act for October",
        expected_from_them="The act signed",
        expected_by=weeks.today,
        status="sent",
    )
    return {
        "old": old,
        "this": this,
        "following": following,
        "later": later,
        "ruble": ruble,
        "bill": bill,
        "paid_bill": paid,
        "plan": plan,
    }


def _rows(amounts):
    return {row[0]: row[1:] for row in amounts.rows()}


def test_the_week_per_currency_manager_and_client(money, finance_user, am_a):
    view = weekly_view(viewer=viewer_for_user(finance_user), today=_today())

    assert _rows(view.from_clients) == {
        "RUB": (D("0"), D("50000.00"), D("0")),
        "USD": (D("700.00"), D("600.00"), D("300.00")),
    }
    # Clients by name, each with its account managers and sums.
    assert [(c.name, c.managers) for c in view.clients] == [
        ("Alpha Coffee", [am_a]),
        ("Beta Honey", []),
    ]
    assert _rows(view.clients[1:2][0].amounts) == {
        "RUB": (D("0"), D("50000.00"), D("0"))
    }
    # Mira's section first, then the clients without an account manager.
    mira, nobody = with_client_lines(view).managers
    assert mira.manager == am_a and [c.name for c in mira.clients] == ["Alpha Coffee"]
    assert _rows(mira.amounts) == {"USD": (D("700.00"), D("600.00"), D("300.00"))}
    assert nobody.manager is None and [c.name for c in nobody.clients] == ["Beta Honey"]
    assert [i.number for i in view.invoices] == [
        money["old"].number,
        money["this"].number,
        money["ruble"].number,
        money["following"].number,
    ]
    assert [i.bucket for i in view.invoices] == [
        "overdue",
        "this_week",
        "this_week",
        "next_week",
    ]
    assert view.invoices[0].managers == [am_a]
    # Contractors: the bill to pay, not the paid one.
    assert view.sees_contractors
    assert _rows(view.to_contractors) == {"IDR": (D("0"), D("250000.00"), D("0"))}
    assert [b.number for b in view.bills] == ["LV-1"]
    assert [p.what_for for p in view.planned] == ["Month 2"]
    assert _rows(view.planned_amounts) == {"USD": (D("0"), D("0"), D("300.00"))}
    assert [d.title for g in view.expected for d in g.documents] == ["Act for October"]


def test_a_client_with_two_managers_counts_under_both_and_once_in_the_totals(
    money, finance_user, am_a, client_a
):
    second = make_staff(Role.ACCOUNT_MANAGER, full_name="Zoe Second")
    team_member_add(actor=None, client=client_a, user=second, role="account_manager")

    view = with_client_lines(
        weekly_view(viewer=viewer_for_user(finance_user), today=_today())
    )

    usd = {"USD": (D("700.00"), D("600.00"), D("300.00"))}
    mira, zoe, nobody = view.managers
    assert (mira.manager, zoe.manager, nobody.manager) == (am_a, second, None)
    assert _rows(mira.amounts) == usd and _rows(zoe.amounts) == usd
    assert [c.name for c in zoe.clients] == ["Alpha Coffee"]
    assert _rows(view.from_clients)["USD"] == usd["USD"]


def test_an_issued_plan_line_and_a_paid_invoice_leave_the_view(money, finance_user):
    services.planned_invoice_make_invoice(
        actor=None, planned=money["plan"], issue=True, issue_date=_today()
    )
    pay(money["old"], "700", date=_today())

    view = weekly_view(viewer=viewer_for_user(finance_user), today=_today())

    assert view.planned == []
    assert _rows(view.from_clients)["USD"][0] == D("0")  # nothing overdue now
    assert money["old"].number not in [i.number for i in view.invoices]


def test_an_account_manager_sees_their_clients_and_no_contractors(money, am_a):
    view = weekly_view(viewer=viewer_for_user(am_a), today=_today())

    assert set(_rows(view.from_clients)) == {"USD"}
    assert not view.sees_contractors and not view.to_contractors
    assert view.bills == []


def test_finance_chooses_an_account_manager(money, finance_user, am_a):
    view = weekly_view(
        viewer=viewer_for_user(finance_user), today=_today(), manager_id=am_a.pk
    )

    assert set(_rows(view.from_clients)) == {"USD"}
    assert [s.manager for s in view.managers] == [am_a]
    # Contractors are nobody's account manager's.
    assert not view.sees_contractors


def test_weeks_run_monday_to_sunday_in_the_viewers_timezone():
    sunday = datetime.date(2026, 12, 13)
    weeks = Weeks.around(sunday)
    assert weeks.this_monday == datetime.date(2026, 12, 7)
    assert weeks.next_sunday == datetime.date(2026, 12, 20)
    assert weeks.bucket(sunday) == "this_week"
    assert weeks.bucket(datetime.date(2026, 12, 12)) == "overdue"
    assert weeks.bucket(datetime.date(2026, 12, 14)) == "next_week"


def test_the_page_for_finance_and_for_an_account_manager(
    as_user, money, finance_user, am_a, specialist
):
    url = reverse("finance:weekly")
    body = as_user(finance_user).get(url).content.decode()
    assert "Due from clients" in body and "To pay to contractors" in body
    assert money["old"].number in body and "LV-1" in body and "Month 2" in body
    assert "$700.00" in body and "Mira Manager" in body and "Beta Honey" in body
    assert "Act for October" in body
    assert money["later"].number not in body
    chosen = as_user(finance_user).get(url, {"manager": am_a.email})
    assert "Beta Honey" not in chosen.content.decode()

    mine = as_user(am_a).get(url).content.decode()
    assert "Alpha Coffee" in mine and "Beta Honey" not in mine
    assert "LV-1" not in mine and "To pay to contractors" not in mine
    assert as_user(specialist).get(url).status_code == 403


def test_the_menu_entry_is_for_finance_admins_leads_and_managers(
    as_user, finance_user, am_a, specialist
):
    url = reverse("finance:weekly")
    for user in (finance_user, am_a):
        assert f'href="{url}"' in as_user(user).get("/").content.decode()
    assert f'href="{url}"' not in as_user(specialist).get("/").content.decode()


def test_an_empty_week_says_so(as_user, finance_user):
    body = as_user(finance_user).get(reverse("finance:weekly")).content.decode()
    assert "Nothing is due this week or next" in body


def test_contractor_money_alone_shows_its_page(as_user, finance_user):
    """No client owes anything, a contractor bill is due: the contractors'
    table still names its party (the demo's finance person under need-to-know
    met a server error here)."""
    vendor = make_contract(contractor=make_contractor(name="Lumen"), currency="IDR")
    make_bill(vendor, number="LV-9", due_date=_weeks().this_sunday)

    response = as_user(finance_user).get(reverse("finance:weekly"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Lumen" in body and "LV-9" in body


def test_the_downloads_list_every_row_with_its_currency(
    as_user, money, finance_user, am_a, client_a
):
    money["old"].contract.refresh_from_db()
    url = reverse("finance:weekly")
    csv = as_user(finance_user).get(url, {"format": "csv"})
    assert csv["Content-Disposition"].endswith('weekly.csv"')
    text = csv.content.decode("utf-8-sig")
    assert money["old"].number in text and "Overdue" in text
    assert "LV-1" in text and "250000.00" in text and "IDR" in text
    assert "Month 2" in text and "Mira Manager" in text
    assert money["later"].number not in text

    mine = as_user(am_a).get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert "LV-1" not in mine and money["ruble"].number not in mine

    xlsx = as_user(finance_user).get(url, {"format": "xlsx"})
    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Money" and len(values) == 1 + 4 + 1 + 1


def test_the_download_keeps_formulas_as_text(as_user, finance_user, client_a):
    contract = make_contract(client=client_a, upload=pdf())
    make_planned(contract, what_for="=cmd|' /C calc'!A0", planned_date=_today())
    csv = as_user(finance_user).get(reverse("finance:weekly"), {"format": "csv"})
    assert b"'=cmd" in csv.content


def _fill(n: int) -> None:
    weeks = _weeks()
    for i in range(n):
        client = make_client(f"Weekly {n} {i}")
        manager = make_staff(Role.ACCOUNT_MANAGER)
        team_member_add(actor=None, client=client, user=manager, role="account_manager")
        contract = make_contract(client=client, currency=("USD", "EUR")[i % 2])
        due_on(contract, weeks.today - datetime.timedelta(days=3))
        due_on(contract, weeks.next_monday)
        make_planned(contract, planned_date=weeks.next_monday)
        make_document(contract, expected_from_them="A scan", status="sent")
        vendor = make_contract(contractor=make_contractor(), currency="IDR")
        make_bill(vendor, due_date=weeks.this_sunday)


def _queries(http, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url, params).status_code == 200
    return len(queries)


def test_the_page_runs_a_fixed_number_of_queries(as_user, finance_user, am_a):
    url = reverse("finance:weekly")
    http = as_user(finance_user)
    _fill(2)
    _queries(http, url)  # warm the caches (permissions, menu)
    small = [_queries(http, url), _queries(http, url, format="csv")]
    _fill(6)
    assert [_queries(http, url), _queries(http, url, format="csv")] == small


def test_the_demo_week_is_not_empty(as_user):
    import io

    from agencydesk.demo import load
    from agencydesk.people.models import User

    load(out=io.StringIO())
    olga = User.objects.get(email="olga@agency.example")
    view = weekly_view(viewer=viewer_for_user(olga), today=_today())

    owed = {
        bucket
        for _c, *amounts in view.from_clients.rows()
        for bucket, amount in zip(
            ("overdue", "this_week", "next_week"), amounts, strict=True
        )
        if amount
    }
    assert owed == {"overdue", "this_week", "next_week"}
    assert "this_week" in {b.bucket for b in view.bills}
    assert view.expected
    assert as_user(olga).get(reverse("finance:weekly")).status_code == 200
