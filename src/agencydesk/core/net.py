"""Where a request came from, behind the proxies the deployment trusts."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def request_address(request: Any) -> str:
    """``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_HOPS`` = n proxies the n-th
    entry from the right of X-Forwarded-For (what the outermost trusted proxy
    saw; entries further left are whatever the client chose to send)."""
    meta = request.META if request is not None else {}
    address = meta.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_HOPS
    if hops > 0:
        forwarded = [
            entry.strip()
            for entry in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if entry.strip()
        ]
        if forwarded:
            address = forwarded[-hops] if len(forwarded) >= hops else forwarded[0]
    return address
