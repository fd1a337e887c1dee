"""The read-only guard of archived accounts (clients.services.guard): every
write of the clients app takes it first, so an archived account refuses them
and nothing is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencydesk.clients.errors import ClientArchivedError
from agencydesk.clients.models import Client
from agencydesk.clients.services import (
    access_entry_create,
    client_set_status,
    contact_create,
    credential_request_send,
    material_create,
    team_member_add,
)
from agencydesk.clients.services.guard import ensure_editable
from agencydesk.core.models import Event
from tests.factories.clients import make_client, make_contact

pytestmark = pytest.mark.django_db


def test_an_open_account_is_read_again_fresh(client_a):
    Client.objects.filter(pk=client_a.pk).update(industry="Coffee")

    locked = ensure_editable(client_a)

    assert (locked.pk, locked.industry) == (client_a.pk, "Coffee")
    assert client_a.industry == ""


def test_an_account_archived_since_it_was_read_is_refused(client_a):
    # The caller's copy is stale: the guard reads the row, not the object.
    Client.objects.filter(pk=client_a.pk).update(status=Client.Status.ARCHIVED)

    with pytest.raises(ClientArchivedError) as error:
        ensure_editable(client_a)
    assert "archived and read-only" in error.value.message


def _writes(client, manager):
    contact = Client.objects.get(pk=client.pk).contacts.first()
    return {
        "contact": lambda: contact_create(
            actor=None, client=client, email="new@x.test", full_name="New"
        ),
        "team": lambda: team_member_add(
            actor=None, client=client, user=manager, role="specialist"
        ),
        "access": lambda: access_entry_create(
            actor=None, client=client, platform="Ads"
        ),
        "material": lambda: material_create(
            actor=None,
            client=client,
            title="Book",
            kind="other",
            upload=SimpleUploadedFile("book.pdf", b"%PDF-1.4"),
        ),
        "credential link": lambda: credential_request_send(
            actor=None, client=client, contact=contact
        ),
        "status": lambda: client_set_status(
            actor=None, client=client, status=Client.Status.ACTIVE
        ),
    }


WRITES = ["contact", "team", "access", "material", "credential link", "status"]


@pytest.mark.parametrize("write", WRITES)
def test_an_archived_account_refuses_every_write(write, manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = make_client("Closed Shop")
    make_contact(client)
    client_set_status(actor=None, client=client, status=Client.Status.ARCHIVED)
    events = Event.objects.count()
    rows = (client.contacts.count(), client.team.count(), client.materials.count())

    with pytest.raises(ClientArchivedError):
        _writes(client, manager)[write]()

    client.refresh_from_db()
    assert client.status == Client.Status.ARCHIVED
    assert Event.objects.count() == events
    assert (
        client.contacts.count(),
        client.team.count(),
        client.materials.count(),
    ) == rows
    assert not client.access_entries.exists()
    assert not client.credential_requests.exists()


@pytest.mark.parametrize("write", WRITES)
def test_the_same_writes_pass_on_an_open_account(write, manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = make_client("Open Shop")
    make_contact(client)
    events = Event.objects.count()

    _writes(client, manager)[write]()

    assert Event.objects.count() > events
