"""The client's statements of work and change requests: read, confirm and
decide in the portal, or through the signed link of the e-mail (no sign-in:
the signature names the contact)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from agencydesk.clients.selectors import contact_for_portal
from agencydesk.core.access import access_object, contact_required
from agencydesk.core.actions import button, posted, reads, submit, writes
from agencydesk.timesheets.selectors import retainer_burn
from agencydesk.work import services
from agencydesk.work.models import ChangeRequest, Sow
from agencydesk.work.scope_forms import ConfirmForm, DecisionForm
from agencydesk.work.scope_selectors import (
    change_request_for_portal,
    scope_meter,
    sow_for_portal,
    today_for,
)
from agencydesk.work.services.change_requests import change_request_from_token
from agencydesk.work.services.scope import sow_from_token

SCOPE_LIST = 10


@contact_required
@reads
def scope(request: HttpRequest) -> HttpResponse:
    """The SOW in force with its meter this period (the staff meter's
    figures), the retainer's balance this month (the budgets page's figures),
    the SOWs and the change requests."""
    viewer = request.viewer
    client = contact_for_portal(viewer=viewer).client
    today = today_for(client)
    current = (
        sow_for_portal(viewer=viewer)
        .filter(status=Sow.Status.CONFIRMED)
        .order_by("-confirmed_at", "-pk")
        .first()
    )
    context = {
        "today": today,
        "current": current,
        "meter": scope_meter(sow=current, on=today) if current else [],
        "retainer": retainer_burn(client_id=client.pk, month=today),
        "sows": list(sow_for_portal(viewer=viewer).order_by("-pk")[:SCOPE_LIST]),
        "change_requests": list(
            change_request_for_portal(viewer=viewer).order_by("-pk")[:SCOPE_LIST]
        ),
    }
    return render(request, "portal/scope/index.html", context)


def _sow(request: HttpRequest, sow_id: int, action: str = "view") -> Sow:
    return access_object(
        request.viewer, sow_for_portal(viewer=request.viewer), sow_id, action=action
    )


def _cr(request: HttpRequest, cr_id: int, action: str = "view") -> ChangeRequest:
    return access_object(
        request.viewer,
        change_request_for_portal(viewer=request.viewer),
        cr_id,
        action=action,
    )


@contact_required
@reads
def sow_detail(request: HttpRequest, sow_id: int) -> HttpResponse:
    sow = _sow(request, sow_id)
    context = {"sow": sow, "link": False, "form": ConfirmForm()}
    return render(request, "portal/scope/sow.html", context)


@contact_required
@button
def sow_confirm(request: HttpRequest, sow_id: int) -> HttpResponse:
    sow = _sow(request, sow_id, action="confirm")
    contact = contact_for_portal(viewer=request.viewer)
    return submit(
        request,
        ConfirmForm(request.POST),
        lambda _data: services.sow_confirm(
            actor=request.user, sow=sow, contact=contact
        ),
        template="portal/scope/sow.html",
        context={"sow": sow, "link": False},
        success=_("Thank you: the statement of work is confirmed."),
        redirect_to=request.path.rsplit("confirm/", 1)[0],
    )


@contact_required
@reads
def change_request_detail(request: HttpRequest, cr_id: int) -> HttpResponse:
    cr = _cr(request, cr_id)
    context = {"cr": cr, "form": DecisionForm(), "link": False}
    return render(request, "portal/scope/change_request.html", context)


@contact_required
@button
def change_request_decide(request: HttpRequest, cr_id: int) -> HttpResponse:
    cr = _cr(request, cr_id, action="decide")
    contact = contact_for_portal(viewer=request.viewer)
    return submit(
        request,
        DecisionForm(request.POST),
        lambda data: services.change_request_decide(
            actor=request.user, change_request=cr, contact=contact, **data
        ),
        template="portal/scope/change_request.html",
        context={"cr": cr, "link": False},
        success=_("Thank you: your decision was recorded."),
        redirect_to=request.path.rsplit("decide/", 1)[0],
    )


@writes
def sow_link(request: HttpRequest, sow_token: str) -> HttpResponse:
    """The e-mail's link: read the SOW and confirm it without signing in."""
    sow, contact = sow_from_token(sow_token)  # refused: core.middleware's page
    return submit(
        request,
        ConfirmForm(**posted(request)),
        lambda _data: services.sow_confirm(actor=None, sow=sow, contact=contact),
        template="portal/scope/sow.html",
        context={"sow": sow, "link": True, "contact": contact},
        success=_("Thank you: the statement of work is confirmed."),
        redirect_to=request.path,
    )


@writes
def change_request_link(request: HttpRequest, cr_token: str) -> HttpResponse:
    """The e-mail's link: decide a change request without signing in."""
    cr, contact = change_request_from_token(cr_token)  # refused: as above
    return submit(
        request,
        DecisionForm(**posted(request)),
        lambda data: services.change_request_decide(
            actor=None, change_request=cr, contact=contact, **data
        ),
        template="portal/scope/change_request.html",
        context={"cr": cr, "link": True, "contact": contact},
        success=_("Thank you: your decision was recorded."),
        redirect_to=request.path,
    )
