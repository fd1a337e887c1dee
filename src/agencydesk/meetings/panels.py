"""The meetings panel of the client page."""

from typing import Any

from django.http import HttpRequest

from agencydesk.core.panels import Panel, register_panel

from .selectors import meetings_for_client, next_meeting_for_client


def _client_next_meeting(*, request: HttpRequest, client: Any) -> dict[str, Any]:
    return {
        "health": True,
        "next_meeting": next_meeting_for_client(viewer=request.viewer, client=client),
    }


def _client_meetings(*, request: HttpRequest, client: Any) -> dict[str, Any]:
    meetings = meetings_for_client(viewer=request.viewer, client=client)[:5]
    return {"client": client, "meetings": list(meetings)}


register_panel(
    "client",
    Panel(
        name="meetings-next",
        template="meetings/panels/client_next_meeting.html",
        context=_client_next_meeting,
        order=30,
        perm="meetings.view_meeting",
    ),
)
register_panel(
    "client",
    Panel(
        name="meetings",
        template="meetings/panels/client_meetings.html",
        context=_client_meetings,
        order=40,
        perm="meetings.view_meeting",
    ),
)
