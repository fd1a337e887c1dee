import pytest
from django.utils import translation

from tests.factories.clients import make_client, make_contact
from tests.factories.people import PASSWORD, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the form works from the keyboard


def test_staff_signs_in_and_switches_the_home_page_to_indonesian(
    page, live_server, shoot
):
    manager = make_staff(full_name="Rina Wijaya", email="rina@agency.test")
    client = make_client("Kopi Nusantara")
    from agencydesk.clients.services import team_member_add

    team_member_add(actor=None, client=client, user=manager, role="account_manager")

    _sign_in(page, live_server, "rina@agency.test")
    # An account manager lands on their own home: their clients.
    assert page.locator("h1").inner_text() == "My clients"
    assert "Kopi Nusantara" in page.locator("#home-my-clients").inner_text()
    shoot("english")

    with page.expect_navigation():
        page.select_option("#language-select", "id")

    with translation.override("id"):
        title = translation.gettext("My clients")
        heading = translation.gettext("My clients: open tickets")
        sign_out = translation.gettext("Sign out")
    assert sign_out != "Sign out"
    assert page.locator("h1").inner_text() == title
    assert heading in page.locator("#home-my-clients").inner_text()
    assert page.get_by_role("button", name=sign_out).is_visible()
    assert page.locator("html").get_attribute("lang") == "id"
    shoot("indonesian")

    # The choice is remembered for the next sign-in.
    with page.expect_navigation():
        page.click("text=" + sign_out)
    _sign_in(page, live_server, "rina@agency.test")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("button", name=sign_out).is_visible()


def _in_id(text: str) -> str:
    with translation.override("id"):
        return translation.gettext(text)


def test_wrong_password_is_refused_with_a_clear_message(page, live_server):
    make_staff(email="rina@agency.test")

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_email", "rina@agency.test")
    page.fill("#id_password", "not-the-password")
    with page.expect_navigation():
        page.click("button[type=submit]")

    assert "The e-mail address or the password is not correct." in page.content()
    assert page.url.endswith("/login/")


def test_client_contact_sees_their_portal_and_is_refused_staff_pages(
    page, live_server, shoot
):
    client = make_client("Taiga Honey", country="RU", timezone="Europe/Moscow")
    make_contact(
        client, email="ivan@taiga.test", full_name="Ivan Petrov", language="en"
    )
    make_client("Qingshan Tea", country="CN", timezone="Asia/Shanghai")

    _sign_in(page, live_server, "ivan@taiga.test")
    assert page.url == f"{live_server.url}/portal/"
    assert page.locator("h1").inner_text() == "Taiga Honey"
    assert "Qingshan Tea" not in page.content()
    shoot("portal")

    for path in ("/clients/", "/staff/", "/clients/qingshan-tea/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 403
        assert "You do not have access to this page." in page.content()
    response = page.goto(f"{live_server.url}/admin/")
    assert "/admin/login/" in page.url
