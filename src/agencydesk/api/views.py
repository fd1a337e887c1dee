"""A person's API tokens: list, create (the secret shown once), revoke."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from agencydesk.core.access import login_required
from agencydesk.core.actions import (
    button,
    endpoint,
    perform,
    posted,
    reads,
    submit,
    writes,
)

from . import services
from .errors import error_response
from .forms import TokenCreateForm
from .selectors import token_of_user, tokens_for_user


@login_required
@reads
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = tokens_for_user(user=request.user)
    return render(request, "api/token_list.html", {"tokens": tokens})


@login_required
@writes
def token_create(request: HttpRequest) -> HttpResponse:
    return submit(
        request,
        TokenCreateForm(**posted(request), viewer=request.viewer),
        lambda data: services.token_create(actor=request.user, **data),
        template="api/token_form.html",
        answer=lambda issued: render(
            request, "api/token_created.html", {"issued": issued}
        ),
    )


@login_required
@button
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = token_of_user(user=request.user, token_id=token_id)
    return perform(
        request,
        lambda: services.token_revoke(actor=request.user, token=token),
        redirect_to="api:token-list",
        success=_("The token was revoked. It no longer works."),
    )


@csrf_exempt  # a bearer-token API: no cookie, no form
@endpoint("the API's JSON 404 for every method under /api/")
def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any address under /api/ no endpoint answers (an unknown path, a number
    that is not a number): the API's JSON 404, not the site's HTML page."""
    from .api import api

    return error_response(
        api, request, status=404, code="not_found",
        message=_("Nothing was found at this address."),
    )  # fmt: skip
