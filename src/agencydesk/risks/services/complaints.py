"""The complaint procedure: opened (from a call, or a ticket flagged), the
agency leads told at once through an escalation, acknowledged within its
target, resolved, and closed only with the resolution and the client's
confirmation on record."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client
from agencydesk.core.agency import business_calendar
from agencydesk.core.calendar import business_days_after
from agencydesk.core.timeline import timeline_record

from ..errors import (
    ComplaintCloseRefusedError,
    ComplaintExistsError,
    ComplaintTransitionError,
)
from ..models import Complaint, Escalation
from ..selectors import manageable
from .escalations import escalation_record


def _require(actor: Any, complaint_or_client_id: Any, perm: str) -> None:
    client_id = getattr(complaint_or_client_id, "client_id", complaint_or_client_id)
    if not manageable(actor=actor, client_id=client_id, perm=perm):
        raise PermissionDenied


def acknowledgement_target(client: Client, now: datetime.datetime) -> datetime.date:
    """The last day to acknowledge a complaint opened ``now``: so many
    business days of the client's calendar later (COMPLAINT_ACK_BUSINESS_DAYS)."""
    today = timezone.localtime(now, ZoneInfo(client.timezone)).date()
    days = max(int(settings.COMPLAINT_ACK_BUSINESS_DAYS), 0)
    return business_days_after(business_calendar(client.calendar_id), today, days)


@transaction.atomic
def complaint_open(
    *,
    actor: Any,
    client: Client,
    title: str,
    description: str,
    owner: Any = None,
    ticket: Any = None,
    source: str = Complaint.Source.CALL,
    now: datetime.datetime | None = None,
) -> Complaint:
    """Record a client's complaint and escalate it to the agency leads at once."""
    _require(actor, client.pk, "risks.add_complaint")
    if client.is_archived:
        raise ComplaintTransitionError(_("The client's account is archived."))
    owner = owner or actor
    if owner is None or not owner.is_staff or not owner.is_active:
        raise ComplaintTransitionError(
            _("A complaint needs an owner from the staff."), extra={"field": "owner"}
        )
    if ticket is not None and ticket.client_id != client.pk:
        raise ComplaintTransitionError(_("The ticket is another client's."))
    now = now or timezone.now()
    complaint = Complaint.objects.create(
        client=client,
        ticket=ticket,
        title=title.strip()[:200],
        description=description.strip(),
        source=source,
        owner=owner,
        raised_by=actor,
        acknowledge_by=acknowledgement_target(client, now),
    )
    timeline_record(
        actor=actor,
        client_id=client.pk,
        verb="complaint.opened",
        target=complaint,
        data={"owner": owner.display_name, "source": Complaint.Source(source).label},
    )
    escalation_record(
        actor=None, complaint=complaint, rule=Escalation.Rule.COMPLAINT_OPENED
    )
    return complaint


def complaint_from_ticket(
    *, actor: Any, ticket: Any, description: str = ""
) -> Complaint:
    """Flag a ticket as a complaint (once while one of it is not closed)."""
    if (
        Complaint.objects.filter(ticket=ticket)
        .exclude(status=Complaint.Status.CLOSED)
        .exists()
    ):
        raise ComplaintExistsError(_("This ticket is already a complaint."))
    return complaint_open(
        actor=actor,
        client=ticket.client,
        ticket=ticket,
        title=ticket.title,
        description=description or ticket.title,
        source=Complaint.Source.TICKET,
    )


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


@transaction.atomic
def complaint_acknowledge(*, actor: Any, complaint: Complaint) -> Complaint:
    _require(actor, complaint, "risks.change_complaint")
    complaint = _locked(complaint)
    if not complaint.can_acknowledge:
        raise ComplaintTransitionError(_("Only an open complaint can be acknowledged."))
    complaint.status = Complaint.Status.ACKNOWLEDGED
    complaint.acknowledged_at = timezone.now()
    complaint.save(update_fields=["status", "acknowledged_at", "updated_at"])
    timeline_record(
        actor=actor,
        client_id=complaint.client_id,
        verb="complaint.acknowledged",
        target=complaint,
    )
    return complaint


@transaction.atomic
def complaint_resolve(
    *, actor: Any, complaint: Complaint, resolution: str
) -> Complaint:
    """Record how the problem was solved."""
    _require(actor, complaint, "risks.change_complaint")
    complaint = _locked(complaint)
    resolution = (resolution or "").strip()
    if not complaint.can_resolve:
        raise ComplaintTransitionError(_("This complaint is already resolved."))
    if not resolution:
        raise ComplaintCloseRefusedError(
            _("Write down how the complaint was resolved."),
            extra={"field": "resolution"},
        )
    complaint.status = Complaint.Status.RESOLVED
    complaint.resolution = resolution
    complaint.resolved_at = timezone.now()
    if complaint.acknowledged_at is None:
        complaint.acknowledged_at = complaint.resolved_at
    complaint.save(
        update_fields=[
            "status",
            "resolution",
            "resolved_at",
            "acknowledged_at",
            "updated_at",
        ]
    )
    timeline_record(
        actor=actor,
        client_id=complaint.client_id,
        verb="complaint.resolved",
        target=complaint,
        data={"resolution": resolution[:500]},
    )
    return complaint


@transaction.atomic
def complaint_close(
    *,
    actor: Any,
    complaint: Complaint,
    client_confirmed: bool,
    client_confirmed_on: datetime.date | None = None,
) -> Complaint:
    """Close a resolved complaint once the client confirmed the resolution."""
    _require(actor, complaint, "risks.change_complaint")
    complaint = _locked(complaint)
    if complaint.is_closed:
        raise ComplaintTransitionError(_("This complaint is already closed."))
    if not complaint.resolution.strip() or not complaint.can_close:
        raise ComplaintCloseRefusedError(
            _("Record the resolution before closing the complaint.")
        )
    if not client_confirmed:
        raise ComplaintCloseRefusedError(
            _("The client has to confirm the resolution before it is closed."),
            extra={"field": "client_confirmed"},
        )
    today = timezone.localdate()
    confirmed_on = client_confirmed_on or today
    if confirmed_on > today:
        raise ComplaintCloseRefusedError(
            _("The confirmation cannot be dated in the future."),
            extra={"field": "client_confirmed_on"},
        )
    complaint.status = Complaint.Status.CLOSED
    complaint.client_confirmed_on = confirmed_on
    complaint.closed_at = timezone.now()
    complaint.save(
        update_fields=["status", "client_confirmed_on", "closed_at", "updated_at"]
    )
    timeline_record(
        actor=actor,
        client_id=complaint.client_id,
        verb="complaint.closed",
        target=complaint,
        data={"confirmed_on": confirmed_on.isoformat()},
    )
    return complaint


def complaint_escalate(*, actor: Any, complaint: Complaint, reason: str) -> Any:
    """Take a complaint to management by hand."""
    _require(actor, complaint, "risks.change_complaint")
    if complaint.is_closed:
        raise ComplaintTransitionError(_("A closed complaint is not escalated."))
    return escalation_record(actor=actor, complaint=complaint, reason=reason)
