"""The seed's three example flows (001), replayed in the browser.

The client contact opens each request in the portal; a member of staff takes
it from the desk queue and walks it through the stages with the ticket page's
htmx forms; where the seed has the customer act (answer a question, rate the
work) the contact does it in the portal. The ticket page's history must end
up with exactly the seed's "Stage (Status)" lines.
"""

from datetime import timedelta

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from agencydesk.clients.services import team_member_add
from agencydesk.people.roles import Role
from tests.e2e.picking import pick
from tests.factories.clients import make_client, make_contact
from tests.factories.people import PASSWORD, make_staff

pytestmark = pytest.mark.django_db(transaction=True)

HISTORY = "#ticket-history li.transition strong"
STEP_NAMES = "els => els.map(e => e.childNodes[0].textContent.trim())"


@pytest.fixture
def agency():
    """A client with a contact, its account manager and a producer, all in English."""
    client = make_client("Kopi Nusantara", slug="kopi-nusantara", language="en")
    contact = make_contact(
        client,
        email="agus@kopi.test",
        full_name="Agus Pratama",
        language="en",
    )
    manager = make_staff(
        Role.ACCOUNT_MANAGER,
        email="rina@agency.test",
        full_name="Rina Wijaya",
        language="en",
    )
    producer = make_staff(
        Role.SPECIALIST,
        email="anna@agency.test",
        full_name="Anna Smirnova",
        language="en",
    )
    team_member_add(actor=None, client=client, user=manager, role="account_manager")
    team_member_add(actor=None, client=client, user=producer, role="specialist")
    return {"client": client, "contact": contact, "manager": manager}


# -- people -----------------------------------------------------------------


def _sign_in(page, live_server, email):
    """Sign in as someone else in the same browser tab (a fresh session)."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/login/" not in page.url


# -- portal (the contact) ---------------------------------------------------


def _portal_open_request(page, live_server, *, title, description, request_type):
    """The contact opens a request in the portal; returns its reference."""
    page.goto(f"{live_server.url}/portal/")
    with page.expect_navigation():
        page.get_by_role("link", name="New request").first.click()
    assert page.url == f"{live_server.url}/portal/tickets/new/"
    page.fill("#id_title", title)
    page.fill("#id_description", description)
    page.select_option("#id_request_type", label=request_type)
    with page.expect_navigation():
        page.get_by_role("button", name="Send request").click()
    reference = page.locator("h1 span").inner_text()
    assert reference.startswith("AD-")
    assert page.locator("h1").inner_text() == f"{reference} {title}"
    assert f"Your request {reference} was sent." in page.content()
    assert _fact(page, "Stage") == "Screening"
    assert _fact(page, "Status") == "Open"
    assert _fact(page, "Type of request") == request_type
    assert _fact(page, "Promised for") == "Not set yet"
    return reference


def _portal_ticket(page, live_server, reference, status):
    """The contact finds the request in the portal's list and opens it."""
    page.goto(f"{live_server.url}/portal/tickets/")
    row = page.locator("tbody tr", has=page.get_by_role("link", name=reference))
    expect(row).to_have_count(1)
    expect(row.locator(".badge")).to_have_text(status)
    with page.expect_navigation():
        row.get_by_role("link", name=reference, exact=True).click()
    assert _fact(page, "Status") == status


def _fact(page, label):
    return page.locator(f".ticket-facts dt:text-is('{label}') + dd").inner_text()


def _portal_history(page):
    return [
        line.split(" · ", 1)[1]
        for line in page.locator(
            ".ticket-history .history-transition"
        ).all_inner_texts()
    ]


# -- desk (staff) -----------------------------------------------------------


def _desk_open_from_queue(page, live_server, reference, title):
    page.goto(f"{live_server.url}/desk/tickets/")
    row = page.locator("tbody tr", has=page.get_by_role("link", name=reference))
    expect(row).to_have_count(1)
    assert title in row.inner_text()
    with page.expect_navigation():
        row.get_by_role("link", name=reference, exact=True).click()
    assert page.url.endswith(f"/desk/tickets/{reference.removeprefix('AD-')}/")
    assert page.locator("h1").inner_text() == f"{reference} {title}"


def _submit(page, form_selector, path_end, button):
    """Submit a ticket-page form through htmx and check the answer was a 200."""
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith(path_end)
    ) as answer:
        page.locator(form_selector).get_by_role("button", name=button).click()
    assert answer.value.status == 200, answer.value.text()
    expect(page.locator("#action-error")).to_have_count(0)


def _move(page, history, stage, status):
    form = page.locator("#move-form")
    form.locator("select[name=stage]").select_option(label=stage)
    form.locator("select[name=status]").select_option(label=status)
    _submit(page, "#move-form", "/move/", "Move ticket")
    history.append(f"{stage} ({status})")
    expect(page.locator(HISTORY)).to_have_text(history)
    flow = page.locator("#ticket-flow .badge")
    expect(flow.nth(0)).to_have_text(stage)
    expect(flow.nth(1)).to_have_text(status)


