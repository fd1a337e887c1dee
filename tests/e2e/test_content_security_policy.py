"""The Content-Security-Policy in chromium: pages, htmx swaps and Bootstrap's
scripts work under it, and the browser reports no violation."""

import pytest
from playwright.sync_api import expect

from agencydesk.clients.services import team_member_add
from agencydesk.core.notifications import notify
from agencydesk.onboarding import services as onboarding
from agencydesk.people.roles import Role
from tests.factories.clients import make_client
from tests.factories.people import PASSWORD, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def agency():
    client = make_client("Kopi Nusantara", slug="kopi-nusantara", language="en")
    manager = make_staff(
        Role.ACCOUNT_MANAGER,
        email="rina@agency.test",
        full_name="Rina Wijaya",
        language="en",
    )
    team_member_add(actor=None, client=client, user=manager, role="account_manager")
    run = onboarding.run_start(actor=manager, client=client)
    notify(
        recipient=manager,
        verb="x.y",
        title="Kopi Nusantara needs a look",
        url=client.get_absolute_url(),
    )
    return {"client": client, "manager": manager, "run": run}


def _watch(page) -> list[str]:
    """What chromium reports about the policy, and any script error."""
    seen: list[str] = []
    page.on(
        "console",
        lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda error: seen.append(f"script error: {error}"))
    return seen


def test_pages_htmx_and_bootstrap_work_under_the_policy(page, live_server, agency):
    seen = _watch(page)

    # the language switcher submits on change (was onchange="…")
    answer = page.goto(f"{live_server.url}/login/")
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    with page.expect_navigation():
        page.select_option("#language-select", "id")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    page.fill("#id_email", "rina@agency.test")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")

    # a notification opens with a POST button and follows its link
    page.click("#notifications-link")
    with page.expect_navigation():
        page.get_by_role("button", name="Kopi Nusantara needs a look").press("Enter")
    assert page.url.endswith("/clients/kopi-nusantara/")
    expect(page.locator("#unread-count")).to_have_count(0)

    # htmx posts the communication log, swaps the timeline, empties the form
    page.fill("#comm-summary", "Called about the Ramadan plan")
    with page.expect_response(lambda r: r.url.endswith("/log/")):
        page.get_by_role("button", name="Log call").click()
    expect(page.locator("#timeline")).to_contain_text("Called about the Ramadan plan")
    expect(page.locator("#comm-summary")).to_have_value("")

    # a checklist tick is swapped in by htmx and its progress bar is sized
    page.goto(f"{live_server.url}{agency['run'].get_absolute_url()}")
    bar = page.locator("#checklist .progress-bar")
    expect(bar).to_have_attribute("style", "width: 0%;")
    with page.expect_response(lambda r: "/items/" in r.url):
        page.locator("#checklist .checklist-item button").first.click()
    expect(page.locator("#run-progress")).to_contain_text("1 of")
    assert bar.evaluate("b => b.style.width") not in ("", "0%")

    # Bootstrap's collapse opens the menu on a narrow screen
    page.set_viewport_size({"width": 500, "height": 800})
    expect(page.locator("#nav")).to_be_hidden()
    page.click(".navbar-toggler")
    expect(page.locator("#nav")).to_be_visible()

    # htmx injected no <style> of its own, and nothing was refused
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    assert seen == []
