"""Change requests: extra work priced and dated before it is done. Drafted by
the account manager (or from a ticket marked out of scope at screening), sent
to a client contact (an e-mail with a signed link), decided by the client in
the portal or through the link. An approval changes the SOW, the budget (a
handler timesheets registers) and the affected milestones in one step."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client, Contact
from agencydesk.clients.services import ensure_editable
from agencydesk.core.access import require_actor
from agencydesk.core.agency import business_calendar
from agencydesk.core.calendar import business_days_after
from agencydesk.core.signing import LinkInvalid, SignedLink
from agencydesk.core.timeline import timeline_record
from agencydesk.desk.models import Stage, Ticket

from ..hooks import estimate_cost, run_approval_handlers
from ..models import (
    Area,
    ChangeRequest,
    ChangeRequestLine,
    Milestone,
    Project,
    ScopePeriod,
    Sow,
    SowLine,
)
from ..scope_errors import (
    ChangeRequestStateError,
    OutOfScopeError,
    ScopeLineError,
    ScopeLinkError,
)
from ..scope_selectors import change_request_for_page, current_sow, today_for
from .scope import _check_contact, _mail, check_line

CR_LINK = SignedLink("work.change_request", max_age=timedelta(days=30))
MAX_SHIFT = 250
Status = ChangeRequest.Status


def _lock(change_request: ChangeRequest) -> ChangeRequest:
    return (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("client", "sow", "project")
        .get(pk=change_request.pk)
    )


def _draft(change_request: ChangeRequest) -> ChangeRequest:
    change_request = _lock(change_request)
    ensure_editable(change_request.client)
    if change_request.status != Status.DRAFT:
        raise ChangeRequestStateError(_("Only a draft change request can be edited."))
    return change_request


def _minutes(hours_by_role: Mapping[str, Any]) -> dict[str, int]:
    minutes = {}
    for role, hours in hours_by_role.items():
        if hours in (None, ""):
            continue
        value = Decimal(hours)
        if value < 0 or value > 10000:
            raise ScopeLineError(_("Hours must be between 0 and 10,000."))
        if value:
            minutes[role] = int(value * 60)
    return minutes


def _estimate(change_request: ChangeRequest) -> None:
    answer = estimate_cost(
        client=change_request.client,
        minutes_by_role=change_request.hours_by_role,
        day=today_for(change_request.client),
    )
    change_request.cost_amount, change_request.cost_currency = answer or (None, "")


def _check(
    client: Client,
    *,
    sow: Sow | None,
    project: Project | None,
    milestones: Sequence[Milestone],
    shift_days: int,
) -> None:
    if sow is not None and sow.client_id != client.pk:
        raise ScopeLineError(_("Choose a statement of work of this client."), "sow")
    if project is not None and project.client_id != client.pk:
        raise ScopeLineError(_("Choose a project of this client."), "project")
    for milestone in milestones:
        if milestone.project.client_id != client.pk or (
            project is not None and milestone.project_id != project.pk
        ):
            raise ScopeLineError(
                _("Choose milestones of this client's project."), "milestones"
            )
    if not 0 <= shift_days <= MAX_SHIFT:
        raise ScopeLineError(
            _("The shift must be between 0 and 250 business days."), "shift_days"
        )


@transaction.atomic
def change_request_create(
    *,
    actor: Any,
    client: Client,
    title: str,
    description: str = "",
    reason: str = "",
    sow: Sow | None = None,
    project: Project | None = None,
    ticket: Ticket | None = None,
    hours_by_role: Mapping[str, Any] | None = None,
    shift_days: int = 0,
    milestones: Sequence[Milestone] = (),
) -> ChangeRequest:
    """A draft change request, its cost estimated from the rate card."""
    require_actor(actor, "work.add_changerequest")
    client = ensure_editable(client)
    if project is None and sow is not None:
        project = sow.project
    _check(
        client, sow=sow, project=project, milestones=milestones, shift_days=shift_days
    )
    change_request = ChangeRequest(
        client=client,
        sow=sow,
        project=project,
        ticket=ticket,
        title=title.strip(),
        description=description.strip(),
        reason=reason.strip(),
        hours_by_role=_minutes(hours_by_role or {}),
        shift_days=shift_days,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    _estimate(change_request)
    change_request.save()
    change_request.milestones.set(milestones)
    timeline_record(
        actor=actor,
        client_id=client.pk,
        verb="change_request.created",
        target=change_request,
    )
    return change_request


@transaction.atomic
def change_request_update(
    *,
    actor: Any,
    change_request: ChangeRequest,
    title: str,
    description: str = "",
    reason: str = "",
    hours_by_role: Mapping[str, Any] | None = None,
    shift_days: int = 0,
    milestones: Sequence[Milestone] = (),
) -> ChangeRequest:
    """Change a draft; the cost is estimated again."""
    require_actor(actor, "work.change_changerequest")
    change_request = _draft(change_request)
    _check(
        change_request.client,
        sow=change_request.sow,
        project=change_request.project,
        milestones=milestones,
        shift_days=shift_days,
    )
    change_request.title = title.strip()
    change_request.description = description.strip()
    change_request.reason = reason.strip()
    change_request.hours_by_role = _minutes(hours_by_role or {})
    change_request.shift_days = shift_days
    _estimate(change_request)
    change_request.save()
    change_request.milestones.set(milestones)
    timeline_record(
        actor=actor,
        client_id=change_request.client_id,
        verb="change_request.updated",
        target=change_request,
    )
    return change_request


@transaction.atomic
def change_request_line_add(
    *,
    actor: Any,
    change_request: ChangeRequest,
    what: str,
    quantity: Decimal,
    unit: str,
    period: str = ScopePeriod.MONTH,
    area: Area | None = None,
    sow_line: SowLine | None = None,
) -> ChangeRequestLine:
    """A line the approval adds to the SOW (or adds to ``sow_line``)."""
    require_actor(actor, "work.change_changerequest")
    change_request = _draft(change_request)
    if change_request.sow_id is None:
        raise ScopeLineError(
            _("This change request has no statement of work to change.")
        )
    if sow_line is not None and sow_line.sow_id != change_request.sow_id:
        raise ScopeLineError(
            _("Choose a line of the change request's statement of work."), "sow_line"
        )
    if sow_line is not None:
        unit, period, area = sow_line.unit, sow_line.period, sow_line.area
        what = what or sow_line.what
    if not what.strip():
        raise ScopeLineError(_("Say what the new line is."), "what")
    check_line(quantity=quantity, unit=unit, period=period, area=area)
    line = ChangeRequestLine.objects.create(
        change_request=change_request,
        what=what.strip(),
        quantity=quantity,
        unit=unit,
        period=period,
        area=area,
        sow_line=sow_line,
    )
    # Its lines are part of it (the API's sync).
    change_request.save(update_fields=["updated_at"])
    return line


def change_request_token(change_request: ChangeRequest, contact: Contact) -> str:
    return CR_LINK.make({"r": change_request.pk, "c": contact.pk})


def change_request_link_url(change_request: ChangeRequest, contact: Contact) -> str:
    token = change_request_token(change_request, contact)
    return reverse("portal:change-request-link", args=[token])


def change_request_from_token(token: str) -> tuple[ChangeRequest, Contact]:
    """The change request and contact a link names; ScopeLinkError when the
    link is forged or expired or the contact is not the client's."""
    try:
        payload = CR_LINK.read(token, fields=("r", "c"))
    except LinkInvalid:
        raise ScopeLinkError from None
    change_request = change_request_for_page().filter(pk=payload["r"]).first()
    contact = Contact.objects.select_related("user").filter(pk=payload["c"]).first()
    if (
        change_request is None
        or contact is None
        or contact.client_id != change_request.client_id
        or change_request.status == Status.DRAFT
    ):
        raise ScopeLinkError
    return change_request, contact


