"""Faults of the services the product leans on, and refused links, answered
as a page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import LinkRefusedError, ServiceUnavailableError


class ServiceUnavailableMiddleware:
    """A view that meets an unreachable service (the file store…) outside a
    form answers 503 with ``Retry-After`` and the reason, never a 500; a form
    shows the same sentence as its error (``core.actions.submit``). A signed
    link refused while it is read (``LinkRefusedError``) gets its own page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if isinstance(exception, LinkRefusedError):
            return render(
                request,
                "core/link_refused.html",
                {
                    "title": exception.title,
                    "message": exception.message,
                    "hint": exception.hint,
                },
                status=exception.status,
            )
        if not isinstance(exception, ServiceUnavailableError):
            return None
        response = render(
            request,
            "core/error.html",
            {"code": 503, "message": exception.message},
            status=503,
        )
        response["Retry-After"] = str(exception.retry_after)
        return response
