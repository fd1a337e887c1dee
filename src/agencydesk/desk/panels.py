"""Panels the desk adds to composed pages."""

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from agencydesk.clients.selectors import clients_managed_by
from agencydesk.core.panels import Panel, register_panel
from agencydesk.people.roles import ACCOUNT_MANAGER_HOME, AGENCY_HOME, SPECIALIST_HOME

from .models import SlaState, Stage, Ticket
from .selectors import my_work, tickets_by_client


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


def _my_clients(*, request: HttpRequest) -> dict[str, Any]:
    clients = clients_managed_by(viewer=request.viewer)
    return {
        "rows": tickets_by_client(viewer=request.viewer, clients=clients),
        "stages": Stage.choices,
    }


def _agency_tickets(*, request: HttpRequest) -> dict[str, Any]:
    slipping = tickets_by_client(viewer=request.viewer, slipping_only=True)
    return {
        "rows": slipping,
        "breached": sum(row.breached for row in slipping),
        "at_risk": sum(row.at_risk for row in slipping),
    }


def _my_work(*, request: HttpRequest) -> dict[str, Any]:
    return {"work": my_work(viewer=request.viewer), "now": timezone.now()}


register_panel(
    ACCOUNT_MANAGER_HOME,
    Panel(
        name="desk-my-clients",
        template="desk/panels/home_my_clients.html",
        context=_my_clients,
        order=10,
        perm="desk.view_ticket",
    ),
)
register_panel(
    AGENCY_HOME,
    Panel(
        name="desk-slipping",
        template="desk/panels/home_slipping.html",
        context=_agency_tickets,
        order=10,
        perm="desk.view_ticket",
    ),
)
register_panel(
    SPECIALIST_HOME,
    Panel(
        name="desk-my-work",
        template="desk/panels/home_my_work.html",
        context=_my_work,
        order=10,
        perm="desk.view_ticket",
    ),
)
