"""Clients, contacts and teams are read-only in the Django admin: their writes
have rules that live in the clients services."""

import pytest

from agencydesk.clients.models import Client, Contact
from agencydesk.people.roles import Role
from tests.factories.people import make_staff


@pytest.fixture
def ada(db):
    return make_staff(Role.ADMIN, full_name="Ada Admin")


def test_the_client_page_of_the_admin_shows_but_does_not_save(ada, client_a, as_user):
    http = as_user(ada)
    url = f"/admin/clients/client/{client_a.pk}/change/"

    page = http.get(url)
    posted = http.post(url, {"name": "Renamed", "slug": "renamed"})
    added = http.post("/admin/clients/client/add/", {"name": "New", "slug": "new"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert (posted.status_code, added.status_code) == (403, 403)
    client_a.refresh_from_db()
    assert (client_a.name, Client.objects.count()) == ("Alpha Coffee", 1)


def test_a_contact_cannot_be_changed_or_deleted_in_the_admin(ada, contact_a, as_user):
    http = as_user(ada)
    base = f"/admin/clients/contact/{contact_a.pk}"

    changed = http.post(f"{base}/change/", {"role": "billing"})
    deleted = http.post(f"{base}/delete/", {"post": "yes"})

    assert (changed.status_code, deleted.status_code) == (403, 403)
    contact_a.refresh_from_db()
    assert contact_a.role != "billing" and Contact.objects.count() == 1
