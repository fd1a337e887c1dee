"""The ticket page's scope panel: the change requests opened from the ticket
and, at screening, the "Out of scope" button (desk cannot import work, so
the page composes this panel; the button posts to a work page)."""

from typing import Any

from django.http import HttpRequest

from agencydesk.core.panels import Panel, register_panel
from agencydesk.desk.models import Stage

from .scope_selectors import ticket_change_requests


def _ticket_scope(*, request: HttpRequest, ticket: Any) -> dict[str, Any]:
    viewer = request.viewer
    return {
        "change_requests": ticket_change_requests(viewer=viewer, ticket=ticket),
        "can_mark": ticket.stage == Stage.SCREENING
        and viewer.has_perm("work.add_changerequest"),
        "ticket": ticket,
    }


register_panel(
    "ticket",
    Panel(
        name="ticket-scope",
        template="work/panels/ticket_scope.html",
        context=_ticket_scope,
        order=31,
        perm="work.view_changerequest",
    ),
)
