"""An account manager takes a new client from prospect to active and, later,
from offboarding to an archive ZIP — in the browser.

Onboarding: start the default checklist, meet the deposit gate, send the
questionnaire, the contact fills it through the signed link (saving once and
coming back), the kickoff meeting is scheduled with an .ics invitation, every
item is ticked. Offboarding: the granted access becomes a revocation item,
the feedback survey is answered by link, the account is archived and the ZIP
holds the client's data.
"""

import json
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agencydesk.clients.models import Client
from agencydesk.clients.services import team_member_add
from agencydesk.core.models import Notification
from agencydesk.people.roles import Role
from tests.e2e.picking import pick
from tests.factories.clients import make_client, make_contact
from tests.factories.people import PASSWORD, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def agency(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = make_client(
        "Brightline Fitness",
        slug="brightline",
        country="US",
        timezone="America/New_York",
        currency="USD",
        language="en",
    )
    contact = make_contact(
        client,
        email="jessica@brightline.test",
        full_name="Jessica Moore",
        language="en",
    )
    manager = make_staff(
        Role.ACCOUNT_MANAGER,
        email="li.wei@agency.test",
        full_name="Li Wei",
        language="en",
    )
    team_member_add(actor=None, client=client, user=manager, role="account_manager")
    return {"client": client, "contact": contact, "manager": manager}


def _sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/login/" not in page.url


def _tick_all(page, *, until=None):
    """Tick every open item in order through htmx; stops before ``until``."""
    while True:
        buttons = page.locator("button[aria-label^='Mark done: ']")
        if buttons.count() == 0:
            return
        button = buttons.first
        label = button.get_attribute("aria-label")
        if until and label == f"Mark done: {until}":
            return
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            button.click()
        assert answer.value.status == 200, answer.value.text()
        expect(page.locator(f"button[aria-label='{label}']")).to_have_count(0)


def test_onboarding_and_offboarding_end_to_end(page, live_server, agency, shoot):
    base = live_server.url
    client = agency["client"]
    _sign_in(page, live_server, "li.wei@agency.test")

    # The client page: log a call in two clicks.
    page.goto(f"{base}/clients/brightline/")
    page.fill("#comm-summary", "Jessica confirmed the contract by phone")
    with page.expect_response(lambda r: r.url.endswith("/log/")) as answer:
        page.get_by_role("button", name="Log call").click()
    assert answer.value.status == 200
    expect(page.locator("#timeline")).to_contain_text(
        "Li Wei logged a call: Jessica confirmed the contract by phone"
    )

    # Start onboarding with the default template.
    with page.expect_navigation():
        page.locator("#run-start-form").get_by_role(
            "button", name="Start checklist"
        ).click()
    assert "/onboarding/runs/" in page.url
    expect(page.locator("#run-progress")).to_contain_text("0 of 20 done")

    # The gate: the kickoff cannot be done before the deposit.
    kickoff = page.locator(
        "button[aria-label='Mark done: Hold the client kickoff meeting']"
    )
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        kickoff.click()
    assert answer.value.status == 422
    expect(page.locator("#checklist-error")).to_contain_text(
        "cannot be completed before: Receive the deposit payment"
    )
    run_url = page.url

    # Send the questionnaire to Jessica from the client page.
    page.goto(f"{base}/clients/brightline/")
    with page.expect_navigation():
        page.locator("#questionnaire-send-form").get_by_role(
            "button", name="Send questionnaire"
        ).click()
    expect(page.locator("body")).to_contain_text(
        "The questionnaire was sent to Jessica Moore."
    )
    with page.expect_navigation():
        page.locator("#client-questionnaires a").first.click()
    link = page.locator("#questionnaire-link").input_value()

    # Jessica fills it through the link, without an account: save, come back, send.
    page.context.clear_cookies()
    page.goto(link)
    page.get_by_label("What does your business do? *").fill("Boutique gyms in NYC")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and come back later").click()
    expect(page.locator("body")).to_contain_text("Saved. You can come back")
    page.goto(link)
    expect(page.get_by_label("What does your business do? *")).to_have_value(
        "Boutique gyms in NYC"
    )
    page.get_by_label("What are your main goals for the next 12 months? *").fill(
        "200 new members a month"
    )
    page.get_by_label("Who is your target audience? *").fill("Busy professionals")
    page.get_by_label("What is your website address?").fill(
        "https://brightline.example"
    )
    page.get_by_label("SEO").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("#questionnaire-done")).to_be_visible()
    shoot("questionnaire-sent")

    # Back as the account manager: the answers are in the profile.
    _sign_in(page, live_server, "li.wei@agency.test")
    page.goto(f"{base}/clients/brightline/")
    expect(page.locator("#client-profile")).to_contain_text("200 new members a month")
    expect(page.locator("#timeline")).to_contain_text(
        "Jessica Moore returned the questionnaire: 5 answers"
    )

    # Schedule the client kickoff and fetch its invitation.
    page.goto(f"{base}/meetings/clients/brightline/new/?kind=client_kickoff")
    page.fill("#id_title", "Client kickoff: Brightline")
    starts = timezone.localtime() + timedelta(days=7)
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT10:00"))
    page.select_option("#id_contacts", label="Jessica Moore")
    pick(page.locator("#id_staff_add"), "li w", "Li Wei")
    with page.expect_navigation():
        page.get_by_role("button", name="Schedule").click()
    expect(page.locator("h1")).to_have_text("Client kickoff: Brightline")
    invite = page.request.get(
        base + page.locator("#meeting-invite").get_attribute("href")
    )
    body = invite.text().replace("\r\n ", "")  # unfold long lines
    assert invite.headers["content-type"].startswith("text/calendar")
    assert "METHOD:REQUEST" in body
    assert "MAILTO:jessica@brightline.test" in body

    # Tick every item: onboarding completes and the account becomes active.
    page.goto(run_url)
    _tick_all(page)
    expect(page.locator("#run-progress")).to_contain_text("20 of 20 done")
    expect(page.locator("#run-progress")).to_contain_text("Complete")
    page.goto(f"{base}/clients/brightline/")
    expect(page.locator("#client-status")).to_have_text("Active")
    expect(page.locator("#next-meeting")).to_contain_text("Client kickoff: Brightline")
    shoot("active")

    # Offboarding: one granted access to revoke.
    page.goto(f"{base}/clients/brightline/access/")
    page.fill("#id_platform", "Meta Ads")
    page.select_option("#id_kind", label="Ad account")
    page.select_option("#id_state", label="Granted")
    with page.expect_navigation():
        page.get_by_role("button", name="Add").click()
    expect(page.locator("#access-entries")).to_contain_text("Meta Ads")
    page.goto(f"{base}/clients/brightline/")
    page.locator("#run-start-form select[name=kind]").select_option(label="Offboarding")
    with page.expect_navigation():
        page.locator("#run-start-form").get_by_role(
            "button", name="Start checklist"
        ).click()
    expect(page.locator(".checklist-item")).to_have_count(5)
    expect(page.locator("#checklist")).to_contain_text("Revoke access: Meta Ads")
    page.goto(f"{base}/clients/brightline/")
    with page.expect_navigation():
        page.locator("#feedback-send-form").get_by_role(
            "button", name="Send feedback survey"
        ).click()
    feedback_url = Notification.objects.filter(verb="offboarding.feedback").get().url
    page.goto(f"{base}/onboarding/")
    with page.expect_navigation():
        page.locator("#run-list a", has_text="Offboarding").click()
    _tick_all(page, until="Archive the account and its export")

    # Jessica answers the survey by link.
    page.context.clear_cookies()
    page.goto(base + feedback_url)
    page.get_by_label("9", exact=True).check()
    page.fill("#id_comment", "Great team")
    with page.expect_navigation():
        page.get_by_role("button", name="Send").click()
    expect(page.locator("#feedback-done")).to_be_visible()

    # Archive: the ZIP holds the client's data; the account is read-only.
    _sign_in(page, live_server, "li.wei@agency.test")
    page.goto(f"{base}/clients/brightline/")
    with page.expect_download() as download:
        page.locator("#archive-form").get_by_role(
            "button", name="Archive the account"
        ).click()
    zipped = zipfile.ZipFile(download.value.path())
    assert {"profile.json", "contacts.csv", "timeline.json", "meetings.json"} <= set(
        zipped.namelist()
    )
    profile = json.loads(zipped.read("profile.json"))
    assert profile["goals"] == "200 new members a month"
    assert json.loads(zipped.read("feedback.json"))[0]["score"] == 9
    assert json.loads(zipped.read("meetings.json"))[0]["title"] == (
        "Client kickoff: Brightline"
    )
    assert json.loads(zipped.read("access.json"))[0]["state"] == "revoked"
    assert Client.objects.get(pk=client.pk).status == "archived"
    page.goto(f"{base}/clients/brightline/")
    expect(page.locator("#client-status")).to_have_text("Archived")
    expect(page.locator("#comm-log")).to_have_count(0)
    shoot("archived")
