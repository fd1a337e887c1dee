"""/time-entries and /timer: logged time and the running timer, through the
timesheets app's selectors and services (the week page's and the entry
list's own), so locked weeks, the 24-hour day and whose time it is are the
pages' rules."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status

from agencydesk.core.access import Viewer, access_object, require
from agencydesk.desk.models import Ticket
from agencydesk.desk.selectors import tickets_for_page
from agencydesk.people.selectors import all_staff_pick_resolve, staff_pick_resolve
from agencydesk.timesheets import selectors, services
from agencydesk.timesheets.models import TimeEntry

from ..auth import TIME_READ, TIME_WRITE
from ..pagination import cursor_page
from ..schemas.common import ERRORS
from ..schemas.time import (
    TimeEntryFilter,
    TimeEntryIn,
    TimeEntryOut,
    TimeEntryPage,
    TimeEntryPatch,
    TimerCurrentOut,
    TimerIn,
    TimerOut,
)
from ..services import idempotent_create
from ._shared import active_client, client_filter, field_error

router = Router(tags=["time"])
timer_router = Router(tags=["time"])

# Each ends on a unique field (the cursor's rule, api.pagination).
ORDERINGS = {"date": ("-date", "-pk"), "updated": ("-updated_at", "-pk")}
VIEW = "timesheets.view_timeentry"
LOG = "timesheets.add_timeentry"  # the week page's permission


def _entry(request: HttpRequest, entry_id: int, action: str = "view") -> TimeEntry:
    rows = TimeEntry.objects.select_related("user", "client", "ticket")
    return access_object(request.viewer, rows, entry_id, action=action)


def _ticket(viewer: Viewer, number: int | None) -> Ticket | None:
    if not number:
        return None
    return access_object(viewer, tickets_for_page(), number, field_name="number")


@router.get("", response={200: TimeEntryPage, **ERRORS}, auth=TIME_READ)
def time_entry_list(
    request: HttpRequest, filters: Query[TimeEntryFilter]
) -> dict[str, Any]:
    """Logged time, newest day (or last changed) first, as the time entries
    page lists it: the person's own and, under need-to-know, that of the
    clients they may see."""
    viewer = request.viewer
    require(viewer, VIEW)
    options: dict[str, Any] = {
        "first": filters.from_,
        "last": filters.to,
        "updated_since": filters.updated_since,
    }
    if filters.person:
        person = all_staff_pick_resolve(viewer, filters.person)
        options["user_id"] = person.pk if person else 0
    options.update(client_filter(viewer, filters.client))
    rows = selectors.time_entry_list(viewer=viewer, **options)
    items, cursor = cursor_page(
        rows,
        ordering=ORDERINGS[filters.ordering],
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": items, "next_cursor": cursor}


@router.get("/{int:entry_id}", response={200: TimeEntryOut, **ERRORS}, auth=TIME_READ)
def time_entry_get(request: HttpRequest, entry_id: int) -> TimeEntry:
    """One time entry by id."""
    return _entry(request, entry_id)


@router.post("", response={201: TimeEntryOut, **ERRORS}, auth=TIME_WRITE)
def time_entry_create(
    request: HttpRequest,
    payload: TimeEntryIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=255),
) -> Any:
    """Record time (refused in a submitted or approved week, or past 24 hours
    in a day). With an ``Idempotency-Key`` a retry records it once."""
    viewer = request.viewer
    require(viewer, LOG)

    def create() -> tuple[int, Any]:
        person = request.user
        if payload.person:
            person = staff_pick_resolve(viewer, payload.person)
            if person is None:
                raise field_error("person", _("Nobody on the staff has this address."))
        entry = services.time_entry_create(
            actor=request.user,
            user=person,
            day=payload.date,
            minutes=payload.minutes,
            client=active_client(viewer, payload.client),
            project=payload.project,
            ticket=_ticket(viewer, payload.ticket),
            note=payload.note,
            is_billable=payload.is_billable,
        )
        out = TimeEntryOut.from_orm(_entry(request, entry.pk))
        return 201, out.model_dump(mode="json")

    status, body = idempotent_create(
        actor=request.user,
        key=idempotency_key,
        payload=payload.model_dump(mode="json", by_alias=True),
        create=create,
    )
    return JsonResponse(body, status=status)


@router.patch(
    "/{int:entry_id}", response={200: TimeEntryOut, **ERRORS}, auth=TIME_WRITE
)
def time_entry_update(
    request: HttpRequest, entry_id: int, payload: TimeEntryPatch
) -> TimeEntry:
    """Change an entry of an open week; a field left out stays."""
    viewer = request.viewer
    require(viewer, LOG)
    entry = _entry(request, entry_id, action="add")
    changes: dict[str, Any] = {
        "day": payload.date,
        "minutes": payload.minutes,
        "project": payload.project,
        "note": payload.note,
        "is_billable": payload.is_billable,
    }
    if payload.client is not None:
        changes["client"] = active_client(viewer, payload.client)
    if payload.ticket is not None:
        changes["ticket"] = _ticket(viewer, payload.ticket)
    services.time_entry_update(actor=request.user, entry=entry, **changes)
    return _entry(request, entry_id)


@router.delete("/{int:entry_id}", response={204: None, **ERRORS}, auth=TIME_WRITE)
def time_entry_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Remove an entry of an open week."""
    require(request.viewer, LOG)
    entry = _entry(request, entry_id, action="add")
    services.time_entry_delete(actor=request.user, entry=entry)
    return HttpResponse(status=204)


@timer_router.get("", response={200: TimerCurrentOut, **ERRORS}, auth=TIME_READ)
def timer_current(request: HttpRequest) -> dict[str, Any]:
    """The token person's running timer (``timer`` is null when none runs)."""
    require(request.viewer, LOG)
    return {"timer": selectors.timer_for(user=request.user)}


@timer_router.post("/start", response={201: TimerOut, **ERRORS}, auth=TIME_WRITE)
def timer_start(request: HttpRequest, payload: TimerIn) -> Any:
    """Start the person's timer (one at a time: a running one is 400)."""
    viewer = request.viewer
    require(viewer, LOG)
    services.timer_start(
        actor=request.user,
        client=active_client(viewer, payload.client),
        project=payload.project,
        ticket=_ticket(viewer, payload.ticket),
        note=payload.note,
        is_billable=payload.is_billable,
    )
    return Status(201, selectors.timer_for(user=request.user))


@timer_router.post("/stop", response={201: TimeEntryOut, **ERRORS}, auth=TIME_WRITE)
def timer_stop(request: HttpRequest) -> Any:
    """Stop the timer and record its time on the day it started."""
    require(request.viewer, LOG)
    entry = services.timer_stop(actor=request.user)
    return Status(201, _entry(request, entry.pk))


@timer_router.post("/discard", response={204: None, **ERRORS}, auth=TIME_WRITE)
def timer_discard(request: HttpRequest) -> HttpResponse:
    """Throw the running timer away without recording time."""
    require(request.viewer, LOG)
    services.timer_discard(actor=request.user)
    return HttpResponse(status=204)
