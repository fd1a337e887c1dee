"""A part the site stands on cannot be reached (the database, Redis as cache
or queue, the object store): the answer is 503 with Retry-After, a page that
says so (the API's JSON error for /api/), never a traceback. When the part
is back, the next request works; nothing needs a restart.

The error is logged with its traceback for the operator (and reaches Sentry
when it is on); /healthz with its token says which part is down."""

from __future__ import annotations

import sqlite3

import redis.exceptions
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

UNAVAILABLE: tuple[type[BaseException], ...] = (
    # Django's wrappers of the database driver's: refused, dropped, timed out
    # (and SQLite's "database is locked" past its timeout).
    OperationalError,
    InterfaceError,
    # Redis, as the cache (sessions) or the queue.
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    # The embedded queue's SQLite file, read by Huey without Django.
    sqlite3.OperationalError,
)
try:  # an S3-compatible store, when django-storages brings boto3 in
    from botocore.exceptions import ConnectionError as _StoreUnreachable
    from botocore.exceptions import ReadTimeoutError as _StoreTimeout
except ImportError:  # pragma: no cover - without boto3 there is no store to miss
    pass
else:
    UNAVAILABLE += (_StoreUnreachable, _StoreTimeout)


def is_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` (or what it was raised from) means a part is down."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, UNAVAILABLE):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: the API's JSON error under /api/, else a page
    that needs neither the database nor the cache (no site layout, no menu)."""
    message = _(
        "The service is unavailable for a moment: a part it depends on cannot "
        "be reached. Please try again in a minute."
    )
    if is_api(request):
        # The API's one error body (agencydesk.api.errors.error_response).
        response: HttpResponse = JsonResponse(
            {"code": "unavailable", "message": message, "fields": {}}, status=503
        )
    else:
        response = HttpResponse(
            loader.get_template("core/503.html").render({"message": message}),
            status=503,
        )
    response["Retry-After"] = str(settings.UNAVAILABLE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
