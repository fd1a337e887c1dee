"""A checklist item's owner is typed into a picker (an address, a name, an id),
not chosen from every member of staff on every item of the run."""

import datetime

import pytest
from django.urls import reverse

from agencydesk.core.models import Event
from agencydesk.onboarding import services
from agencydesk.onboarding.models import RunItem

from .helpers import item, put_on_team

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 2)
DUE = "2026-11-20"


@pytest.fixture
def run(client_a, manager):
    put_on_team(client_a, manager)
    return services.run_start(actor=manager, client=client_a, start_date=MONDAY)


def _assign(http, run, deposit, owner):
    return http.post(
        reverse("onboarding:item-assign", args=[run.pk, deposit.pk]),
        {"owner": owner, "due_date": DUE},
    )


def test_the_run_page_lists_no_staff_but_each_items_owner(
    run, manager, specialist, as_user
):
    deposit = item(run, "deposit")

    html = as_user(manager).get(run.get_absolute_url()).content.decode()

    assert "Sam Specialist" not in html
    assert specialist.email not in html
    assert (
        f'<input type="text" name="owner" id="owner-{deposit.pk}" '
        f'value="{manager.email}"'
    ) in html
    assert (
        f'<datalist id="owner-{deposit.pk}-options">'
        f'<option value="{manager.email}">Mira Manager</option></datalist>'
    ) in html
    assert f'hx-get="{reverse("core:pick", args=["staff"])}"' in html


def test_an_owner_typed_by_address_takes_the_item(run, manager, specialist, as_user):
    deposit = item(run, "deposit")

    response = _assign(as_user(manager), run, deposit, specialist.email)

    assert response.status_code == 302
    changed = RunItem.objects.get(pk=deposit.pk)
    assert (changed.owner, str(changed.due_date)) == (specialist, DUE)


def test_an_empty_owner_leaves_the_item_to_nobody(run, manager, as_user):
    deposit = item(run, "deposit")

    _assign(as_user(manager), run, deposit, "")

    assert RunItem.objects.get(pk=deposit.pk).owner is None


@pytest.mark.parametrize("typed", ["nobody@agency.test", "Sam", "0"])
def test_an_owner_who_is_nobody_is_refused_and_nothing_changes(
    typed, run, manager, specialist, as_user
):
    deposit = item(run, "deposit")

    response = _assign(as_user(manager), run, deposit, typed)

    assert response.status_code == 422
    assert "Choose one of the suggestions" in response.content.decode()
    unchanged = RunItem.objects.get(pk=deposit.pk)
    assert (unchanged.owner, unchanged.due_date) == (manager, deposit.due_date)
    assert not Event.objects.filter(verb="onboarding.item_reassigned").exists()
