"""Issue #13 item 5: overdue approvals listed for the account manager, on
their home and on /work/approvals/ with the "Only my clients" filter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agencydesk.clients.models import TeamMember
from agencydesk.work import services

from ..factories.clients import make_client, make_contact
from .factories import make_project, make_task, on_team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _round(client, owner, title, *, days_ago=10):
    """A round of ``title`` sent to a contact of ``client`` ``days_ago``."""
    contact = make_contact(client)
    task = make_task(make_project(client, owner, name=f"{title} project"))
    deliverable = services.deliverable_create(
        actor=None,
        task=task,
        title=title,
        file=SimpleUploadedFile("d.pdf", b"%PDF-1.4", content_type="application/pdf"),
    )
    return services.approval_send(
        actor=None,
        deliverable=deliverable,
        contacts=[contact],
        now=timezone.now() - timedelta(days=days_ago),
    )


def _home(http) -> str:
    return http.get("/").content.decode()


def test_the_home_lists_only_my_clients_overdue_rounds(manager, as_user):
    mine = make_client("Mine Roastery", slug="mine")
    theirs = make_client("Their Bakery", slug="theirs")
    on_team(mine, manager, role=TeamMember.Role.ACCOUNT_MANAGER)
    _round(mine, manager, "Overdue poster")
    _round(mine, manager, "Fresh poster", days_ago=0)
    _round(theirs, manager, "Bakery poster")
    http = as_user(manager)

    page = _home(http)

    panel = page.split('id="home-approvals-overdue"')[1].split("</section>")[0]
    assert "Overdue poster" in panel and "Mine Roastery" in panel
    assert "Fresh poster" not in panel
    assert "Bakery poster" not in panel
    assert "?state=overdue&amp;mine=1" in panel


def test_the_home_says_so_when_nothing_is_overdue(manager, as_user):
    mine = make_client("Mine Roastery", slug="mine")
    on_team(mine, manager, role=TeamMember.Role.ACCOUNT_MANAGER)
    _round(mine, manager, "Fresh poster", days_ago=0)

    assert "No approval of your clients is overdue." in _home(as_user(manager))


def test_the_list_filters_my_clients(manager, as_user):
    mine = make_client("Mine Roastery", slug="mine")
    theirs = make_client("Their Bakery", slug="theirs")
    on_team(mine, manager, role=TeamMember.Role.ACCOUNT_MANAGER)
    _round(mine, manager, "Overdue poster")
    _round(theirs, manager, "Bakery poster")
    http = as_user(manager)
    url = reverse("work:approval-list")

    everyone = http.get(url, {"state": "overdue"}).content.decode()
    only_mine = http.get(url, {"state": "overdue", "mine": "1"}).content.decode()
    garbage = http.get(url, {"state": "overdue", "mine": "\x00'"})

    assert "Bakery poster" in everyone and "Overdue poster" in everyone
    assert "Overdue poster" in only_mine
    assert "Bakery poster" not in only_mine
    assert garbage.status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_my_clients_filter_costs_the_same_at_any_size(
    size, manager, as_user, django_assert_num_queries
):
    mine = make_client("Mine Roastery", slug="mine")
    on_team(mine, manager, role=TeamMember.Role.ACCOUNT_MANAGER)
    for n in range(size):
        _round(mine, manager, f"Poster {n}")
    http = as_user(manager)
    url = reverse("work:approval-list")
    http.get(url)

    # The list's count and page, and the manager's clients.
    with django_assert_num_queries(4):
        http.get(url, {"state": "overdue", "mine": "1"})
