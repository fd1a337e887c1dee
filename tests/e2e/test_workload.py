"""The workload flow in the browser: plan a week in the planner, book time
tentatively and release it, log time with the timer (across a reload), and see
the account manager's budget alert fire."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agencydesk.clients.services import team_member_add
from agencydesk.core.models import Notification
from agencydesk.people.roles import Role
from agencydesk.planning.models import Allocation
from agencydesk.timesheets import services as timesheets
from agencydesk.timesheets.models import TimeEntry
from agencydesk.timesheets.weeks import monday_of
from tests.e2e.picking import pick
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
    designer = make_staff(
        Role.SPECIALIST,
        email="dina@agency.test",
        full_name="Dina Designer",
        language="en",
        country="SG",
    )
    team_member_add(actor=None, client=client, user=manager, role="account_manager")
    today = timezone.localdate()
    # A one-hour retainer of which the designer has used 47 minutes (78%).
    timesheets.budget_set(
        actor=None,
        client=client,
        kind="retainer",
        month=today.replace(day=1),
        minutes=60,
        amount=0,
        currency="USD",
    )
    timesheets.time_entry_create(
        actor=None, user=designer, day=today, minutes=47, client=client
    )
    assert Notification.objects.count() == 0
    return {"client": client, "manager": manager, "designer": designer}


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/login/" not in page.url


def _htmx(page, path_part, click):
    """Click something that posts through htmx and check the answer was a 200."""
    with page.expect_response(
        lambda r: r.request.method == "POST" and path_part in r.url
    ) as answer:
        click()
    assert answer.value.status == 200, answer.value.text()


def test_plan_tentative_release_timer_and_budget_alert(page, live_server, agency):
    designer, client = agency["designer"], agency["client"]
    week = monday_of(timezone.localdate())
    _sign_in(page, live_server, "rina@agency.test")

    # Plan a week: 8 h confirmed for Kopi Nusantara.
    page.goto(f"{live_server.url}/planning/?start={week.isoformat()}")
    page.locator(f"#cell-{designer.pk}-{week:%Y%m%d} button").click()
    editor = page.locator("#cell-editor-card")
    expect(editor).to_contain_text("Dina Designer")
    pick(editor.locator("#id_client"), "kopi", "Kopi Nusantara")
    editor.locator("#id_hours").fill("8")
    _htmx(
        page,
        "/planning/cells/",
        lambda: editor.get_by_role("button", name="Book").click(),
    )
    expect(page.locator("#cell-allocations li")).to_have_count(1)
    expect(page.locator("#cell-confirmed")).to_have_text("8:00")
    expect(page.locator(f"#cell-{designer.pk}-{week:%Y%m%d} .load")).to_have_text("20%")

    # A tentative booking is drawn apart and counted in "incl. tentative".
    editor = page.locator("#cell-editor-card")
    editor.locator("#id_project").fill("Pitch")
    editor.locator("#id_hours").fill("4")
    editor.locator("#id_is_tentative").check()
    _htmx(
        page,
        "/planning/cells/",
        lambda: editor.get_by_role("button", name="Book").click(),
    )
    tentative = page.locator("#cell-allocations li.list-group-item-primary")
    expect(tentative).to_have_count(1)
    expect(page.locator("#cell-with-tentative")).to_have_text("12:00 (30%)")
    expect(
        page.locator(f"#cell-{designer.pk}-{week:%Y%m%d} [data-tentative]")
    ).to_have_text("+4:00")

    # Releasing it frees the time again.
    _htmx(
        page,
        "/planning/allocations/",
        lambda: tentative.get_by_role("button", name="Release").click(),
    )
    expect(page.locator("#cell-allocations li")).to_have_count(1)
    expect(page.locator("#cell-with-tentative")).to_have_text("8:00 (20%)")
    assert list(Allocation.objects.values_list("minutes", "is_tentative")) == [
        (480, False)
    ]

    # Log time with the timer; it survives a reload.
    page.goto(f"{live_server.url}/time/")
    pick(page.locator("#id_timer-client"), "nusa", "Kopi Nusantara")
    page.locator("#id_timer-note").fill("Campaign brief")
    with page.expect_navigation():
        page.click("#timer-start")
    page.reload()
    expect(page.locator("#timer-running")).to_contain_text("Kopi Nusantara")
    expect(page.locator("#timer-running")).to_contain_text("Campaign brief")
    with page.expect_navigation():
        page.click("#timer-stop")
    expect(page.locator("#sheet-entries")).to_contain_text("Campaign brief")
    manager_entry = TimeEntry.objects.get(user=agency["manager"])
    assert (manager_entry.client_id, manager_entry.minutes) == (client.pk, 1)

    # 48 of 60 minutes: the 80% alert reaches the account manager.
    expect(page.locator("#unread-count")).to_have_text("1")
    with page.expect_navigation():
        page.click("#notifications-link")
    month = timezone.localdate().strftime("%Y-%m")
    expect(page.locator("main")).to_contain_text(
        f"Kopi Nusantara: budget {month} passed 80% (now 80%)"
    )
    page.goto(f"{live_server.url}/planning/budgets/")
    row = page.locator('tr[data-client="kopi-nusantara"]')
    expect(row).to_have_attribute("data-state", "warning")
    expect(row.locator(".burn-percent")).to_have_text("80%")