@transaction.atomic
def change_request_send(
    *, actor: Any, change_request: ChangeRequest, contact: Contact
) -> ChangeRequest:
    """Send a draft to a contact of the client, with a signed link to decide."""
    require_actor(actor, "work.change_changerequest")
    change_request = _draft(change_request)
    contact = _check_contact(change_request, contact)
    change_request.status = Status.SENT
    change_request.sent_at = timezone.now()
    change_request.save(update_fields=["status", "sent_at", "updated_at"])
    timeline_record(
        actor=actor,
        client_id=change_request.client_id,
        verb="change_request.sent",
        target=change_request,
        data={"contact": str(contact)},
    )
    link = change_request_link_url(change_request, contact)
    _mail(
        contact,
        "work/email/change_request_sent",
        {
            "change_request": change_request,
            "link": settings.SITE_URL.rstrip("/") + link,
        },
        ref=f"work.change_request:{change_request.pk}",
    )
    return change_request


@transaction.atomic
def change_request_withdraw(
    *, actor: Any, change_request: ChangeRequest
) -> ChangeRequest:
    require_actor(actor, "work.change_changerequest")
    change_request = _lock(change_request)
    if change_request.status not in (Status.DRAFT, Status.SENT):
        raise ChangeRequestStateError(
            _("Only a draft or a sent change request can be withdrawn.")
        )
    change_request.status = Status.WITHDRAWN
    change_request.save(update_fields=["status", "updated_at"])
    timeline_record(
        actor=actor,
        client_id=change_request.client_id,
        verb="change_request.withdrawn",
        target=change_request,
    )
    return change_request


