"""Bearer tokens: who the request acts as, within which scopes, how often.

A token's request acts as its person with the same ``Viewer`` the pages build
(``clients.middleware.viewer_for_user``), so the client scoping and the role
permissions are the pages' own."""

from __future__ import annotations

import math
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


def _check_rate(token: ApiToken) -> None:
    """A fixed one-minute window per token, counted in the shared cache."""
    limit = getattr(settings, "API_RATE_PER_MINUTE", 600)
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"api:rate:{token.pk}:{window}"
    cache.add(key, 0, WINDOW_SECONDS * 2)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS * 2)
        used = 1
    if used > limit:
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
