"""The project board in the browser: a card dragged to another column is
moved (htmx swaps the board); a stale card says so and stays."""

import pytest
from playwright.sync_api import expect

from agencydesk.people.roles import Role
from agencydesk.work import services
from agencydesk.work.models import Task
from tests.factories.clients import make_client
from tests.factories.people import PASSWORD, make_staff
from tests.work.factories import make_project, make_task

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/login/" not in page.url


def test_a_card_dragged_to_another_column_moves(page, live_server, shoot):
    client = make_client("Kopi Nusantara", slug="kopi-nusantara", language="en")
    manager = make_staff(
        Role.ACCOUNT_MANAGER, email="rina@agency.test", full_name="Rina", language="en"
    )
    project = make_project(client, manager, name="Website")
    task = make_task(project, "Write the home page")
    other = make_task(project, "Pick the photos")
    _sign_in(page, live_server, manager.email)
    page.goto(f"{live_server.url}{project.get_absolute_url()}")

    card = page.locator(f"#card-{task.pk}")
    review = page.locator('[data-drop-status="in_review"]')
    with page.expect_response(
        lambda r: r.request.method == "POST" and "/move/" in r.url
    ) as answer:
        card.drag_to(review)
    assert answer.value.status == 200
    expect(review.locator(f"#card-{task.pk}")).to_be_visible()
    assert Task.objects.get(pk=task.pk).status == "in_review"

    # Someone else moves the other card meanwhile: the drag is refused.
    services.task_move(actor=manager, task=other, status="done", version=1)
    with page.expect_response(
        lambda r: r.request.method == "POST" and "/move/" in r.url
    ) as refused:
        page.locator(f"#card-{other.pk}").drag_to(
            page.locator('[data-drop-status="in_progress"]')
        )
    assert refused.value.status == 422
    expect(page.locator("#board-message")).to_contain_text(
        "Someone else changed this task meanwhile"
    )
    assert Task.objects.get(pk=other.pk).status == "done"
    shoot("refused")
