"""Reads of the access inventory (clients.selectors.access): the entries of a
client's page, never their secret, and who may reveal a secret."""

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.models import AnonymousUser

from agencydesk.clients.selectors.access import (
    access_entries_for_client,
    secrets_revealable,
)
from agencydesk.clients.services import access as inventory
from agencydesk.clients.services import team_member_add
from agencydesk.core.access import SYSTEM
from agencydesk.people.models import User
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db

KEY = Fernet.generate_key().decode()


@pytest.fixture
def key(settings):
    settings.SECRETS_KEY = KEY
    return KEY


def _entry(client, actor, **fields):
    fields.setdefault("platform", "Google Ads")
    fields.setdefault("kind", "ads")
    return inventory.access_entry_create(actor=actor, client=client, **fields)


def test_the_list_never_reads_the_secret(key, client_a, manager):
    _entry(client_a, manager, secret="hunter2")
    _entry(client_a, manager, platform="GA4", kind="analytics")

    rows = list(access_entries_for_client(viewer=SYSTEM, client=client_a))

    assert [(r.platform, r.secret_stored) for r in rows] == [
        ("GA4", False),
        ("Google Ads", True),
    ]
    assert all("secret_encrypted" in r.get_deferred_fields() for r in rows)


def _platforms(viewer, client):
    return [e.platform for e in access_entries_for_client(viewer=viewer, client=client)]


def test_the_inventory_is_the_clients_for_staff_in_scope_only(
    client_a, client_b, in_scope, out_of_scope, django_assert_num_queries
):
    holder = make_staff(Role.SPECIALIST, full_name="Hal Holder")
    _entry(client_a, None, platform="Meta", holder=holder)
    _entry(client_a, None, platform="GA4")
    _entry(client_b, None, platform="Beta's Ads")
    assert in_scope.staff_client_ids  # read once per request, before the page

    with django_assert_num_queries(1):
        rows = [
            (e.platform, e.holder and e.holder.full_name, e.state_changed_by)
            for e in access_entries_for_client(viewer=in_scope, client=client_a)
        ]

    assert rows == [("GA4", None, None), ("Meta", "Hal Holder", None)]
    assert _platforms(out_of_scope, client_a) == []
    assert _platforms(out_of_scope, client_b) == ["Beta's Ads"]


def test_no_contact_sees_the_inventory(client_a, contact_viewer_a, contact_viewer_b):
    _entry(client_a, None)

    assert _platforms(contact_viewer_a, client_a) == []
    assert _platforms(contact_viewer_b, client_a) == []


def test_who_may_reveal_a_clients_secrets(client_a, client_b, contact_a, manager):
    lead = make_staff(Role.AGENCY_LEAD)
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")

    def may(person, client):
        return secrets_revealable(actor=person, client_id=client.pk)

    assert may(None, client_a)  # the system itself
    assert may(manager, client_a) and not may(manager, client_b)
    assert may(lead, client_a) and may(lead, client_b)
    assert not may(contact_a.user, client_a)
    User.objects.filter(pk=manager.pk).update(is_active=False)
    assert not may(User.objects.get(pk=manager.pk), client_a)
    assert not may(AnonymousUser(), client_a)
