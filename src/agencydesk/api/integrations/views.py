"""Admin pages of integrations: list, new, one integration with its tokens
(new token shown once, revoke), deactivate and reactivate."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from agencydesk.clients.middleware import viewer_for_user
from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import button, perform, posted, reads, submit, writes
from agencydesk.core.pagination import paginate
from agencydesk.people.models import User

from ..forms import TokenCreateForm
from ..models import ApiToken
from . import services
from .forms import IntegrationFilterForm, IntegrationForm
from .selectors import (
    integrations_for_list,
    integrations_for_page,
    tokens_of_integration,
)

PERM = services.PERMISSION


def _integration(request: HttpRequest, integration_id: int) -> User:
    return access_object(
        request.viewer, integrations_for_page(), integration_id, action="view"
    )


def integration_url(integration: User) -> str:
    return reverse("integrations:detail", args=[integration.pk])


@staff_required(PERM)
@reads
def integration_list(request: HttpRequest) -> HttpResponse:
    form = IntegrationFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    rows = integrations_for_list(
        query=data.get("q", "").strip(), state=data.get("state", "")
    )
    return render(
        request,
        "api/integrations/list.html",
        {"page": paginate(request, rows), "form": form},
    )


@staff_required(PERM)
@writes
def integration_create(request: HttpRequest) -> HttpResponse:
    return submit(
        request,
        IntegrationForm(**posted(request), viewer=request.viewer),
        lambda data: services.integration_create(actor=request.user, **data),
        template="api/integrations/form.html",
        success=_("The integration was added. Give it a token to use the API."),
        redirect_to=integration_url,
    )


@staff_required(PERM)
@reads
def integration_detail(request: HttpRequest, integration_id: int) -> HttpResponse:
    integration = _integration(request, integration_id)
    return render(
        request,
        "api/integrations/detail.html",
        {"integration": integration, "tokens": tokens_of_integration(integration)},
    )


@staff_required(PERM)
@writes
def integration_token_create(request: HttpRequest, integration_id: int) -> HttpResponse:
    integration = _integration(request, integration_id)
    return submit(
        request,
        TokenCreateForm(**posted(request), viewer=viewer_for_user(integration)),
        lambda data: services.integration_token_create(
            actor=request.user, integration=integration, **data
        ),
        template="api/integrations/token_form.html",
        context={"integration": integration},
        answer=lambda issued: render(
            request,
            "api/integrations/token_created.html",
            {"issued": issued, "integration": integration},
        ),
    )


@staff_required(PERM)
@button
def integration_token_revoke(
    request: HttpRequest, integration_id: int, token_id: int
) -> HttpResponse:
    integration = _integration(request, integration_id)
    token = ApiToken.objects.filter(user=integration, pk=token_id).first()
    if token is None:
        raise Http404
    token.user = integration
    return perform(
        request,
        lambda: services.integration_token_revoke(actor=request.user, token=token),
        redirect_to=integration_url(integration),
        success=_("The token was revoked. It no longer works."),
    )


@staff_required(PERM)
@button
def integration_deactivate(request: HttpRequest, integration_id: int) -> HttpResponse:
    integration = _integration(request, integration_id)
    return perform(
        request,
        lambda: services.integration_deactivate(
            actor=request.user, integration=integration
        ),
        redirect_to=integration_url(integration),
        success=_("The integration was deactivated. Its tokens no longer work."),
    )


@staff_required(PERM)
@button
def integration_reactivate(request: HttpRequest, integration_id: int) -> HttpResponse:
    integration = _integration(request, integration_id)
    return perform(
        request,
        lambda: services.integration_reactivate(
            actor=request.user, integration=integration
        ),
        redirect_to=integration_url(integration),
        success=_("The integration was reactivated."),
    )
