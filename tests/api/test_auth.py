"""Tokens: shown once, stored hashed, refused when expired, revoked or out of
scope, noted when used, and held to a rate."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from agencydesk.api.models import ApiToken
from agencydesk.api.selectors import TOKENS
from agencydesk.api.services import token_create, token_revoke
from agencydesk.core.kept import kept_forget
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

from .conftest import Api, api_for


def _error(response):
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    return response.status_code, body["code"]


def test_a_token_is_stored_only_as_its_hash(staff):
    api = api_for(staff)

    token = ApiToken.objects.get()
    assert token.secret_hash == hashlib.sha256(api.token.encode()).hexdigest()
    assert api.token.startswith(f"adk_{token.prefix}_")
    assert api.token not in str(list(ApiToken.objects.values()))


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer", "Bearer adk_nothing_here", "Basic dXNlcjpwYXNz", "Token abc"],
)
def test_a_missing_or_unknown_token_is_401(db, authorization):
    api = Api("")
    headers = {"Authorization": authorization} if authorization else {}
    response = api.http.get("/api/v1/tickets", headers=headers)

    assert _error(response) == (401, "token_invalid")


def test_a_revoked_token_is_401(staff, ticket_a):
    api = api_for(staff)
    assert api.get("/tickets").status_code == 200

    token_revoke(actor=staff, token=ApiToken.objects.get())

    assert _error(api.get("/tickets")) == (401, "token_invalid")


def test_an_expired_token_is_401(staff, ticket_a):
    api = api_for(staff)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert _error(api.get("/tickets")) == (401, "token_invalid")


def test_a_deactivated_persons_token_is_401(staff, ticket_a):
    api = api_for(staff)
    staff.is_active = False
    staff.save(update_fields=["is_active"])

    assert _error(api.get("/tickets")) == (401, "token_invalid")


def test_a_missing_scope_is_403_and_changes_nothing(staff, client_a, ticket_a):
    api = api_for(staff, scopes=["tickets:read"])

    response = api.post("/tickets", {"client": client_a.slug, "title": "No scope"})

    assert _error(response) == (403, "scope_missing")
    assert "tickets:write" in response.json()["message"]
    assert _error(api.get("/clients")) == (403, "scope_missing")
    assert api.get("/tickets").status_code == 200
    assert client_a.tickets.count() == 1


def test_use_is_noted_at_most_once_a_minute(staff, ticket_a, django_assert_num_queries):
    api = api_for(staff)
    api.get("/tickets", headers={"X-Forwarded-For": "203.0.113.9"})
    first = ApiToken.objects.get()
    assert first.last_used_at is not None
    assert first.last_used_ip == "127.0.0.1"

    api.get("/tickets")
    assert ApiToken.objects.get().last_used_at == first.last_used_at

    # Two minutes pass: the stored and the kept last use both grow old.
    ApiToken.objects.update(last_used_at=first.last_used_at - timedelta(minutes=2))
    kept_forget(TOKENS)
    api.get("/tickets")
    assert ApiToken.objects.get().last_used_at > first.last_used_at


def test_past_the_rate_a_token_gets_429_with_retry_after(staff, settings, ticket_a):
    settings.API_RATE_PER_MINUTE = 3
    api, other = api_for(staff), api_for(staff)

    answers = [api.get("/tickets").status_code for _ in range(3)]
    refused = api.get("/tickets")

    assert answers == [200, 200, 200]
    assert _error(refused) == (429, "rate_limited")
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another token of the same person has its own allowance.
    assert other.get("/tickets").status_code == 200


def test_a_token_is_refused_at_once_when_revoked_or_its_person_leaves(staff):
    """Tokens are kept between requests: a revocation or a deactivation must
    still be seen by the very next request."""
    from agencydesk.people import services as people

    api = api_for(staff)
    assert api.get("/tickets").status_code == 200
    token = ApiToken.objects.get(user=staff)
    token_revoke(actor=staff, token=token)
    assert api.get("/tickets").status_code == 401

    other = api_for(staff)
    assert other.get("/tickets").status_code == 200
    admin = make_staff(Role.ADMIN, full_name="Another Admin")
    people.person_deactivate(actor=admin, user=staff)
    assert other.get("/tickets").status_code == 401


def test_made_up_tokens_are_not_kept(db):
    from django.core.cache import cache

    from agencydesk.api.selectors import TOKENS, token_for_secret
    from agencydesk.api.services import secret_hash

    assert token_for_secret("adt_madeup_123") is None
    assert cache.get(f"kept:{TOKENS}:{secret_hash('adt_madeup_123')}") is None


def test_the_rate_is_counted_across_processes_in_batches(staff, settings):
    """Two workers share one allowance: each writes its count to the shared
    cache in batches far under the limit, and every request near it, so the
    limit holds within a batch per worker."""
    from django.core.cache import cache

    from agencydesk.api.auth import WINDOW_SECONDS, _RateCounter

    token = token_create(
        actor=staff, name="Busy", scopes=["tickets:read"], expires_in_days=1
    ).token
    key = f"api:rate:{token.pk}:{int(1_000_000.0 // WINDOW_SECONDS)}"
    first, second = _RateCounter(), _RateCounter()
    start = 1_000_000.0  # the first second of a window

    seen = [first.count(token, 100, start + 0.01 * n) for n in range(10)]
    assert seen[0] == 1  # a first request is written at once
    assert cache.get(key) == 1  # the next nine wait for their batch…
    seen.append(first.count(token, 100, start + 0.2))
    assert cache.get(key) == 11  # …the tenth writes them

    counts = []
    for n in range(200):
        counter = first if n % 2 else second
        counts.append(counter.count(token, 100, start + 0.3 + 0.001 * n))
    allowed = 11 + sum(1 for count in counts if count <= 100)
    assert 100 <= allowed <= 100 + 2 * _RateCounter.BATCH
    assert cache.get(key) >= 100
