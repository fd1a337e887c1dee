"""/sows and /change-requests: statements of work with their scope meter, and
change requests drafted and sent by staff and decided by the client's
contact, through the work app's scope selectors and services (the staff
pages' and the portal's own). A contact sees what the portal shows: their
client's SOWs and change requests once sent, never a draft."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router

from agencydesk.clients.models import Client, Contact
from agencydesk.clients.selectors import contact_for_portal
from agencydesk.core.access import access_object, require
from agencydesk.work import services
from agencydesk.work.models import Area, ChangeRequest, Milestone, Sow, SowLine
from agencydesk.work.scope_selectors import (
    change_request_for_page,
    change_request_for_portal,
    change_requests_for_list,
    scope_meter,
    sow_for_page,
    sow_for_portal,
    sows_for_list,
    today_for,
)

from ..auth import SCOPE_READ, SCOPE_WRITE
from ..pagination import cursor_page
from ..schemas.common import ERRORS
from ..schemas.scope import (
    ChangeRequestDetailOut,
    ChangeRequestFilter,
    ChangeRequestIn,
    ChangeRequestPage,
    DecideIn,
    SendIn,
    SowDetailOut,
    SowFilter,
    SowPage,
)
from ..services import idempotent_create
from ._shared import SYNC_ORDERINGS, field_error

sows = Router(tags=["scope"])
change_requests = Router(tags=["scope"])


# Django's own sentence (translated in every language already).
INVALID_CHOICE = (
    "Select a valid choice. That choice is not one of the available choices."
)


def _client(request: HttpRequest, slug: str) -> Client | None:
    """A list's ``client`` filter; one the person cannot see lists nothing."""
    return access_object(request.viewer, Client, slug, field_name="slug")


def _page(rows: QuerySet[Any], filters: Any) -> dict[str, Any]:
    items, cursor = cursor_page(
        rows,
        ordering=SYNC_ORDERINGS[filters.ordering],
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": items, "next_cursor": cursor}


# --- statements of work ----------------------------------------------------------


def _sow(request: HttpRequest, sow_id: int) -> Sow:
    viewer = request.viewer
    if viewer.is_staff:
        require(viewer, "work.view_sow")
        rows = sow_for_page()
    else:
        rows = sow_for_portal(viewer=viewer)
    sow = access_object(viewer, rows, sow_id)
    on = today_for(sow.client)
    sow.api_meter = {"on": on, "rows": scope_meter(sow=sow, on=on)}
    return sow


@sows.get("", response={200: SowPage, **ERRORS}, auth=SCOPE_READ)
def sow_list(request: HttpRequest, filters: Query[SowFilter]) -> Any:
    """Statements of work, newest first (a contact: their client's, once sent)."""
    viewer = request.viewer
    if viewer.is_staff:
        require(viewer, "work.view_sow")
    client = None
    if filters.client:
        try:
            client = _client(request, filters.client)
        except Http404:
            return {"items": [], "next_cursor": None}
    rows = sows_for_list(
        viewer=viewer,
        client=client,
        status=filters.status,
        updated_since=filters.updated_since,
    )
    return _page(rows, filters)


@sows.get("/{int:sow_id}", response={200: SowDetailOut, **ERRORS}, auth=SCOPE_READ)
def sow_get(request: HttpRequest, sow_id: int) -> Sow:
    """One statement of work with its lines and the scope meter of the
    periods holding today (in the client's time zone)."""
    return _sow(request, sow_id)


# --- change requests -------------------------------------------------------------


def _cr(request: HttpRequest, cr_id: int, action: str = "view") -> ChangeRequest:
    viewer = request.viewer
    if viewer.is_staff:
        require(viewer, "work.view_changerequest")
        rows = change_request_for_page()
    else:
        rows = change_request_for_portal(viewer=viewer)
    return access_object(viewer, rows, cr_id, action=action)


def _detail(request: HttpRequest, cr_id: int) -> dict[str, Any]:
    found = _cr(request, cr_id)
    return ChangeRequestDetailOut.from_orm(
        found, context={"request": request}
    ).model_dump(mode="json")


@change_requests.get("", response={200: ChangeRequestPage, **ERRORS}, auth=SCOPE_READ)
def change_request_list(
    request: HttpRequest, filters: Query[ChangeRequestFilter]
) -> Any:
    """Change requests, newest first (a contact: their client's, once sent)."""
    viewer = request.viewer
    if viewer.is_staff:
        require(viewer, "work.view_changerequest")
    client = None
    if filters.client:
        try:
            client = _client(request, filters.client)
        except Http404:
            return {"items": [], "next_cursor": None}
    rows = change_requests_for_list(
        viewer=viewer,
        client=client,
        status=filters.status,
        updated_since=filters.updated_since,
    )
    return _page(rows, filters)


@change_requests.get(
    "/{int:cr_id}", response={200: ChangeRequestDetailOut, **ERRORS}, auth=SCOPE_READ
)
def change_request_get(request: HttpRequest, cr_id: int) -> Any:
    """One change request with its lines and the milestones it moves."""
    return JsonResponse(_detail(request, cr_id))


def _pick(model: Any, name: str, pk: int | None, **scope: Any) -> Any:
    """The row a field names among the page form's choices, or a 422 on it."""
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, **scope).first()
    if found is None:
        raise field_error(name, _(INVALID_CHOICE))
    return found


