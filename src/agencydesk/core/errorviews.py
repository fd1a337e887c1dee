"""Error pages in the site's layout and the viewer's language."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "core/error.html", {"code": 400}, status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "core/error.html", {"code": 403}, status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "core/error.html", {"code": 404}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the failure may come from a context processor.
    return HttpResponse(loader.get_template("core/500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/error.html", {"code": 403, "csrf": True}, status=403)
