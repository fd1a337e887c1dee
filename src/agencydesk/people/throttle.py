"""Sign-in limits that stop guessing, not people.

Every attempt is counted on two counters before its password is checked, in the
database (so every web process shares them), each in one conditional UPDATE
(atomic on PostgreSQL, serialised on SQLite):

- the (e-mail × address) pair is refused after ``LOGIN_RATE_LIMIT`` failures in
  the window: a guesser is stopped, while the account's owner signs in from
  anywhere else;
- the address alone, after ``LOGIN_RATE_ADDRESS_LIMIT``, is slowed: each further
  attempt waits a delay that doubles up to a minute, so an office behind one
  address is delayed, never shut out for the window.

A successful attempt gives its reservation back, so only failures count; parallel
attempts cannot all pass the check before any of them is counted.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from agencydesk.core.errors import RateLimitedError
from agencydesk.core.net import request_address

from .errors import LoginRateLimitedError, PasswordResetRateLimitedError
from .models import SignInThrottle, normalize_email

# Waits of an address over its limit, one step per further attempt; the last
# repeats. A minute bounds a guesser to one try a minute per address, and a
# colleague behind the same address to a minute's wait.
ADDRESS_DELAYS = tuple(timedelta(seconds=s) for s in (1, 2, 4, 8, 16, 32, 60))
# A counter that vanished under a concurrent purge is created again this often.
_TRIES = 3


def client_address(request: Any) -> str:
    """The network the request came from, one key per client (see
    ``core.net.request_address`` for which address counts)."""
    return _network(request_address(request))


def _network(text: str) -> str:
    """One key per client: IPv6 by its /64 (one subscriber's whole network),
    IPv4-mapped IPv6 as IPv4, a port dropped."""
    text = text.strip()[:100]
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return text
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _take(key: str, now: datetime, *, limit: int, slows: bool) -> bool:
    """Count one attempt on ``key`` if its limit allows it, in one statement."""
    window_over = Q(
        window_started_at__lte=now - timedelta(seconds=settings.LOGIN_RATE_WINDOW)
    )
    # SET expressions all read the row as it was before this UPDATE.
    changes: dict[str, Any] = {
        "attempts": Case(When(window_over, then=Value(1)), default=F("attempts") + 1),
        "window_started_at": Case(
            When(window_over, then=Value(now)), default=F("window_started_at")
        ),
    }
    if not slows:
        allowed = window_over | Q(attempts__lt=limit)
    else:
        # The attempt that reaches the limit, and each one after it, sets how
        # long the next one waits.
        allowed = window_over | Q(not_before__isnull=True) | Q(not_before__lte=now)
        steps = [
            When(attempts=limit - 1 + step, then=Value(now + delay))
            for step, delay in enumerate(ADDRESS_DELAYS)
        ]
        changes["not_before"] = Case(
            When(window_over, then=Value(None)),
            *steps,
            When(attempts__gte=limit - 1, then=Value(now + ADDRESS_DELAYS[-1])),
            default=F("not_before"),
            output_field=DateTimeField(),
        )
    return SignInThrottle.objects.filter(allowed, key=key).update(**changes) == 1


def _retry_after(key: str, now: datetime) -> int | None:
    """Seconds until ``key`` allows an attempt again; None if it is gone."""
    row = SignInThrottle.objects.filter(key=key).values_list(
        "window_started_at", "not_before"
    )
    found = row.first()
    if found is None:
        return None
    started, not_before = found
    until = not_before or started + timedelta(seconds=settings.LOGIN_RATE_WINDOW)
    return max(1, math.ceil((until - now).total_seconds()))


def _reserve_one(
    key: str,
    *,
    limit: int,
    slows: bool,
    error: type[RateLimitedError] = LoginRateLimitedError,
) -> None:
    for _try in range(_TRIES):
        now = timezone.now()
        SignInThrottle.objects.bulk_create(
            [SignInThrottle(key=key, window_started_at=now)], ignore_conflicts=True
        )
        if _take(key, now, limit=limit, slows=slows):
            return
        seconds = _retry_after(key, now)
        if seconds is not None:
            raise error(seconds)
    raise error(1)


def attempt_reserve(*, email: str, address: str) -> list[str]:
    """Count a sign-in attempt before its password is checked; raise
    LoginRateLimitedError (saying when to try again) when a limit refuses it."""
    pair = _digest("pair", normalize_email(email), address)
    _reserve_one(pair, limit=settings.LOGIN_RATE_LIMIT, slows=False)
    only_address = _digest("address", address)
    try:
        _reserve_one(only_address, limit=settings.LOGIN_RATE_ADDRESS_LIMIT, slows=True)
    except LoginRateLimitedError:
        # A slowed address has not tried this password: the pair keeps its try.
        attempt_give_back([pair])
        raise
    return [pair, only_address]


def reset_request_reserve(*, email: str, address: str) -> None:
    """Count a "forgot password" request, whether or not the address belongs
    to anyone (the answer must not tell); raise PasswordResetRateLimitedError
    past ``PASSWORD_RESET_RATE_LIMIT`` requests for one e-mail address in the
    window (no mailbox is flooded with links) or past the address limit from
    one network (slowed, as sign-in is)."""
    _reserve_one(
        _digest("reset", normalize_email(email)),
        limit=settings.PASSWORD_RESET_RATE_LIMIT,
        slows=False,
        error=PasswordResetRateLimitedError,
    )
    _reserve_one(
        _digest("reset-address", address),
        limit=settings.LOGIN_RATE_ADDRESS_LIMIT,
        slows=True,
        error=PasswordResetRateLimitedError,
    )


def attempt_give_back(keys: Sequence[str]) -> None:
    """Un-count reserved attempts (the password was right, or never checked)."""
    SignInThrottle.objects.filter(key__in=keys).update(
        attempts=Greatest(F("attempts") - 1, 0)
    )


def sign_in_limits_purge() -> int:
    """Delete counters whose window has ended and whose delay has passed."""
    now = timezone.now()
    ended = now - timedelta(seconds=settings.LOGIN_RATE_WINDOW)
    deleted, _kinds = (
        SignInThrottle.objects.filter(window_started_at__lte=ended)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .delete()
    )
    return deleted
