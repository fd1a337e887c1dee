"""Writes of the API app: tokens and the answers kept for retried creates."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from agencydesk.core.kept import kept_forget

from .errors import IdempotencyKeyReusedError
from .models import ApiToken, IdempotencyKey, Scope

TOKEN_PREFIX = "adk_"
# last_used_* is written at most this often per token: not a write per request.
TOUCH_EVERY = timedelta(minutes=1)


def secret_hash(secret: str) -> str:
    """The stored form of a token (a 256-bit random secret needs no slow hash)."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """A new token with its plaintext, which is shown once and never stored."""

    token: ApiToken
    plaintext: str


@transaction.atomic
def token_create(
    *,
    actor: Any,
    name: str,
    scopes: Sequence[str],
    expires_in_days: int,
    now: datetime | None = None,
) -> IssuedToken:
    """Give a person a new token acting as themselves within the scopes."""
    return token_issue(
        user=actor,
        created_by=actor,
        name=name,
        scopes=scopes,
        expires_in_days=expires_in_days,
        now=now,
    )


def token_issue(
    *,
    user: Any,
    created_by: Any,
    name: str,
    scopes: Sequence[str],
    expires_in_days: int,
    now: datetime | None = None,
) -> IssuedToken:
    """The write of a new token for ``user`` (its caller has checked who may
    make it: the person for themselves, an admin for an integration)."""
    now = now or timezone.now()
    prefix = secrets.token_hex(4)
    plaintext = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        created_by=created_by,
        name=name.strip()[:100],
        prefix=prefix,
        secret_hash=secret_hash(plaintext),
        scopes=sorted({s for s in scopes if s in Scope.values}),
        expires_at=now + timedelta(days=expires_in_days),
    )
    return IssuedToken(token=token, plaintext=plaintext)


@transaction.atomic
def token_revoke(
    *, actor: Any, token: ApiToken, now: datetime | None = None
) -> ApiToken:
    """Close a person's own token at once (a revoked token stays listed)."""
    if token.user_id != actor.pk:
        raise Http404
    return token_close(token=token, now=now)


def token_close(*, token: ApiToken, now: datetime | None = None) -> ApiToken:
    """The write of a revocation (a save: the kept copy is forgotten)."""
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_touch(*, token: ApiToken, address: str, now: datetime | None = None) -> None:
    """Note when and from where a token was last used, at most once a minute."""
    now = now or timezone.now()
    if (
        token.last_used_at is not None
        and now - token.last_used_at < TOUCH_EVERY
        and token.last_used_ip == address
    ):
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=address)
    token.last_used_at, token.last_used_ip = now, address
    # update() sends no signal: the kept copy (selectors.TOKENS) is dropped here.
    kept_forget("api-tokens", token.secret_hash)


def body_hash(payload: Any) -> str:
    """A stable digest of a parsed request body (key order does not matter)."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def idempotent_create(
    *,
    actor: Any,
    key: str,
    payload: Any,
    create: Callable[[], tuple[int, Any]],
) -> tuple[int, Any]:
    """Run ``create`` (returning status and JSON body) once per key: a retry
    with the same key and body gets the first answer again, the same key with
    another body is refused. Without a key, ``create`` simply runs."""
    if not key:
        return create()
    digest = body_hash(payload)
    kept = _kept_answer(actor, key, digest)
    if kept is not None:
        return kept
    try:
        with transaction.atomic():
            status, body = create()
            # The key is saved in the create's transaction: a concurrent retry
            # waits on the unique index and then replays this answer.
            IdempotencyKey.objects.create(
                user=actor,
                key=key,
                body_hash=digest,
                response_status=status,
                response_body=body,
            )
    except IntegrityError:
        kept = _kept_answer(actor, key, digest)
        if kept is None:
            raise
        return kept
    return status, body


def _kept_answer(actor: Any, key: str, digest: str) -> tuple[int, Any] | None:
    row = (
        IdempotencyKey.objects.filter(user=actor, key=key)
        .values_list("body_hash", "response_status", "response_body")
        .first()
    )
    if row is None:
        return None
    if row[0] != digest:
        raise IdempotencyKeyReusedError
    return row[1], row[2]
