"""Signed rating links: they name one ticket, cannot be altered and expire."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.http import Http404
from django.urls import reverse

from agencydesk.desk.services.ratings import (
    rating_token,
    rating_url,
    ticket_from_rating_token,
)
from tests.factories.desk import make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(client_a, manager):
    return make_ticket(client_a, actor=manager)


def _signed_days_ago(monkeypatch, ticket, days):
    then = int(time.time() - timedelta(days=days).total_seconds())
    with monkeypatch.context() as patch:
        patch.setattr(
            signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(then)
        )
        return rating_token(ticket)


def test_token_names_its_ticket(ticket):
    assert ticket_from_rating_token(rating_token(ticket)) == ticket


def test_rating_url_is_the_portal_link_with_an_optional_score(ticket):
    plain = rating_url(ticket)
    scored = rating_url(ticket, score=3)

    # The token carries a timestamp, so each link is read back, not compared.
    token = plain.removeprefix("/portal/rate/").removesuffix("/")
    assert plain == reverse("portal:rate-link", args=[token])
    assert ticket_from_rating_token(token) == ticket
    assert scored.startswith("/portal/rate/") and scored.endswith("/?score=3")
    scored_token = scored.removeprefix("/portal/rate/").removesuffix("/?score=3")
    assert ticket_from_rating_token(scored_token) == ticket


@pytest.mark.parametrize("position", [0, 10, -1])
def test_altered_token_is_404(ticket, position):
    token = rating_token(ticket)
    chars = list(token)
    chars[position] = "A" if chars[position] != "A" else "B"

    with pytest.raises(Http404):
        ticket_from_rating_token("".join(chars))


@pytest.mark.parametrize("token", ["", "garbage", "a:b:c", "x" * 500])
def test_malformed_token_is_404(token):
    with pytest.raises(Http404):
        ticket_from_rating_token(token)


def test_token_signed_for_something_else_is_404(ticket):
    with pytest.raises(Http404):
        ticket_from_rating_token(signing.dumps({"t": ticket.pk}))


def test_token_of_a_deleted_ticket_is_404(client_a, manager):
    gone = make_ticket(client_a, actor=manager)
    token = rating_token(gone)
    # A ticket is never deleted by the product; only the lookup is tested.
    gone.delete()

    with pytest.raises(Http404):
        ticket_from_rating_token(token)


def test_token_lasts_sixty_days(ticket, monkeypatch):
    fresh = _signed_days_ago(monkeypatch, ticket, 59)
    stale = _signed_days_ago(monkeypatch, ticket, 61)

    assert ticket_from_rating_token(fresh) == ticket
    with pytest.raises(Http404):
        ticket_from_rating_token(stale)


def test_links_mailed_before_core_signing_still_open(ticket):
    mailed = signing.dumps({"t": ticket.pk}, salt="desk.csat")

    assert ticket_from_rating_token(mailed) == ticket
