"""Reads of logged time: the timesheet week, entry lists, minutes per person and day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import DateField, Exists, OuterRef, QuerySet, Sum
from django.db.models.functions import TruncWeek

from agencydesk.core.access import Viewer

from ..models import TimeEntry, TimesheetWeek


@dataclass
class WeekRow:
    """One line of a timesheet week: a client (or internal) and project."""

    client: object
    project: str
    days: list[int]

    @property
    def total(self) -> int:
        return sum(self.days)


@dataclass
class TimesheetView:
    """A person's week of time, ready for the grid."""

    week: date
    days: list[date]
    rows: list[WeekRow]
    entries: list[TimeEntry]
    timesheet: TimesheetWeek | None

    @property
    def day_totals(self) -> list[int]:
        return [sum(r.days[i] for r in self.rows) for i in range(7)]

    @property
    def total(self) -> int:
        return sum(self.day_totals)

    @property
    def status(self) -> str:
        return self.timesheet.status if self.timesheet else TimesheetWeek.Status.OPEN

    @property
    def is_locked(self) -> bool:
        return bool(self.timesheet and self.timesheet.is_locked)


def timesheet_for_week(*, user, week: date) -> TimesheetView:
    """A person's entries of one week, summed per client/project and day."""
    days = [week + timedelta(days=n) for n in range(7)]
    entries = list(
        TimeEntry.objects.filter(user=user, date__gte=days[0], date__lte=days[-1])
        .select_related("client", "ticket")
        .order_by("date", "pk")
    )
    rows: dict[tuple[int | None, str], WeekRow] = {}
    for entry in entries:
        key = (entry.client_id, entry.project)
        if key not in rows:
            rows[key] = WeekRow(
                client=entry.client, project=entry.project, days=[0] * 7
            )
        rows[key].days[(entry.date - week).days] += entry.minutes
    ordered = sorted(
        rows.values(),
        key=lambda r: (r.client is not None, str(r.client or ""), r.project),
    )
    timesheet = TimesheetWeek.objects.filter(user=user, week=week).first()
    return TimesheetView(
        week=week, days=days, rows=ordered, entries=entries, timesheet=timesheet
    )


def time_entry_list(
    *,
    viewer: Viewer,
    first: date | None = None,
    last: date | None = None,
    client_id: int | None = None,
    user_id: int | None = None,
    internal: bool = False,
    updated_since: datetime | None = None,
) -> QuerySet[TimeEntry]:
    """Time entries for lists and exports, newest first (``visible_to``);
    ``updated_since``: changed at or after it (the API's sync)."""
    entries = TimeEntry.objects.visible_to(viewer).select_related(
        "user", "client", "ticket"
    )
    if first:
        entries = entries.filter(date__gte=first)
    if last:
        entries = entries.filter(date__lte=last)
    if internal:
        entries = entries.filter(client__isnull=True)
    elif client_id:
        entries = entries.filter(client_id=client_id)
    if user_id:
        entries = entries.filter(user_id=user_id)
    if updated_since is not None:
        entries = entries.filter(updated_at__gte=updated_since)
    return entries.order_by("-date", "-pk")


def minutes_by_user_day(*, user_ids, first: date, last: date, client_id=None):
    """{(user_id, date): minutes} of logged time, optionally for one client."""
    entries = TimeEntry.objects.filter(
        user_id__in=user_ids, date__gte=first, date__lte=last
    )
    if client_id is not None:
        entries = entries.filter(client_id=client_id)
    rows = entries.values("user_id", "date").annotate(total=Sum("minutes")).order_by()
    return {(r["user_id"], r["date"]): r["total"] for r in rows}


def approved_billable_entries(
    *, client_id: int, first: date | None = None, last: date | None = None
) -> QuerySet[TimeEntry]:
    """Billable time of a client in weeks its people had approved (an open
    or submitted week is not final yet), oldest first."""
    entries = TimeEntry.objects.filter(client_id=client_id, is_billable=True)
    if first:
        entries = entries.filter(date__gte=first)
    if last:
        entries = entries.filter(date__lte=last)
    approved = TimesheetWeek.objects.filter(
        user_id=OuterRef("user_id"),
        week=OuterRef("monday"),
        status=TimesheetWeek.Status.APPROVED,
    )
    return (
        entries.annotate(monday=TruncWeek("date", output_field=DateField()))
        .filter(Exists(approved))
        .order_by("date", "pk")
    )
