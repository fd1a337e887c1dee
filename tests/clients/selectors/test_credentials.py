"""Reads of credential links (clients.selectors.credentials): what a link's
token opens, and the links sent for a client."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agencydesk.clients.models import Client, CredentialRequest
from agencydesk.clients.selectors.credentials import (
    credential_link_for_token,
    credential_requests_for_client,
)
from agencydesk.clients.services import credentials
from tests.factories.clients import make_contact

pytestmark = pytest.mark.django_db


def _send(client, contact, **kwargs):
    """A link sent to the contact: its request and the token of its path."""
    request, path = credentials.credential_request_send(
        actor=None, client=client, contact=contact, **kwargs
    )
    return request, path.rstrip("/").rsplit("/", 1)[1]


def test_a_fresh_token_opens_its_request(client_a, contact_a):
    request, token = _send(client_a, contact_a)

    link = credential_link_for_token(token)

    assert (link.request, link.status, link.refusal) == (request, 200, "")
    assert link.request.contact.user.email == contact_a.user.email


@pytest.mark.parametrize("bad", ["garbage", "", "x" * 300])
def test_an_unknown_token_opens_nothing(bad, client_a, contact_a):
    _send(client_a, contact_a)

    link = credential_link_for_token(bad)

    assert (link.request, link.status) == (None, 404)
    assert link.refusal


def test_an_altered_token_opens_nothing(client_a, contact_a):
    _request, token = _send(client_a, contact_a)

    link = credential_link_for_token(
        token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    )

    assert (link.request, link.status) == (None, 404)


def test_a_used_withdrawn_expired_or_archived_link_is_closed(
    client_a, client_b, contact_a, contact_b
):
    used, used_token = _send(client_a, contact_a)
    credentials.credential_request_submit(
        request=used, accesses=[credentials.SubmittedAccess(platform="Ads")]
    )
    withdrawn, withdrawn_token = _send(client_a, contact_a)
    credentials.credential_request_withdraw(actor=None, request=withdrawn)
    _expired, expired_token = _send(client_a, contact_a, days=1)
    _archived, archived_token = _send(client_b, contact_b)
    Client.objects.filter(pk=client_b.pk).update(status=Client.Status.ARCHIVED)
    later = timezone.now() + timedelta(days=1, minutes=1)

    closed = {
        "used": credential_link_for_token(used_token),
        "withdrawn": credential_link_for_token(withdrawn_token),
        "expired": credential_link_for_token(expired_token, now=later),
        "archived": credential_link_for_token(archived_token),
    }

    assert {name: (link.request, link.status) for name, link in closed.items()} == {
        name: (None, 410) for name in closed
    }
    assert "already used" in closed["used"].refusal
    assert "withdrawn" in closed["withdrawn"].refusal
    assert "expired" in closed["expired"].refusal
    # A day earlier the short link was still open.
    assert credential_link_for_token(expired_token).status == 200


def test_the_access_page_lists_the_clients_latest_ten_links(
    client_a, client_b, contact_a, contact_b, django_assert_num_queries
):
    other = make_contact(client_a, full_name="Otto Other")
    sent = [_send(client_a, contact_a if n % 2 else other)[0] for n in range(11)]
    _send(client_b, contact_b)

    with django_assert_num_queries(1):
        listed = [
            (r.pk, r.contact.user.full_name, r.created_by)
            for r in credential_requests_for_client(client=client_a)
        ]

    newest_first = sorted(sent, key=lambda r: (r.created_at, r.pk), reverse=True)
    assert [row[0] for row in listed] == [r.pk for r in newest_first[:10]]
    assert {row[1] for row in listed} == {"Ani Alpha", "Otto Other"}
    assert CredentialRequest.objects.filter(client=client_b).count() == 1
