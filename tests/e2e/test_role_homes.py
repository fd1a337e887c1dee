"""Issue #11 Done-when (b): each role signs in on the demo agency, lands on
its own home, and every menu entry and home link it is shown opens — no 403,
404, 5xx or sign-in page. Anna starts the timer from My work; Olga returns two
weeks at once with a reason."""

import io
from urllib.parse import urljoin, urlsplit

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from agencydesk.demo import DEMO_PASSWORD, load
from agencydesk.people.models import User
from agencydesk.timesheets.models import Timer, TimesheetWeek
from tests.core.test_role_homes import _give_anna_work, _more_of_everything
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

HOMES = [
    ("admin@agency.example", "The agency"),
    ("lead@agency.example", "The agency"),
    ("rina@agency.example", "My clients"),
    ("anna@agency.example", "My work"),
    ("olga@agency.example", "Time to approve, budgets and rates"),
    ("maya@kopinusantara.example", "Kopi Nusantara"),
]


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load(out=io.StringIO())
    # Something in every panel: Anna's tickets, a meeting this week, a budget
    # past its line, weeks waiting for approval.
    _give_anna_work()
    _more_of_everything(1)
    Timer.objects.all().delete()


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/login/" not in page.url, email


def _shown_links(page, base: str) -> list[str]:
    """Same-site links of the menu and of the page's content, in page order."""
    hrefs = page.eval_on_selector_all(
        "#nav a[href], #main a[href]", "links => links.map(a => a.href)"
    )
    host = urlsplit(base).netloc
    found = []
    for href in hrefs:
        parts = urlsplit(urljoin(base, href))
        if parts.scheme not in ("http", "https") or parts.netloc != host:
            continue
        url = parts._replace(fragment="").geturl()
        if url not in found and url.rstrip("/") != page.url.rstrip("/"):
            found.append(url)
    return found


def _opens(page, context, url: str) -> str | None:
    """None if ``url`` opens for the signed-in person, else what went wrong."""
    try:
        response = page.goto(url)
        status = response.status if response else 0
        landed = page.url
    except PlaywrightError as error:
        if "Download is starting" not in str(error):
            raise
        answer = context.request.get(url, max_redirects=0)
        status, landed = answer.status, answer.headers.get("location", url)
    if urlsplit(landed).path.startswith("/login/"):
        return f"{url} → sign-in page"
    if status in (403, 404) or status >= 500:
        return f"{url} → {status}"
    return None


def _in_language_of(email: str, text: str, *args) -> str:
    """What the person reads: their language (the demo's staff use four)."""
    with translation.override(User.objects.get(email=email).language or "en"):
        if args:
            return translation.ngettext(text, *args) % {"n": args[-1]}
        return translation.gettext(text)


def test_each_role_lands_on_its_home_and_every_link_it_is_shown_opens(
    browser, live_server, demo
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for email, title in HOMES:
        heading = title if "@agency." not in email else _in_language_of(email, title)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15000)
        _sign_in(page, live_server, email)
        expect(page.locator("h1").first).to_have_text(heading)
        home = page.url
        page.screenshot(path=str(ARTIFACTS / f"home-{email}.png"), full_page=True)

        links = _shown_links(page, home)
        assert len(links) > 3, (email, links)
        refused = [problem for url in links if (problem := _opens(page, context, url))]
        assert not refused, f"{email} is shown links it may not open:\n" + "\n".join(
            refused
        )

        if email.startswith("anna@"):
            page.goto(home)
            first = page.locator("#my-tickets .list-group-item").first
            reference = first.locator("a").first.inner_text().split(" · ")[0]
            with page.expect_navigation():
                first.locator("form.timer-start button").click()
            expect(page.locator("h1")).to_have_text(heading)
            expect(page.locator("#running-timer")).to_contain_text(reference)

        if email.startswith("olga@"):
            page.goto(home)
            boxes = page.locator("#home-to-approve input[name=week]")
            assert boxes.count() == 2
            boxes.nth(0).check()
            boxes.nth(1).check()
            page.fill("#return-reason", "Split the hours by project, please.")
            with page.expect_navigation():
                page.click("#return-many")
            returned = _in_language_of(
                email,
                "%(n)s week returned to its person.",
                "%(n)s weeks returned to their people.",
                2,
            )
            expect(page.locator("main")).to_contain_text(returned)
            assert not TimesheetWeek.objects.filter(
                status=TimesheetWeek.Status.SUBMITTED,
                week__lte=timezone.localdate(),
            ).exists()
        context.close()