def _assign(page, *, analyst=None, producer=None):
    form = page.locator("#assign-form")
    if analyst:
        pick(form.locator("input[name=analyst]"), analyst.split()[0], analyst)
    if producer:
        pick(form.locator("input[name=production_owner]"), producer[:4], producer)
    _submit(page, "#assign-form", "/assign/", "Save")
    if analyst:
        expect(_desk_fact(page, "Analyst")).to_have_text(analyst)
    if producer:
        expect(_desk_fact(page, "Production owner")).to_have_text(producer)


def _desk_fact(page, label):
    return page.locator(f"#ticket-main dt:text-is('{label}') + dd")


def _write(page, text, *, internal=False):
    composer = page.locator("#composer")
    composer.locator("textarea[name=body]").fill(text)
    if internal:
        composer.locator("input[name=is_internal]").check()
    _submit(page, "#composer", "/messages/", "Send")
    message = page.locator("#ticket-history li.message", has_text=text)
    expect(message).to_have_count(1)
    if internal:
        expect(message).to_contain_text("Internal note")


def _promise(page, days):
    promised = timezone.localdate() + timedelta(days=days)
    page.locator("#promise-form input[name=promised_date]").fill(promised.isoformat())
    _submit(page, "#promise-form", "/promise/", "Promise to the client")
    expect(page.locator("#promised-date")).to_have_text(_date(promised))
    return promised


def _date(value):
    with translation.override("en"):
        return formats.date_format(value, "DATE_FORMAT")


def _steps(page):
    return page.eval_on_selector_all("#ticket-steps > li > span", STEP_NAMES)


def _tick_steps(page, names, owner):
    steps = page.locator("#ticket-steps > li")
    expect(steps).to_have_count(len(names))
    assert _steps(page) == names
    owners = page.locator("#ticket-steps > li > span > span").all_inner_texts()
    assert [line.split(" · ")[0] for line in owners] == [owner] * len(names)
    for i in range(len(names)):
        button = steps.nth(i).get_by_role("button")
        expect(button).to_have_text("Mark done")
        with page.expect_response(lambda r: "/steps/" in r.url) as answer:
            button.click()
        assert answer.value.status == 200
        expect(
            page.locator("#ticket-steps > li").nth(i).get_by_role("button")
        ).to_have_text("Done")
    expect(page.locator("#ticket-steps s")).to_have_text(names)


# -- the flows --------------------------------------------------------------


def test_banner_for_a_discount_campaign(page, live_server, shoot, agency):
    title = "I need a banner for a discount campaign"
    question = "Which discount and which banner sizes do you need?"
    answer = "20% off all beans, 1200x400 and 600x600 please."
    check = "The banners are live on staging. Can you check them?"
    note = "Maya approved the banners by phone."

    _sign_in(page, live_server, "agus@kopi.test")
    reference = _portal_open_request(
        page,
        live_server,
        title=title,
        description="For the discount campaign on the website next month.",
        request_type="Banner for a campaign",
    )

    _sign_in(page, live_server, "rina@agency.test")
    _desk_open_from_queue(page, live_server, reference, title)
    history = ["Screening (Open)"]
    expect(page.locator(HISTORY)).to_have_text(history)
    _assign(page, analyst="Rina Wijaya")
    _move(page, history, "Analysis", "Open")
    _write(page, question)
    _move(page, history, "Analysis", "Waiting on customer")

    # The contact sees the request waits on them and answers in the portal.
    _sign_in(page, live_server, "agus@kopi.test")
    _portal_ticket(page, live_server, reference, "Waiting for your answer")
    expect(page.locator(".ticket-facts .waiting-badge")).to_have_count(1)
    expect(page.locator("#ticket-main .alert-warning")).to_have_text(
        "Waiting for your answer — the team needs something from you. "
        "Reply below and the request goes back to them."
    )
    expect(page.locator(".history-message", has_text=question)).to_have_count(1)
    page.fill("#id_body", answer)
    with page.expect_response(lambda r: r.url.endswith("/reply/")) as reply:
        page.get_by_role("button", name="Send reply").click()
    assert reply.value.status == 200
    expect(page.locator("#ticket-main .alert-success")).to_have_text(
        "Your reply was sent."
    )
    expect(page.locator(".ticket-facts .badge")).to_have_text("Open")
    expect(page.locator("#ticket-main .alert-warning")).to_have_count(0)

    # Back with the team by itself: the desk shows the contact's move.
    _sign_in(page, live_server, "rina@agency.test")
    _desk_open_from_queue(page, live_server, reference, title)
    history.append("Analysis (Open)")
    expect(page.locator(HISTORY)).to_have_text(history)
    expect(page.locator("#ticket-history li.transition").last).to_contain_text(
        "Agus Pratama"
    )
    expect(page.locator("#ticket-history li.message", has_text=answer)).to_have_count(1)
    _move(page, history, "Planning", "Open")
    promised = _promise(page, 7)
    _assign(page, producer="Anna Smirnova")
    _move(page, history, "Production", "Open")
    _tick_steps(page, ["Concept", "Copy", "Design", "Approval"], "Anna Smirnova")
    _move(page, history, "Delivery", "Open")
    _write(page, check)
    _move(page, history, "Delivery", "Waiting on customer")
    _write(page, note, internal=True)
    _move(page, history, "Delivery", "Done")

    assert page.locator(HISTORY).all_inner_texts() == [
        "Screening (Open)",
        "Analysis (Open)",
        "Analysis (Waiting on customer)",
        "Analysis (Open)",
        "Planning (Open)",
        "Production (Open)",
        "Delivery (Open)",
        "Delivery (Waiting on customer)",
        "Delivery (Done)",
    ]
    shoot("desk-ticket")

    # The contact sees the date, the status and rates the work.
    _sign_in(page, live_server, "agus@kopi.test")
    _portal_ticket(page, live_server, reference, "Done")
    assert _fact(page, "Stage") == "Delivery"
    assert _fact(page, "Promised for") == _date(promised)
    assert _portal_history(page) == history
    expect(page.locator(".history-message", has_text=check)).to_have_count(1)
    assert note not in page.content()
    rating = page.locator("section[aria-labelledby=rating-title]")
    expect(rating.locator("h2")).to_have_text("Rate this request")
    rating.get_by_text("5", exact=True).click()
    rating.locator("textarea[name=comment]").fill("Fast and beautiful.")
    with page.expect_response(lambda r: r.url.endswith("/rate/")) as rated:
        rating.get_by_role("button", name="Send rating").click()
    assert rated.value.status == 200
    expect(page.locator("#ticket-main .alert-success")).to_have_text(
        "Thank you for your rating."
    )
    expect(rating.locator("h2")).to_have_text("Your rating")
    expect(rating.locator("p")).to_have_text("5 of 5 — Fast and beautiful.")
    shoot("portal-ticket")


