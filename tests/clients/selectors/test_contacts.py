"""Reads about a client's contacts (clients.selectors.contacts)."""

import datetime

import pytest

from agencydesk.clients.middleware import viewer_for_user
from agencydesk.clients.models import Contact
from agencydesk.clients.selectors.contacts import (
    contact_for_portal,
    contact_of_client,
    contacts_for_people_page,
)
from agencydesk.core.access import ANONYMOUS
from tests.factories.clients import make_contact

pytestmark = pytest.mark.django_db


def _names(viewer, client):
    return [
        c.user.full_name for c in contacts_for_people_page(viewer=viewer, client=client)
    ]


@pytest.fixture
def alpha_people(client_a, client_b):
    make_contact(client_a, full_name="Zed Alpha")
    make_contact(client_a, full_name="Ann Alpha")
    make_contact(client_b, full_name="Bea Beta")


def test_the_people_page_lists_the_clients_contacts_by_name(
    alpha_people, client_a, in_scope
):
    assert _names(in_scope, client_a) == ["Ann Alpha", "Zed Alpha"]


def test_staff_out_of_scope_see_no_contact_of_the_client(
    alpha_people, client_a, client_b, out_of_scope
):
    assert _names(out_of_scope, client_a) == []
    assert _names(out_of_scope, client_b) == ["Bea Beta"]


def test_a_contact_sees_their_own_clients_contacts_only(
    alpha_people, client_a, client_b, contact_viewer_a, contact_viewer_b
):
    assert _names(contact_viewer_a, client_a) == ["Ani Alpha", "Ann Alpha", "Zed Alpha"]
    assert _names(contact_viewer_b, client_a) == []
    assert _names(ANONYMOUS, client_a) == []


def test_the_people_page_reads_contacts_and_users_in_one_query(
    alpha_people, client_a, in_scope, django_assert_num_queries
):
    assert in_scope.staff_client_ids  # read once per request, before the page
    with django_assert_num_queries(1):
        emails = [
            c.user.email
            for c in contacts_for_people_page(viewer=in_scope, client=client_a)
        ]
    assert len(emails) == 2


def test_the_portal_finds_the_signed_in_contact_with_their_client(
    contact_a, contact_b, contact_viewer_a, django_assert_num_queries
):
    with django_assert_num_queries(1):
        found = contact_for_portal(viewer=contact_viewer_a)
        client_name = found.client.name
    assert (found.pk, client_name) == (contact_a.pk, "Alpha Coffee")


def test_staff_and_anonymous_have_no_portal_contact(manager, contact_a):
    assert contact_for_portal(viewer=viewer_for_user(manager)) is None
    assert contact_for_portal(viewer=ANONYMOUS) is None


def _orm_contact_of_client(viewer, email, slug=""):
    """The rule contact_of_client's SQL must keep: visible_to's."""
    rows = Contact.objects.visible_to(viewer).filter(user__email=email)
    return rows.filter(client__slug=slug).first() if slug else rows.first()


def test_contact_of_client_sees_what_visible_to_sees(
    alpha_people, client_a, client_b, in_scope, out_of_scope,
    contact_viewer_a, contact_viewer_b,
):  # fmt: skip
    ann = Contact.objects.get(user__full_name="Ann Alpha")
    for viewer in (
        in_scope,
        out_of_scope,
        contact_viewer_a,
        contact_viewer_b,
        ANONYMOUS,
    ):
        for slug in ("", client_a.slug, client_b.slug, "no-such-client"):
            found = contact_of_client(
                viewer=viewer, email=ann.user.email, client_slug=slug
            )
            expected = _orm_contact_of_client(viewer, ann.user.email, slug)
            assert found == expected, (viewer, slug)
    assert contact_of_client(viewer=in_scope, email=ann.user.email.upper()) == ann
    assert contact_of_client(viewer=out_of_scope, email=ann.user.email) is None
    assert contact_of_client(viewer=contact_viewer_b, email=ann.user.email) is None


def test_contact_of_client_reads_contact_user_and_client_in_one_query(
    alpha_people, client_a, in_scope, django_assert_num_queries
):
    email = Contact.objects.get(user__full_name="Ann Alpha").user.email
    assert in_scope.staff_client_ids  # read once per request, before
    with django_assert_num_queries(1):
        contact = contact_of_client(
            viewer=in_scope, email=email, client_slug=client_a.slug
        )
        # Loaded with the row, as the ORM would have made them.
        assert contact.user.full_name == "Ann Alpha"
        assert contact.client.name == client_a.name
        assert isinstance(contact.updated_at, datetime.datetime)
        assert contact.updated_at.tzinfo is not None
        assert isinstance(contact.user.date_joined, datetime.datetime)
    contact.user.full_name = "Ann A."
    contact.user.save(update_fields=["full_name"])  # a loaded row saves normally
    assert Contact.objects.get(pk=contact.pk).user.full_name == "Ann A."
