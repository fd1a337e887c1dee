"""Issue #11, done when (a): an agency lead invites a contact, who chooses a
password from the e-mail (written in Russian, the contact's language) and
signs in to the portal — in the browser, on SQLite and PostgreSQL alike."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from agencydesk.people.models import User
from agencydesk.people.roles import Role
from tests.factories.clients import make_client
from tests.factories.people import PASSWORD, make_staff
from tests.people.mailbox import account_mail, link_path

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Plum-Fjord-Quartz-9214"


@pytest.fixture
def agency():
    client = make_client(
        "Volga Bakery", slug="volga", country="RU", timezone="Europe/Moscow"
    )
    make_staff(Role.AGENCY_LEAD, email="lead@agency.test", full_name="Lena Lead")
    return client


def test_lead_invites_a_contact_who_sets_a_password_and_signs_in(
    page, live_server, agency, shoot
):
    base = live_server.url
    page.goto(f"{base}/login/")
    page.fill("#id_email", "lead@agency.test")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")

    # The lead adds the contact, in Russian, with an invitation.
    page.goto(f"{base}/clients/volga/people/")
    form = page.locator("#contact-add-form")
    form.locator("input[name=full_name]").fill("Irina Smirnova")
    form.locator("input[name=email]").fill("irina@volga.test")
    form.locator("select[name=role]").select_option("decision_maker")
    form.locator("select[name=language]").select_option("ru")
    expect(form.locator("input[name=invite]")).to_be_checked()
    with page.expect_navigation():
        form.get_by_role("button", name="Add contact").click()
    expect(page.locator("[role=status]")).to_contain_text("invitation sent")
    shoot("invited")

    # The e-mail, in the contact's language.
    irina = User.objects.get(email="irina@volga.test")
    [mail] = account_mail("invitation", irina)
    assert mail.to == ["irina@volga.test"]
    with translation.override("ru"):
        # Compared with the catalogue's Russian (gettext), not a literal: the
        # lead engineer translates the new strings after this lands.
        invited = gettext("%(inviter)s has invited you to Agency Desk.")
        assert invited % {"inviter": "Lena Lead"} in mail.text
        assert gettext("Choose your password with this link to sign in:") in mail.text

    # The contact follows the link in a fresh browser session.
    page.context.clear_cookies()
    page.goto(base + link_path(mail))
    assert page.locator("html").get_attribute("lang") == "ru"
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.url.endswith("/login/")
    shoot("password-set")

    page.fill("#id_email", "irina@volga.test")
    page.fill("#id_password", NEW_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_url(f"{base}/portal/**")
    expect(page.locator("#profile-link")).to_have_text("Irina Smirnova")
    assert page.locator("html").get_attribute("lang") == "ru"
    shoot("portal")

    # The link worked once.
    page.goto(base + link_path(mail))
    expect(page.locator("#invalid-link")).to_be_visible()
