"""The person an offboarding revocation is assigned to can tick it off
(issue #11): the item's owner may mark the access revoked without the right
to edit the access inventory; nobody else gains that right."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from agencydesk.clients.models import AccessEntry
from agencydesk.clients.services import access as access_inventory
from agencydesk.onboarding import services
from agencydesk.onboarding.models import RunItem
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

from .helpers import put_on_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def revocation(client_a, manager, specialist):
    put_on_team(client_a, manager, specialist)
    entry = access_inventory.access_entry_create(
        actor=manager, client=client_a, platform="Meta Ads", state="granted"
    )
    run = services.run_start(actor=manager, client=client_a, kind="offboarding")
    return RunItem.objects.get(run=run, access_entry=entry)


def test_the_specialist_owning_the_revocation_ticks_it_off(
    revocation, specialist, as_user
):
    assert revocation.owner == specialist
    assert not specialist.has_perm("clients.change_accessentry")

    response = as_user(specialist).post(
        reverse("onboarding:item-toggle", args=[revocation.run_id, revocation.pk]),
        {"done": "1"},
    )

    assert response.status_code == 302
    revocation.refresh_from_db()
    entry = AccessEntry.objects.get(pk=revocation.access_entry_id)
    assert revocation.done_at is not None
    assert (entry.state, entry.state_changed_by) == ("revoked", specialist)


def test_another_specialist_cannot_revoke_it(revocation, client_a):
    other = make_staff(Role.SPECIALIST)

    with pytest.raises(PermissionDenied):
        services.item_complete(actor=other, item=revocation)

    revocation.refresh_from_db()
    assert revocation.done_at is None
    assert AccessEntry.objects.get(pk=revocation.access_entry_id).state == "granted"


def test_owning_a_revocation_does_not_allow_other_access_changes(
    revocation, specialist
):
    entry = revocation.access_entry
    with pytest.raises(PermissionDenied):
        access_inventory.access_entry_set_state(
            actor=specialist, entry=entry, state="requested", assigned=True
        )
