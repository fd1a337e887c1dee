"""Panels the risks app adds to composed pages: the ticket page's complaint
box (flag the ticket as a complaint, or see its complaints) and the client
page's open complaints and risks."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from agencydesk.core.panels import Panel, register_panel

from .selectors import client_risk_summary, ticket_complaint_box


def _ticket_complaint(*, request: HttpRequest, ticket: Any) -> dict[str, Any]:
    """The ticket's latest complaint and whether the viewer may flag it, in
    one query (the page's count is pinned)."""
    return {"ticket": ticket, **ticket_complaint_box(user=request.user, ticket=ticket)}


register_panel(
    "ticket",
    Panel(
        name="risks-complaint",
        template="risks/panels/ticket_complaint.html",
        context=_ticket_complaint,
        order=60,
        perm="risks.view_complaint",
    ),
)


def _client_risks(*, request: HttpRequest, client: Any) -> dict[str, Any]:
    """Open complaints and active risks of the client (one query)."""
    return {
        "client": client,
        **client_risk_summary(viewer=request.viewer, client=client),
    }


register_panel(
    "client",
    Panel(
        name="risks-client",
        template="risks/panels/client_risks.html",
        context=_client_risks,
        order=50,
        perm="risks.view_risk",
    ),
)
