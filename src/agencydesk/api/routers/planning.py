"""/allocations and /capacity: the planner's bookings and its grid of
capacity, through the planning app's selectors and services (the planner's
own), so leave, overload and the client scope are the planner's rules."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Query, Router

from agencydesk.core.access import access_object, require
from agencydesk.people.selectors import all_staff_pick_resolve, staff_pick_resolve
from agencydesk.planning import selectors, services
from agencydesk.planning.models import Allocation
from agencydesk.timesheets.weeks import monday_of, weeks_from

from ..auth import PLANNING_READ, PLANNING_WRITE
from ..pagination import cursor_page
from ..schemas.common import ERRORS
from ..schemas.planning import (
    AllocationFilter,
    AllocationIn,
    AllocationOut,
    AllocationPage,
    AllocationPatch,
    CapacityFilter,
    CapacityPage,
)
from ..services import idempotent_create
from ._shared import active_client, client_filter, field_error

router = Router(tags=["planning"])
capacity_router = Router(tags=["planning"])

VIEW = "planning.view_allocation"  # the planner's permission
PLAN = "planning.add_allocation"
# Each ends on a unique field (the cursor's rule, api.pagination).
ORDERINGS = {"week": ("week", "pk"), "updated": ("-updated_at", "-pk")}


def _allocation(
    request: HttpRequest, allocation_id: int, action: str = "view"
) -> Allocation:
    rows = selectors.allocation_list(viewer=request.viewer)
    return access_object(request.viewer, rows, allocation_id, action=action)


def _either_hours_or_percent(minutes: Any, percent: Any) -> None:
    if (minutes is None) == (percent is None):
        raise field_error("minutes", _("Enter either hours or a percentage."))


@router.get("", response={200: AllocationPage, **ERRORS}, auth=PLANNING_READ)
def allocation_list(
    request: HttpRequest, filters: Query[AllocationFilter]
) -> dict[str, Any]:
    """Bookings by week, or last changed first (under need-to-know, those of
    the person's clients and internal ones, as the planner's cell editor
    lists them)."""
    viewer = request.viewer
    require(viewer, VIEW)
    options: dict[str, Any] = client_filter(viewer, filters.client)
    options["updated_since"] = filters.updated_since
    if filters.person:
        person = all_staff_pick_resolve(viewer, filters.person)
        options["user_id"] = person.pk if person else 0
    if filters.week:
        options["first"] = options["last"] = monday_of(filters.week)
    else:
        options["first"] = monday_of(filters.from_) if filters.from_ else None
        options["last"] = filters.to
    rows = selectors.allocation_list(viewer=viewer, **options)
    items, cursor = cursor_page(
        rows,
        ordering=ORDERINGS[filters.ordering],
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": items, "next_cursor": cursor}


@router.get(
    "/{int:allocation_id}",
    response={200: AllocationOut, **ERRORS},
    auth=PLANNING_READ,
)
def allocation_get(request: HttpRequest, allocation_id: int) -> Allocation:
    """One booking by id."""
    require(request.viewer, VIEW)
    return _allocation(request, allocation_id)


@router.post("", response={201: AllocationOut, **ERRORS}, auth=PLANNING_WRITE)
def allocation_create(
    request: HttpRequest,
    payload: AllocationIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=255),
) -> Any:
    """Book a person's week, as the planner's cell editor does. With an
    ``Idempotency-Key`` a retry books once."""
    viewer = request.viewer
    require(viewer, PLAN)
    _either_hours_or_percent(payload.minutes, payload.percent)

    def create() -> tuple[int, Any]:
        person = staff_pick_resolve(viewer, payload.person)
        if person is None:
            raise field_error("person", _("Nobody on the staff has this address."))
        allocation = services.allocation_create(
            actor=request.user,
            user=person,
            week=payload.week,
            client=active_client(viewer, payload.client),
            project=payload.project,
            minutes=payload.minutes,
            percent=payload.percent,
            is_tentative=payload.is_tentative,
            note=payload.note,
            confirm=payload.confirm,
        )
        out = AllocationOut.from_orm(_allocation(request, allocation.pk))
        return 201, out.model_dump(mode="json")

    status, body = idempotent_create(
        actor=request.user,
        key=idempotency_key,
        payload=payload.model_dump(mode="json"),
        create=create,
    )
    return JsonResponse(body, status=status)


@router.patch(
    "/{int:allocation_id}",
    response={200: AllocationOut, **ERRORS},
    auth=PLANNING_WRITE,
)
def allocation_update(
    request: HttpRequest, allocation_id: int, payload: AllocationPatch
) -> Allocation:
    """Change a booking's time, note or tentative mark (false confirms it)."""
    require(request.viewer, "planning.change_allocation")
    allocation = _allocation(request, allocation_id, action="change")
    if payload.minutes is not None and payload.percent is not None:
        _either_hours_or_percent(payload.minutes, payload.percent)
    minutes = payload.minutes
    if minutes is None and payload.percent is None:
        minutes = allocation.minutes
    services.allocation_update(
        actor=request.user,
        allocation=allocation,
        minutes=minutes,
        percent=payload.percent,
        is_tentative=payload.is_tentative,
        note=payload.note,
        confirm=payload.confirm,
    )
    return _allocation(request, allocation_id)


@router.delete(
    "/{int:allocation_id}", response={204: None, **ERRORS}, auth=PLANNING_WRITE
)
def allocation_delete(request: HttpRequest, allocation_id: int) -> HttpResponse:
    """Remove a booking, confirmed or not."""
    require(request.viewer, "planning.delete_allocation")
    allocation = _allocation(request, allocation_id, action="delete")
    services.allocation_delete(actor=request.user, allocation=allocation)
    return HttpResponse(status=204)


@capacity_router.get("", response={200: CapacityPage, **ERRORS}, auth=PLANNING_READ)
def capacity(request: HttpRequest, filters: Query[CapacityFilter]) -> dict[str, Any]:
    """Per person and week what the planner shows: the weekly capacity, the
    public holidays and approved leave taken off it, what is available and
    what is booked (confirmed, tentative). A page is of people, by name."""
    viewer = request.viewer
    require(viewer, VIEW)
    start = filters.start or timezone.localdate()
    weeks = weeks_from(start, filters.weeks)
    client_id = client_filter(viewer, filters.client).get("client_id")
    people = selectors.staff_for_planning(
        client_id=client_id, first=weeks[0], last=weeks[-1]
    )
    if filters.person:
        person = all_staff_pick_resolve(viewer, filters.person)
        people = people.filter(pk=person.pk if person else 0)
    page, cursor = cursor_page(
        people, ordering=("full_name", "pk"), cursor=filters.cursor, limit=filters.limit
    )
    rows = selectors.planner_rows(people=page, weeks=weeks) if page else []
    return {"items": rows, "next_cursor": cursor}
