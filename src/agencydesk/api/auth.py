"""Bearer tokens: who the request acts as, within which scopes, how often.

A token's request acts as its person with the same ``Viewer`` the pages build
(``clients.middleware.viewer_for_user``), so the client scoping and the role
permissions are the pages' own."""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from agencydesk.clients.middleware import viewer_for_user
from agencydesk.people.throttle import client_address

from .errors import (
    BodyTooLargeError,
    RateLimitedError,
    ScopeMissingError,
    TokenInvalidError,
)
from .models import ApiToken
from .selectors import token_for_secret
from .services import token_touch

WINDOW_SECONDS = 60


def _check_body_size(request: HttpRequest, files: bool = False) -> None:
    limit = getattr(settings, "API_MAX_BODY_BYTES", 1_000_000)
    if files:
        # Room for the most files of the largest size a message takes (each
        # file's own size is the upload check's, answered 413 too).
        limit += settings.ATTACHMENT_MAX_BYTES * settings.ATTACHMENT_MAX_COUNT
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise BodyTooLargeError


class _RateCounter:
    """Requests per token and one-minute window, counted in the shared cache
    (every worker and node sees them) but written there in batches: one cache
    write per request cost a busy API more than the rest of a read (with the
    file cache, docs/performance.md). Far under the limit a process adds its
    requests every ``BATCH`` requests or ``BATCH_SECONDS``; from ``NEAR`` of
    the limit on it writes every request, so the refusal itself is exact
    within what other processes have not written yet (under ``BATCH`` each)."""

    BATCH = 10
    BATCH_SECONDS = 1.0
    NEAR = 0.8

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._window = -1
        # token -> [requests not yet written, last shared total, written at]
        self._tokens: dict[str, list[float]] = {}

    def count(self, token: ApiToken, limit: int, now: float) -> int:
        """Count one request; the token's requests in this window so far."""
        window = int(now // WINDOW_SECONDS)
        with self._lock:
            if window != self._window:
                self._window, self._tokens = window, {}
            # By its secret's hash: an id may name another token after a restore.
            entry = self._tokens.setdefault(token.secret_hash, [0, 0, 0.0])
            entry[0] += 1
            pending, shared, written = entry
            if (
                pending < self.BATCH
                and now - written < self.BATCH_SECONDS
                and shared + pending < limit * self.NEAR
            ):
                return int(shared + pending)
            entry[0] = 0
        total = _add_to_window(token.pk, window, int(pending))
        with self._lock:
            if self._window == window:
                entry[1], entry[2] = total, now
        return total


def _add_to_window(token_pk: int, window: int, requests: int) -> int:
    key = f"api:rate:{token_pk}:{window}"
    cache.add(key, 0, WINDOW_SECONDS * 2)
    try:
        return cache.incr(key, requests)
    except ValueError:  # expired between add and incr
        cache.set(key, requests, WINDOW_SECONDS * 2)
        return requests


_rate = _RateCounter()


def _check_rate(token: ApiToken) -> None:
    """A fixed one-minute window per token."""
    limit = getattr(settings, "API_RATE_PER_MINUTE", 600)
    now = time.time()
    if _rate.count(token, limit, now) > limit:
        window = int(now // WINDOW_SECONDS)
        retry = math.ceil((window + 1) * WINDOW_SECONDS - now)
        raise RateLimitedError(max(retry, 1))


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` carrying ``scope``."""

    def __init__(self, scope: str, *, files: bool = False) -> None:
        super().__init__()
        self.scope = scope
        self.files = files  # an upload of files: a larger body is taken

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = token_for_secret(token)
        now = timezone.now()
        if found is None or not found.is_active_at(now) or not found.user.is_active:
            raise TokenInvalidError
        _check_rate(found)
        token_touch(token=found, address=client_address(request), now=now)
        if self.scope not in found.scopes:
            raise ScopeMissingError(self.scope)
        _check_body_size(request, files=self.files)
        user: Any = found.user
        request.user = user
        request.viewer = viewer_for_user(user)
        return found


TICKETS_READ = TokenAuth("tickets:read")
TICKETS_WRITE = TokenAuth("tickets:write")
TICKETS_WRITE_FILES = TokenAuth("tickets:write", files=True)
CLIENTS_READ = TokenAuth("clients:read")
WEBHOOKS_WRITE = TokenAuth("webhooks:write")
CONTACTS_READ = TokenAuth("contacts:read")
CONTACTS_WRITE = TokenAuth("contacts:write")
NOTIFICATIONS_READ = TokenAuth("notifications:read")
NOTIFICATIONS_WRITE = TokenAuth("notifications:write")
TIMELINE_READ = TokenAuth("timeline:read")
TIME_READ = TokenAuth("time:read")
TIME_WRITE = TokenAuth("time:write")
PLANNING_READ = TokenAuth("planning:read")
PLANNING_WRITE = TokenAuth("planning:write")
MEETINGS_READ = TokenAuth("meetings:read")
PROJECTS_READ = TokenAuth("projects:read")
PROJECTS_WRITE = TokenAuth("projects:write")
APPROVALS_READ = TokenAuth("approvals:read")
APPROVALS_WRITE = TokenAuth("approvals:write")
SCOPE_READ = TokenAuth("scope:read")
SCOPE_WRITE = TokenAuth("scope:write")
ONBOARDING_READ = TokenAuth("onboarding:read")
FINANCE_READ = TokenAuth("finance:read")
FINANCE_WRITE = TokenAuth("finance:write")
KPIS_READ = TokenAuth("kpis:read")
KPIS_WRITE = TokenAuth("kpis:write")
RISKS_READ = TokenAuth("risks:read")
RISKS_WRITE = TokenAuth("risks:write")
