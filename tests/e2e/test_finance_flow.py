"""Issue #15's "Done when", in the browser: finance records a contract with a
30% deposit; the deposit invoice is issued (its PDF, in Indonesian, shows its
number, the amount written the Indonesian way and the client's name), paid,
and the onboarding kickoff unblocks; the client's billing contact signs an act
in the portal by uploading its scan; the weekly view shows the remaining
invoices in the right weeks."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from agencydesk.clients.services import team_member_add
from agencydesk.finance import services as finance
from agencydesk.finance.models import Act, Contract, Invoice, SignedScan
from agencydesk.onboarding.models import RunItem
from agencydesk.onboarding.services import run_start
from agencydesk.onboarding.services.runs import item_complete
from agencydesk.people.roles import Role
from tests.e2e.picking import pick
from tests.factories.clients import make_client, make_contact
from tests.factories.people import PASSWORD, make_staff

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT = "Toko Batik Sari"
SCAN = b"%PDF-1.4\n% the act, signed and scanned\n"


@pytest.fixture
def agency(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = make_client(
        CLIENT,
        slug="toko-batik",
        country="ID",
        timezone="Asia/Jakarta",
        currency="IDR",
        language="id",
    )
    manager = make_staff(
        Role.ACCOUNT_MANAGER,
        email="rina@agency.test",
        full_name="Rina Wijaya",
        language="en",
        timezone="Asia/Jakarta",
    )
    team_member_add(actor=None, client=client, user=manager, role="account_manager")
    make_staff(
        Role.FINANCE,
        email="fiona@agency.test",
        full_name="Fiona Finance",
        language="en",
        timezone="Asia/Jakarta",
    )
    # The billing contact reads the portal in English; the client's papers
    # (the invoice PDF) stay in the client's language, Indonesian.
    make_contact(
        client,
        email="dewi@batik.test",
        full_name="Dewi Lestari",
        role="billing",
        language="en",
    )
    # Onboarding is under way: the kickoff is scheduled and waits for the
    # deposit (the gate of docs/client-lifecycle.md).
    run = run_start(actor=None, client=client)
    item_complete(actor=None, item=run.items.get(key="kickoff-scheduled"))
    return {"client": client, "run": run}


def _sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/login/" not in page.url


def _today():
    with timezone.override("Asia/Jakarta"):
        return timezone.localdate()


def _kickoff(page):
    return page.locator(
        "button[aria-label='Mark done: Hold the client kickoff meeting']"
    )


def test_contract_deposit_act_and_weekly_view_end_to_end(
    page, live_server, agency, shoot
):
    base = live_server.url
    today = _today()
    run_url = f"{base}/onboarding/runs/{agency['run'].pk}/"

    # Before the deposit, the account manager cannot hold the kickoff.
    _sign_in(page, live_server, "rina@agency.test")
    page.goto(run_url)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        _kickoff(page).click()
    assert answer.value.status == 422
    expect(page.locator("#checklist-error")).to_contain_text(
        "Receive the deposit payment"
    )

    # Finance records the contract: 100,000,000 IDR with a 30% deposit.
    _sign_in(page, live_server, "fiona@agency.test")
    page.goto(f"{base}/finance/contracts/new/")
    pick(page.locator("#id_client"), "toko", CLIENT)
    page.fill("#id_number", "TBS-2026-01")
    page.fill("#id_date", today.isoformat())
    page.fill("#id_subject", "Social media and ads, 12 months")
    page.fill("#id_amount", "100000000")
    page.select_option("#id_currency", "IDR")
    page.fill("#id_deposit_percent", "30")
    page.fill("#id_net_days", "14")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "contract.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4 the contract",
            }
        ],
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Contract TBS-2026-01")
    contract = Contract.objects.get(number="TBS-2026-01")
    assert contract.deposit_percent == Decimal("30")

    # The deposit on the plan, made into an invoice and issued at once.
    plan = page.locator("form[aria-labelledby=plan-add-title]")
    plan.locator("[name=what_for]").fill("Deposit 30%")
    plan.locator("[name=amount]").fill("30000000")
    plan.locator("[name=planned_date]").fill(today.isoformat())
    plan.locator("[name=is_deposit]").check()
    with page.expect_navigation():
        plan.get_by_role("button", name="Add to the plan").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Make and issue").click()
    deposit = Invoice.objects.get(contract=contract, is_deposit=True)
    assert deposit.status == "issued" and deposit.number
    expect(page.locator("h1")).to_contain_text(deposit.number)

    # Its PDF, in the client's language: number, Indonesian amount, client.
    href = page.get_by_role("link", name="PDF", exact=True).get_attribute("href")
    response = page.request.get(base + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages
    )
    assert deposit.number in text
    assert "Rp30.000.000" in text
    assert CLIENT in text
    assert "Faktur" in text  # "Invoice", in Indonesian

    # Paid in full: the onboarding's deposit item closes by itself.
    pay = page.locator("form[aria-labelledby=pay-title]")
    expect(pay.locator("[name=amount]")).to_have_value("30000000.00")
    pay.locator("[name=reference]").fill("BCA 0042")
    with page.expect_navigation():
        pay.get_by_role("button", name="Record the payment").click()
    deposit.refresh_from_db()
    assert deposit.status == "paid"
    assert RunItem.objects.get(run=agency["run"], key="deposit").done_at is not None

    # The remaining 70% on the plan, issued so that one is due this week and
    # one next week (setup: the issue names no step for it).
    for what_for, days_ago in (("Second payment", 14), ("Final payment", 7)):
        planned = finance.planned_invoice_create(
            actor=None,
            contract=contract,
            what_for=what_for,
            amount=Decimal("35000000"),
            planned_date=today - datetime.timedelta(days=days_ago),
        )
        finance.planned_invoice_make_invoice(
            actor=None,
            planned=planned,
            issue=True,
            issue_date=today - datetime.timedelta(days=days_ago),
        )
    second = Invoice.objects.get(planned__what_for="Second payment")
    final = Invoice.objects.get(planned__what_for="Final payment")
    assert second.due_date == today and final.due_date == today + datetime.timedelta(7)

    # An act for the first months, sent to the client for signature.
    page.goto(f"{base}{contract.get_absolute_url()}")
    page.get_by_role("link", name="Add an act").click()
    page.fill("#id_number", "ACT-01")
    page.fill("#id_amount", "30000000")
    page.fill("#id_delivered", "Content plan, 40 posts, ads set-up")
    page.select_option("#id_status", "sent")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    act = Act.objects.get(number="ACT-01")
    assert act.status == "sent"

    # The account manager now holds the kickoff: the gate is open.
    _sign_in(page, live_server, "rina@agency.test")
    page.goto(run_url)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        _kickoff(page).click()
    assert answer.value.status == 200, answer.value.text()
    expect(
        page.locator("button[aria-label='Reopen: Hold the client kickoff meeting']")
    ).to_have_count(1)

    # The billing contact signs the act in the portal, on a phone.
    _sign_in(page, live_server, "dewi@batik.test")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/portal/")
    page.get_by_role("button", name="Menu").click()
    with page.expect_navigation():
        page.locator("#nav").get_by_role("link", name="Billing").click()
    expect(page.locator("#billing-waiting-section")).to_contain_text("Act ACT-01")
    act_row = page.locator(f"#act-{act.pk}")
    act_row.locator("input[type=file]").set_input_files(
        files=[
            {"name": "act-signed.pdf", "mimeType": "application/pdf", "buffer": SCAN}
        ]
    )
    with page.expect_navigation():
        act_row.get_by_role("button", name="Upload and sign").click()
    expect(page.locator("body")).to_contain_text("the act ACT-01 is signed")
    expect(page.locator("#billing-waiting-section")).to_contain_text(
        "Nothing waits for your signature"
    )
    with page.expect_navigation():
        page.locator(".nav-tabs").get_by_role("link", name="Invoices").click()
    expect(page.locator("#invoice-list")).to_contain_text(deposit.number)
    expect(page.locator(f"#invoice-{deposit.pk}")).to_contain_text("Paid")
    shoot("portal-billing")
    act.refresh_from_db()
    assert act.status == "signed"
    assert SignedScan.objects.get(act=act).uploaded_by.email == "dewi@batik.test"
    page.set_viewport_size({"width": 1280, "height": 900})

    # Finance sees the signed act and its scan; the weekly view puts the
    # remaining invoices in their weeks.
    _sign_in(page, live_server, "fiona@agency.test")
    page.goto(f"{base}{contract.get_absolute_url()}")
    expect(page.locator("section[aria-labelledby=acts-title]")).to_contain_text(
        "Signed"
    )
    expect(page.locator("#signed-scans")).to_contain_text("act-signed.pdf")
    page.goto(f"{base}/finance/weekly/")
    page.locator("summary", has_text="The invoices, soonest due first").click()
    rows = page.locator("#weekly-invoices tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(second.number)
    expect(rows.nth(0)).to_contain_text("This week")
    expect(rows.nth(1)).to_contain_text(final.number)
    expect(rows.nth(1)).to_contain_text("Next week")
    for row in (rows.nth(0), rows.nth(1)):
        expect(row).to_contain_text("IDR")
        expect(row).to_contain_text("35,000,000")
    expect(page.locator("#weekly-invoices")).not_to_contain_text(deposit.number)
    shoot("weekly")
