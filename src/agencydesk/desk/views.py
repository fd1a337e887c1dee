"""Staff pages of the service desk: home, queue, board, ticket page, reports."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from agencydesk.comms.inbound import inbound_discard, inbound_release, inbound_retry
from agencydesk.comms.models import InboundMessage
from agencydesk.core.access import access_object, staff_required
from agencydesk.core.errors import DomainError
from agencydesk.core.files import download_response
from agencydesk.core.pagination import paginate, paginate_by_ids
from agencydesk.core.panels import panels_for

from . import intake, services
from .forms import (
    SAVED_VIEW_LABELS,
    AssignForm,
    BulkForm,
    MessageForm,
    MoveForm,
    PromiseForm,
    QueueFilterForm,
    SlaReportForm,
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


def _ticket(request: HttpRequest, number: int, action: str = "view") -> Ticket:
    return access_object(
        request.viewer, tickets_for_page(), number, field_name="number", action=action
    )


@staff_required("desk.view_ticket")
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


@require_POST
@staff_required("desk.change_ticket")
def ticket_bulk(request: HttpRequest) -> HttpResponse:
    numbers = request.POST.getlist("tickets")
    form = BulkForm(request.POST, ticket_numbers=[n for n in numbers if n.isdigit()])
    if not form.is_valid():
        messages.error(request, _("Choose tickets and what to do with them."))
        return redirect("desk:ticket-list")
    data = form.cleaned_data
    tickets = ticket_list_for_desk(
        viewer=request.viewer, filters=QueueFilters(status="all")
    ).filter(number__in=data["tickets"])
    done, refused = 0, []
    for ticket in tickets:
        try:
            if data["action"] == "assign" and data["analyst"]:
                services.ticket_assign(
                    actor=request.user, ticket=ticket, analyst=data["analyst"]
                )
            elif data["action"] == "move":
                services.ticket_move(
                    actor=request.user,
                    ticket=ticket,
                    stage=data["stage"] or None,
                    status=data["status"] or None,
                )
            else:
                continue
            done += 1
        except DomainError as error:
            refused.append(f"{ticket.reference}: {error.message}")
    messages.success(
        request,
        ngettext("%(count)d ticket changed.", "%(count)d tickets changed.", done)
        % {"count": done},
    )
    for line in refused:
        messages.warning(request, line)
    return redirect(request.POST.get("next") or "desk:ticket-list")


@staff_required("desk.view_ticket")
def ticket_board_view(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None, viewer=request.viewer)
    columns = ticket_board(
        viewer=request.viewer, filters=QueueFilters(**form.filters())
    )
    return render(request, "desk/board.html", {"columns": columns, "form": form})


@staff_required("desk.add_ticket")
def ticket_create(request: HttpRequest) -> HttpResponse:
    is_post = request.method == "POST"
    form = TicketCreateForm(
        request.POST if is_post else None,
        request.FILES if is_post else None,
        viewer=request.viewer,
    )
    if is_post and form.is_valid():
        data = form.cleaned_data
        requester = data.pop("requester")
        try:
            ticket = services.ticket_create(
                actor=request.user, client=requester.client, requester=requester, **data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Ticket %(ref)s opened.") % {"ref": ticket.reference}
            )
            return redirect(ticket)
    return render(
        request, "desk/ticket_form.html", {"form": form}, status=422 if is_post else 200
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
                "analyst": ticket.analyst_id,
                "production_owner": ticket.production_owner_id,
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
def ticket_detail(request: HttpRequest, ticket_number: int) -> HttpResponse:
    ticket = _ticket(request, ticket_number)
    return render(request, "desk/ticket_detail.html", _page_context(request, ticket))


def _after_action(
    request: HttpRequest, ticket_number: int, error: str | None = None, **forms
) -> HttpResponse:
    """Answer an action: htmx gets the ticket's main block again, others a redirect."""
    ticket = _ticket(request, ticket_number)
    if request.htmx:
        context = _page_context(request, ticket, **forms)
        context["action_error"] = error
        return render(
            request,
            "desk/partials/ticket_main.html",
            context,
            status=422 if error else 200,
        )
    if error:
        messages.error(request, error)
        if forms:
            context = _page_context(request, ticket, **forms)
            return render(request, "desk/ticket_detail.html", context, status=422)
    return redirect(ticket)


def _act(
    request: HttpRequest, ticket_number: int, form_class, call, action: str = "change"
) -> HttpResponse:
    ticket = _ticket(request, ticket_number, action=action)
    form = (
        form_class(request.POST, request.FILES)
        if form_class is MessageForm
        else form_class(request.POST)
    )
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return _after_action(request, ticket_number, error=errors)
    try:
        call(ticket, form.cleaned_data)
    except DomainError as error:
        # A refused reply comes back with its text, so nothing typed is lost.
        kept = {"message_form": form} if form_class is MessageForm else {}
        return _after_action(request, ticket_number, error=error.message, **kept)
    return _after_action(request, ticket_number)


