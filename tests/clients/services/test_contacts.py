"""A client's contacts (clients.services.contacts): one person, one address,
one client; deactivated and reactivated through people's services."""

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied

from agencydesk.clients.errors import ClientArchivedError
from agencydesk.clients.models import Client, Contact
from agencydesk.clients.services import contacts
from agencydesk.core.models import Event
from agencydesk.core.timeline import timeline_entries
from agencydesk.people.errors import EmailTakenError
from agencydesk.people.models import User
from tests.factories.clients import make_contact
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db


def test_contact_belongs_to_exactly_one_client_and_speaks_its_language(client_b):
    contact = make_contact(client_b, email="Ivan@Taiga.Example ")

    assert contact.user.email == "ivan@taiga.example"
    assert contact.user.language == "ru"
    assert contact.user.timezone == "Europe/Moscow"
    assert not contact.user.is_staff
    assert list(
        Contact.objects.filter(user=contact.user).values_list("client", flat=True)
    ) == [client_b.pk]


def test_an_email_in_use_cannot_become_a_second_contact(client_a, client_b):
    make_contact(client_a, email="same@example.com")

    with pytest.raises(EmailTakenError):
        make_contact(client_b, email="SAME@example.com")
    assert Contact.objects.filter(client=client_b).count() == 0


# --- Deactivating and reactivating ------------------------------------------------


def test_a_reactivated_contact_signs_in_again_as_they_were(contact_a, manager):
    contacts.contact_deactivate(actor=manager, contact=contact_a)
    assert authenticate(email=contact_a.user.email, password=PASSWORD) is None

    contacts.contact_reactivate(actor=manager, contact=contact_a)

    user = User.objects.get(pk=contact_a.user.pk)
    assert authenticate(email=user.email, password=PASSWORD) == user
    assert Contact.objects.get(pk=contact_a.pk).role == contact_a.role
    assert list(
        Event.objects.filter(client=contact_a.client_id)
        .filter(verb__startswith="client.contact_")
        .order_by("pk")
        .values_list("verb", flat=True)
    ) == [
        "client.contact_added",
        "client.contact_deactivated",
        "client.contact_reactivated",
    ]
    assert timeline_entries(Event.objects.filter(verb="client.contact_reactivated"))[
        0
    ].text == ("Mira Manager reactivated the contact Ani Alpha.")


def test_reactivating_an_active_contact_records_nothing(contact_a, manager):
    contacts.contact_reactivate(actor=manager, contact=contact_a)

    assert User.objects.get(pk=contact_a.user.pk).is_active
    assert not Event.objects.filter(verb="client.contact_reactivated").exists()


def test_a_specialist_may_not_reactivate_a_contact(contact_a, manager, specialist):
    contacts.contact_deactivate(actor=manager, contact=contact_a)

    with pytest.raises(PermissionDenied):
        contacts.contact_reactivate(actor=specialist, contact=contact_a)

    assert not User.objects.get(pk=contact_a.user.pk).is_active
    assert not Event.objects.filter(verb="client.contact_reactivated").exists()


def test_an_archived_accounts_contact_stays_deactivated(contact_a, manager):
    contacts.contact_deactivate(actor=manager, contact=contact_a)
    Client.objects.filter(pk=contact_a.client_id).update(status="archived")

    with pytest.raises(ClientArchivedError):
        contacts.contact_reactivate(actor=manager, contact=contact_a)

    assert not User.objects.get(pk=contact_a.user.pk).is_active