@change_requests.post(
    "", response={201: ChangeRequestDetailOut, **ERRORS}, auth=SCOPE_WRITE
)
def change_request_create(
    request: HttpRequest,
    payload: ChangeRequestIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=255),
) -> Any:
    """Draft a change request on a statement of work, with the lines its
    approval adds (all of it or nothing). With an ``Idempotency-Key`` a retry
    drafts no second one."""
    viewer = request.viewer
    require(viewer, "work.add_changerequest")

    def create() -> tuple[int, Any]:
        sow = access_object(viewer, sow_for_page(), payload.sow)
        # The page offers the milestones of the SOW's project (none without one).
        scope = {"project": sow.project} if sow.project else {"pk__in": []}
        milestones = [
            _pick(Milestone, "milestones", pk, **scope) for pk in payload.milestones
        ]
        with transaction.atomic():
            cr = services.change_request_create(
                actor=request.user,
                client=sow.client,
                sow=sow,
                title=payload.title,
                description=payload.description,
                reason=payload.reason,
                hours_by_role=payload.hours.model_dump(),
                shift_days=payload.shift_days,
                milestones=milestones,
            )
            for n, line in enumerate(payload.lines):
                services.change_request_line_add(
                    actor=request.user,
                    change_request=cr,
                    what=line.what,
                    quantity=line.quantity,
                    unit=line.unit,
                    period=line.period,
                    area=_pick(Area, f"lines.{n}.area", line.area, is_active=True),
                    sow_line=_pick(
                        SowLine, f"lines.{n}.sow_line", line.sow_line, sow=sow
                    ),
                )
        return 201, _detail(request, cr.pk)

    status, body = idempotent_create(
        actor=request.user,
        key=idempotency_key,
        payload=payload.model_dump(mode="json"),
        create=create,
    )
    return JsonResponse(body, status=status)


@change_requests.post(
    "/{int:cr_id}/send",
    response={200: ChangeRequestDetailOut, **ERRORS},
    auth=SCOPE_WRITE,
)
def change_request_send(request: HttpRequest, cr_id: int, payload: SendIn) -> Any:
    """Send a draft to a contact of its client (they get the e-mail with the
    link to decide); a request no longer a draft is 400."""
    cr = _cr(request, cr_id, action="change")
    contact = _pick(
        Contact,
        "contact",
        payload.contact,
        client_id=cr.client_id,
        user__is_active=True,
    )
    services.change_request_send(actor=request.user, change_request=cr, contact=contact)
    return JsonResponse(_detail(request, cr_id))


@change_requests.post(
    "/{int:cr_id}/decide",
    response={200: ChangeRequestDetailOut, **ERRORS},
    auth=SCOPE_WRITE,
)
def change_request_decide(request: HttpRequest, cr_id: int, payload: DecideIn) -> Any:
    """The contact approves or rejects, as in the portal; an approval changes
    the SOW, the budget and the milestones at once. A withdrawn or decided
    request is 400 ``change_request_state``."""
    if request.viewer.is_staff:
        raise PermissionDenied  # the client decides
    cr = _cr(request, cr_id, action="decide")
    services.change_request_decide(
        actor=request.user,
        change_request=cr,
        contact=contact_for_portal(viewer=request.viewer),
        approve=payload.decision == "approve",
        note=payload.note,
    )
    return JsonResponse(_detail(request, cr_id))