@require_POST
@staff_required("desk.move_ticket")
def ticket_move(request: HttpRequest, ticket_number: int) -> HttpResponse:
    return _act(
        request,
        ticket_number,
        MoveForm,
        lambda t, d: services.ticket_move(actor=request.user, ticket=t, **d),
        action="move",
    )


@require_POST
@staff_required("desk.change_ticket")
def ticket_assign(request: HttpRequest, ticket_number: int) -> HttpResponse:
    return _act(
        request,
        ticket_number,
        AssignForm,
        lambda t, d: services.ticket_assign(actor=request.user, ticket=t, **d),
    )


@require_POST
@staff_required("desk.change_ticket")
def ticket_promise(request: HttpRequest, ticket_number: int) -> HttpResponse:
    return _act(
        request,
        ticket_number,
        PromiseForm,
        lambda t, d: services.ticket_promise(actor=request.user, ticket=t, **d),
    )


@require_POST
@staff_required("desk.change_ticket")
def ticket_update(request: HttpRequest, ticket_number: int) -> HttpResponse:
    return _act(
        request,
        ticket_number,
        UpdateForm,
        lambda t, d: services.ticket_update(actor=request.user, ticket=t, **d),
    )


@require_POST
@staff_required("desk.add_message")
def ticket_message(request: HttpRequest, ticket_number: int) -> HttpResponse:
    return _act(
        request,
        ticket_number,
        MessageForm,
        lambda t, d: services.message_add(actor=request.user, ticket=t, **d),
        action="view",
    )


@require_POST
@staff_required("desk.add_message")
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
    decision = request.POST.get("decision")
    if decision not in ("accept", "discard"):
        error = _("Choose accept or discard.")
        return _after_action(request, ticket_number, error=error)
    try:
        services.message_review(
            actor=request.user, message=message, accept=decision == "accept"
        )
    except DomainError as error:
        return _after_action(request, ticket_number, error=error.message)
    return _after_action(request, ticket_number)


@require_POST
@staff_required("desk.change_ticket")
def step_toggle(request: HttpRequest, ticket_number: int, step_id: int) -> HttpResponse:
    ticket = _ticket(request, ticket_number, action="change")
    step = access_object(
        request.viewer,
        TicketStep.objects.filter(ticket=ticket),
        step_id,
        action="change",
    )
    services.step_set_done(
        actor=request.user, step=step, done=request.POST.get("done") == "1"
    )
    return _after_action(request, ticket_number)


@staff_required("desk.view_ticket")
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
def report_csat(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "desk/report_csat.html",
        {"summary": csat_summary(viewer=request.viewer)},
    )


@staff_required("comms.view_inboundmessage")
def intake_list(request: HttpRequest) -> HttpResponse:
    """Mail and WhatsApp messages that need a person: triage and failures."""
    state = request.GET.get("state", "triage")
    if state not in ("triage", "held", "failed", "ignored"):
        state = "triage"
    rows = InboundMessage.objects.filter(status=state).order_by("-received_at", "-pk")
    page = paginate(request, rows.defer("raw"))
    return render(
        request,
        "desk/intake.html",
        {
            "page": page,
            "state": state,
            "triage_form": TriageForm(viewer=request.viewer),
        },
    )


@require_POST
@staff_required("desk.add_ticket")
def intake_assign(request: HttpRequest, inbound_id: int) -> HttpResponse:
    inbound = access_object(
        request.viewer, InboundMessage.objects.filter(status="triage"), inbound_id
    )
    form = TriageForm(request.POST, viewer=request.viewer)
    if form.is_valid():
        intake.triage_assign(
            actor=request.user, inbound=inbound, client=form.cleaned_data["client"]
        )
        messages.success(request, _("The message was given to the client."))
    else:
        messages.error(request, _("Choose a client."))
    return redirect(f"{reverse('desk:intake')}?state=triage")


@require_POST
@staff_required("comms.change_inboundmessage")
def intake_retry(request: HttpRequest, inbound_id: int) -> HttpResponse:
    inbound = access_object(
        request.viewer, InboundMessage.objects.filter(status="failed"), inbound_id
    )
    row = inbound_retry(inbound=inbound)
    if row is not None and row.status == InboundMessage.Status.FAILED:
        messages.error(
            request, _("It failed again: %(reason)s") % {"reason": row.reason}
        )
    else:
        messages.success(request, _("The message was processed."))
    return redirect(f"{reverse('desk:intake')}?state=failed")


@require_POST
@staff_required("comms.change_inboundmessage")
def intake_release(request: HttpRequest, inbound_id: int) -> HttpResponse:
    """Let a held message through, or discard it (it is kept either way)."""
    inbound = access_object(
        request.viewer, InboundMessage.objects.filter(status="held"), inbound_id
    )
    if request.POST.get("decision") == "discard":
        inbound_discard(inbound=inbound)
        messages.success(request, _("The message was discarded (it is kept)."))
    else:
        row = inbound_release(inbound=inbound)
        if row is not None and row.status == InboundMessage.Status.FAILED:
            messages.error(request, _("It failed: %(reason)s") % {"reason": row.reason})
        else:
            messages.success(request, _("The message was processed."))
    return redirect(f"{reverse('desk:intake')}?state=held")
