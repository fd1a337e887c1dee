"""Contacts' phone numbers (clients.services.contacts, the contact form):
kept in E.164, read in the client's country."""

import importlib

import pytest
from django.apps import apps

from agencydesk.clients.models import Contact
from tests.factories.clients import make_client, make_contact

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("country", "typed", "kept"),
    [
        ("ID", "0812-3456-7890", "+6281234567890"),
        ("ID", "+62 812 3456 7890", "+6281234567890"),
        ("DE", "+62 812 3456 7890", "+6281234567890"),
        ("DE", "030 1234567", "+49301234567"),
        ("ID", "  ext. 12 at the front desk ", "ext. 12 at the front desk"),
        ("ID", "", ""),
    ],
)
def test_a_phone_number_is_kept_in_e164_read_in_the_clients_country(
    country, typed, kept
):
    client = make_client(country=country)

    assert make_contact(client, phone=typed).phone == kept


def test_the_data_migration_normalises_old_numbers_once_and_keeps_the_rest():
    migration = importlib.import_module(
        "agencydesk.clients.migrations.0014_contact_phone_normalise"
    )
    indonesian, german = make_client(country="ID"), make_client(country="DE")
    typed = {
        make_contact(indonesian).pk: "0812-3456-7890",
        make_contact(indonesian).pk: "call the office",
        make_contact(german).pk: "030 1234567",
        make_contact(german).pk: "",
    }
    for pk, phone in typed.items():
        Contact.objects.filter(pk=pk).update(phone=phone)

    migration.forward(apps, None)
    first = dict(Contact.objects.values_list("pk", "phone"))
    migration.forward(apps, None)

    assert dict(Contact.objects.values_list("pk", "phone")) == first
    assert [first[pk] for pk in typed] == [
        "+6281234567890",
        "call the office",
        "+49301234567",
        "",
    ]


def test_the_contact_form_asks_for_a_number_it_can_read(client_a, manager, as_user):
    from django.urls import reverse

    url = reverse("clients:contact-add", args=[client_a.slug])
    fields = {"full_name": "Maya Sari", "email": "maya@alpha.test", "role": "billing"}
    http = as_user(manager)

    refused = http.post(url, {**fields, "phone": "call the office"})
    added = http.post(url, {**fields, "phone": "0812 3456 7890"})

    assert refused.status_code == 422
    assert (
        "Enter a phone number with its country code, e.g. +62 812 3456 7890."
        in refused.content.decode()
    )
    assert added.status_code == 302
    assert client_a.contacts.get().phone == "+6281234567890"
