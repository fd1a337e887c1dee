"""The tokens page under the person's profile."""

from django.test import Client as HttpClient
from django.urls import reverse

from agencydesk.api.models import ApiToken


def _signed_in(user):
    from django.test import Client as HttpClient

    http = HttpClient()
    http.force_login(user)
    return http


def test_a_new_token_is_shown_once_then_listed_without_its_secret(contact_a):
    http = _signed_in(contact_a.user)

    created = http.post(
        reverse("api:token-create"),
        {"name": "Jira sync", "scopes": ["tickets:read"], "expires_in_days": "30"},
    )
    listed = http.get(reverse("api:token-list"))

    token = ApiToken.objects.get()
    shown = created.context["issued"].plaintext
    assert created.status_code == 200
    assert shown in created.content.decode()
    assert shown not in listed.content.decode()
    assert f"adk_{token.prefix}" in listed.content.decode()
    assert "Jira sync" in listed.content.decode()
    assert token.scopes == ["tickets:read"]


def test_an_invalid_form_is_422(contact_a):
    response = _signed_in(contact_a.user).post(
        reverse("api:token-create"), {"name": "", "expires_in_days": "9999"}
    )

    assert response.status_code == 422
    assert ApiToken.objects.count() == 0


def test_a_token_is_revoked_by_its_owner_only(staff, contact_a):
    _signed_in(contact_a.user).post(
        reverse("api:token-create"),
        {"name": "Mine", "scopes": ["tickets:read"], "expires_in_days": "7"},
    )
    token = ApiToken.objects.get()

    other = _signed_in(staff).post(reverse("api:token-revoke", args=[token.pk]))
    own = _signed_in(contact_a.user).post(reverse("api:token-revoke", args=[token.pk]))

    assert other.status_code == 404
    assert own.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None


def test_a_contact_is_offered_only_the_scopes_a_contact_can_use(contact_a):
    from agencydesk.api.forms import CONTACT_SCOPES

    http = HttpClient()
    http.force_login(contact_a.user)

    page = http.get(reverse("api:token-create")).content.decode()

    assert 'value="tickets:read"' in page
    for scope in ("time:read", "planning:write", "webhooks:write", "projects:read"):
        assert f'value="{scope}"' not in page
    refused = http.post(
        reverse("api:token-create"),
        {"name": "sync", "scopes": ["time:read"], "expires_in_days": 30},
    )
    assert refused.status_code == 422
    assert "time:read" not in CONTACT_SCOPES
