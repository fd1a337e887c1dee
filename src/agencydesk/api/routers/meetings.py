"""/meetings: a client's meetings with agenda, minutes, decisions and action
items, as the meeting page shows them, through the meetings app's selectors.
The portal shows no meetings, so a contact's token is 403."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from agencydesk.core.access import access_object, require
from agencydesk.meetings.models import Meeting
from agencydesk.meetings.selectors import meeting_list, meetings_for_page

from ..auth import MEETINGS_READ
from ..pagination import cursor_page
from ..schemas.common import ERRORS
from ..schemas.meetings import MeetingFilter, MeetingOut, MeetingPage
from ._shared import client_filter

router = Router(tags=["meetings"])

VIEW = "meetings.view_meeting"  # the meeting page's permission
# Each ends on a unique field (the cursor's rule, api.pagination).
ORDERINGS = {"start": ("-starts_at", "-pk"), "updated": ("-updated_at", "-pk")}


@router.get("", response={200: MeetingPage, **ERRORS}, auth=MEETINGS_READ)
def meetings(request: HttpRequest, filters: Query[MeetingFilter]) -> dict[str, Any]:
    """Meetings as scheduled, newest first, or last changed first (a
    repeating one once, at its first start): ``client``, ``from``/``to`` on
    the start, ``updated_since``."""
    viewer = request.viewer
    require(viewer, VIEW)
    client_id = client_filter(viewer, filters.client).get("client_id")
    rows = meeting_list(
        viewer=viewer,
        client_id=client_id,
        start=filters.from_,
        end=filters.to,
        updated_since=filters.updated_since,
    )
    items, cursor = cursor_page(
        rows,
        ordering=ORDERINGS[filters.ordering],
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": items, "next_cursor": cursor}


@router.get(
    "/{int:meeting_id}", response={200: MeetingOut, **ERRORS}, auth=MEETINGS_READ
)
def meeting_get(request: HttpRequest, meeting_id: int) -> Meeting:
    """One meeting by id."""
    require(request.viewer, VIEW)
    return access_object(request.viewer, meetings_for_page(), meeting_id)
