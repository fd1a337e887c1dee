"""/complaints, /risks and /escalations: the risks app's selectors and
services (its pages' own), so the API refuses what the pages refuse — an
account manager reaches only their own clients' rows."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from agencydesk.clients.models import Client
from agencydesk.core.access import access_object, require
from agencydesk.desk.models import Ticket
from agencydesk.people.models import User
from agencydesk.risks import selectors, services
from agencydesk.risks.models import Complaint, Risk

from ..auth import RISKS_READ, RISKS_WRITE
from ..errors import ApiError
from ..pagination import cursor_page
from ..schemas.common import ERRORS
from ..schemas.risks import (
    CloseIn,
    ComplaintFilter,
    ComplaintIn,
    ComplaintOut,
    ComplaintPage,
    EscalateIn,
    EscalationFilter,
    EscalationOut,
    EscalationPage,
    ResolveIn,
    RiskFilter,
    RiskIn,
    RiskOut,
    RiskPage,
)

complaints = Router(tags=["complaints"])
risks = Router(tags=["risks"])
escalations = Router(tags=["escalations"])


def _client_id(request: HttpRequest, slug: str) -> int | None:
    if not slug:
        return None
    try:
        return access_object(request.viewer, Client, slug, field_name="slug").pk
    except Http404:
        return 0  # a client the person cannot see: nothing to list


def _owner(email: str, fallback: Any) -> Any:
    if not email:
        return fallback
    owner = User.objects.filter(
        email__iexact=email, is_staff=True, is_active=True
    ).first()
    if owner is None:
        raise ApiError(
            _("No member of staff has this e-mail."),
            code="owner_unknown",
            fields={"owner": [_("No member of staff has this e-mail.")]},
        )
    return owner


def _complaint(request: HttpRequest, complaint_id: int) -> Complaint:
    rows = selectors.complaint_list(viewer=request.viewer)
    return access_object(request.viewer, rows, complaint_id)


def _risk(request: HttpRequest, risk_id: int) -> Risk:
    rows = selectors.risk_list(viewer=request.viewer)
    return access_object(request.viewer, rows, risk_id)


@complaints.get("", response={200: ComplaintPage, **ERRORS}, auth=RISKS_READ)
def complaint_list(request: HttpRequest, filters: Query[ComplaintFilter]) -> Any:
    """The complaints the token's person may see."""
    require(request.viewer, "risks.view_complaint")
    rows = selectors.complaint_list(
        viewer=request.viewer,
        status=filters.status,
        client_id=_client_id(request, filters.client),
    )
    items, cursor = cursor_page(
        rows, ordering=("pk",), cursor=filters.cursor, limit=filters.limit
    )
    return {"items": items, "next_cursor": cursor}


@complaints.post("", response={201: ComplaintOut, **ERRORS}, auth=RISKS_WRITE)
def complaint_create(request: HttpRequest, payload: ComplaintIn) -> Any:
    """Record a client's complaint; the agency leads are told and it is
    escalated to them at once (webhook ``complaint.opened``)."""
    require(request.viewer, "risks.add_complaint")
    client = access_object(request.viewer, Client, payload.client, field_name="slug")
    ticket = None
    if payload.ticket is not None:
        ticket = access_object(
            request.viewer,
            Ticket.objects.filter(client=client),
            payload.ticket,
            field_name="number",
        )
    complaint = services.complaint_open(
        actor=request.user,
        client=client,
        title=payload.title,
        description=payload.description,
        source=Complaint.Source.TICKET if ticket else payload.source,
        owner=_owner(payload.owner, request.user),
        ticket=ticket,
    )
    return Status(201, _complaint(request, complaint.pk))


@complaints.get(
    "/{int:complaint_id}", response={200: ComplaintOut, **ERRORS}, auth=RISKS_READ
)
def complaint_get(request: HttpRequest, complaint_id: int) -> Any:
    require(request.viewer, "risks.view_complaint")
    return _complaint(request, complaint_id)


def _act(request: HttpRequest, complaint_id: int, call: Any) -> Any:
    require(request.viewer, "risks.change_complaint")
    complaint = _complaint(request, complaint_id)
    call(complaint)
    return _complaint(request, complaint_id)


