"""A running checklist's owners and due dates change, with history."""

import datetime

import pytest
from django.urls import reverse

from agencydesk.core.models import Event, Notification
from agencydesk.onboarding import services
from agencydesk.onboarding.errors import ItemAssignError
from agencydesk.onboarding.models import RunItem
from agencydesk.people.roles import Role
from tests.factories.clients import make_contact
from tests.factories.people import make_staff

from .helpers import item, put_on_team

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 2)


def test_a_new_owner_and_due_date_are_kept_with_history(client_a, manager, specialist):
    put_on_team(client_a, manager, specialist)
    run = services.run_start(actor=manager, client=client_a, start_date=MONDAY)
    deposit = item(run, "deposit")
    old_due = deposit.due_date
    new_due = old_due + datetime.timedelta(days=3)

    services.run_item_reassign(
        actor=manager, item=deposit, owner=specialist, due_date=new_due
    )

    deposit = RunItem.objects.get(pk=deposit.pk)
    assert (deposit.owner, deposit.due_date) == (specialist, new_due)
    (event,) = Event.objects.filter(verb="onboarding.item_reassigned")
    assert event.data == {
        "from_owner": manager.display_name,
        "owner": specialist.display_name,
        "from_due": old_due.isoformat(),
        "due": new_due.isoformat(),
    }
    assert (
        Notification.objects.filter(
            recipient=specialist, verb="onboarding.item_assigned"
        ).count()
        == 1
    )


def test_bad_owner_or_due_date_changes_nothing(client_a, manager):
    put_on_team(client_a, manager)
    run = services.run_start(actor=manager, client=client_a, start_date=MONDAY)
    deposit = item(run, "deposit")
    contact = make_contact(client_a)

    with pytest.raises(ItemAssignError):
        services.run_item_reassign(
            actor=manager, item=deposit, owner=contact.user, due_date=MONDAY
        )
    with pytest.raises(ItemAssignError):
        services.run_item_reassign(
            actor=manager,
            item=deposit,
            owner=manager,
            due_date=MONDAY - datetime.timedelta(days=1),
        )

    unchanged = RunItem.objects.get(pk=deposit.pk)
    assert (unchanged.owner, unchanged.due_date) == (manager, deposit.due_date)
    assert not Event.objects.filter(verb="onboarding.item_reassigned").exists()


def test_the_run_page_reassigns_and_refuses_with_a_4xx(client_a, manager, client):
    put_on_team(client_a, manager)
    other = make_staff(Role.SPECIALIST, full_name="Ola Other")
    run = services.run_start(actor=manager, client=client_a, start_date=MONDAY)
    deposit = item(run, "deposit")
    url = reverse("onboarding:item-assign", args=[run.pk, deposit.pk])
    client.force_login(manager)

    bad = client.post(url, {"owner": other.pk, "due_date": "2026-10-01"})
    assert bad.status_code == 422
    assert "cannot be before the checklist started" in bad.text
    assert RunItem.objects.get(pk=deposit.pk).owner == manager

    good = client.post(url, {"owner": other.pk, "due_date": "2026-11-20"})
    assert good.status_code == 302
    changed = RunItem.objects.get(pk=deposit.pk)
    assert (changed.owner, changed.due_date) == (other, datetime.date(2026, 11, 20))