def test_landing_page_for_a_new_product(page, live_server, shoot, agency):
    title = "I need a landing page for a new product"
    ready = "The landing page is ready for your review."

    _sign_in(page, live_server, "agus@kopi.test")
    reference = _portal_open_request(
        page,
        live_server,
        title=title,
        description="The oolong gift box launches in three weeks.",
        request_type="Landing page",
    )

    _sign_in(page, live_server, "rina@agency.test")
    _desk_open_from_queue(page, live_server, reference, title)
    history = ["Screening (Open)"]
    _assign(page, analyst="Rina Wijaya", producer="Anna Smirnova")
    _move(page, history, "Analysis", "Open")
    _move(page, history, "Planning", "Open")
    promised = _promise(page, 14)
    _move(page, history, "Production", "Open")
    _tick_steps(
        page,
        ["Concept", "Design", "Build", "Approval", "Publication"],
        "Anna Smirnova",
    )
    _move(page, history, "Delivery", "Open")
    _write(page, ready)
    _move(page, history, "Delivery", "Waiting on customer")
    _write(page, "Approved in the weekly call.", internal=True)
    _move(page, history, "Delivery", "Done")

    assert page.locator(HISTORY).all_inner_texts() == [
        "Screening (Open)",
        "Analysis (Open)",
        "Planning (Open)",
        "Production (Open)",
        "Delivery (Open)",
        "Delivery (Waiting on customer)",
        "Delivery (Done)",
    ]
    shoot("desk-ticket")

    _sign_in(page, live_server, "agus@kopi.test")
    _portal_ticket(page, live_server, reference, "Done")
    assert _fact(page, "Stage") == "Delivery"
    assert _fact(page, "Promised for") == _date(promised)
    assert _portal_history(page) == history
    expect(page.locator(".history-message", has_text=ready)).to_have_count(1)
    assert "Approved in the weekly call." not in page.content()
    expect(page.locator("#rating-title")).to_have_text("Rate this request")
    shoot("portal-ticket")


def test_logo_files_end_at_analysis(page, live_server, shoot, agency):
    title = "I need my logo files"
    files = "Here are your logo files (SVG, PNG, PDF)."

    _sign_in(page, live_server, "agus@kopi.test")
    reference = _portal_open_request(
        page,
        live_server,
        title=title,
        description="For the new packaging printer.",
        request_type="Logo files",
    )

    _sign_in(page, live_server, "rina@agency.test")
    _desk_open_from_queue(page, live_server, reference, title)
    history = ["Screening (Open)"]
    _assign(page, analyst="Rina Wijaya")
    _move(page, history, "Analysis", "Open")
    _write(page, files)
    _move(page, history, "Analysis", "Done")

    assert page.locator(HISTORY).all_inner_texts() == [
        "Screening (Open)",
        "Analysis (Open)",
        "Analysis (Done)",
    ]
    expect(page.locator("#ticket-steps")).to_have_count(0)
    shoot("desk-ticket")

    _sign_in(page, live_server, "agus@kopi.test")
    _portal_ticket(page, live_server, reference, "Done")
    assert _fact(page, "Stage") == "Analysis"
    assert _fact(page, "Promised for") == "Not set yet"
    assert _portal_history(page) == history
    expect(page.locator(".history-message", has_text=files)).to_have_count(1)
    shoot("portal-ticket")
