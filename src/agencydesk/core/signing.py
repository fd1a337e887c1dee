"""Signed links: one helper for every link that acts without a sign-in.

A ``SignedLink`` names its purpose (the salt), how long a link lives, and
optionally a *version* read from the database when the link is opened: a link
made with version 3 stops working once the version is 4, which is how a person
revokes their calendar feed without changing the secret key for everyone.

The short MAC is for places where a full signature does not fit (the local
part of a reply address).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare


class LinkInvalid(Exception):
    """The token is tampered with, expired, malformed or revoked."""


@dataclass(frozen=True)
class SignedLink:
    salt: str
    # None: the link never expires (calendar feeds are polled for months).
    max_age: timedelta | None = None

    def make(self, payload: Mapping[str, Any], *, version: int | None = None) -> str:
        data = dict(payload)
        # Version 0 (never revoked) is left out, so links made before their
        # kind had versions read as version 0 and keep working.
        if version:
            data["_v"] = int(version)
        return signing.dumps(data, salt=self.salt, compress=False)

    def read(
        self,
        token: str,
        *,
        fields: tuple[str, ...] = (),
        version: Callable[[dict[str, Any]], int | None] | None = None,
    ) -> dict[str, Any]:
        """The payload with ``fields`` as integers; LinkInvalid when the token
        does not hold. ``version`` gives the current version for a payload
        (None when the thing it names is gone)."""
        try:
            payload = signing.loads(token, salt=self.salt, max_age=self.max_age)
            if not isinstance(payload, dict):
                raise TypeError
            for name in fields:
                payload[name] = int(payload[name])
        except (signing.BadSignature, ValueError, TypeError, KeyError):
            raise LinkInvalid from None
        if version is not None:
            current = version(payload)
            if current is None or payload.get("_v", 0) != current:
                raise LinkInvalid
        return payload


def _mac(key: str, salt: str, value: str) -> str:
    message = f"{salt}:{value}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def short_mac(value: str, *, salt: str, length: int = 10) -> str:
    """A short hex MAC of ``value`` for ``salt``, keyed with the secret key
    (HMAC-SHA256 of "salt:value", the form reply addresses have always used,
    so addresses already sent keep working)."""
    return _mac(settings.SECRET_KEY, salt, value)[:length]


def short_mac_valid(value: str, mac: str, *, salt: str, length: int = 10) -> bool:
    """Whether ``mac`` is the short MAC of ``value``, with the secret key or
    one of ``SECRET_KEY_FALLBACKS`` (a rotated key keeps old addresses valid)."""
    given = (mac or "").lower()
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(
        constant_time_compare(given, _mac(key, salt, value)[:length]) for key in keys
    )


def derived_secret(value: str, *, salt: str) -> str:
    """A full-length secret for ``value`` derived from the secret key: nothing
    to store, and a new ``value`` (a version bumped) makes a new secret."""
    return _mac(settings.SECRET_KEY, salt, value)


def body_signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` and the hex HMAC-SHA256 of ``"{timestamp}.{body}"``: the
    signature of the webhooks the API sends and of the pushes it takes."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def body_signature_valid(
    secrets: list[str],
    timestamp: str | None,
    body: bytes,
    header: str | None,
    *,
    now: float,
    tolerance: int = 300,
) -> bool:
    """Whether ``header`` signs ``body`` at ``timestamp`` (Unix seconds, within
    ``tolerance`` of ``now``, so a captured request cannot be replayed later)
    with one of ``secrets``."""
    if not header or not timestamp or not timestamp.isdigit() or len(timestamp) > 12:
        return False
    if abs(now - int(timestamp)) > tolerance:
        return False
    return any(
        constant_time_compare(header, body_signature(secret, timestamp, body))
        for secret in secrets
    )
