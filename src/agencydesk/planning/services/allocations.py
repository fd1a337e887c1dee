"""Writes of allocations: book, resize, confirm, release, delete, plan a range
of weeks, copy a week; an overload asks for confirmation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client
from agencydesk.core.access import require_actor
from agencydesk.people.models import StaffProfile
from agencydesk.timesheets.weeks import format_minutes, monday_of

from ..errors import (
    AllocationInvalidError,
    NotTentativeError,
    OnLeaveError,
    OverloadError,
)
from ..models import MAX_WEEK_MINUTES, Allocation, Leave
from ..selectors.capacity import (
    Heat,
    agency_weekdays,
    heat,
    leave_days_in,
    week_capacity,
    weekly_minutes,
)
from ..selectors.capacity import (
    percent as percent_of,
)
from ..selectors.planner import planner_rows

MAX_RANGE_WEEKS = 52


# -- allocations ---------------------------------------------------------------


def _weekly(user: Any) -> int:
    profile = StaffProfile.objects.filter(user=user).first()
    return weekly_minutes(profile.weekly_capacity_hours if profile else None)


def _minutes(user: Any, minutes: Any, percent: Any) -> int:
    """Hours in as minutes, or percent of the person's weekly capacity (8 h of
    a 40 h week = 20%)."""
    if percent not in (None, ""):
        try:
            share = Decimal(str(percent))
        except (InvalidOperation, ValueError):
            share = Decimal("-1")
        if isinstance(percent, float) or not share.is_finite() or share <= 0:
            raise AllocationInvalidError(_("Enter a share above 0%."))
        if share > 200:
            raise AllocationInvalidError(
                # xgettext:no-python-format
                _("A booking can be at most 200% of a week.")
            )
        minutes = int(
            (Decimal(_weekly(user)) * share / 100).quantize(
                Decimal("1"), rounding=ROUND_HALF_UP
            )
        )
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
        raise AllocationInvalidError(_("Enter the hours of the booking, above zero."))
    if minutes > MAX_WEEK_MINUTES:
        raise AllocationInvalidError(_("A week has at most 168 hours."))
    return minutes


def _check_not_on_leave(user: Any, week: date) -> None:
    """Refuse a booking in a week the person spends entirely on leave."""
    last = week + timedelta(days=6)
    leaves = Leave.objects.filter(
        user=user, status=Leave.Status.APPROVED, start__lte=last, end__gte=week
    )
    days = leave_days_in(leaves, week, last)
    if not days:
        return
    profile = StaffProfile.objects.filter(user=user).first()
    capacity = week_capacity(
        week=week,
        weekly=_weekly(user),
        country=str(profile.country) if profile else "",
        leave_days=days,
        weekdays=agency_weekdays(),
    )
    if capacity.available_minutes <= 0 and capacity.leave_minutes > 0:
        raise OnLeaveError(user.display_name, date_format(week, "SHORT_DATE_FORMAT"))


def _check_load(
    user: Any, week: date, adding: int, *, confirm: bool, replacing: int = 0
) -> None:
    """Refuse, unless confirmed, a confirmed booking that takes the person past
    100% of their available week (holidays and leave taken off); tentative
    bookings do not load anyone until they are confirmed."""
    if confirm:
        return
    cell = planner_rows(people=[user], weeks=[week])[0].cells[0]
    after = cell.confirmed_minutes - replacing + adding
    if heat(after, cell.available_minutes) != Heat.OVER:
        return
    raise OverloadError(
        person=user.display_name,
        week=date_format(week, "SHORT_DATE_FORMAT"),
        booked=format_minutes(after),
        available=format_minutes(cell.available_minutes),
        percent=percent_of(after, cell.available_minutes),
    )


def _check_week(week: Any) -> date:
    if not isinstance(week, date):
        raise AllocationInvalidError(_("Choose a week."))
    return monday_of(week)


@transaction.atomic
def allocation_create(
    *,
    actor: Any,
    user: Any,
    week: date,
    client: Client | None = None,
    project: str = "",
    minutes: int | None = None,
    percent: Any = None,
    is_tentative: bool = False,
    note: str = "",
    confirm: bool = False,
) -> Allocation:
    """Book a person's time for a client (none: internal) in a week; past
    100% of their week only with ``confirm`` (the planner saw the overload)."""
    require_actor(actor, "planning.add_allocation")
    if not getattr(user, "is_staff", False):
        raise AllocationInvalidError(_("Only agency staff can be planned."))
    week = _check_week(week)
    minutes = _minutes(user, minutes, percent)
    _check_not_on_leave(user, week)
    if not is_tentative:
        _check_load(user, week, minutes, confirm=confirm)
    return Allocation.objects.create(
        user=user,
        client=client,
        project=project.strip(),
        week=week,
        minutes=minutes,
        is_tentative=is_tentative,
        note=note.strip(),
        created_by=actor,
    )


@transaction.atomic
def allocation_update(
    *,
    actor: Any,
    allocation: Allocation,
    minutes: int | None = None,
    percent: Any = None,
    is_tentative: bool | None = None,
    note: str | None = None,
    confirm: bool = False,
) -> Allocation:
    """Change a booking's time, its tentative mark or its note (past 100% of
    the week only with ``confirm``)."""
    require_actor(actor, "planning.change_allocation")
    was_confirmed = not allocation.is_tentative
    allocation.minutes = _minutes(allocation.user, minutes, percent)
    fields = ["minutes"]
    if is_tentative is not None:
        allocation.is_tentative = is_tentative
        fields.append("is_tentative")
    if not allocation.is_tentative:
        stored = Allocation.objects.filter(pk=allocation.pk).values_list(
            "minutes", flat=True
        )
        _check_load(
            allocation.user,
            allocation.week,
            allocation.minutes,
            confirm=confirm,
            replacing=(stored.first() or 0) if was_confirmed else 0,
        )
    if note is not None:
        allocation.note = note.strip()
        fields.append("note")
    allocation.save(update_fields=[*fields, "updated_at"])
    return allocation


@transaction.atomic
def allocation_confirm(
    *, actor: Any, allocation: Allocation, confirm: bool = False
) -> Allocation:
    """Turn a tentative booking into a confirmed one (past 100% of the week
    only with ``confirm``)."""
    require_actor(actor, "planning.change_allocation")
    if allocation.is_tentative:
        _check_load(
            allocation.user, allocation.week, allocation.minutes, confirm=confirm
        )
    # A queryset update skips auto_now: set it, or a sync misses the change.
    now = timezone.now()
    updated = Allocation.objects.filter(pk=allocation.pk, is_tentative=True).update(
        is_tentative=False, updated_at=now
    )
    if not updated:
        raise NotTentativeError
    allocation.is_tentative = False
    allocation.updated_at = now
    return allocation


@transaction.atomic
def allocation_release(*, actor: Any, allocation: Allocation) -> None:
    """Release a tentative booking that was not confirmed: the time is free again."""
    require_actor(actor, "planning.delete_allocation")
    deleted, _rows = Allocation.objects.filter(
        pk=allocation.pk, is_tentative=True
    ).delete()
    if not deleted:
        raise NotTentativeError


@transaction.atomic
def allocation_delete(*, actor: Any, allocation: Allocation) -> None:
    """Remove a booking, confirmed or not."""
    require_actor(actor, "planning.delete_allocation")
    Allocation.objects.filter(pk=allocation.pk).delete()


@transaction.atomic
def allocation_plan_range(
    *,
    actor: Any,
    user: Any,
    first_week: date,
    weeks: int,
    client: Client | None = None,
    project: str = "",
    minutes: int | None = None,
    percent: Any = None,
    is_tentative: bool = False,
    note: str = "",
    confirm: bool = False,
) -> list[Allocation]:
    """Book the same time in ``weeks`` consecutive weeks; all or nothing (an
    overloaded week refuses the lot unless ``confirm``)."""
    if isinstance(weeks, bool) or not isinstance(weeks, int):
        raise AllocationInvalidError(_("Enter how many weeks to plan."))
    if not 1 <= weeks <= MAX_RANGE_WEEKS:
        raise AllocationInvalidError(_("Plan between 1 and 52 weeks at once."))
    first = _check_week(first_week)
    return [
        allocation_create(
            actor=actor,
            user=user,
            week=first + timedelta(weeks=n),
            client=client,
            project=project,
            minutes=minutes,
            percent=percent,
            is_tentative=is_tentative,
            note=note,
            confirm=confirm,
        )
        for n in range(weeks)
    ]


@transaction.atomic
def allocations_copy_week(
    *,
    actor: Any,
    source: date,
    target: date | None = None,
    user_ids: Sequence[int] | None = None,
) -> tuple[int, int]:
    """Copy a week's bookings into another (by default the next); a booking
    already there is not doubled, and people on leave all week are skipped.
    Returns (copied, skipped)."""
    require_actor(actor, "planning.add_allocation")
    source = _check_week(source)
    target = _check_week(target) if target else source + timedelta(weeks=1)
    if target == source:
        raise AllocationInvalidError(_("Copy into another week."))
    rows = Allocation.objects.filter(week=source).select_related("user")
    if user_ids is not None:
        rows = rows.filter(user_id__in=user_ids)
    existing = set(
        Allocation.objects.filter(week=target).values_list(
            "user_id", "client_id", "project", "is_tentative"
        )
    )
    copied = skipped = 0
    on_leave: dict[int, bool] = {}
    for row in rows:
        key = (row.user_id, row.client_id, row.project, row.is_tentative)
        if key in existing:
            skipped += 1
            continue
        if row.user_id not in on_leave:
            try:
                _check_not_on_leave(row.user, target)
                on_leave[row.user_id] = False
            except OnLeaveError:
                on_leave[row.user_id] = True
        if on_leave[row.user_id]:
            skipped += 1
            continue
        Allocation.objects.create(
            user_id=row.user_id,
            client_id=row.client_id,
            project=row.project,
            week=target,
            minutes=row.minutes,
            is_tentative=row.is_tentative,
            note=row.note,
            created_by=actor,
        )
        existing.add(key)
        copied += 1
    return copied, skipped
