"""/notifications: the token person's own bell, through core.notifications
(the notifications page's own)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from agencydesk.core.models import Notification
from agencydesk.core.notifications import (
    notification_list_for_user,
    notification_open,
    notifications_mark_all_read,
)

from ..auth import NOTIFICATIONS_READ, NOTIFICATIONS_WRITE
from ..pagination import cursor_page
from ..schemas.common import ERRORS
from ..schemas.notifications import (
    MarkedOut,
    NotificationFilter,
    NotificationOut,
    NotificationPage,
)

router = Router(tags=["notifications"])


@router.get("", response={200: NotificationPage, **ERRORS}, auth=NOTIFICATIONS_READ)
def notification_list(
    request: HttpRequest, filters: Query[NotificationFilter]
) -> dict[str, Any]:
    """The person's notifications, newest first (``unread=true``: not read yet)."""
    rows = notification_list_for_user(recipient=request.user, unread=filters.unread)
    items, cursor = cursor_page(
        rows,
        ordering=("-created_at", "-pk"),
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": items, "next_cursor": cursor}


@router.post(
    "/{int:notification_id}/read",
    response={200: NotificationOut, **ERRORS},
    auth=NOTIFICATIONS_WRITE,
)
def notification_read(request: HttpRequest, notification_id: int) -> Notification:
    """Mark one of the person's notifications read (another's is 404)."""
    return notification_open(recipient=request.user, notification_id=notification_id)


@router.post("/read-all", response={200: MarkedOut, **ERRORS}, auth=NOTIFICATIONS_WRITE)
def notification_read_all(request: HttpRequest) -> dict[str, int]:
    """Mark every unread notification of the person read."""
    return {"marked": notifications_mark_all_read(recipient=request.user)}
