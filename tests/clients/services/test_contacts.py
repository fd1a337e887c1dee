"""A client's contacts (clients.services.contacts): one person, one address,
one client; deactivated and reactivated through people's services."""

import pytest

from agencydesk.clients.models import Contact
from agencydesk.people.errors import EmailTakenError
from tests.factories.clients import make_contact

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
