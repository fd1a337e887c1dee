"""/approvals: the agency's approval rounds (staff, as /work/approvals/) and
a contact's own requests with their decision (as /portal/approvals/),
through the work app's approval selectors and ``approval_decide``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Query, Router

from agencydesk.clients.models import Client
from agencydesk.core.access import access_object, require
from agencydesk.work import services
from agencydesk.work.approvals_selectors import (
    approvals_for_portal,
    own_approval_request,
    round_for_page,
    rounds_for_desk,
)
from agencydesk.work.models import ApprovalRequest, ApprovalRound

from ..auth import APPROVALS_READ, APPROVALS_WRITE
from ..pagination import cursor_page
from ..schemas.approvals import (
    ApprovalRequestDetailOut,
    ApprovalRequestPage,
    DecisionIn,
    RequestFilter,
    RoundDetailOut,
    RoundFilter,
    RoundPage,
)
from ..schemas.common import ERRORS

router = Router(tags=["approvals"])

ROUND_ORDERS = {
    True: ("sent_at", "pk"),  # waiting and overdue: oldest first
    False: ("-sent_at", "pk"),
}


def _contact_only(request: HttpRequest) -> None:
    # Requests are what a client's person is asked; staff read rounds.
    if request.viewer.is_staff or not request.viewer.is_authenticated:
        raise PermissionDenied


@router.get("", response={200: RoundPage, **ERRORS}, auth=APPROVALS_READ)
def round_list(request: HttpRequest, filters: Query[RoundFilter]) -> Any:
    """Approval rounds (staff): waiting on the client (the default),
    overdue, decided or all."""
    viewer = request.viewer
    require(viewer, "work.view_task")
    client = None
    if filters.client:
        try:
            client = access_object(viewer, Client, filters.client, field_name="slug")
        except Http404:
            return {"items": [], "next_cursor": None}
    state = "" if filters.state == "all" else filters.state
    rows = rounds_for_desk(viewer=viewer, client=client, state=state)
    items, cursor = cursor_page(
        rows,
        ordering=ROUND_ORDERS[state in ("waiting", "overdue")],
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": items, "next_cursor": cursor}


@router.get(
    "/{int:round_id}", response={200: RoundDetailOut, **ERRORS}, auth=APPROVALS_READ
)
def round_get(request: HttpRequest, round_id: int) -> ApprovalRound:
    """One round with every contact's request and decision (staff)."""
    require(request.viewer, "work.view_task")
    return access_object(request.viewer, round_for_page(), round_id)


@router.get(
    "/requests", response={200: ApprovalRequestPage, **ERRORS}, auth=APPROVALS_READ
)
def request_list(request: HttpRequest, filters: Query[RequestFilter]) -> Any:
    """The contact's own requests: waiting for their decision (the default)
    or decided, newest first."""
    _contact_only(request)
    rows = approvals_for_portal(
        viewer=request.viewer, waiting=filters.state == "waiting"
    )
    items, cursor = cursor_page(
        rows,
        ordering=("-round__sent_at", "-pk"),
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": items, "next_cursor": cursor}


@router.get(
    "/requests/{int:approval_request_id}",
    response={200: ApprovalRequestDetailOut, **ERRORS},
    auth=APPROVALS_READ,
)
def request_get(request: HttpRequest, approval_request_id: int) -> ApprovalRequest:
    """One of the contact's requests; ``refusal`` says why it can no longer
    be decided ("" while it can)."""
    _contact_only(request)
    return own_approval_request(request.viewer, approval_request_id)


@router.post(
    "/requests/{int:approval_request_id}/decide",
    response={200: ApprovalRequestDetailOut, **ERRORS},
    auth=APPROVALS_WRITE,
)
def request_decide(
    request: HttpRequest, approval_request_id: int, payload: DecisionIn
) -> ApprovalRequest:
    """Approve, or ask for changes with a comment, on the ``version`` looked
    at: a newer one is 409 ``approval_version_outdated``; a second decision or
    a closed round 400."""
    _contact_only(request)
    approval = own_approval_request(request.viewer, approval_request_id)
    services.approval_decide(
        actor=request.user,
        request=approval,
        decision=payload.decision,
        comment=payload.comment,
        version=payload.version,
        via=ApprovalRequest.Via.PORTAL,
    )
    return own_approval_request(request.viewer, approval_request_id)
