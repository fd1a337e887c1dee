"""/request-types: the kinds of request a new ticket may name, as the ticket
forms offer them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from agencydesk.core.access import require
from agencydesk.desk.selectors import request_types_offered

from ..auth import TICKETS_READ
from ..pagination import cursor_page
from ..schemas.common import ERRORS
from ..schemas.request_types import RequestTypeFilter, RequestTypePage

router = Router(tags=["request types"])


@router.get("", response={200: RequestTypePage, **ERRORS}, auth=TICKETS_READ)
def request_type_list(
    request: HttpRequest, filters: Query[RequestTypeFilter]
) -> dict[str, Any]:
    """The active request types in the desk's order, named in the caller's
    language."""
    if request.viewer.is_staff:
        require(request.viewer, "desk.view_ticket")
    items, cursor = cursor_page(
        request_types_offered(),
        ordering=("order", "name", "pk"),
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": items, "next_cursor": cursor}
