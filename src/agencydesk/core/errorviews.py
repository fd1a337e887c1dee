"""Error pages in the site's layout and the viewer's language."""

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from .faults import is_api, is_unavailable, unavailable_response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "core/error.html", {"code": 400}, status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "core/error.html", {"code": 403}, status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "core/error.html", {"code": 404}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its handler of the uncaught exception, raised
    # by a view or by a middleware (a session read from a cache that is down).
    if is_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    if is_api(request):
        # The API's one error body (agencydesk.api.errors.error_response).
        return JsonResponse(
            {
                "code": "server_error",
                "message": _("Something went wrong on our side."),
                "fields": {},
            },
            status=500,
        )
    # No request context: the failure may come from a context processor.
    return HttpResponse(loader.get_template("core/500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/error.html", {"code": 403, "csrf": True}, status=403)
