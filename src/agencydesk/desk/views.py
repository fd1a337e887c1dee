"""Staff pages of the service desk: home, queue, board, ticket page, reports."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencydesk.comms.models import InboundMessage
from agencydesk.comms.selectors.inbound import REVIEW_STATES, inbound_for_review
from agencydesk.comms.services.inbound import (
    inbound_discard,
    inbound_release,
    inbound_retry,
)
from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import (
    button,
    form_error_text,
    perform,
    posted,
    reads,
    submit,
    writes,
)
from agencydesk.core.errors import DomainError
from agencydesk.core.files import download_response
from agencydesk.core.htmx import partial
from agencydesk.core.pagination import paginate, paginate_by_ids
from agencydesk.core.panels import panels_for

from . import services
from .forms import (
    SAVED_VIEW_LABELS,
    AssignForm,
    BulkForm,
    MessageForm,
    MoveForm,
    PromiseForm,
    QueueFilterForm,
    ReleaseForm,
    ReviewForm,
    SlaReportForm,
    StepDoneForm,
    TicketCreateForm,
    TriageForm,
    UpdateForm,
)
from .models import Attachment, Message, Ticket, TicketStep
from .selectors import (
    QueueFilters,
    csat_summary,
    desk_counts,
    sla_report,
    ticket_board,
    ticket_history,
    ticket_list_for_desk,
    ticket_mail,
    tickets_for_page,
)
from .services import intake


def _ticket(
    request: HttpRequest, number: int, action: str = "view", *, shaped: bool = True
) -> Ticket:
    """The viewer's ticket; ``shaped`` for the page (its joins and lists), or
    bare for a service, which re-reads it under a lock anyway."""
    rows = tickets_for_page() if shaped else Ticket.objects.all()
    return access_object(
        request.viewer, rows, number, field_name="number", action=action
    )


@staff_required("desk.view_ticket")
@reads
def desk_home(request: HttpRequest) -> HttpResponse:
    counts = desk_counts(viewer=request.viewer)
    mine = ticket_list_for_desk(
        viewer=request.viewer, filters=QueueFilters(view="mine")
    )
    return render(
        request,
        "desk/home.html",
        {"counts": counts, "mine": mine[:10], "views": SAVED_VIEW_LABELS},
    )


@staff_required("desk.view_ticket")
@reads
def ticket_list(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None, viewer=request.viewer)
    filters = QueueFilters(**form.filters())
    page = paginate_by_ids(
        request, ticket_list_for_desk(viewer=request.viewer, filters=filters)
    )
    context = {
        "page": page,
        "form": form,
        "views": SAVED_VIEW_LABELS,
        "filters": filters,
    }
    context["bulk"] = BulkForm()
    return render(request, "desk/ticket_list.html", context)


@staff_required("desk.change_ticket")
@button
def ticket_bulk(request: HttpRequest) -> HttpResponse:
    visible = ticket_list_for_desk(
        viewer=request.viewer, filters=QueueFilters(status="all")
    )
    form = BulkForm(request.POST, tickets=visible, viewer=request.viewer)

    def call(data):
        result = services.tickets_bulk_change(actor=request.user, **data)
        for line in result.refused:
            messages.warning(request, line)
        return result

    return submit(
        request,
        form,
        call,
        success=lambda result: (
            ngettext(
                "%(count)d ticket changed.", "%(count)d tickets changed.", result.done
            )
            % {"count": result.done}
        ),
        redirect_to="desk:ticket-list",
    )


@staff_required("desk.view_ticket")
@reads
def ticket_board_view(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None, viewer=request.viewer)
    columns = ticket_board(
        viewer=request.viewer, filters=QueueFilters(**form.filters())
    )
    return render(request, "desk/board.html", {"columns": columns, "form": form})


@staff_required("desk.add_ticket")
@writes
def ticket_create(request: HttpRequest) -> HttpResponse:
    form = TicketCreateForm(**posted(request), viewer=request.viewer)

    def call(data):
        requester = data.pop("requester")
        return services.ticket_create(
            actor=request.user, client=requester.client, requester=requester, **data
        )

    return submit(
        request,
        form,
        call,
        template="desk/ticket_form.html",
        success=lambda ticket: _("Ticket %(ref)s opened.") % {"ref": ticket.reference},
        redirect_to=lambda ticket: ticket,
    )


def _page_context(request: HttpRequest, ticket: Ticket, **forms) -> dict:
    initial = {"version": ticket.version}
    context = {
        "ticket": ticket,
        "history": ticket_history(viewer=request.viewer, ticket=ticket),
        "move_form": MoveForm(
            initial={**initial, "stage": ticket.stage, "status": ticket.status}
        ),
        "assign_form": AssignForm(
            initial={
                **initial,
                "analyst": ticket.analyst,
                "production_owner": ticket.production_owner,
            }
        ),
        "promise_form": PromiseForm(
            initial={**initial, "promised_date": ticket.promised_date}
        ),
        "update_form": UpdateForm(
            initial={
                **initial,
                "priority": ticket.priority,
                "estimate_hours": (
                    round(ticket.estimate_minutes / 60, 2)
                    if ticket.estimate_minutes is not None
                    else None
                ),
                "request_type": ticket.request_type_id,
                "tags": ", ".join(t.name for t in ticket.tags.all()),
            }
        ),
        "message_form": MessageForm(),
        "mail": ticket_mail(ticket=ticket),
        "panels": panels_for("ticket", request, ticket=ticket),
    }
    context.update(forms)
    return context


@staff_required("desk.view_ticket")
@reads
def ticket_detail(request: HttpRequest, ticket_number: int) -> HttpResponse:
    ticket = _ticket(request, ticket_number)
    return render(request, "desk/ticket_detail.html", _page_context(request, ticket))


def _act(
    request: HttpRequest,
    ticket_number: int,
    form,
    call,
    action: str = "change",
    keep: str | None = None,
) -> HttpResponse:
    """An action of the ticket page: htmx gets the page's main block again
    (with the refusal on top when there is one), others the page.

    ``keep`` names the page's form that comes back as typed when refused (a
    reply), so nothing typed is lost."""
    ticket = _ticket(request, ticket_number, action=action, shaped=False)

    def page(bound) -> dict:
        fresh = _ticket(request, ticket_number)
        kept = {keep: bound} if keep else {}
        context = _page_context(request, fresh, **kept)
        context["action_error"] = form_error_text(bound)
        return context

    def answer(_result) -> HttpResponse:
        if partial(request):
            fresh = _ticket(request, ticket_number)
            return render(
                request,
                "desk/partials/ticket_main.html",
                _page_context(request, fresh),
            )
        return redirect(ticket)

    return submit(
        request,
        form,
        lambda data: call(ticket, data),
        template="desk/ticket_detail.html",
        partial_template="desk/partials/ticket_main.html",
        context=page,
        form_name="submitted_form",
        answer=answer,
    )


def _ticket_form_action(form_class, service: str, *, perm: str, action="change"):
    """A form of the ticket page that calls one desk service with its data."""

    @staff_required(perm)
    @button
    def view(request: HttpRequest, ticket_number: int) -> HttpResponse:
        return _act(
            request,
            ticket_number,
            form_class(request.POST, viewer=request.viewer),
            # Looked up at call time, so the service is the desk's current one.
            lambda t, d: getattr(services, service)(actor=request.user, ticket=t, **d),
            action=action,
        )

    view.__name__ = view.__qualname__ = service
    return view


ticket_move = _ticket_form_action(
    MoveForm, "ticket_move", perm="desk.move_ticket", action="move"
)
ticket_assign = _ticket_form_action(
    AssignForm, "ticket_assign", perm="desk.change_ticket"
)
ticket_promise = _ticket_form_action(
    PromiseForm, "ticket_promise", perm="desk.change_ticket"
)
ticket_update = _ticket_form_action(
    UpdateForm, "ticket_update", perm="desk.change_ticket"
)


@staff_required("desk.add_message")
@button
def ticket_message(request: HttpRequest, ticket_number: int) -> HttpResponse:
    return _act(
        request,
        ticket_number,
        MessageForm(request.POST, request.FILES),
        lambda t, d: services.message_add(actor=request.user, ticket=t, **d),
        action="view",
        keep="message_form",
    )


@staff_required("desk.add_message")
@button
def message_review(
    request: HttpRequest, ticket_number: int, message_id: int
) -> HttpResponse:
    """Accept or discard mail held because its sender was not verified."""
    ticket = _ticket(request, ticket_number)
    message = access_object(
        request.viewer,
        Message.objects.filter(ticket=ticket, review=Message.Review.HELD),
        message_id,
    )
    return _act(
        request,
        ticket_number,
        ReviewForm(request.POST),
        lambda _t, d: services.message_review(
            actor=request.user, message=message, accept=d["decision"] == "accept"
        ),
        action="view",
    )


@staff_required("desk.change_ticket")
@button
def step_toggle(request: HttpRequest, ticket_number: int, step_id: int) -> HttpResponse:
    ticket = _ticket(request, ticket_number, action="change")
    step = access_object(
        request.viewer,
        TicketStep.objects.filter(ticket=ticket),
        step_id,
        action="change",
    )
    return _act(
        request,
        ticket_number,
        StepDoneForm(request.POST),
        lambda _t, d: services.step_set_done(
            actor=request.user, step=step, done=d["done"]
        ),
    )


@staff_required("desk.view_ticket")
@reads
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """A file of any message, internal notes included (contacts download
    through the portal).

    A file is part of its ticket's history: whoever may view the ticket may
    open it (roles hold no separate attachment permission)."""
    ticket = access_object(
        request.viewer,
        Ticket.objects.all(),
        attachment_id,
        field_name="messages__attachments",
    )
    attachment = Attachment.objects.get(pk=attachment_id, message__ticket=ticket)
    return download_response(
        attachment.file,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )


@staff_required("desk.view_ticket")
@reads
def report_sla(request: HttpRequest) -> HttpResponse:
    form = SlaReportForm(
        request.GET or None,
        initial={"month": timezone.localdate().replace(day=1)},
        viewer=request.viewer,
    )
    report = None
    if form.is_valid():
        report = sla_report(
            viewer=request.viewer,
            client=form.cleaned_data["client"],
            month=form.cleaned_data["month"],
        )
    return render(request, "desk/report_sla.html", {"form": form, "report": report})


@staff_required("desk.view_rating")
@reads
def report_csat(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "desk/report_csat.html",
        {"summary": csat_summary(viewer=request.viewer)},
    )


@staff_required("comms.view_inboundmessage")
@reads
def intake_list(request: HttpRequest) -> HttpResponse:
    """Mail and WhatsApp messages that need a person: triage and failures."""
    state = request.GET.get("state", "triage")
    if state not in REVIEW_STATES:
        state = "triage"
    return render(
        request,
        "desk/intake.html",
        {
            "page": paginate(request, inbound_for_review(state=state)),
            "state": state,
        },
    )


def _intake(state: str) -> str:
    return f"{reverse('desk:intake')}?state={state}"


def _processed(row, failed_again: bool = False):
    """A retried or released message that failed again is a refusal to show."""
    if row is not None and row.status == InboundMessage.Status.FAILED:
        text = (
            _("It failed again: %(reason)s")
            if failed_again
            else _("It failed: %(reason)s")
        )
        raise DomainError(text % {"reason": row.reason})
    return row


@staff_required("desk.add_ticket")
@button
def intake_assign(request: HttpRequest, inbound_id: int) -> HttpResponse:
    inbound = access_object(
        request.viewer, InboundMessage.objects.filter(status="triage"), inbound_id
    )
    return submit(
        request,
        TriageForm(request.POST, viewer=request.viewer),
        lambda data: intake.triage_assign(
            actor=request.user, inbound=inbound, client=data["client"]
        ),
        success=_("The message was given to the client."),
        redirect_to=_intake("triage"),
    )


@staff_required("comms.change_inboundmessage")
@button
def intake_retry(request: HttpRequest, inbound_id: int) -> HttpResponse:
    inbound = access_object(
        request.viewer, InboundMessage.objects.filter(status="failed"), inbound_id
    )
    return perform(
        request,
        lambda: _processed(inbound_retry(inbound=inbound), failed_again=True),
        success=_("The message was processed."),
        redirect_to=_intake("failed"),
    )


@staff_required("comms.change_inboundmessage")
@button
def intake_release(request: HttpRequest, inbound_id: int) -> HttpResponse:
    """Let a held message through, or discard it (it is kept either way)."""
    inbound = access_object(
        request.viewer, InboundMessage.objects.filter(status="held"), inbound_id
    )

    def call(data):
        if data["decision"] == "discard":
            inbound_discard(inbound=inbound)
            return _("The message was discarded (it is kept).")
        _processed(inbound_release(inbound=inbound))
        return _("The message was processed.")

    return submit(
        request,
        ReleaseForm(request.POST),
        call,
        success=lambda text: text,
        redirect_to=_intake("held"),
    )
