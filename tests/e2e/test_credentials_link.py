"""Done-when (d) of issue #11: a client submits access credentials through the
one-time link and the account manager reveals them, audited — in the browser,
the contact on a phone-sized screen without signing in."""

import re

import pytest
from cryptography.fernet import Fernet
from playwright.sync_api import expect

from agencydesk.clients.models import AccessEntry
from agencydesk.clients.services import team_member_add
from agencydesk.comms.models import OutboundMessage
from agencydesk.core.models import Event
from agencydesk.people.roles import Role
from tests.factories.clients import make_client, make_contact
from tests.factories.people import PASSWORD, make_staff

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "Kopi-Adm1n-2026!"


@pytest.fixture
def agency(settings):
    settings.SECRETS_KEY = Fernet.generate_key().decode()
    client = make_client("Brightline Fitness", slug="brightline", language="en")
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


def test_client_sends_credentials_by_link_and_the_am_reveals_them(
    page, browser, live_server, agency, settings, shoot
):
    settings.SITE_URL = live_server.url
    client = agency["client"]
    _sign_in(page, live_server, "li.wei@agency.test")
    page.goto(f"{live_server.url}/clients/{client.slug}/access/")
    form = page.locator("#credential-request-form")
    form.get_by_label("Contact").select_option(label="Jessica Moore")
    form.get_by_label("Link valid for (days)").fill("5")
    with page.expect_navigation():
        form.get_by_role("button", name="Send the link").click()
    expect(page.locator("#credential-requests")).to_contain_text("Open")

    mail = OutboundMessage.objects.get(to=["jessica@brightline.test"])
    link = re.search(r"http\S+/access-link/\S+/", mail.text).group(0)
    assert SECRET not in mail.text

    # The contact, on a phone, not signed in.
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    mobile = phone.new_page()
    mobile.goto(link)
    rows = mobile.locator("fieldset.credential-row")
    rows.nth(0).get_by_label("Platform").fill("WordPress")
    rows.nth(0).get_by_label("Login or account id").fill("admin@brightline.test")
    rows.nth(0).get_by_label("Password or key").fill(SECRET)
    rows.nth(0).get_by_label("Notes").fill("Editor role is enough")
    with mobile.expect_navigation():
        mobile.get_by_role("button", name="Send the accesses").click()
    expect(mobile.locator("#credentials-done")).to_contain_text("1 access was stored")
    # The link is closed now.
    response = mobile.goto(link)
    assert response.status == 410
    expect(mobile.locator("#link-invalid")).to_contain_text("already used")
    phone.close()

    # The account manager reveals it; the timeline says who did what.
    page.goto(f"{live_server.url}/clients/{client.slug}/access/")
    entry = AccessEntry.objects.get(client=client, platform="WordPress")
    row = page.locator(f"#access-{entry.pk}")
    expect(row).to_contain_text("admin@brightline.test")
    expect(row).to_contain_text("Editor role is enough")
    expect(page.locator("#credential-requests")).to_contain_text("Used")
    row.get_by_role("button", name="Reveal").click()
    expect(page.locator(f"#secret-{entry.pk}")).to_contain_text(SECRET)
    shoot("revealed")
    verbs = set(Event.objects.filter(client=client).values_list("verb", "actor"))
    assert ("client.credentials_submitted", agency["contact"].user.pk) in verbs
    assert ("client.access_secret_revealed", agency["manager"].pk) in verbs
    page.goto(f"{live_server.url}/clients/{client.slug}/")
    expect(page.locator("body")).to_contain_text("entered accesses through the link")
    expect(page.locator("body")).to_contain_text("revealed the secret of WordPress")
