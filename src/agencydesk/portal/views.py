"""The client's panel: views only, reading through the apps' selectors and
writing through the desk services (through ``core.actions``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from agencydesk.clients.selectors import contact_for_portal
from agencydesk.core.access import access_object, contact_required
from agencydesk.core.actions import button, posted, reads, submit, writes
from agencydesk.core.files import download_response
from agencydesk.core.htmx import partial
from agencydesk.core.pagination import paginate
from agencydesk.core.panels import panels_for
from agencydesk.desk import services
from agencydesk.desk.models import Attachment, Ticket
from agencydesk.desk.selectors import ticket_history, ticket_list_for_portal
from agencydesk.desk.services.ratings import ticket_from_rating_token

from .forms import RatingForm, ReplyForm, TicketCreateForm, TicketFilterForm

HOME_TICKETS = 5
TICKET_MAIN = "portal/partials/ticket_main.html"


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
        "can_rate": ticket.rateable_by(request.user),
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "rating_form": forms.get("rating_form") or RatingForm(),
        "notice": forms.get("notice", ""),
    }


@contact_required
@reads
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
@reads
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
@writes
def ticket_create(request: HttpRequest) -> HttpResponse:
    def create(data: dict) -> Ticket:
        contact = contact_for_portal(viewer=request.viewer)
        return services.ticket_create(actor=request.user, client=contact.client, **data)

    return submit(
        request,
        TicketCreateForm(**posted(request)),
        create,
        template="portal/ticket_form.html",
        success=lambda ticket: (
            _("Your request %(ref)s was sent.") % {"ref": ticket.reference}
        ),
        redirect_to=lambda ticket: ticket.get_portal_url(),
    )


@contact_required
@reads
def ticket_detail(request: HttpRequest, ticket_number: int) -> HttpResponse:
    ticket = _access_ticket(request, ticket_number)
    template = TICKET_MAIN if partial(request) else "portal/ticket_detail.html"
    return render(request, template, _ticket_context(request, ticket))


def _act(
    request: HttpRequest,
    ticket: Ticket,
    form: Any,
    call: Callable[[dict], Any],
    *,
    form_name: str,
    notice: str,
) -> HttpResponse:
    """A form of the ticket page (reply, rating): htmx gets the page's main
    block again, with the notice on a success and the form as typed on a
    refusal; a plain form goes back to the ticket page."""
    fragment = partial(request)

    def fresh(_result: Any) -> HttpResponse:
        again = _access_ticket(request, ticket.number)
        context = _ticket_context(request, again, notice=notice)
        return render(request, TICKET_MAIN, context)

    return submit(
        request,
        form,
        call,
        template="portal/ticket_detail.html",
        partial_template=TICKET_MAIN,
        context=lambda bound: _ticket_context(request, ticket, **{form_name: bound}),
        form_name=form_name,
        success=None if fragment else notice,
        redirect_to=ticket.get_portal_url(),
        answer=fresh if fragment else None,
    )


@contact_required
@button
def ticket_reply(request: HttpRequest, ticket_number: int) -> HttpResponse:
    ticket = _access_ticket(request, ticket_number, action="reply")
    return _act(
        request,
        ticket,
        ReplyForm(**posted(request)),
        lambda data: services.message_add(actor=request.user, ticket=ticket, **data),
        form_name="reply_form",
        notice=_("Your reply was sent."),
    )


@contact_required
@button
def ticket_rate(request: HttpRequest, ticket_number: int) -> HttpResponse:
    ticket = _access_ticket(request, ticket_number, action="rate")
    return _act(
        request,
        ticket,
        RatingForm(**posted(request)),
        lambda data: services.rating_submit(actor=request.user, ticket=ticket, **data),
        form_name="rating_form",
        notice=_("Thank you for your rating."),
    )


@contact_required
@reads
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


@writes
def rate_link(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click rating link of an e-mail: no sign-in, the signature is
    the authority; a bad, expired or altered token is a 404, the link of an
    archived account is gone (410)."""
    # An archived account's link: RatingLinkClosedError, core.middleware's 410.
    ticket = ticket_from_rating_token(token)
    rating = getattr(ticket, "rating", None)
    chosen = request.GET.get("score") or (rating.score if rating else None)
    return submit(
        request,
        RatingForm(**posted(request), initial={"score": chosen}),
        lambda data: services.rating_submit(actor=None, ticket=ticket, **data),
        template="portal/rate_link.html",
        context={
            "ticket": ticket,
            "rating": rating,
            "can_rate": ticket.rateable_by(None),
        },
        success=_("Thank you for your rating."),
        redirect_to=request.path,
    )
