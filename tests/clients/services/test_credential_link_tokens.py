"""The credential link's token (clients.selectors.credentials on
core.signing.SignedLink): links mailed before keep working, the token never
expires by itself (the request's date closes it), a bad token is "not valid"."""

import time
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.core import signing

from agencydesk.clients.errors import (
    CredentialLinkClosedError,
    CredentialLinkInvalidError,
)
from agencydesk.clients.selectors.credentials import (
    credential_request_from_token,
    credential_url,
)
from agencydesk.clients.services import team_member_add
from agencydesk.clients.services.credentials import credential_request_send

pytestmark = pytest.mark.django_db
SALT = "clients.credentials"


@pytest.fixture
def sent(settings, client_a, contact_a, manager):
    settings.SECRETS_KEY = Fernet.generate_key().decode()
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    request, path = credential_request_send(
        actor=manager, client=client_a, contact=contact_a, days=7
    )
    return request, path.rstrip("/").rsplit("/", 1)[1]


def test_a_link_mailed_before_the_change_still_opens_its_request(sent):
    request, token = sent
    nonce = signing.loads(token, salt=SALT)["k"]
    # What the hand-made code wrote: signing.dumps(payload, salt=SALT).
    mailed = signing.dumps(
        {"r": request.pk, "c": request.client_id, "k": nonce}, salt=SALT
    )

    assert credential_request_from_token(mailed) == request


def test_the_token_is_the_same_bytes_as_before(sent, monkeypatch):
    request, token = sent
    nonce = signing.loads(token, salt=SALT)["k"]
    monkeypatch.setattr(signing.time, "time", lambda: 1_700_000_000)
    payload = {"r": request.pk, "c": request.client_id, "k": nonce}

    assert credential_url(request, nonce) == (
        f"/clients/access-link/{signing.dumps(payload, salt=SALT)}/"
    )


def test_the_token_outlives_any_age_and_the_request_date_closes_it(sent, monkeypatch):
    request, token = sent
    later = time.time() + timedelta(days=400).total_seconds()
    monkeypatch.setattr(signing.time, "time", lambda: later)
    with pytest.raises(CredentialLinkClosedError):
        credential_request_from_token(
            token, now=request.expires_at + timedelta(days=393)
        )
    # Within its dates the same token, as old as it is, still opens.
    assert credential_request_from_token(token, now=request.created_at) == request


@pytest.mark.parametrize(
    "payload",
    [
        lambda r, k: {"r": r.pk, "c": r.client_id},  # no random part
        lambda r, k: {"r": r.pk, "c": r.client_id, "k": 12345},  # not text
        lambda r, k: {"r": "x", "c": r.client_id, "k": k},  # not an id
        lambda r, k: [r.pk, r.client_id, k],  # not a mapping
    ],
)
def test_a_malformed_token_is_not_valid(sent, payload):
    request, token = sent
    nonce = signing.loads(token, salt=SALT)["k"]
    forged = signing.dumps(payload(request, nonce), salt=SALT)
    with pytest.raises(CredentialLinkInvalidError):
        credential_request_from_token(forged)
