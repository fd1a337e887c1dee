"""Writes of leave: request, approve, reject, cancel."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.core.access import require_actor

from ..errors import (
    LeaveInvalidError,
    LeaveTransitionError,
)
from ..models import APPROVE_LEAVE, Leave

MAX_LEAVE_DAYS = 366


@transaction.atomic
def leave_request(
    *, actor: Any, user: Any, kind: str, start: date, end: date, note: str = ""
) -> Leave:
    """Ask for days off; a planner asking for someone else needs approval rights."""
    require_actor(actor, "planning.add_leave")
    if actor is not None and actor.pk != user.pk:
        require_actor(actor, APPROVE_LEAVE)
    if kind not in Leave.Kind.values:
        raise LeaveInvalidError(_("Choose vacation, sick leave or other leave."))
    if end < start:
        raise LeaveInvalidError(_("The last day cannot be before the first day."))
    if (end - start).days >= MAX_LEAVE_DAYS:
        raise LeaveInvalidError(_("Leave can be at most a year at a time."))
    return Leave.objects.create(
        user=user, kind=kind, start=start, end=end, note=note.strip()
    )


def _decide(actor: Any, leave: Leave, status: str) -> Leave:
    require_actor(actor, APPROVE_LEAVE)
    leave = Leave.objects.select_for_update().get(pk=leave.pk)
    if not leave.is_decidable:
        raise LeaveTransitionError
    leave.status = status
    leave.decided_by = actor
    leave.decided_at = timezone.now()
    leave.save(update_fields=["status", "decided_by", "decided_at"])
    return leave


@transaction.atomic
def leave_approve(*, actor: Any, leave: Leave) -> Leave:
    """Approve requested leave: from now on it reduces the person's capacity."""
    return _decide(actor, leave, Leave.Status.APPROVED)


@transaction.atomic
def leave_reject(*, actor: Any, leave: Leave) -> Leave:
    """Turn requested leave down."""
    return _decide(actor, leave, Leave.Status.REJECTED)


@transaction.atomic
def leave_cancel(*, actor: Any, leave: Leave) -> Leave:
    """Withdraw leave (one's own, or anyone's with approval rights): the rule
    is ``Leave.can_be_cancelled_by``, which the leave list asks too."""
    leave = Leave.objects.select_for_update().get(pk=leave.pk)
    if not leave.is_cancellable:
        raise LeaveTransitionError
    if actor is not None and not leave.can_be_cancelled_by(actor):
        raise PermissionDenied
    leave.status = Leave.Status.CANCELLED
    leave.save(update_fields=["status"])
    return leave
