"""Reads about a client's contacts (clients.selectors.contacts)."""

import pytest

from agencydesk.clients.middleware import viewer_for_user
from agencydesk.clients.selectors.contacts import (
    contact_for_portal,
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
