"""Writes of timesheet weeks: submit, approve, reopen, decide several at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agencydesk.core.access import require_actor
from agencydesk.core.notifications import notify

from ..errors import (
    TimesheetTransitionError,
)
from ..models import (
    TimesheetWeek,
)
from ._shared import APPROVE, _check_owner, _locked_week


@transaction.atomic
def timesheet_submit(*, actor: Any, user: Any, week: date) -> TimesheetWeek:
    """Hand a week in for approval; its time is locked from now on."""
    require_actor(actor, "timesheets.add_timeentry")
    _check_owner(actor, user)
    timesheet = _locked_week(user, week)
    if timesheet.status != TimesheetWeek.Status.OPEN:
        raise TimesheetTransitionError(_("This week is already submitted."))
    timesheet.status = TimesheetWeek.Status.SUBMITTED
    timesheet.submitted_at = timezone.now()
    timesheet.save(update_fields=["status", "submitted_at"])
    return timesheet


@transaction.atomic
def timesheet_approve(*, actor: Any, timesheet: TimesheetWeek) -> TimesheetWeek:
    """Approve a submitted week; it stays locked."""
    require_actor(actor, APPROVE)
    timesheet = TimesheetWeek.objects.select_for_update().get(pk=timesheet.pk)
    if timesheet.status != TimesheetWeek.Status.SUBMITTED:
        raise TimesheetTransitionError(_("Only a submitted week can be approved."))
    timesheet.status = TimesheetWeek.Status.APPROVED
    timesheet.decided_by = actor
    timesheet.decided_at = timezone.now()
    timesheet.save(update_fields=["status", "decided_by", "decided_at"])
    return timesheet


@transaction.atomic
def timesheet_reopen(*, actor: Any, timesheet: TimesheetWeek) -> TimesheetWeek:
    """Give a submitted or approved week back to its person for changes."""
    require_actor(actor, APPROVE)
    timesheet = TimesheetWeek.objects.select_for_update().get(pk=timesheet.pk)
    if timesheet.status == TimesheetWeek.Status.OPEN:
        raise TimesheetTransitionError(_("This week is already open."))
    timesheet.status = TimesheetWeek.Status.OPEN
    timesheet.decided_by = actor
    timesheet.decided_at = timezone.now()
    timesheet.save(update_fields=["status", "decided_by", "decided_at"])
    return timesheet


WEEK_DECISIONS = ("approve", "return")
MAX_WEEKS_AT_ONCE = 200


def _parse_week_ids(timesheet_ids: Sequence[Any]) -> list[int]:
    try:
        ids = sorted({int(pk) for pk in timesheet_ids})
    except (TypeError, ValueError):
        raise TimesheetTransitionError(_("Choose weeks from the list.")) from None
    if not ids:
        raise TimesheetTransitionError(_("Choose at least one week."))
    if len(ids) > MAX_WEEKS_AT_ONCE:
        raise TimesheetTransitionError(
            _("Decide at most %(n)s weeks at once.") % {"n": MAX_WEEKS_AT_ONCE}
        )
    return ids


@transaction.atomic
def timesheets_decide_many(
    *, actor: Any, timesheet_ids: Sequence[Any], action: str, reason: str = ""
) -> list[TimesheetWeek]:
    """Approve, or return with a reason, several submitted weeks at once: each
    by the one-week rule, all or none. A returned week opens again and its
    person is told why."""
    require_actor(actor, APPROVE)
    reason = (reason or "").strip()
    if action not in WEEK_DECISIONS:
        raise TimesheetTransitionError(_("Choose approve or return."))
    if action == "return" and not reason:
        raise TimesheetTransitionError(
            _("Say why the weeks go back: their people read it.")
        )
    ids = _parse_week_ids(timesheet_ids)
    # Locked in id order, as every other writer of these rows does one at a time.
    weeks = list(
        TimesheetWeek.objects.select_for_update()
        .filter(pk__in=ids)
        .select_related("user")
        .order_by("pk")
    )
    if len(weeks) != len(ids):
        raise TimesheetTransitionError(
            _("Some of the chosen weeks no longer exist; nothing was changed.")
        )
    for week in weeks:
        if week.status != TimesheetWeek.Status.SUBMITTED:
            raise TimesheetTransitionError(
                _(
                    "%(person)s's week of %(week)s is no longer waiting for "
                    "approval; nothing was changed."
                )
                % {
                    "person": week.user.display_name,
                    "week": date_format(week.week, "SHORT_DATE_FORMAT"),
                }
            )
    decided = []
    for week in weeks:
        if action == "approve":
            decided.append(timesheet_approve(actor=actor, timesheet=week))
        else:
            decided.append(timesheet_reopen(actor=actor, timesheet=week))
            _tell_returned(week, reason)
    return decided


def _tell_returned(timesheet: TimesheetWeek, reason: str) -> None:
    week = timesheet.week
    notify(
        recipient=timesheet.user,
        verb="timesheet.returned",
        title=lambda: (
            _("Your timesheet for the week of %(week)s was returned")
            % {"week": date_format(week, "SHORT_DATE_FORMAT")}
        ),
        body=reason,
        url=f"{reverse('timesheets:week')}?week={week.isoformat()}",
    )
