"""Reads of credential links: the link's token (a ``core.signing.SignedLink``
with salt "clients.credentials"; only the SHA-256 of its random part is
stored), the request a token names, and the links sent for a client.

The token itself never expires: the request's ``expires_at`` closes it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from agencydesk.core.signing import LinkInvalid, SignedLink

from ..errors import CredentialLinkClosedError, CredentialLinkInvalidError
from ..models import Client, CredentialRequest

SALT = "clients.credentials"
LINK = SignedLink(SALT)


def token_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def credential_url(request: CredentialRequest, nonce: str) -> str:
    token = LINK.make({"r": request.pk, "c": request.client_id, "k": nonce})
    return reverse("clients:credential-fill", args=[token])


def credential_request_from_token(
    token: str, *, now: datetime | None = None
) -> CredentialRequest:
    """The request a link names: CredentialLinkInvalidError when it is altered,
    unknown or names another client; CredentialLinkClosedError once used or
    expired, or when the account is archived."""
    try:
        payload = LINK.read(token, fields=("r", "c"))
    except LinkInvalid:
        raise CredentialLinkInvalidError from None
    pk, client_id, nonce = payload["r"], payload["c"], payload.get("k")
    if not isinstance(nonce, str):
        raise CredentialLinkInvalidError
    request = (
        CredentialRequest.objects.select_related("client", "contact__user")
        .filter(pk=pk, client_id=client_id, token_hash=token_hash(nonce))
        .first()
    )
    if request is None or request.contact.client_id != client_id:
        raise CredentialLinkInvalidError
    check_open(request, now or timezone.now())
    return request


def check_open(request: CredentialRequest, now: datetime) -> None:
    if request.used_at is not None:
        raise CredentialLinkClosedError(used=True)
    if request.withdrawn_at is not None:
        raise CredentialLinkClosedError(withdrawn=True)
    if request.expires_at <= now or request.client.is_archived:
        raise CredentialLinkClosedError()


@dataclass(frozen=True)
class CredentialLink:
    """What a token opens: the request, or why it opens nothing (the message
    and the status the page answers with: 404 unknown, 410 closed)."""

    request: CredentialRequest | None
    refusal: str = ""
    status: int = 200


def credential_link_for_token(
    token: str, *, now: datetime | None = None
) -> CredentialLink:
    """The contact's page's reading of a token (see
    ``credential_request_from_token``), refusals as values."""
    try:
        return CredentialLink(credential_request_from_token(token, now=now))
    except CredentialLinkInvalidError as error:
        return CredentialLink(None, error.message, 404)
    except CredentialLinkClosedError as error:
        return CredentialLink(None, error.message, 410)


def credential_requests_for_client(*, client: Client) -> list[CredentialRequest]:
    """The latest links sent for a client, for its access page."""
    return list(
        CredentialRequest.objects.filter(client=client)
        .select_related("contact__user", "created_by")
        .order_by("-created_at", "-pk")[:10]
    )
