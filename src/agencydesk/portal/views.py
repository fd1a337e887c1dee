"""The client's panel: views only, reading through the apps' selectors and
writing through the desk services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agencydesk.clients.selectors import contact_for_portal
from agencydesk.core.access import access_object, contact_required
from agencydesk.core.errors import DomainError
from agencydesk.core.files import download_response
from agencydesk.core.htmx import partial
from agencydesk.core.pagination import paginate
from agencydesk.core.panels import panels_for
from agencydesk.desk import services
from agencydesk.desk.errors import RatingLinkClosedError
from agencydesk.desk.models import Attachment, Status, Ticket
from agencydesk.desk.selectors import ticket_history, ticket_list_for_portal
from agencydesk.desk.services.ratings import ticket_from_rating_token

from .forms import RatingForm, ReplyForm, TicketCreateForm, TicketFilterForm

HOME_TICKETS = 5


def _portal_tickets() -> QuerySet[Ticket]:
    """Tickets shaped for the portal's ticket page: only what a client is shown
    (no staff relations), narrowed to the viewer by ``access_object``."""
    return Ticket.objects.select_related("request_type", "requester__user", "rating")


def _access_ticket(request: HttpRequest, number: int, action: str = "view") -> Ticket:
    return access_object(
        request.viewer, _portal_tickets(), number, action=action, field_name="number"
    )


def _ticket_context(request: HttpRequest, ticket: Ticket, **forms: Any) -> dict:
    return {
        "ticket": ticket,
        "history": ticket_history(viewer=request.viewer, ticket=ticket),
        "rating": getattr(ticket, "rating", None),
        "can_rate": ticket.status == Status.DONE,
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "rating_form": forms.get("rating_form") or RatingForm(),
        "notice": forms.get("notice", ""),
    }


def _ticket_page(
    request: HttpRequest, ticket: Ticket, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """The ticket page, or only its swappable part for htmx."""
    template = (
        "portal/partials/ticket_main.html"
        if partial(request)
        else "portal/ticket_detail.html"
    )
    context = _ticket_context(request, ticket, **forms)
    return render(request, template, context, status=status)


def _changed(request: HttpRequest, number: int, notice: str) -> HttpResponse:
    """After a successful write: the fresh fragment for htmx, else a redirect."""
    if partial(request):
        ticket = _access_ticket(request, number)
        return _ticket_page(request, ticket, notice=notice)
    messages.success(request, notice)
    return redirect("portal:ticket-detail", number)


@contact_required
def home(request: HttpRequest) -> HttpResponse:
    contact = contact_for_portal(viewer=request.viewer)
    tickets = ticket_list_for_portal(viewer=request.viewer)[:HOME_TICKETS]
    context = {
        "contact": contact,
        "client": contact.client,
        "tickets": list(tickets),
        "panels": panels_for("portal", request, client=contact.client),
    }
    return render(request, "portal/home.html", context)


@contact_required
def ticket_list(request: HttpRequest) -> HttpResponse:
    form = TicketFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    tickets = ticket_list_for_portal(
        viewer=request.viewer,
        status=filters.get("status", ""),
        q=filters.get("q", ""),
    )
    page = paginate(request, tickets)
    context = {"page": page, "form": form, "filtered": any(filters.values())}
    return render(request, "portal/ticket_list.html", context)


@contact_required
def ticket_create(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = TicketCreateForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    if posted and form.is_valid():
        contact = contact_for_portal(viewer=request.viewer)
        try:
            ticket = services.ticket_create(
                actor=request.user, client=contact.client, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your request %(ref)s was sent.") % {"ref": ticket.reference},
            )
            return redirect(ticket.get_portal_url())
    status = 422 if posted else 200
    return render(request, "portal/ticket_form.html", {"form": form}, status=status)


@contact_required
def ticket_detail(request: HttpRequest, ticket_number: int) -> HttpResponse:
    ticket = _access_ticket(request, ticket_number)
    return _ticket_page(request, ticket)


@require_POST
@contact_required
def ticket_reply(request: HttpRequest, ticket_number: int) -> HttpResponse:
    ticket = _access_ticket(request, ticket_number, action="reply")
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.message_add(actor=request.user, ticket=ticket, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return _changed(request, ticket_number, _("Your reply was sent."))
    return _ticket_page(request, ticket, status=422, reply_form=form)


@require_POST
@contact_required
def ticket_rate(request: HttpRequest, ticket_number: int) -> HttpResponse:
    ticket = _access_ticket(request, ticket_number, action="rate")
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rating_submit(
                actor=request.user, ticket=ticket, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return _changed(request, ticket_number, _("Thank you for your rating."))
    return _ticket_page(request, ticket, status=422, rating_form=form)


@contact_required
def attachment_download(
    request: HttpRequest, ticket_number: int, attachment_id: int
) -> HttpResponse:
    """A file of a public message on a ticket the contact may see."""
    ticket = _access_ticket(request, ticket_number)
    files = Attachment.objects.filter(message__ticket=ticket)
    attachment = access_object(request.viewer, files, attachment_id)
    return download_response(
        attachment.file,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )


@require_http_methods(["GET", "POST"])
def rate_link(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click rating link of an e-mail: no sign-in, the signature is
    the authority; a bad, expired or altered token is a 404, the link of an
    archived account is gone (410)."""
    try:
        ticket = ticket_from_rating_token(token)
    except RatingLinkClosedError as error:
        context = {"message": error.message}
        return render(request, "portal/rate_link_closed.html", context, status=410)
    rating = getattr(ticket, "rating", None)
    if request.method == "GET":
        chosen = request.GET.get("score") or (rating.score if rating else None)
        form = RatingForm(initial={"score": chosen})
    else:
        form = RatingForm(request.POST)
        if form.is_valid():
            try:
                services.rating_submit(actor=None, ticket=ticket, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Thank you for your rating."))
                return redirect(request.path)
    context = {
        "ticket": ticket,
        "form": form,
        "rating": rating,
        "can_rate": ticket.status == Status.DONE,
    }
    return render(
        request,
        "portal/rate_link.html",
        context,
        status=422 if request.method == "POST" else 200,
    )
