"""Panels the desk adds to composed pages."""

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest

from agencydesk.core.panels import Panel, register_panel

from .models import SlaState, Ticket


def _client_tickets(*, request: HttpRequest, client: Any) -> dict[str, Any]:
    """Open tickets of the client and how many are at risk or breached (one query)."""
    counts = (
        Ticket.objects.visible_to(request.viewer)
        .filter(client=client)
        .open()
        .aggregate(
            open=Count("pk"),
            at_risk=Count("pk", filter=Q(sla_state=SlaState.AT_RISK)),
            breached=Count("pk", filter=Q(sla_state=SlaState.BREACHED)),
        )
    )
    return {"health": True, "client": client, **counts}


register_panel(
    "client",
    Panel(
        name="desk-health",
        template="desk/panels/client_health.html",
        context=_client_tickets,
        order=10,
        perm="desk.view_ticket",
    ),
)
