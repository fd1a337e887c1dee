"""Reads of the API app: a token by its secret, a person's tokens."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from .models import ApiToken
from .services import secret_hash


def token_for_secret(plaintext: str) -> ApiToken | None:
    """The token a request presents, with its person (one query), or None."""
    if not plaintext or len(plaintext) > 200:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(secret_hash=secret_hash(plaintext))
        .first()
    )


def tokens_for_user(*, user: Any) -> QuerySet[ApiToken]:
    """A person's tokens for their tokens page, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_of_user(*, user: Any, token_id: int) -> ApiToken:
    """One of the person's own tokens; another person's is 404 like a missing
    one (tokens are personal: no role sees someone else's)."""
    token = tokens_for_user(user=user).filter(pk=token_id).first()
    if token is None:
        raise Http404
    return token