def _refuse_undecidable(change_request: ChangeRequest) -> None:
    if change_request.status == Status.WITHDRAWN:
        raise ChangeRequestStateError(
            _("This change request was withdrawn: there is nothing to decide.")
        )
    if change_request.status in (Status.APPROVED, Status.REJECTED):
        raise ChangeRequestStateError(
            _("This change request was already decided (%(status)s).")
            % {"status": change_request.get_status_display()}
        )
    if change_request.status != Status.SENT:
        raise ChangeRequestStateError(_("This change request is not waiting for you."))


@transaction.atomic
def change_request_decide(
    *,
    actor: Any,
    change_request: ChangeRequest,
    contact: Contact,
    approve: bool,
    note: str = "",
) -> ChangeRequest:
    """The client's contact approves or rejects a sent change request (in the
    portal, or through the signed link with ``actor=None``). An approval
    changes the SOW's lines, the budget and the affected milestones' dates
    (on the client's business calendar) in this one transaction."""
    change_request = _lock(change_request)
    contact = _check_contact(change_request, contact)
    ensure_editable(change_request.client)
    _refuse_undecidable(change_request)
    change_request.status = Status.APPROVED if approve else Status.REJECTED
    change_request.decided_at = timezone.now()
    change_request.decided_by = contact
    change_request.decision_note = note.strip()
    change_request.save(
        update_fields=[
            "status",
            "decided_at",
            "decided_by",
            "decision_note",
            "updated_at",
        ]
    )
    timeline_record(
        actor=contact.user,
        client_id=change_request.client_id,
        verb=f"change_request.{change_request.status}",
        target=change_request,
        data={"contact": str(contact), "note": change_request.decision_note},
    )
    if approve:
        _apply(change_request, contact)
    return change_request


def _apply(change_request: ChangeRequest, contact: Contact) -> None:
    client_id = change_request.client_id
    sow = change_request.sow
    for line in change_request.lines.select_related("sow_line"):
        if line.sow_line is not None:
            target = SowLine.objects.select_for_update().get(pk=line.sow_line_id)
            target.quantity += line.quantity
            target.save(update_fields=["quantity"])
            verb = "sow.line_raised"
        else:
            target = SowLine.objects.create(
                sow=sow,
                what=line.what,
                quantity=line.quantity,
                unit=line.unit,
                period=line.period,
                area_id=line.area_id,
                order=SowLine.objects.filter(sow=sow).count(),
            )
            verb = "sow.line_added"
        timeline_record(
            actor=contact.user,
            client_id=client_id,
            verb=verb,
            target=sow,
            data={"line": target.what, "request": str(change_request)},
        )
    for label in run_approval_handlers(change_request=change_request):
        timeline_record(
            actor=contact.user,
            client_id=client_id,
            verb="change_request.budget_changed",
            target=change_request,
            data={"budget": label},
        )
    if change_request.shift_days:
        calendar = business_calendar(change_request.client.calendar_id)
        for milestone in change_request.milestones.select_for_update():
            old = milestone.due
            milestone.due = business_days_after(
                calendar, old, change_request.shift_days
            )
            milestone.save(update_fields=["due"])
            timeline_record(
                actor=contact.user,
                client_id=client_id,
                verb="milestone.shifted",
                target=milestone,
                data={
                    "from": old.isoformat(),
                    "to": milestone.due.isoformat(),
                    "request": str(change_request),
                },
            )


@transaction.atomic
def ticket_out_of_scope(*, actor: Any, ticket: Ticket) -> ChangeRequest:
    """At screening, a ticket asks for work the SOW does not cover: a draft
    change request is opened from it (the ticket's history and the request
    name each other)."""
    require_actor(actor, "work.add_changerequest")
    ticket = Ticket.objects.select_for_update(of=("self",)).get(pk=ticket.pk)
    if ticket.stage != Stage.SCREENING:
        raise OutOfScopeError(_("A ticket is marked out of scope at screening only."))
    if (
        ChangeRequest.objects.filter(ticket=ticket)
        .exclude(status=Status.WITHDRAWN)
        .exists()
    ):
        raise OutOfScopeError(_("This ticket already has a change request."))
    sow = current_sow(client_id=ticket.client_id)
    change_request = change_request_create(
        actor=actor,
        client=ticket.client,
        title=ticket.title,
        description=ticket.description,
        sow=sow,
        ticket=ticket,
    )
    timeline_record(
        actor=actor,
        client_id=ticket.client_id,
        verb="ticket.out_of_scope",
        target=ticket,
        data={"request": str(change_request)},
    )
    return change_request