@complaints.post(
    "/{int:complaint_id}/acknowledge",
    response={200: ComplaintOut, **ERRORS},
    auth=RISKS_WRITE,
)
def complaint_acknowledge(request: HttpRequest, complaint_id: int) -> Any:
    """Acknowledge an open complaint."""
    return _act(
        request,
        complaint_id,
        lambda c: services.complaint_acknowledge(actor=request.user, complaint=c),
    )


@complaints.post(
    "/{int:complaint_id}/resolve",
    response={200: ComplaintOut, **ERRORS},
    auth=RISKS_WRITE,
)
def complaint_resolve(
    request: HttpRequest, complaint_id: int, payload: ResolveIn
) -> Any:
    """Record how the complaint was resolved."""
    return _act(
        request,
        complaint_id,
        lambda c: services.complaint_resolve(
            actor=request.user, complaint=c, resolution=payload.resolution
        ),
    )


@complaints.post(
    "/{int:complaint_id}/close",
    response={200: ComplaintOut, **ERRORS},
    auth=RISKS_WRITE,
)
def complaint_close(request: HttpRequest, complaint_id: int, payload: CloseIn) -> Any:
    """Close a resolved complaint once the client confirmed it."""
    return _act(
        request,
        complaint_id,
        lambda c: services.complaint_close(
            actor=request.user,
            complaint=c,
            client_confirmed=payload.client_confirmed,
            client_confirmed_on=payload.client_confirmed_on,
        ),
    )


@complaints.post(
    "/{int:complaint_id}/escalate",
    response={201: EscalationOut, **ERRORS},
    auth=RISKS_WRITE,
)
def complaint_escalate(
    request: HttpRequest, complaint_id: int, payload: EscalateIn
) -> Any:
    """Escalate a complaint to management (the agency leads)."""
    require(request.viewer, "risks.change_complaint")
    complaint = _complaint(request, complaint_id)
    escalation = services.complaint_escalate(
        actor=request.user, complaint=complaint, reason=payload.reason
    )
    return Status(201, escalation)


@risks.get("", response={200: RiskPage, **ERRORS}, auth=RISKS_READ)
def risk_list(request: HttpRequest, filters: Query[RiskFilter]) -> Any:
    """The risk register as the token's person may see it."""
    require(request.viewer, "risks.view_risk")
    rows = selectors.risk_list(
        viewer=request.viewer,
        status=filters.status,
        client_id=_client_id(request, filters.client),
    )
    items, cursor = cursor_page(
        rows, ordering=("pk",), cursor=filters.cursor, limit=filters.limit
    )
    return {"items": items, "next_cursor": cursor}


@risks.post("", response={201: RiskOut, **ERRORS}, auth=RISKS_WRITE)
def risk_create(request: HttpRequest, payload: RiskIn) -> Any:
    """Put a risk on the register (no client: the agency's own)."""
    require(request.viewer, "risks.add_risk")
    client = None
    if payload.client:
        client = access_object(
            request.viewer, Client, payload.client, field_name="slug"
        )
    data = payload.dict(exclude={"client", "owner"})
    risk = services.risk_create(
        actor=request.user,
        client=client,
        owner=_owner(payload.owner, request.user),
        **data,
    )
    return Status(201, _risk(request, risk.pk))


@risks.get("/{int:risk_id}", response={200: RiskOut, **ERRORS}, auth=RISKS_READ)
def risk_get(request: HttpRequest, risk_id: int) -> Any:
    require(request.viewer, "risks.view_risk")
    return _risk(request, risk_id)


@risks.post(
    "/{int:risk_id}/escalate", response={201: EscalationOut, **ERRORS}, auth=RISKS_WRITE
)
def risk_escalate(request: HttpRequest, risk_id: int, payload: EscalateIn) -> Any:
    """Escalate a risk to management (webhook ``risk.escalated``)."""
    require(request.viewer, "risks.change_risk")
    risk = _risk(request, risk_id)
    escalation = services.risk_escalate(
        actor=request.user, risk=risk, reason=payload.reason
    )
    return Status(201, escalation)


@escalations.get("", response={200: EscalationPage, **ERRORS}, auth=RISKS_READ)
def escalation_list(request: HttpRequest, filters: Query[EscalationFilter]) -> Any:
    """Every escalation the token's person may see, newest last."""
    require(request.viewer, "risks.view_escalation")
    rows = selectors.escalation_list(viewer=request.viewer, kind=filters.about)
    items, cursor = cursor_page(
        rows, ordering=("pk",), cursor=filters.cursor, limit=filters.limit
    )
    return {"items": items, "next_cursor": cursor}
