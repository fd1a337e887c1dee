"""Pages of complaints, the risk register and escalations. Contacts never
reach them (staff only); an account manager finds only their own clients'
rows (another client's complaint is a 404)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import button, perform, posted, reads, submit, writes
from agencydesk.core.pagination import paginate
from agencydesk.desk.models import Ticket

from . import selectors, services
from .forms import (
    CloseForm,
    ComplaintFilterForm,
    ComplaintForm,
    EscalateForm,
    ResolveForm,
    RiskFilterForm,
    RiskForm,
)
from .models import Complaint, Risk


def _complaint(request: HttpRequest, complaint_id: int) -> Complaint:
    rows = selectors.complaint_for_page(
        viewer=request.viewer, complaint_id=complaint_id
    )
    return access_object(request.viewer, rows, complaint_id)


def _risk(request: HttpRequest, risk_id: int) -> Risk:
    rows = selectors.risk_list(viewer=request.viewer)
    return access_object(request.viewer, rows, risk_id)


# Complaints


@staff_required("risks.view_complaint")
@reads
def complaint_list(request: HttpRequest) -> HttpResponse:
    form = ComplaintFilterForm(request.GET or None, viewer=request.viewer)
    rows = selectors.complaint_list(viewer=request.viewer, **form.filters())
    return render(
        request,
        "risks/complaint_list.html",
        {"form": form, "page": paginate(request, rows), "today": timezone.localdate()},
    )


@staff_required("risks.add_complaint")
@writes
def complaint_create(request: HttpRequest) -> HttpResponse:
    def call(data):
        return services.complaint_open(actor=request.user, **data)

    return submit(
        request,
        ComplaintForm(**posted(request), viewer=request.viewer),
        call,
        template="risks/complaint_form.html",
        success=_("The complaint is recorded and the agency leads are told."),
        redirect_to=lambda complaint: complaint.get_absolute_url(),
    )


@staff_required("risks.view_complaint")
@reads
def complaint_detail(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, complaint_id)
    manage = selectors.manageable(
        actor=request.user,
        client_id=complaint.client_id,
        perm="risks.change_complaint",
    )
    return render(
        request,
        "risks/complaint_detail.html",
        {
            "complaint": complaint,
            "manage": manage,
            "today": timezone.localdate(),
            "escalations": list(complaint.escalations.all()),
            "resolve_form": ResolveForm() if manage else None,
            "close_form": CloseForm(
                initial={"client_confirmed_on": timezone.localdate()}
            )
            if manage
            else None,
            "escalate_form": EscalateForm() if manage else None,
        },
    )


@staff_required("risks.change_complaint")
@button
def complaint_acknowledge(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, complaint_id)
    return perform(
        request,
        lambda: services.complaint_acknowledge(actor=request.user, complaint=complaint),
        redirect_to=complaint.get_absolute_url(),
        success=_("The complaint is acknowledged."),
    )


@staff_required("risks.change_complaint")
@button
def complaint_resolve(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, complaint_id)
    return submit(
        request,
        ResolveForm(**posted(request)),
        lambda data: services.complaint_resolve(
            actor=request.user, complaint=complaint, **data
        ),
        success=_("The resolution is recorded."),
        redirect_to=complaint.get_absolute_url(),
    )


@staff_required("risks.change_complaint")
@button
def complaint_close(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, complaint_id)
    return submit(
        request,
        CloseForm(**posted(request)),
        lambda data: services.complaint_close(
            actor=request.user, complaint=complaint, **data
        ),
        success=_("The complaint is closed."),
        redirect_to=complaint.get_absolute_url(),
    )


@staff_required("risks.change_complaint")
@button
def complaint_escalate(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, complaint_id)
    return submit(
        request,
        EscalateForm(**posted(request)),
        lambda data: services.complaint_escalate(
            actor=request.user, complaint=complaint, **data
        ),
        success=_("The complaint is escalated to management."),
        redirect_to=complaint.get_absolute_url(),
    )


@staff_required("risks.add_complaint")
@button
def ticket_flag(request: HttpRequest, ticket_number: int) -> HttpResponse:
    ticket = access_object(
        request.viewer,
        Ticket.objects.select_related("client"),
        ticket_number,
        field_name="number",
    )
    return perform(
        request,
        lambda: services.complaint_from_ticket(actor=request.user, ticket=ticket),
        redirect_to=ticket.get_absolute_url(),
        answer=lambda complaint: redirect(complaint.get_absolute_url()),
        success=_(
            "The ticket is recorded as a complaint and the agency leads are told."
        ),
    )


# Risks


@staff_required("risks.view_risk")
@reads
def risk_list(request: HttpRequest) -> HttpResponse:
    form = RiskFilterForm(request.GET or None, viewer=request.viewer)
    filters = form.filters()
    rows = selectors.risk_list(viewer=request.viewer, **filters)
    heat_rows = selectors.risk_list(
        viewer=request.viewer, client_id=filters.get("client_id")
    )
    return render(
        request,
        "risks/risk_list.html",
        {
            "form": form,
            "page": paginate(request, rows),
            "heat": selectors.heat_map(heat_rows),
            "impacts": range(1, 6),
        },
    )


@staff_required("risks.add_risk")
@writes
def risk_create(request: HttpRequest) -> HttpResponse:
    return submit(
        request,
        RiskForm(**posted(request), viewer=request.viewer),
        lambda data: services.risk_create(actor=request.user, **data),
        template="risks/risk_form.html",
        success=_("The risk is on the register."),
        redirect_to="risks:risk-list",
    )


@staff_required("risks.view_risk")
@writes
def risk_update(request: HttpRequest, risk_id: int) -> HttpResponse:
    risk = _risk(request, risk_id)
    manage = selectors.manageable(
        actor=request.user, client_id=risk.client_id, perm="risks.change_risk"
    )
    initial = {
        field: getattr(risk, field)
        for field in (
            "title",
            "category",
            "probability",
            "impact",
            "owner",
            "mitigation",
            "contingency",
            "review_date",
            "status",
            "what_happened",
        )
    }
    context = {
        "risk": risk,
        "manage": manage,
        "escalate_form": EscalateForm() if manage else None,
        "escalations": list(
            risk.escalations.select_related("escalated_by").prefetch_related(
                "escalated_to"
            )
        ),
    }

    def call(data):
        return services.risk_update(actor=request.user, risk=risk, **data)

    return submit(
        request,
        RiskForm(
            **posted(request), initial=initial, viewer=request.viewer, editing=True
        ),
        call,
        template="risks/risk_form.html",
        context=context,
        success=_("The risk is saved."),
        redirect_to="risks:risk-list",
    )


@staff_required("risks.change_risk")
@button
def risk_escalate(request: HttpRequest, risk_id: int) -> HttpResponse:
    risk = _risk(request, risk_id)
    return submit(
        request,
        EscalateForm(**posted(request)),
        lambda data: services.risk_escalate(actor=request.user, risk=risk, **data),
        success=_("The risk is escalated to management."),
        redirect_to=risk.get_absolute_url(),
    )


# Escalations


@staff_required("risks.view_escalation")
@reads
def escalation_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    rows = selectors.escalation_list(viewer=request.viewer, kind=kind)
    return render(
        request,
        "risks/escalation_list.html",
        {"page": paginate(request, rows), "kind": kind},
    )
